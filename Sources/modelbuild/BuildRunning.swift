import ArgumentParser
import Foundation
import UseCases
import BuildConfiguration
import Runner

/// Runs a build with SIGINT/SIGTERM cancelling it, prints its end, and maps it to the
/// documented exit status. Shared by `build` and `release`.
enum BuildRunning {
    static func run(session: BuildSession, options: BuildOptions, config: BuildConfig, view: BuildProgressView) async throws {
        let task = Task {
            try await session.run(options, config: config, onEvent: view.show, note: view.note)
        }
        let signals = SignalCancellation(cancelling: task)
        defer { signals.stop() }
        try finish(try await task.value, config: config, view: view)
    }

    /// Prints how a build ended; throws the exit status when it did not succeed.
    static func finish(_ outcome: BuildOutcome, config: BuildConfig, view: BuildProgressView) throws {
        switch outcome {
        case .upToDate(let reason):
            view.note(reason)
        case .ran(let runID, let summary, let published):
            view.finish(summary: summary, runID: runID)
            if let published {
                view.note(
                    "published \(config.model.name) \(published.version) to \(published.path)"
                        + (published.signed ? " (signed)" : "") + "; refs: \(published.refs.joined(separator: ", "))")
            }
            switch summary.status {
            case .succeeded: break
            case .cancelled: throw ExitCode(ExitStatus.cancelled)
            default: throw ExitCode(ExitStatus.failure)
            }
        }
    }
}
