import Artifacts
import BuildConfiguration
import Foundation
import Platform
import StageProtocol
import Store

/// A published candidate's `manifest.json`: what it is built from and the digest of
/// every file under `files/`.
public struct CandidateManifest: Sendable, Hashable, Codable {
    public var id: String
    public var model: String
    public var created: String
    public var base: CandidateReport.Base
    public var candidateCommit: String?
    public var pullRequests: [PullRequest]
    /// Path under `files/` → SHA-256.
    public var files: [String: String]

    /// A pull request's number, head and verdict.
    public struct PullRequest: Sendable, Hashable, Codable {
        public var number: Int
        public var head: String
        public var verdict: CandidateVerdict
        /// Its own leaves' per-leaf stage instances (`generate[<leaf>]`) and their cache
        /// keys, by which a nightly that merged it unchanged confirms the candidate; nil in
        /// candidates published before they were recorded, or when nothing was planned.
        public var leafStages: [String: String]?
    }
}

/// Writes a candidate's report and publishes it under `artifacts/<model>/candidates/`.
struct CandidateFiles {
    let layout: ArtifactLayout

    /// `report.json` and `report.md` in `directory`.
    static func writeReports(_ report: CandidateReport, to directory: String) throws {
        try FileSystem.makeDirectories(directory)
        try AtomicFile.write(try JSONWriter.document(report), to: directory + "/report.json")
        try AtomicFile.write(Array(report.markdown.utf8), to: directory + "/report.md")
    }

    /// Publishes the candidate: reports, manifest, provenance and the trained model's
    /// files (`modelKey`'s store entry), staged then renamed into place (a candidate of
    /// the same id is replaced); then rewrites `candidates/index.html`. Returns its folder.
    func publish(
        _ report: CandidateReport, modelKey: String?, leafStageKeys: [Int: [String: String]] = [:], store: OutputStore,
        model: String
    ) throws -> String {
        try FileSystem.makeDirectories(layout.candidates)
        let staging = layout.candidates + "/.staging-" + FileSystem.uniqueSuffix()
        try FileSystem.makeDirectories(staging)
        var files: [String: String] = [:]
        if let modelKey, let entry = try store.entry(modelKey) {
            for (path, file) in entry.files {
                let destination = staging + "/files/model/" + path
                try FileSystem.makeDirectories((destination as NSString).deletingLastPathComponent)
                try FileSystem.writeFile(try FileSystem.readFile(store.blobPath(sha256: file.sha256)), to: destination)
                files["model/" + path] = file.sha256
            }
        }
        try Self.writeReports(report, to: staging)
        let manifest = CandidateManifest(
            id: report.id, model: model, created: ISO8601Text.utc(report.created), base: report.base,
            candidateCommit: report.candidateCommit,
            pullRequests: report.pullRequests.map {
                .init(number: $0.number, head: $0.head, verdict: $0.verdict, leafStages: leafStageKeys[$0.number])
            },
            files: files)
        try AtomicFile.write(try JSONWriter.document(manifest), to: staging + "/manifest.json")
        let provenance: JSONValue = .object([
            "baseVersion": .string(report.base.version), "baseBuild": .string(report.base.build),
            "baseCommit": .string(report.base.taxonomyCommit),
            "candidateCommit": report.candidateCommit.map(JSONValue.string) ?? .null,
            "pullRequestHeads": .object(
                Dictionary(report.pullRequests.map { (String($0.number), JSONValue.string($0.head)) }, uniquingKeysWith: { first, _ in first })),
            "runs": .array(report.runs.map(JSONValue.string)),
        ])
        try AtomicFile.write(JSONWriter.document(provenance), to: staging + "/provenance.json")
        let destination = layout.candidate(report.id)
        if FileSystem.exists(destination) {
            let old = layout.candidates + "/.replaced-" + FileSystem.uniqueSuffix()
            try FileSystem.rename(destination, old)
            try FileSystem.rename(staging, destination)
            try FileSystem.removeTree(old)
        } else {
            try FileSystem.rename(staging, destination)
        }
        try CandidateCatalog(layout: layout).writePage(model: model)
        return destination
    }
}
