import ArgumentParser

/// `--only STAGE…` and `--until STAGE`, shared by `build` and `plan`: build part of the
/// graph, a target and every stage it needs (as `ninja target` does). A partial build
/// never publishes.
struct PartialBuildOptions: ParsableArguments {
    @Option(
        name: .customLong("only"),
        help: ArgumentHelp(
            "Build only this stage and the stages it needs; repeat for more. Nothing is published.",
            valueName: "stage"))
    var only: [String] = []

    @Option(
        help: ArgumentHelp(
            "Build the graph up to this stage: it and every stage it needs. Nothing is published.",
            valueName: "stage"))
    var until: String?

    /// The stages whose upstream closure to build; empty for the whole graph.
    var targets: Set<String> { Set(only + (until.map { [$0] } ?? [])) }
}
