import Foundation
import TestSupport
import Testing

/// A project over the sample taxonomy (`scripts/sample-taxonomy`: six leaves, two of them
/// knowledge leaves whose documents live in a local repository beside it) with the
/// repository's builds.yaml, and the changes a community taxonomy goes through: bad
/// leaves, removed leaves, a force-push, unreachable document repositories.
struct SampleTaxonomyProject {
    /// The project folder (builds.yaml, plugins, `.modelbuild/`, `artifacts/`).
    let project: URL
    /// The taxonomy's work tree, as contributors change it.
    let taxonomy: GitFixture
    /// The documents repository the knowledge leaves name.
    let documents: URL

    static let knowledgeLeaves = ["knowledge/software/modelbuild/operations", "knowledge/software/modelbuild/pipeline"]

    static func make(in directory: URL) throws -> SampleTaxonomyProject {
        let project = try NightlyBuildTests.makeProject(in: directory)
        return SampleTaxonomyProject(
            project: project, taxonomy: GitFixture(existingAt: directory.appendingPathComponent("taxonomy")),
            documents: directory.appendingPathComponent("sample-documents"))
    }

    /// Runs modelbuild in the project folder.
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandResult {
        try await runModelbuild(arguments, in: project, environment: environment)
    }

    /// Replaces `text` in builds.yaml (which must hold it).
    func editConfig(replacing text: String, with replacement: String) throws {
        let file = project.appendingPathComponent("builds.yaml")
        let config = try String(contentsOf: file, encoding: .utf8)
        try #require(config.contains(text), "builds.yaml has no \(text)")
        try config.replacingOccurrences(of: text, with: replacement).write(to: file, atomically: true, encoding: .utf8)
    }

    /// The newest published version's name.
    func latestVersion() async throws -> String {
        let list = try await run(["list", "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
        return try #require(rows.compactMap { $0["version"] as? String }.max())
    }

    /// A published version's folder.
    func versionFolder(_ version: String) -> URL {
        project.appendingPathComponent("artifacts/lab-model/builds/\(version)")
    }

    /// A published version's manifest, as JSON.
    func manifest(_ version: String) throws -> [String: Any] {
        let data = try Data(contentsOf: versionFolder(version).appendingPathComponent("manifest.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// A published version's page.
    func page(_ version: String) throws -> String {
        try String(contentsOf: versionFolder(version).appendingPathComponent("index.html"), encoding: .utf8)
    }

    /// Points every knowledge leaf at `repository` instead of the sample documents'
    /// `file://` URL, and commits.
    func pointKnowledgeLeaves(at repository: String) throws {
        for leaf in Self.knowledgeLeaves {
            let file = taxonomy.directory.appendingPathComponent(leaf + "/qna.yaml")
            let text = try String(contentsOf: file, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.hasPrefix("  repo: ") ? "  repo: \(repository)" : String(line)
            }
            try taxonomy.write(leaf + "/qna.yaml", lines.joined(separator: "\n"))
        }
        try taxonomy.commitAll("Point the knowledge leaves at \(repository)")
    }
}
