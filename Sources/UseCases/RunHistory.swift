import Foundation
import Runner

/// The runs recorded under `.modelbuild/runs/`, read back from their journals.
public struct RunHistory: Sendable {
    public let state: StateDirectory

    public init(project: Project) {
        state = StateDirectory(path: project.stateDirectory.path)
    }

    /// Every run, oldest first, with what its journal says.
    public func runs() throws -> [(directory: RunDirectory, summary: RunSummary)] {
        try state.runs().map { run in (run, (try? RunSummary(journal: run.journalFile)) ?? RunSummary()) }
    }

    /// The run named `id` (a unique prefix will do), or the latest when `id` is nil.
    public func run(_ id: String?) throws -> RunDirectory {
        let all = try state.runs()
        guard let id else {
            guard let latest = all.last else { throw RunLookupError("no runs yet in \(state.runsDirectory)") }
            return latest
        }
        let matches = all.filter { $0.id.hasPrefix(id) }
        guard matches.count == 1 else {
            throw RunLookupError(
                matches.isEmpty
                    ? "no run \"\(id)\" (modelbuild runs lists them)"
                    : "\"\(id)\" names \(matches.count) runs; give more of the id")
        }
        return matches[0]
    }

    /// The log file of `stage`'s attempt in `run` (the last attempt when nil).
    public func logFile(run: RunDirectory, stage: String, attempt: Int?) throws -> String {
        let summary = try RunSummary(journal: run.journalFile)
        guard let job = summary[job: stage] else {
            let names = summary.jobs.map(\.id)
            throw RunLookupError("run \(run.id) has no stage \"\(stage)\" (stages: \(names.joined(separator: ", ")))")
        }
        let number = attempt ?? job.attempts.last?.number ?? 1
        guard job.attempts.contains(where: { $0.number == number }) || attempt == nil else {
            throw RunLookupError("stage \(stage) of run \(run.id) has no attempt \(number)")
        }
        return run.logFile(stage: stage, attempt: number)
    }
}

/// A run, stage or attempt that is not there.
public struct RunLookupError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
