import Foundation
import UseCases
import BuildConfiguration
import Runner
import StageProtocol
import TestSupport
import Testing

/// A plugin stage in a real build: its command and cache key, the resolved params in
/// context.json, and the digest rerunning it when the plugin changes.
@Suite struct PluginStageTests {
    static let config = """
        version: 1
        model: {name: lab-model}
        executor: {workers: 1}
        stages:
          scan: {uses: echo-params, with: {level: 2}}
        builds:
          nightly: {}
        """

    static let manifest = """
        name: echo-params
        version: 1.0.0
        run: [./run.py]
        params:
          level: {type: integer, required: true}
          allow: {type: list, default: [example.com]}
        """

    /// Copies what context.json says into the output, so the test can read it.
    static let script = """
        #!/usr/bin/env python3
        import json, os
        context = json.load(open(os.environ["MODELBUILD_CONTEXT"]))
        with open(os.path.join(context["output"], "params.json"), "w") as out:
            json.dump(context["params"], out, sort_keys=True)
        print("::metric level=%d" % context["params"]["level"])
        """

    static func makeProject(in directory: URL) throws -> Project {
        try write(config, to: "builds.yaml", in: directory)
        try write(manifest, to: "plugins/echo-params/plugin.yaml", in: directory)
        try writeScript(script, in: directory)
        return Project(configPath: directory.appendingPathComponent("builds.yaml").path)
    }

    static func writeScript(_ text: String, in directory: URL) throws {
        try write(text, to: "plugins/echo-params/run.py", in: directory)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: directory.appendingPathComponent("plugins/echo-params/run.py").path)
    }

    static func session(_ project: Project) -> (BuildSession, BuildConfig)? {
        let plugins = project.loadPlugins()
        guard let config = try? project.loadConfig(plugins: plugins) else { return nil }
        let commands = StageCommandResolver(modelbuildBinary: "/nonexistent/modelbuild", plugins: plugins)
        return (BuildSession(project: project, commands: commands), config)
    }

    @Test func aPluginResolvesToItsCommandAndDigest() async throws {
        try await withTemporaryDirectory { directory in
            let project = try Self.makeProject(in: directory)
            let plugin = try #require(project.loadPlugins()["echo-params"])
            let command = try #require(PluginCommands.command(for: plugin))
            #expect(command.arguments == [directory.appendingPathComponent("plugins/echo-params/run.py").standardizedFileURL.path])
            #expect(command.implementation == "plugin echo-params@\(plugin.digest ?? "")")
            #expect(command.implementation.count == "plugin echo-params@sha256:".count + 64)
            var broken = plugin
            broken.diagnostics = [.init(at: .init(file: "plugins/echo-params/plugin.yaml", line: 1, column: 1), "broken")]
            #expect(PluginCommands.command(for: broken) == nil)
            #expect(PluginCommands.command(for: Plugin(name: "by-name-only")) == nil)
        }
    }

    @Test func editingThePluginRerunsItWithTheReason() async throws {
        try await withTemporaryDirectory { directory in
            let project = try Self.makeProject(in: directory)
            let (session, config) = try #require(Self.session(project))
            let first = try await session.run(BuildOptions(build: "nightly"), config: config)
            guard case .ran(_, let summary, _) = first else {
                Issue.record("expected a run, got \(first)")
                return
            }
            #expect(summary.status == .succeeded, "\(summary.jobs)")

            let planned = try #require(try await session.plan(BuildOptions(build: "nightly"), config: config).first)
            #expect(planned.decision == .reuse)
            let store = try StateDirectory(path: project.stateDirectory.path).openStore()
            let output = try store.directory(planned.job.cacheKey)
            let params = try String(contentsOf: URL(fileURLWithPath: output + "/params.json"), encoding: .utf8)
            #expect(params == #"{"allow": ["example.com"], "level": 2}"#)

            try Self.writeScript(Self.script + "# edited\n", in: directory)
            let (edited, editedConfig) = try #require(Self.session(project))
            let replanned = try #require(try await edited.plan(BuildOptions(build: "nightly"), config: editedConfig).first)
            #expect(replanned.decision == .run(reasons: ["plugin digest changed"]))
            #expect(replanned.job.cacheKey != planned.job.cacheKey)
        }
    }
}
