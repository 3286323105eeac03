import ArgumentParser
import Foundation
import UseCases
import BuildConfiguration
import Platform

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what a build would run, in order, and why, without running it.",
        discussion: """
            When build would do nothing (every stage's cache key is the one its last \
            published run built), the first line says so and why.

            Prints the build's stages in layers: every stage in a layer needs only stages \
            in earlier layers, so a layer's stages can run in parallel.

            Each stage (each instance, for a foreach stage) says whether it would run or be \
            reused from the store, and why it runs: the ingredient of its cache key that \
            changed since it last built (params.seed: 42 → 7, input generate changed, \
            implementation changed: …), not built before, or forced.

            Like build, it first fetches the taxonomy, so the plan shows what a build would \
            run now; if the fetch fails it warns and plans from the mirror as last fetched. \
            --no-fetch plans from the mirror as it is (offline).
            """
    )

    @Argument(
        help: "The build to plan, as named under builds: in builds.yaml (for example nightly).",
        completion: CompletionCandidates.builds)
    var build: String

    @OptionGroup var options: ConfigOptions

    @OptionGroup var forcing: ForceOptions

    @OptionGroup var partial: PartialBuildOptions

    @Flag(help: "Print the plan as JSON.")
    var json = false

    @Flag(
        inversion: .prefixedNo,
        help: "Fetch the taxonomy first (--no-fetch plans from the mirror as last fetched).")
    var fetch = true

    func run() async throws {
        let (config, session) = try options.session()
        let plan = try config.plan(build: build, targets: partial.targets)
        var buildOptions = BuildOptions(build: build, force: forcing.selection)
        buildOptions.targets = partial.targets
        let planned = try await session.planBuild(
            buildOptions, config: config, fetch: fetch,
            note: { StandardStream.error.write($0 + "\n") })
        print(json ? PlanRendering.json(plan, planned: planned) : PlanRendering.text(plan, planned: planned))
    }
}
