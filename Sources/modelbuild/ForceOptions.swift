import ArgumentParser
import UseCases

/// `--force [STAGE…]` and `--no-cache`, shared by `build` and `plan` so a plan shows what
/// the same build would do.
struct ForceOptions: ParsableArguments {
    @Flag(
        help: "Build even when no new commits were merged (cached stages are reused); stages named after it rerun even when cached."
    )
    var force = false

    @Argument(
        help: "With --force: the stages to rerun, or single instances of a foreach stage ('generate[LEAF]').",
        completion: CompletionCandidates.stages)
    var stages: [String] = []

    @Flag(help: "Rerun every stage, ignoring the cache.")
    var noCache = false

    func validate() throws {
        if !force, !stages.isEmpty {
            throw ValidationError("stage names (\(stages.joined(separator: ", "))) are only taken with --force")
        }
    }

    var selection: ForceSelection {
        noCache ? .all : !force ? .none : stages.isEmpty ? .build : .stages(Set(stages))
    }
}
