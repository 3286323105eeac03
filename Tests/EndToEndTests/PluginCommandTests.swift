import Foundation
import TestSupport
import Testing

/// `modelbuild plugins list|check`, `validate` and `build` with plugins, as a person runs them.
@Suite struct PluginCommandTests {
    static let config = """
        version: 1
        model: {name: lab-model}
        executor: {workers: 1}
        stages:
          scan: {uses: scan, with: {level: 2}}
        builds:
          nightly: {}
        """

    static let manifest = """
        name: scan
        version: 0.3.0
        description: A plugin made by a test
        run: [./run.sh]
        params:
          level: {type: integer, required: true, description: how hard to look}
          allow: {type: list, default: []}
        """

    static func project(
        in directory: URL, config: String = config, manifest: String = manifest,
        script: String = "#!/bin/sh\necho scanned\n", mode: Int = 0o755
    ) throws {
        try write(config, "builds.yaml", in: directory)
        try write(manifest, "plugins/scan/plugin.yaml", in: directory)
        try write(script, "plugins/scan/run.sh", in: directory, mode: mode)
    }

    static func write(_ text: String, _ path: String, in directory: URL, mode: Int = 0o644) throws {
        let url = directory.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
    }

    @Test func listShowsTheShippedPlugins() async throws {
        let result = try await runModelbuild(["plugins", "list"], in: packageRoot)
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("instructlab 1.0.0  Runs ilab data generate") })
        #expect(lines.contains { $0.hasPrefix("safety-scan 1.0.0  Scans the generated datasets") })
        #expect(lines.contains { $0.hasPrefix("  fail_on_findings  boolean  default true; Exit non-zero") })
        #expect(lines.contains { $0.hasPrefix("  step") && $0.contains("required; one of \"generate\", \"train\", \"evaluate\"") })
    }

    @Test func checkPassesTheShippedPlugins() async throws {
        let result = try await runModelbuild(["plugins", "check"], in: packageRoot)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("safety-scan 1.0.0: ok (sha256:"))
        #expect(result.standardOutput.contains("instructlab 1.0.0: ok (sha256:"))
    }

    @Test func checkReportsLocatedErrorsAndExitsOne() async throws {
        try await withTemporaryDirectory { directory in
            try Self.project(
                in: directory, manifest: Self.manifest.replacingOccurrences(of: "type: list", with: "type: lst"), mode: 0o644)
            let result = try await runModelbuild(["plugins", "check"], in: directory)
            #expect(result.status == 1)
            #expect(
                result.standardError == """
                    plugins/scan/plugin.yaml:4:7: error: run[0]: plugins/scan/run.sh is not executable (chmod +x plugins/scan/run.sh)
                    plugins/scan/plugin.yaml:7:17: error: params.allow.type: unknown type "lst" (did you mean "list"?)
                    2 errors

                    """)
            let list = try await runModelbuild(["plugins", "list"], in: directory)
            #expect(list.status == 0)
            #expect(list.standardOutput == "scan  (has errors: modelbuild plugins check shows them)\n")
            let unknown = try await runModelbuild(["plugins", "check", "scna"], in: directory)
            #expect(unknown.status == 2)
            #expect(unknown.standardError == "error: no plugin \"scna\" in plugins/ (did you mean \"scan\"?)\n")
            let usage = try await runModelbuild(["plugins", "check", "--frobnicate"], in: directory)
            #expect(usage.status == 2)
        }
    }

    @Test func validateChecksWithAgainstTheParams() async throws {
        try await withTemporaryDirectory { directory in
            try Self.project(
                in: directory,
                config: Self.config.replacingOccurrences(of: "with: {level: 2}", with: "with: {levl: 2, allow: none}"))
            let result = try await runModelbuild(["validate"], in: directory)
            #expect(result.status == 2)
            #expect(
                result.standardError == """
                    builds.yaml:5:28: error: stages.scan.with: missing required parameter "level" of plugin scan (how hard to look)
                    builds.yaml:5:29: error: stages.scan.with: unknown parameter "levl" of plugin scan (did you mean "level"?) (it takes: level, allow)
                    builds.yaml:5:45: error: stages.scan.with.allow: expected a list (plugin scan's allow), found a string
                    3 errors

                    """)
        }
    }

    @Test func validateRefusesAPluginThatCannotRun() async throws {
        try await withTemporaryDirectory { directory in
            try Self.project(in: directory, mode: 0o644)
            let result = try await runModelbuild(["validate"], in: directory)
            #expect(result.status == 2)
            #expect(
                result.standardError == """
                    builds.yaml:5:16: error: stages.scan.uses: plugin "scan" cannot be used: plugins/scan/plugin.yaml has 1 error (listed with it)
                    plugins/scan/plugin.yaml:4:7: error: run[0]: plugins/scan/run.sh is not executable (chmod +x plugins/scan/run.sh)
                    2 errors

                    """)
            let build = try await runModelbuild(["build", "nightly"], in: directory)
            #expect(build.status == 2)
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(".modelbuild/runs").path))
        }
    }

    @Test func aCrashingPluginFailsTheBuild() async throws {
        try await withTemporaryDirectory { directory in
            try Self.project(in: directory, script: "#!/bin/sh\necho about to crash\nkill -SEGV $$\n")
            let result = try await runModelbuild(["build", "nightly"], in: directory)
            #expect(result.status == 1, "\(result.standardOutput)\(result.standardError)")
            #expect(result.standardOutput.contains("failed    scan: killed by signal 11 (attempt 1)"))
            #expect(result.standardOutput.contains("build nightly failed in "))
            #expect(result.standardOutput.contains("failed: scan: killed by signal 11 — modelbuild logs "))
        }
    }

    @Test func aPluginIsReusedUntilItChanges() async throws {
        try await withTemporaryDirectory { directory in
            try Self.project(in: directory)
            let first = try await runModelbuild(["build", "nightly"], in: directory)
            #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
            #expect(first.standardOutput.contains("done      scan"))
            let second = try await runModelbuild(["build", "nightly"], in: directory)
            #expect(second.standardOutput.contains("reused    scan"))
            try Self.write("#!/bin/sh\necho scanned again\n", "plugins/scan/run.sh", in: directory, mode: 0o755)
            let third = try await runModelbuild(["build", "nightly"], in: directory)
            #expect(third.status == 0)
            #expect(third.standardOutput.contains("done      scan"))
            #expect(!third.standardOutput.contains("reused    scan"))
        }
    }
}
