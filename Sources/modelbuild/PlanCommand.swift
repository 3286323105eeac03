import ArgumentParser
import Foundation
import ModelBuild
import Pipeline

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what a build would run, in order, without running it.",
        discussion: """
            Prints the build's stages in layers: every stage in a layer needs only stages \
            in earlier layers, so a layer's stages can run in parallel.
            """
    )

    @Argument(help: "The build to plan, as named under builds: in builds.yaml (for example nightly).")
    var build: String

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print the plan as JSON.")
    var json = false

    func run() throws {
        let config = try options.load()
        let plan: BuildPlan
        do {
            plan = try config.plan(build: build)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(ExitStatus.usage)
        }
        print(json ? PlanRendering.json(plan) : PlanRendering.text(plan))
    }
}
