import Artifacts
import BuildConfiguration
import Foundation
import Stages

/// `modelbuild ask`: a published version's or candidate's model answers a question, so a
/// pull request's author can compare the base and the candidate on questions of their own.
/// Answers come from the built-in model (`builtin/train`'s files); a model of another kind
/// has no answering command here yet.
public struct ModelQuestion: Sendable {
    /// The model's answer, and the leaf of the example it answered from; nil answer when
    /// the model knows nothing close.
    public struct Answer: Sendable, Hashable {
        public var model: String
        public var folder: String
        public var text: String?
        public var leaf: String?
        public var score: Double?
    }

    let layout: ArtifactLayout
    let config: BuildConfig

    public init(project: Project, config: BuildConfig) throws {
        self.layout = try ArtifactLayout(artifacts: project.artifactsDirectory.path, model: config.model.name)
        self.config = config
    }

    /// Asks the model of `target` (a version, or a candidate id such as `pr-42-9bce9f04`).
    public func ask(_ question: String, of target: String) throws -> Answer {
        let folder = try modelFolder(target)
        let model = try QAModel.load(from: URL(fileURLWithPath: folder))
        let answer = model.index().answer(question: question)
        return Answer(model: target, folder: folder, text: answer?.text, leaf: answer?.leaf, score: answer?.score)
    }

    /// The folder holding `target`'s built-in model files.
    func modelFolder(_ target: String) throws -> String {
        var folders = [layout.candidate(target) + "/files/model"]
        for stage in config.stages where stage.implementation == .builtin(.train) {
            folders.append(layout.files(target) + "/" + BuildPublication.folder(for: stage.name))
        }
        if let folder = folders.first(where: { FileManager.default.fileExists(atPath: $0 + "/" + QAModel.configFileName) }) {
            return folder
        }
        let known = FileManager.default.fileExists(atPath: layout.build(target)) || FileManager.default.fileExists(atPath: layout.candidate(target))
        throw RequestError(
            known ? .failed : .usage,
            known
                ? "\(target) holds no built-in model (looked in \(folders.joined(separator: ", "))); only builtin/train models answer here"
                : "no version or candidate \"\(target)\" in \(layout.root) (modelbuild list and modelbuild candidates list them)")
    }
}
