import Foundation
import TestSupport
import Testing

/// `modelbuild taxonomy check` as a taxonomy repository's CI and a maintainer use it.
@Suite struct TaxonomyCheckCommandTests {
    @Test func filesOnDiskWithGitHubAnnotations() async throws {
        try await withTemporaryDirectory { directory in
            let leaf = directory.appendingPathComponent("compositional_skills/writing/short")
            try FileManager.default.createDirectory(at: leaf, withIntermediateDirectories: true)
            try "version: 3\ncreated_by: someone\ntask_description: x\nseed_examples: []\n"
                .write(to: leaf.appendingPathComponent("qna.yaml"), atomically: true, encoding: .utf8)
            try "Title of work: x\n".write(
                to: leaf.appendingPathComponent("attribution.txt"), atomically: true, encoding: .utf8)
            let result = try await runModelbuild(
                ["taxonomy", "check", "--format", "github", "compositional_skills/writing/short/qna.yaml"],
                in: directory)
            #expect(result.status == 1)
            #expect(
                result.standardOutput.hasPrefix(
                    "::error file=compositional_skills/writing/short/qna.yaml,line=4,col=16::"))
            #expect(result.standardOutput.contains("Value must have at least 5 items"))
        }
    }

    @Test func everyLeafOfTheSampleTaxonomyIsValid() async throws {
        try await withTemporaryDirectory { directory in
            let project = try NightlyBuildTests.makeProject(in: directory)
            let sync = try await runModelbuild(["taxonomy", "sync"], in: project)
            #expect(sync.status == 0, "\(sync.standardError)")
            let result = try await runModelbuild(["taxonomy", "check", "--all"], in: project)
            #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
            #expect(result.standardOutput.contains("6 leaves checked: 0 errors"))
        }
    }
}
