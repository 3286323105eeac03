import Foundation
import TestSupport
import Testing

/// A stage sees only the secrets it declares: not in its own environment, and not by
/// reading its parent's (`/proc/$PPID/environ`), where every secret modelbuild was
/// started with used to sit, unmasked, ready to be printed into a published log.
@Suite struct StageSecretIsolationTests {
    /// Also with the dynamic loader tuned: `GLIBC_TUNABLES` (any value) used to crash
    /// modelbuild at start-up, because the loader points that variable at a copy of its
    /// own outside the block the kernel placed the others in. A crash here ends at once
    /// instead of hanging in the backtracer.
    @Test(arguments: [[:], ["GLIBC_TUNABLES": "glibc.malloc.arena_max=1", "SWIFT_BACKTRACE": "enable=no"]])
    func aStageCannotReadModelbuildsEnvironment(loader: [String: String]) async throws {
        try await withBuildProject { project in
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                stages:
                  snoop:
                    run: [sh, -c, "cat /proc/$PPID/comm; tr '\\\\0' '\\\\n' < /proc/$PPID/environ; env"]
                  declared:
                    run: [sh, -c, "test \\"$DECLARED_TOKEN\\" = declared-value-7"]
                    secrets: [DECLARED_TOKEN]
                builds:
                  nightly: {}
                """)
            let result = try await project.build(
                ["nightly"],
                environment: loader.merging(
                    ["UNDECLARED_TOKEN": "undeclared-value-3", "DECLARED_TOKEN": "declared-value-7"]) { $1 })
            #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
            let journal = try project.onlyJournal()
            #expect(journal.jobs("job.succeeded") == ["snoop", "declared"])
            let logs = project.runsDirectory.appendingPathComponent(journal.runID).appendingPathComponent("logs")
            let log = try String(contentsOf: logs.appendingPathComponent("snoop.1.log"), encoding: .utf8)
            #expect(log.hasPrefix("modelbuild\n"), "the stage's parent is modelbuild: \(log)")
            #expect(!log.contains("undeclared-value-3"), "\(log)")
            #expect(!log.contains("declared-value-7"), "\(log)")
            #expect(!log.contains("UNDECLARED_TOKEN"), "\(log)")
        }
    }
}

/// A stage's secret written into a metric name (`::metric`, or a key of result.json's
/// `metrics`) reaches the manifest and the pages masked, as it reaches its log.
@Suite struct SecretMetricNameTests {
    @Test func secretsInMetricNamesAreMaskedBeforeTheyArePublished() async throws {
        try await withBuildProject { project in
            try project.writeConfig(
                #"""
                version: 1
                model: {name: lab-model}
                stages:
                  leaky:
                    run: [sh, -c, "echo \"::metric printed-$TOKEN=1\"; out=$(sed -n 's/^  \"output\" : \"\\(.*\\)\",\\{0,1\\}$/\\1/p' \"$MODELBUILD_CONTEXT\"); printf '{\"metrics\": {\"result-%s\": 0.5}}' \"$TOKEN\" > \"$out/result.json\""]
                    secrets: [TOKEN]
                builds:
                  nightly: {version: "nightly-{date}"}
                """#)
            let result = try await project.build(["nightly"], environment: ["TOKEN": "tok-5e3cret"])
            #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
            let artifacts = project.directory.appendingPathComponent("artifacts")
            let enumerator = FileManager.default.enumerator(at: artifacts, includingPropertiesForKeys: nil)
            var published: [String] = []
            var holding: [String] = []
            while let url = enumerator?.nextObject() as? URL {
                guard let data = try? Data(contentsOf: url), url.pathExtension == "json" || url.pathExtension == "html"
                else { continue }
                published.append(url.lastPathComponent)
                if data.range(of: Data("tok-5e3cret".utf8)) != nil { holding.append(url.path) }
            }
            #expect(published.contains("manifest.json"))
            #expect(holding.filter { !$0.hasSuffix("/files/leaky/result.json") }.isEmpty, "\(holding)")
            let manifest = try String(
                contentsOf: try #require(
                    FileManager.default.enumerator(at: artifacts, includingPropertiesForKeys: nil)?.allObjects
                        .compactMap { $0 as? URL }.first { $0.lastPathComponent == "manifest.json" }),
                encoding: .utf8)
            #expect(manifest.contains("result-***"), "\(manifest)")
        }
    }
}
