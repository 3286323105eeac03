import Foundation
import StageProtocol
import TestSupport
import Testing
@testable import BuildConfiguration

/// plugin.yaml: what loads, and every kind of error, located in the plugin's file.
@Suite struct PluginManifestTests {
    @Test func aValidManifestLoadsWithItsCommandResolved() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try PluginFixture(
                in: root, name: "scan",
                manifest: """
                    name: scan
                    version: 2.1.0
                    description: Scans things
                    run: [./run.sh, --fast]
                    params:
                      allow: {type: list, default: [a, b], description: Let these through}
                      level: {type: integer, required: true}
                      ratio: {type: number, default: 0.5}
                      mode: {type: string, default: quick, choices: [quick, deep]}
                      strict: {type: boolean, default: false}
                    """)
            let loaded = try fixture.load()
            #expect(loaded.manifest.name == "scan")
            #expect(loaded.manifest.version == "2.1.0")
            #expect(loaded.manifest.description == "Scans things")
            #expect(loaded.manifest.run == ["./run.sh", "--fast"])
            #expect(loaded.command == [fixture.folder.standardizedFileURL.appendingPathComponent("run.sh").path, "--fast"])
            #expect(loaded.manifest.params.map(\.name) == ["allow", "level", "ratio", "mode", "strict"])
            #expect(loaded.manifest.parameter(named: "allow")?.defaultValue == .array([.string("a"), .string("b")]))
            #expect(loaded.manifest.parameter(named: "allow")?.description == "Let these through")
            #expect(loaded.manifest.parameter(named: "level")?.required == true)
            #expect(loaded.manifest.parameter(named: "ratio")?.type == .number)
            #expect(loaded.manifest.parameter(named: "mode")?.choices == [.string("quick"), .string("deep")])
            #expect(loaded.manifest.parameter(named: "strict")?.defaultValue == .bool(false))
        }
    }

    @Test func unknownTypeIsLocatedWithASuggestion() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try PluginFixture(
                in: root, name: "safety-scan",
                manifest: """
                    name: safety-scan
                    version: 1
                    run: ./run.sh
                    params:
                      allow:
                        type: lst
                      depth: {type: decimal}
                    """)
            #expect(
                fixture.messages() == [
                    #"plugins/safety-scan/plugin.yaml:6:11: error: params.allow.type: unknown type "lst" (did you mean "list"?)"#,
                    #"plugins/safety-scan/plugin.yaml:7:17: error: params.depth.type: unknown type "decimal" (expected one of: string, integer, number, boolean, list)"#,
                ])
        }
    }

    /// `reads:` says what the plugin's stages read (issue 14 item 2); everything by default.
    @Test func readsDeclaresWhatTheStageReadsWithLocatedErrors() async throws {
        try await withTemporaryDirectory { root in
            let declared = try PluginFixture(
                in: root, name: "scan", manifest: "name: scan\nversion: 1\nrun: ./run.sh\nreads: [inputs, base_model]\n")
            #expect(try declared.load().manifest.reads == [.inputs, .baseModel])
        }
        try await withTemporaryDirectory { root in
            let silent = try PluginFixture(in: root, name: "scan", manifest: "name: scan\nversion: 1\nrun: ./run.sh\n")
            #expect(try silent.load().manifest.reads == StageRead.everything)
        }
        try await withTemporaryDirectory { root in
            let wrong = try PluginFixture(
                in: root, name: "scan",
                manifest: "name: scan\nversion: 1\nrun: ./run.sh\nreads: [inputs, basemodel, inputs, taxonomy]\n")
            #expect(
                wrong.messages() == [
                    #"plugins/scan/plugin.yaml:4:17: error: reads[1]: unknown input "basemodel" (did you mean "base_model"?)"#,
                    #"plugins/scan/plugin.yaml:4:28: error: reads[2]: "inputs" is listed twice"#,
                ])
        }
        try await withTemporaryDirectory { root in
            let scalar = try PluginFixture(in: root, name: "scan", manifest: "name: scan\nversion: 1\nrun: ./run.sh\nreads: inputs\n")
            #expect(scalar.messages().count == 1)
            #expect(scalar.messages().first?.hasPrefix("plugins/scan/plugin.yaml:4:8: error: reads:") == true, "\(scalar.messages())")
        }
    }

    @Test func shapeErrorsAreLocated() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try PluginFixture(
                in: root, name: "scan",
                manifest: """
                    name: scanner
                    version: 1.0.0
                    runs: [./run.sh]
                    params:
                      Allow: {type: list}
                      level: {type: integer, required: true, default: 3}
                      ratio: {type: number, default: fast}
                      mode: {type: string, choices: [a, b], default: c}
                      tags: {type: list, choices: [[a]]}
                      depth: {type: integer, requird: true}
                    """)
            #expect(
                fixture.messages() == [
                    #"plugins/scan/plugin.yaml:1:1: error: missing required key "run""#,
                    #"plugins/scan/plugin.yaml:1:7: error: name: "scanner" must equal the plugin's folder name "scan" (builds.yaml's uses: names the folder)"#,
                    #"plugins/scan/plugin.yaml:3:1: error: unknown key "runs" (did you mean "run"?)"#,
                    #"plugins/scan/plugin.yaml:5:3: error: params: "Allow" is not a valid parameter name (expected [a-z_][a-z0-9_]*)"#,
                    #"plugins/scan/plugin.yaml:6:51: error: params.level.default: a required parameter has no default (drop required: true or the default)"#,
                    #"plugins/scan/plugin.yaml:7:34: error: params.ratio.default: expected a number (the parameter's type), found a string"#,
                    #"plugins/scan/plugin.yaml:8:50: error: params.mode.default: "c" is not one of the choices ("a", "b")"#,
                    #"plugins/scan/plugin.yaml:9:31: error: params.tags.choices: only string, integer and number parameters take choices"#,
                    #"plugins/scan/plugin.yaml:10:26: error: params.depth: unknown key "requird" (did you mean "required"?)"#,
                ])
        }
    }

    @Test func emptyAndUnparsableFilesAreLocated() async throws {
        try await withTemporaryDirectory { root in
            let empty = try PluginFixture(in: root, name: "empty", manifest: "")
            #expect(
                empty.messages() == [
                    "plugins/empty/plugin.yaml:1:1: error: the file is empty; expected a mapping with name, version and run"
                ])
            let broken = try PluginFixture(in: root, name: "broken", manifest: "name: broken\nrun: [./run.sh\n")
            let messages = broken.messages()
            #expect(messages.count == 1)
            #expect(messages.first?.hasPrefix("plugins/broken/plugin.yaml:") == true)
        }
    }

    @Test func aCommandThatIsNotExecutableIsAnError() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try PluginFixture(in: root, name: "scan", manifest: manifestText(), mode: 0o644)
            #expect(
                fixture.messages() == [
                    "plugins/scan/plugin.yaml:4:7: error: run[0]: plugins/scan/run.sh is not executable (chmod +x plugins/scan/run.sh)"
                ])
        }
    }

    @Test func commandsThatCannotRunAreErrors() async throws {
        try await withTemporaryDirectory { root in
            let missing = try PluginFixture(in: root, name: "missing", manifest: manifestText(name: "missing", run: "[bin/scan]"))
            #expect(missing.messages() == ["plugins/missing/plugin.yaml:4:7: error: run[0]: plugins/missing/bin/scan does not exist"])
            let outside = try PluginFixture(in: root, name: "outside", manifest: manifestText(name: "outside", run: "[../missing/run.sh]"))
            #expect(
                outside.messages() == [
                    #"plugins/outside/plugin.yaml:4:7: error: run[0]: "../missing/run.sh" points outside the plugin folder; the program must be inside it (its digest covers only the folder)"#
                ])
            let directory = try PluginFixture(in: root, name: "directory", manifest: manifestText(name: "directory", run: "[./lib]"))
            try directory.write("lib/code.py", "")
            #expect(directory.messages() == ["plugins/directory/plugin.yaml:4:7: error: run[0]: plugins/directory/lib is a directory, not a program"])
            let unknown = try PluginFixture(
                in: root, name: "unknown", manifest: manifestText(name: "unknown", run: "[no-such-program-anywhere, x]"))
            let messages = unknown.messages()
            #expect(messages.count == 1)
            #expect(
                messages.first?.hasPrefix(
                    #"plugins/unknown/plugin.yaml:4:7: error: run[0]: program "no-such-program-anywhere" is not in plugins/unknown/ and not found on PATH"#)
                    == true)
            let empty = try PluginFixture(in: root, name: "empty", manifest: manifestText(name: "empty", run: "[]"))
            #expect(empty.messages() == ["plugins/empty/plugin.yaml:4:6: error: run: must name a program to run"])
        }
    }

    @Test func programsOnPathAndBareNamesInTheFolder() async throws {
        try await withTemporaryDirectory { root in
            let onPath = try PluginFixture(in: root, name: "shell", manifest: manifestText(name: "shell", run: "[sh, -c, 'exit 0']"))
            #expect(try onPath.load().command == ["sh", "-c", "exit 0"])
            let bare = try PluginFixture(in: root, name: "bare", manifest: manifestText(name: "bare", run: "run.sh"))
            #expect(try bare.load().command == [bare.folder.standardizedFileURL.appendingPathComponent("run.sh").path])
        }
    }

    @Test func theCatalogLoadsEveryPluginAndKeepsErrorsPerPlugin() async throws {
        try await withTemporaryDirectory { root in
            try PluginFixture(in: root, name: "good", manifest: manifestText(name: "good"))
            try PluginFixture(in: root, name: "bad", manifest: manifestText(name: "bad"), mode: 0o600)
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent("plugins/not-a-plugin"), withIntermediateDirectories: true)
            let catalog = PluginCatalog(directory: root.appendingPathComponent("plugins"))
            #expect(catalog.names == ["good", "bad"])
            let good = try #require(catalog["good"])
            #expect(!good.hasErrors)
            #expect(good.manifest?.name == "good")
            #expect(good.digest?.hasPrefix("sha256:") == true)
            let bad = try #require(catalog["bad"])
            #expect(bad.hasErrors)
            #expect(bad.manifest == nil)
            #expect(bad.diagnostics.map(\.description).first?.contains("is not executable") == true)
            #expect(PluginCatalog(directory: root.appendingPathComponent("nowhere")).names.isEmpty)
        }
    }
}
