import Foundation
import Runner
import YAML

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

    /// How `run` ended as its journal says, or `running` while a build holds its lock, or
    /// `interrupted` when none does and the journal has no end.
    public func status(of run: RunDirectory, _ summary: RunSummary) -> String {
        if let status = summary.status { return status.rawValue }
        return (try? RunLock.isHeld(path: run.lockFile)) == true ? "running" : "interrupted"
    }

    /// The run's journal, read back.
    public func summary(of run: RunDirectory) throws -> RunSummary {
        try RunSummary(journal: run.journalFile)
    }

    /// The log of `stage`'s attempt in the run named `id` (the last attempt when nil), to
    /// read as it grows. An unknown run, stage or attempt is a usage error.
    public func log(run id: String, stage: String, attempt: Int?) throws -> RunLog {
        let run = try run(id)
        return RunLog(path: try logFile(run: run, stage: stage, attempt: attempt), journal: run.journalFile)
    }

    /// The logs `stage` names in the run `id` (the latest run when nil): the stage's own, or
    /// every instance's of a foreach stage (`generate` for `generate[…]`), in run order.
    /// An unknown run or stage is a usage error with a did-you-mean.
    public func logs(run id: String?, stage: String, attempt: Int?) throws -> (run: String, logs: [(stage: String, log: RunLog)]) {
        let run = try run(id)
        let summary = try RunSummary(journal: run.journalFile)
        let stages = summary[job: stage] != nil ? [stage] : summary.jobs.map(\.id).filter { $0.hasPrefix(stage + "[") }
        guard !stages.isEmpty else {
            let names = summary.jobs.map(\.id)
            let bases = names.map { name in name.firstIndex(of: "[").map { String(name[..<$0]) } ?? name }
            let known = names.isEmpty ? "it recorded none" : "stages: \(names.joined(separator: ", "))"
            throw RunLookupError(
                "run \(run.id) has no stage \"\(stage)\"\(Suggestion.didYouMean(stage, among: Set(names + bases).sorted())) (\(known))")
        }
        return (
            run.id,
            try stages.map { name in
                (name, RunLog(path: try logFile(run: run, stage: name, attempt: attempt), journal: run.journalFile))
            }
        )
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
            let known = names.isEmpty ? "it recorded none" : "stages: \(names.joined(separator: ", "))"
            throw RunLookupError(
                "run \(run.id) has no stage \"\(stage)\"\(Suggestion.didYouMean(stage, among: names)) (\(known))")
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

/// One stage attempt's log, read a piece at a time while its run goes on.
public struct RunLog: Sendable {
    /// The log file.
    public let path: String
    /// The run's journal, which says when the run is over.
    let journal: String
    /// How much of the log was read.
    private var offset: UInt64 = 0

    init(path: String, journal: String) {
        self.path = path
        self.journal = journal
    }

    /// What was appended since the last call (nothing while the file does not exist yet).
    public mutating func readNew() throws -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else { return Data() }
        defer { try? handle.close() }
        try handle.seek(toOffset: offset)
        let data = handle.readDataToEndOfFile()
        offset += UInt64(data.count)
        return data
    }

    /// Whether the run's journal records its end.
    public var runIsFinished: Bool {
        (try? Journal.read(path: journal).isFinished) == true
    }
}
