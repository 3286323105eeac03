import ArgumentParser
import Foundation
import Git
import Platform
import Synchronization
import UseCases
import Taxonomy

struct TaxonomySyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch the taxonomy and list the commits merged since the last sync.",
        discussion: """
            Clones the taxonomy remote into .modelbuild/taxonomy.git the first time, and fetches \
            into it afterwards (retrying failed fetches). Prints the branch's new head and the \
            merged commits since the last sync: short id, pull request, subject and author. A \
            force-pushed branch is reported as a warning. Exit status 1 when the fetch fails.
            """
    )

    @OptionGroup var options: TaxonomyOptions

    func run() async throws {
        let taxonomy = try options.taxonomy()
        let progress = FetchProgressPrinter(isTerminal: Terminal.isStandardError)
        let result: TaxonomySyncResult
        do {
            result = try await taxonomy.synchronize { progress.show($0) }
        } catch {
            progress.finish()
            throw error
        }
        progress.finish()
        if case .forcePushed(let previous, let relation) = result.history {
            printWarning(TaxonomyRendering.forcePushWarning(branch: result.branch, previous: previous, relation: relation))
        }
        print(TaxonomyRendering.syncText(result, mirror: displayPath(taxonomy.state.mirror)))
    }

    private func displayPath(_ url: URL) -> String {
        let current = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(current) ? String(url.path.dropFirst(current.count)) : url.path
    }
}

/// Shows fetch progress on a terminal (one line, rewritten, at most ten times a second)
/// and retries and lock waits everywhere.
final class FetchProgressPrinter: Sendable {
    private let isTerminal: Bool
    private let state = Mutex<(shown: Bool, last: ContinuousClock.Instant?)>((false, nil))

    init(isTerminal: Bool) {
        self.isTerminal = isTerminal
    }

    func show(_ event: TaxonomySyncEvent) {
        switch event {
        case .waitingForLock(let file):
            line("waiting for another modelbuild process to finish fetching (lock \(file.path))")
        case .mirrorDamaged(let path, let reason):
            line("the taxonomy mirror \(path) is damaged (\(reason)); cloning it again")
        case .mirror(.retrying(let attempt, let attempts, let backoff, let error)):
            line("fetch attempt \(attempt) of \(attempts) failed (\(error.message)); retrying in \(backoff)")
        case .mirror(.transfer(let transfer)):
            guard isTerminal, transfer.totalObjects > 0 else { return }
            let now = ContinuousClock.now
            let due = state.withLock { state in
                let done = transfer.indexedObjects == transfer.totalObjects
                guard done || state.last.map({ now - $0 > .milliseconds(100) }) ?? true else { return false }
                state.last = now
                state.shown = true
                return true
            }
            guard due else { return }
            let percent = transfer.indexedObjects * 100 / transfer.totalObjects
            let text = "\rReceiving objects: \(percent)% (\(transfer.indexedObjects)/\(transfer.totalObjects)), \(transfer.receivedBytes / 1024) KiB"
            StandardStream.error.write(text)
        }
    }

    /// Ends the progress line, if one was shown.
    func finish() {
        if state.withLock({ $0.shown }) { StandardStream.error.write("\n") }
        state.withLock { $0.shown = false }
    }

    private func line(_ text: String) {
        finish()
        StandardStream.error.write(text + "\n")
    }
}
