import Foundation

/// The taxonomy commit of the most recent successful build of any kind.
public enum LastBuild {
    public static func commit(project: Project) -> String? {
        let folder = project.stateDirectory.appendingPathComponent("builds").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let records = names.filter { $0.hasSuffix(".json") }.compactMap {
            BuildRecord.load(build: String($0.dropLast(".json".count)), state: project.stateDirectory.path)
        }
        return records.max { $0.finished < $1.finished }?.taxonomyCommit
    }
}
