import ArgumentParser
import Foundation
import UseCases
import BuildConfiguration
import StageProtocol
import YAML

struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List, check, make and try out the plugin stages in plugins/.",
        discussion: """
            A plugin is a folder plugins/<name>/ holding a plugin.yaml (name, version, \
            description, run, params) and the program it runs. builds.yaml names it with \
            uses: <name>.
            """,
        subcommands: [PluginsListCommand.self, PluginsCheckCommand.self, PluginsNewCommand.self, PluginsRunCommand.self]
    )
}

struct PluginsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the plugins: name, version, description and parameters.")

    @Flag(help: "Print JSON (docs/json.md), for other programs.")
    var json = false

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let catalog = try options.project.loadPlugins()
        if json {
            JSONOutput.write([
                "plugins": catalog.all.map { plugin in
                    guard let manifest = plugin.manifest, !plugin.hasErrors else {
                        return ["name": plugin.name, "ok": false] as [String: Any]
                    }
                    return [
                        "name": manifest.name, "version": manifest.version, "description": manifest.description,
                        "ok": true, "digest": plugin.digest ?? NSNull(),
                        "params": manifest.params.map { parameter in
                            [
                                "name": parameter.name, "type": parameter.type.rawValue, "required": parameter.required,
                                "default": parameter.defaultValue?.rendered ?? NSNull(),
                                "choices": parameter.choices.map(\.rendered), "description": parameter.description,
                            ] as [String: Any]
                        },
                    ] as [String: Any]
                }
            ])
            return
        }
        if catalog.plugins.isEmpty {
            print("no plugins in \(try options.project.displayPluginsDirectory)/")
            return
        }
        for plugin in catalog.all {
            guard let manifest = plugin.manifest, !plugin.hasErrors else {
                print("\(plugin.name)  (has errors: modelbuild plugins check shows them)")
                continue
            }
            print("\(manifest.name) \(manifest.version)" + (manifest.description.isEmpty ? "" : "  \(manifest.description)"))
            let width = manifest.params.map(\.name.count).max() ?? 0
            for parameter in manifest.params {
                print("  " + PluginText.parameter(parameter, nameWidth: width))
            }
        }
    }
}

struct PluginsCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check every plugin (or the ones named): plugin.yaml, its command, its folder.",
        discussion: """
            Errors print as file:line:column: error: key.path: message. Exit status 1 when \
            a plugin has errors, 2 when a named plugin does not exist.
            """
    )

    @Argument(help: "The plugins to check; every plugin when none is named.")
    var names: [String] = []

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let catalog = try options.project.loadPlugins()
        for name in names where catalog[name] == nil {
            let known = catalog.all.map(\.name)
            throw RequestError(
                .usage,
                "no plugin \"\(name)\" in \(try options.project.displayPluginsDirectory)/\(Suggestion.didYouMean(name, among: known))")
        }
        let plugins = names.isEmpty ? catalog.all : names.compactMap { catalog[$0] }
        if plugins.isEmpty {
            print("no plugins in \(try options.project.displayPluginsDirectory)/")
            return
        }
        var diagnostics: [Diagnostic] = []
        for plugin in plugins {
            if plugin.hasErrors {
                diagnostics += plugin.diagnostics
            } else {
                print("\(plugin.name) \(plugin.manifest?.version ?? "?"): ok (\(plugin.digest ?? "no digest"))")
            }
        }
        guard diagnostics.isEmpty else {
            printDiagnostics(diagnostics.sorted { $0.location < $1.location })
            throw ExitCode(ExitStatus.failure)
        }
    }
}

/// How `plugins list` prints a parameter.
enum PluginText {
    static func parameter(_ parameter: PluginParameter, nameWidth: Int) -> String {
        var facts: [String] = []
        if parameter.required { facts.append("required") }
        if let value = parameter.defaultValue { facts.append("default \(value.rendered)") }
        if !parameter.choices.isEmpty {
            facts.append("one of \(parameter.choices.map(\.rendered).joined(separator: ", "))")
        }
        if !parameter.description.isEmpty { facts.append(parameter.description) }
        let name = parameter.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
        let type = parameter.type.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
        return "\(name)  \(type)  \(facts.joined(separator: "; "))"
    }
}
