import ArgumentParser
import ModelBuild

@main
struct ModelBuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modelbuild",
        abstract: "Rebuild a model from a community taxonomy, on a schedule, with manifests.",
        version: "0.1.0"
    )
}
