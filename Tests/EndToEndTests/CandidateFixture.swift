import Foundation
import TestSupport
import Testing

/// A project whose taxonomy remote is a bare repository laid out as GitHub lays one out:
/// `main`, and each pull request's head pushed to `refs/pull/<N>/head`. Contributors work
/// in a clone (`work`) and push.
struct CandidateFixture: Sendable {
    let directory: URL
    let project: URL
    /// The contributors' clone.
    let workDirectory: URL
    let remote: URL

    var work: GitFixture { GitFixture(existingAt: workDirectory) }

    static let haiku = "compositional_skills/writing/haiku"
    static let releaseNotes = "compositional_skills/writing/release_notes"
    static let commitMessages = "compositional_skills/linguistics/commit_messages"

    static func make(in directory: URL) throws -> CandidateFixture {
        let project = try NightlyBuildTests.makeProject(in: directory)
        let taxonomy = directory.appendingPathComponent("taxonomy")
        let remote = directory.appendingPathComponent("remote.git")
        let work = GitFixture(existingAt: taxonomy)
        try work.git("clone", "--quiet", "--bare", taxonomy.path, remote.path)
        let config = project.appendingPathComponent("builds.yaml")
        try String(contentsOf: config, encoding: .utf8)
            .replacingOccurrences(of: "url: \(taxonomy.path)", with: "url: \(remote.path)")
            .write(to: config, atomically: true, encoding: .utf8)
        return CandidateFixture(directory: directory, project: project, workDirectory: taxonomy, remote: remote)
    }

    /// Opens pull request `number` from a branch off `base`, changed by `change`.
    func openPullRequest(
        _ number: Int, from base: String = "main", title: String, change: (GitFixture) throws -> Void
    ) throws {
        try work.git("checkout", "--quiet", "-b", "pr-\(number)", base)
        try change(work)
        try work.commitAll(title)
        try work.git("push", "--quiet", remote.path, "pr-\(number):refs/pull/\(number)/head")
        try work.git("checkout", "--quiet", "main")
    }

    /// Merges pull request `number` into main on the remote, as the forge's button does.
    func merge(_ number: Int) throws {
        try work.mergeNoFastForward("pr-\(number)", message: "Merge pull request #\(number) from contributor/pr-\(number)")
        try pushMain()
    }

    func pushMain() throws {
        try work.git("push", "--quiet", remote.path, "main:main")
    }

    /// A new skill leaf with `questions` and their `answers`.
    static func leaf(_ questions: [(String, String)], by author: String = "contributor") -> String {
        var text = "version: 3\ncreated_by: \(author)\ntask_description: Answer questions about a build system.\nseed_examples:\n"
        for (question, answer) in questions {
            text += "  - question: \(question)\n    answer: \(answer)\n"
        }
        return text
    }

    static let attribution = "Title of work: test\nLicense of the work: CC-BY-4.0\nCreator names: test\n"

    static func addLeaf(_ work: GitFixture, _ path: String, _ text: String) throws {
        try work.write("\(path)/qna.yaml", text)
        try work.write("\(path)/attribution.txt", attribution)
    }

    /// `modelbuild candidate … --format json`, its status and report.
    func candidate(_ arguments: [String]) async throws -> (status: Int32, report: [String: Any], output: String) {
        let result = try await runModelbuild(["candidate"] + arguments + ["--format", "json"], in: project)
        let report = (try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]) ?? [:]
        return (result.status, report, result.standardOutput + result.standardError)
    }

    static func pullRequests(_ report: [String: Any]) -> [[String: Any]] {
        report["pullRequests"] as? [[String: Any]] ?? []
    }

    static func verdicts(_ report: [String: Any]) -> [Int: String] {
        Dictionary(
            pullRequests(report).compactMap { pr in
                (pr["number"] as? Int).map { ($0, pr["verdict"] as? String ?? "") }
            }, uniquingKeysWith: { first, _ in first })
    }

    /// The jobs that ran (not reused) in the candidate's runs, by event.
    func jobs(inRuns report: [String: Any], event: String) throws -> Set<String> {
        var jobs: Set<String> = []
        for run in report["runs"] as? [String] ?? [] {
            let text = try String(
                contentsOf: project.appendingPathComponent(".modelbuild/runs/\(run)/journal.jsonl"), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                if record?["event"] as? String == event, let job = record?["job"] as? String { jobs.insert(job) }
            }
        }
        return jobs
    }

    /// Every published file but the candidates (path → bytes), and `list --json`: what a
    /// candidate must never change.
    func publishedState() async throws -> ([String: Data], String) {
        let root = project.appendingPathComponent("artifacts/lab-model")
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            let relative = String(url.path.dropFirst(root.path.count + 1))
            guard !relative.hasPrefix("candidates"), (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true
            else { continue }
            files[relative] = try Data(contentsOf: url)
        }
        let list = try await runModelbuild(["list", "--json"], in: project)
        return (files, list.standardOutput)
    }
}
