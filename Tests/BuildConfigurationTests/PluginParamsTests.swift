import Foundation
import StageProtocol
import TestSupport
import Testing
import YAML
@testable import BuildConfiguration

/// builds.yaml's `with:` checked against a plugin's `params:`, with located errors, and
/// the defaults applied.
@Suite struct PluginParamsTests {
    static let scan = PluginManifest(
        name: "safety-scan", version: "1.0.0", run: ["./scan.py"],
        params: [
            PluginParameter(name: "allow", type: .list, defaultValue: .array([])),
            PluginParameter(name: "fail_on_findings", type: .boolean, defaultValue: .bool(true)),
            PluginParameter(name: "max_file_bytes", type: .integer),
            PluginParameter(name: "ratio", type: .number, defaultValue: .number(0.5)),
            PluginParameter(name: "label", type: .string),
            PluginParameter(name: "level", type: .string, required: true, description: "how hard to look"),
            PluginParameter(name: "mode", type: .string, choices: [.string("quick"), .string("deep")]),
        ])
    static let catalog = PluginCatalog([
        Plugin(name: "safety-scan", manifest: scan, command: ["/plugins/safety-scan/scan.py"], digest: "sha256:00")
    ])

    private func text(_ stage: String) -> String {
        config(
            replacing: "  evaluate: {uses: builtin/evaluate, needs: [train]}",
            with: "  evaluate: {uses: builtin/evaluate, needs: [train]}\n" + stage)
    }

    private func messages(_ text: String, catalog: PluginCatalog = Self.catalog) -> [String] {
        do {
            _ = try BuildConfigLoader(plugins: catalog, defaultWorkers: 2).load(Array(text.utf8), file: "builds.yaml")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func defaultsAreApplied() throws {
        let loaded = try BuildConfigLoader(plugins: Self.catalog, defaultWorkers: 2)
            .load(Array(text("  safety: {uses: safety-scan, needs: [generate], with: {level: high, ratio: 2}}").utf8), file: "builds.yaml")
        let stage = try #require(loaded.stage(named: "safety"))
        #expect(stage.implementation == .plugin("safety-scan"))
        #expect(
            stage.params == [
                "level": .string("high"), "ratio": .integer(2), "allow": .array([]), "fail_on_findings": .bool(true),
            ])
    }

    @Test func unknownParameterWithSuggestion() {
        #expect(
            messages(text("  safety: {uses: safety-scan, with: {level: high, alow: [x]}}")) == [
                #"builds.yaml:24:51: error: stages.safety.with: unknown parameter "alow" of plugin safety-scan (did you mean "allow"?) (it takes: allow, fail_on_findings, max_file_bytes, ratio, label, level, mode)"#
            ])
    }

    @Test func wrongTypes() {
        #expect(
            messages(
                text(
                    "  safety:\n    uses: safety-scan\n    with:\n      level: high\n      allow: example.com\n      max_file_bytes: 1.5\n      fail_on_findings: \"no\"\n      ratio: fast\n      label: 42"
                )) == [
                    "builds.yaml:28:14: error: stages.safety.with.allow: expected a list (plugin safety-scan's allow), found a string",
                    "builds.yaml:29:23: error: stages.safety.with.max_file_bytes: expected an integer (plugin safety-scan's max_file_bytes), found a number",
                    "builds.yaml:30:25: error: stages.safety.with.fail_on_findings: expected true or false (plugin safety-scan's fail_on_findings), found a string",
                    "builds.yaml:31:14: error: stages.safety.with.ratio: expected a number (plugin safety-scan's ratio), found a string",
                    #"builds.yaml:32:14: error: stages.safety.with.label: expected a string (plugin safety-scan's label), found an integer (quote it to pass it as text: "42")"#,
                ])
    }

    @Test func missingRequiredParameter() {
        #expect(
            messages(text("  safety: {uses: safety-scan, with: {allow: []}}")) == [
                #"builds.yaml:24:37: error: stages.safety.with: missing required parameter "level" of plugin safety-scan (how hard to look)"#
            ])
        #expect(
            messages(text("  safety: {uses: safety-scan}")) == [
                #"builds.yaml:24:11: error: stages.safety: missing required parameter "level" of plugin safety-scan (how hard to look)"#
            ])
    }

    @Test func valuesOutsideTheChoices() {
        #expect(
            messages(text("  safety: {uses: safety-scan, with: {level: high, mode: deeep}}")) == [
                #"builds.yaml:24:57: error: stages.safety.with.mode: "deeep" is not one of "quick", "deep" (did you mean "deep"?)"#
            ])
    }

    @Test func pluginsKnownByNameOnlyTakeAnyParams() throws {
        let loaded = try load(text("  safety: {uses: safety-scan, with: {anything: 1}}"), plugins: ["safety-scan"])
        #expect(loaded.stage(named: "safety")?.params == ["anything": .integer(1)])
    }

    @Test func aPluginWithErrorsCannotBeUsedAndBringsItsErrors() {
        let broken = Plugin(
            name: "safety-scan", manifestFile: "plugins/safety-scan/plugin.yaml",
            diagnostics: [
                Diagnostic(
                    at: SourceLocation(file: "plugins/safety-scan/plugin.yaml", line: 4, column: 7),
                    path: KeyPath([.key("run"), .index(0)]),
                    "plugins/safety-scan/scan.py is not executable (chmod +x plugins/safety-scan/scan.py)")
            ])
        let stages = "  safety: {uses: safety-scan}\n  again: {uses: safety-scan}"
        #expect(
            messages(text(stages), catalog: PluginCatalog([broken])) == [
                #"builds.yaml:24:18: error: stages.safety.uses: plugin "safety-scan" cannot be used: plugins/safety-scan/plugin.yaml has 1 error (listed with it)"#,
                #"builds.yaml:25:17: error: stages.again.uses: plugin "safety-scan" cannot be used: plugins/safety-scan/plugin.yaml has 1 error (listed with it)"#,
                "plugins/safety-scan/plugin.yaml:4:7: error: run[0]: plugins/safety-scan/scan.py is not executable (chmod +x plugins/safety-scan/scan.py)",
            ])
    }

    @Test func aMissingPluginIsAnUnknownStageKind() {
        #expect(
            messages(text("  safety: {uses: safety-scn}")) == [
                #"builds.yaml:24:18: error: stages.safety.uses: unknown stage kind "safety-scn": no built-in of that name and no plugins/safety-scn/plugin.yaml (did you mean "safety-scan"?)"#
            ])
    }

    @Test func aRealPluginFolderChecksWith() async throws {
        try await withTemporaryDirectory { root in
            try PluginFixture(in: root, name: "scan", manifest: manifestText())
            let catalog = PluginCatalog(directory: root.appendingPathComponent("plugins"))
            #expect(
                messages(text("  scan: {uses: scan, with: {level: high}}"), catalog: catalog) == [
                    "builds.yaml:24:36: error: stages.scan.with.level: expected an integer (plugin scan's level), found a string"
                ])
            let loaded = try BuildConfigLoader(plugins: catalog, defaultWorkers: 2)
                .load(Array(text("  scan: {uses: scan, with: {level: 3}}").utf8), file: "builds.yaml")
            #expect(loaded.stage(named: "scan")?.params == ["level": .integer(3), "allow": .array([])])
        }
    }
}
