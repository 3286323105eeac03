import ArgumentParser
import Dispatch
import Foundation
import UseCases
import BuildConfiguration
import Runner

/// Runs a build with SIGINT/SIGTERM cancelling it (a second one kills the stages at
/// once), the live view redrawn on a timer and on SIGWINCH, prints its end, and maps it to
/// the documented exit status. Shared by `build` and `release`.
enum BuildRunning {
    /// How often the live view redraws when nothing happens: elapsed times keep moving.
    static let redrawInterval: Duration = .milliseconds(200)

    static func run(session: BuildSession, options: BuildOptions, config: BuildConfig, view: BuildProgressView) async throws {
        let task = Task {
            try await session.run(options, config: config, onEvent: view.show, note: view.note)
        }
        let signals = SignalCancellation(
            cancelling: task,
            onStopping: { view.stopping(gracePeriod: { gracePeriod(of: $0, in: config) }) },
            onKill: { view.killRunningStages(local: config.executor.kind == .local) })
        defer { signals.stop() }
        let redraws: Task<Void, Never>? =
            view.style == .live
            ? Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: redrawInterval)
                    view.tick()
                }
            } : nil
        let resizes = view.style == .live ? TerminalResizeWatch(onResize: view.tick) : nil
        defer {
            redraws?.cancel()
            resizes?.stop()
        }
        let outcome: BuildOutcome
        do {
            outcome = try await task.value
        } catch {
            view.flushHeldRecords()
            throw error
        }
        redraws?.cancel()
        try finish(outcome, config: config, view: view)
    }

    /// The time a running job has between SIGTERM and SIGKILL: its stage's `grace`, the
    /// executor's, or the local executor's default.
    static func gracePeriod(of job: String, in config: BuildConfig) -> Duration {
        let stageName = job.firstIndex(of: "[").map { String(job[..<$0]) } ?? job
        return config.stages.first { $0.name == stageName }?.grace ?? config.executor.grace
            ?? LocalExecutor.defaultGracePeriod
    }

    /// Prints how a build ended; throws the exit status when it did not succeed.
    static func finish(_ outcome: BuildOutcome, config: BuildConfig, view: BuildProgressView) throws {
        switch outcome {
        case .upToDate(let reason):
            view.note(reason)
        case .ran(let runID, let summary, let published):
            view.finish(
                summary: summary, runID: runID,
                published: published.map {
                    [
                        "model": config.model.name, "version": $0.version, "path": $0.path, "signed": $0.signed,
                        "refs": $0.refs,
                    ]
                })
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
