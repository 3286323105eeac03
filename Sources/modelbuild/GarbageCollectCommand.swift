import ArgumentParser
import Foundation
import UseCases

struct GarbageCollectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Remove old nightlies and unreferenced blobs (releases are kept forever).",
        discussion: """
            Keeps every release, the last `keep` nightlies (from builds.yaml), and anything a \
            ref points to; removes the other versions and the blobs no remaining manifest \
            references. Runs under the publish lock.
            """
    )

    @Flag(help: "Print what would be removed, and remove nothing.")
    var dryRun = false

    @Flag(help: "Print JSON (docs/json.md), for other programs.")
    var json = false

    @OptionGroup var options: ArtifactOptions

    func run() async throws {
        let plan = try await options.versions().collectGarbage(dryRun: dryRun)
        let candidates = try CandidateCatalog.collect(
            project: options.config.project, config: options.config.load(), dryRun: dryRun)
        if json {
            JSONOutput.write([
                "dryRun": dryRun,
                "decisions": plan.decisions.map { ["version": $0.version, "keep": $0.keep, "reason": $0.reason] as [String: Any] },
                "removedVersions": plan.removed.count, "removedBlobs": plan.blobsToRemove.count,
                "bytes": plan.bytesToReclaim,
                "candidates": candidates.map { ["id": $0.id, "keep": $0.keep, "reason": $0.reason] as [String: Any] },
            ])
            return
        }
        for decision in plan.decisions {
            print("\(decision.keep ? "keep  " : (dryRun ? "would remove" : "remove")) \(decision.version): \(decision.reason)")
        }
        for decision in candidates {
            print("\(decision.keep ? "keep  " : (dryRun ? "would remove" : "remove")) candidate \(decision.id): \(decision.reason)")
        }
        let verb = dryRun ? "would reclaim" : "reclaimed"
        print("\(plan.removed.count) versions, \(plan.blobsToRemove.count) blobs; \(verb) \(plan.bytesToReclaim) bytes")
    }
}
