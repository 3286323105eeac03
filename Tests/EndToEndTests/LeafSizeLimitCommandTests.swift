import Foundation
import TestSupport
import Testing

/// A leaf just over the 2 MiB size limit gets the same located error from `taxonomy check`
/// on disk, from `taxonomy check` on the mirror and from `build`; one at the limit passes
/// all three.
@Suite struct LeafSizeLimitCommandTests {
    static let limit = 2 * 1024 * 1024
    static let over = "compositional_skills/size/over"
    static let at = "compositional_skills/size/at"
    static let tooLarge =
        "The file is \(limit + 1) bytes, over the limit of \(limit) bytes for a taxonomy leaf; refused without parsing"

    /// A project folder with builds.yaml (one validate stage) and, in `tax/`, a taxonomy
    /// holding a leaf at the limit and one a byte over it.
    private func makeProject(in directory: URL) throws -> GitFixture {
        try makeValidateProject(
            in: directory, leaves: [(Self.at, Self.limit), (Self.over, Self.limit + 1)],
            message: "Leaves at and over the size limit")
    }

    @Test func checkOnDiskAndOnTheMirrorPrintTheSameError() async throws {
        try await withTemporaryDirectory { directory in
            let taxonomy = try makeProject(in: directory)
            let expected = ["ERROR: \(Self.over)/qna.yaml:1:1 \(Self.tooLarge)", "2 leaves checked: 1 error"]

            let onDisk = try await runModelbuild(
                ["taxonomy", "check", Self.at + "/qna.yaml", Self.over + "/qna.yaml"], in: taxonomy.directory)
            #expect(onDisk.status == 1, "\(onDisk.standardError)")
            #expect(onDisk.standardOutput.split(separator: "\n").map(String.init) == expected)

            let sync = try await runModelbuild(["taxonomy", "sync"], in: directory)
            #expect(sync.status == 0, "\(sync.standardError)")
            let mirror = try await runModelbuild(["taxonomy", "check", "--all"], in: directory)
            #expect(mirror.status == 1, "\(mirror.standardError)")
            #expect(mirror.standardOutput.split(separator: "\n").map(String.init) == expected)
        }
    }

    @Test func buildRefusesTheLeafOverTheLimitAndValidatesTheOneAtIt() async throws {
        try await withTemporaryDirectory { directory in
            let taxonomy = try makeProject(in: directory)
            // A nightly would skip the leaf (SkippedLeavesBuildTests); this one fails, as a
            // recorded run whose reason is the located error.
            let config = directory.appendingPathComponent("builds.yaml")
            try String(contentsOf: config, encoding: .utf8)
                .replacingOccurrences(of: "branch: main}", with: "branch: main, on_invalid: fail}")
                .write(to: config, atomically: true, encoding: .utf8)
            let refused = try await runModelbuild(["build", "nightly"], in: directory)
            #expect(refused.status == 1, "\(refused.standardOutput)\n\(refused.standardError)")
            #expect(
                refused.standardOutput.contains("error: \(Self.over)/qna.yaml: \(Self.tooLarge)"), "\(refused.standardOutput)")
            #expect(refused.standardOutput.contains("failed: taxonomy: "))

            try taxonomy.remove(Self.over + "/qna.yaml")
            try taxonomy.remove(Self.over + "/attribution.txt")
            try taxonomy.commitAll("Remove the leaf over the limit")
            let built = try await runModelbuild(["build", "nightly"], in: directory)
            #expect(built.status == 0, "\(built.standardOutput)\n\(built.standardError)")
            let runs = directory.appendingPathComponent(".modelbuild/runs")
            let latest = try #require(try FileManager.default.contentsOfDirectory(atPath: runs.path).sorted().last)
            let log = try String(
                contentsOf: runs.appendingPathComponent("\(latest)/logs/validate.1.log"), encoding: .utf8)
            #expect(log.contains("validating 1 changed leaves of 1"), "\(log)")
            #expect(log.contains("all 1 leaves valid"), "\(log)")
        }
    }
}
