import Foundation
import Git
import TestSupport
import Testing

/// `builtin/validate` in a build: it checks the leaves changed since the last build, as
/// the snapshot holds them, and never passes a changed leaf it could not read.
@Suite struct ValidateStageBuildTests {
    static let poem = "compositional_skills/writing/poem"
    static let limerick = "compositional_skills/writing/limerick"

    /// A project folder with builds.yaml (one validate stage) and, in `tax/`, a taxonomy
    /// holding two valid leaves.
    private func makeProject(in directory: URL) throws -> GitFixture {
        try makeValidateProject(in: directory, leaves: [(Self.poem, 400), (Self.limerick, 400)], message: "Two leaves")
    }

    private func latestValidateLog(in directory: URL) throws -> String {
        let runs = directory.appendingPathComponent(".modelbuild/runs")
        let latest = try #require(try FileManager.default.contentsOfDirectory(atPath: runs.path).sorted().last)
        return try String(contentsOf: runs.appendingPathComponent("\(latest)/logs/validate.1.log"), encoding: .utf8)
    }

    @Test func aDeletedLeafIsNotValidated() async throws {
        try await withTemporaryDirectory { directory in
            let taxonomy = try makeProject(in: directory)
            let first = try await runModelbuild(["build", "nightly"], in: directory)
            #expect(first.status == 0, "\(first.standardOutput)\n\(first.standardError)")

            try taxonomy.remove(Self.limerick + "/qna.yaml")
            try taxonomy.remove(Self.limerick + "/attribution.txt")
            try taxonomy.commitAll("Remove a leaf")
            let second = try await runModelbuild(["build", "nightly"], in: directory)
            #expect(second.status == 0, "\(second.standardOutput)\n\(second.standardError)")
            let log = try latestValidateLog(in: directory)
            #expect(log.contains("validating 0 changed leaves of 1"), "\(log)")
            #expect(log.contains("all 0 leaves valid"), "\(log)")
        }
    }

    /// Snapshots are reused by commit: one written by an older modelbuild that left a
    /// leaf out is read as it is, and the leaf it lacks fails validation.
    @Test func aReusedSnapshotLackingAChangedLeafFailsTheBuild() async throws {
        try await withTemporaryDirectory { directory in
            let taxonomy = try makeProject(in: directory)
            // A snapshot damaged after it was written (snapshots are reused by name).
            let snapshot = directory.appendingPathComponent(".modelbuild/snapshots/\(try taxonomy.id("HEAD").hex)-v3")
            let kept = snapshot.appendingPathComponent(Self.poem)
            try FileManager.default.createDirectory(at: kept, withIntermediateDirectories: true)
            for name in ["qna.yaml", "attribution.txt"] {
                try FileManager.default.copyItem(
                    at: taxonomy.directory.appendingPathComponent(Self.poem + "/" + name),
                    to: kept.appendingPathComponent(name))
            }

            let build = try await runModelbuild(["build", "nightly"], in: directory)
            #expect(build.status == 1, "\(build.standardOutput)\n\(build.standardError)")
            let log = try latestValidateLog(in: directory)
            #expect(log.contains("validating 2 changed leaves of 1"), "\(log)")
            #expect(
                log.contains(
                    "ERROR: \(Self.limerick)/qna.yaml:1:1 changed leaf \(Self.limerick) is missing from the taxonomy snapshot"),
                "\(log)")
        }
    }

    /// A snapshot an older modelbuild wrote (named by the commit alone, under a smaller size
    /// limit) is not taken for this one's: the build writes its own and sees every leaf.
    @Test func aSnapshotFromAnOlderLayoutIsNotReused() async throws {
        try await withTemporaryDirectory { directory in
            let taxonomy = try makeProject(in: directory)
            let old = directory.appendingPathComponent(".modelbuild/snapshots/\(try taxonomy.id("HEAD").hex)")
            try FileManager.default.createDirectory(
                at: old.appendingPathComponent(Self.poem), withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: taxonomy.directory.appendingPathComponent(Self.poem + "/qna.yaml"),
                to: old.appendingPathComponent(Self.poem + "/qna.yaml"))

            let build = try await runModelbuild(["build", "nightly"], in: directory)
            #expect(build.status == 0, "\(build.standardOutput)\n\(build.standardError)")
            let log = try latestValidateLog(in: directory)
            #expect(log.contains("validating 2 changed leaves of 2"), "\(log)")
        }
    }
}
