import ArgumentParser
import Foundation
import UseCases

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Make a new project: a minimal builds.yaml, a sample plugin and a sample taxonomy.",
        discussion: """
            Writes builds.yaml (validate → generate → train → evaluate and a plugin stage; a \
            nightly and a release build), plugins/example (the template of plugins new) and \
            taxonomy/, a git repository of two skill leaves that builds.yaml builds. Nothing \
            comes from the network: modelbuild build nightly works at once. A folder that \
            already has builds.yaml (or a plugins/example or taxonomy) is refused, untouched.
            """)

    @Argument(help: "The project folder; made when missing. Default: the working folder.")
    var folder: String = "."

    func run() throws {
        let target = URL(fileURLWithPath: folder).standardizedFileURL
        let model = try ProjectTemplate.write(into: target)
        let here = folder == "." ? "" : "cd \(folder) && "
        print("made a modelbuild project for model \(model) in \(target.path):")
        print("  builds.yaml        the stages and builds (docs/configuration.md)")
        print("  plugins/example/   a plugin stage of your own (docs/plugins.md)")
        print("  taxonomy/          a git repository of two skill leaves, the taxonomy it builds")
        print("next: \(here)modelbuild build nightly")
    }
}
