import Foundation
import Platform

/// An executor that runs nothing, like ninja's dry-run command runner: every attempt
/// reports that it started and "succeeds". Scripts per job id make it end attempts with
/// chosen outcomes, take time, report progress and metrics, or leave files in the output
/// directory, which is what the scheduler's own tests need: the whole scheduling logic
/// runs for real, only the stage processes do not.
public struct DryRunExecutor: Executor {
    /// What attempts of one job do.
    public struct Script: Sendable, Hashable {
        /// Outcomes of attempts 1, 2, …; the last one repeats for later attempts. Empty
        /// means every attempt succeeds.
        public var outcomes: [AttemptOutcome]
        /// How long each attempt "runs" (a cancellable sleep).
        public var duration: Duration
        /// Reported after `.started`, in order.
        public var events: [AttemptEvent]
        /// Relative path → text, written under the attempt's output directory when the
        /// attempt succeeds.
        public var files: [String: String]

        public init(
            outcomes: [AttemptOutcome] = [], duration: Duration = .zero, events: [AttemptEvent] = [],
            files: [String: String] = [:]
        ) {
            self.outcomes = outcomes
            self.duration = duration
            self.events = events
            self.files = files
        }
    }

    /// What attempts of jobs without a script of their own do: succeed at once.
    public var defaultScript: Script
    /// Job id → script; jobs not listed follow `defaultScript`.
    public var scripts: [String: Script]

    public init(default defaultScript: Script = Script(), scripts: [String: Script] = [:]) {
        self.defaultScript = defaultScript
        self.scripts = scripts
    }

    /// Reports `.started(host: "dry-run", handle: "<job>#<attempt>")`, then the script's
    /// events; sleeps for its duration (`.cancelled` if cancelled meanwhile); on success
    /// writes its files into `attempt.context.output`.
    public func run(
        _ attempt: Attempt, report: @escaping @Sendable (AttemptEvent) -> Void
    ) async -> AttemptOutcome {
        let script = scripts[attempt.job.id] ?? defaultScript
        report(.started(host: "dry-run", handle: "\(attempt.job.id)#\(attempt.number)"))
        for event in script.events { report(event) }
        if script.duration > .zero {
            do {
                try await Task.sleep(for: script.duration)
            } catch {
                return .cancelled
            }
        }
        if Task.isCancelled { return .cancelled }
        let outcome =
            script.outcomes.isEmpty ? .succeeded : script.outcomes[min(attempt.number, script.outcomes.count) - 1]
        guard outcome == .succeeded else { return outcome }
        do {
            for (path, text) in script.files.sorted(by: { $0.key < $1.key }) {
                let file = attempt.context.output + "/" + path
                try FileSystem.makeDirectories((file as NSString).deletingLastPathComponent)
                try FileSystem.writeFile(Array(text.utf8), to: file)
            }
        } catch {
            return .lost(reason: "dry run could not write its output: \(error)", retryable: false)
        }
        return .succeeded
    }
}
