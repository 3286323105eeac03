import Foundation
import Platform
import StageProtocol
import Store

/// Where a finished job's outputs are for its dependants.
enum OutputLocation: Sendable, Hashable {
    /// In the store: each dependant gets its own copy (`AttemptInputs`).
    case stored(key: String)
    /// The attempt's output directory (in a dry run, which stores nothing).
    case directory(String)
}

/// How one attempt ended, as the scheduling loop needs it.
struct AttemptEnd: Sendable {
    var job: Int
    var attempt: Int
    var outcome: AttemptOutcome
    /// Where the outputs are, after success.
    var outputs: OutputLocation?
}

/// One attempt from start to end, run in a child task: prepare its folders and
/// `context.json`, hand it to the executor, and on success put its outputs in the store.
struct AttemptRun: Sendable {
    var index: Int
    var job: Job
    var number: Int
    /// Need id → where its outputs are.
    var inputs: [String: OutputLocation]
    var run: RunDirectory
    var store: OutputStore
    var dryRun: Bool
    var executor: any Executor
    var recorder: RunRecorder
    /// The attempt's folders and context, laid out while its last need still ran; nil to
    /// lay them out now.
    var preparedAhead: AttemptPreparation? = nil
    /// Keep `context.json` after the attempt succeeds (`Scheduler.Options.keepsContexts`).
    var keepsContext = false

    func perform() async -> AttemptEnd {
        let attempt: Attempt
        do {
            if let ahead = await preparedAhead?.attempt() {
                attempt = ahead
            } else {
                attempt = try layOut(inputPaths: inputPaths())
            }
            // The needs' outputs exist only now that they have finished.
            if !dryRun, job.readsInPlace {
                for case .stored(let key) in inputs.values { _ = try store.directory(key) }
            } else if !dryRun {
                try privateInputs.make(for: job.context, store: store)
            }
        } catch {
            if !dryRun { privateInputs.remove() }
            return end(.lost(reason: "could not prepare the attempt: \(error)", retryable: false))
        }
        defer { if !dryRun { privateInputs.remove() } }
        if Task.isCancelled { return end(.cancelled) }
        let outcome = await executor.run(attempt) { [recorder, job, number] event in
            switch event {
            case .started(let host, let handle):
                recorder.record(.jobStarted(job: job.id, attempt: number, host: host, handle: handle))
            case .progress(let fraction, let message):
                recorder.record(.jobProgress(job: job.id, attempt: number, fraction: fraction, message: message))
            case .metric(let name, let value):
                recorder.record(.jobMetric(job: job.id, attempt: number, name: name, value: value))
            }
        }
        guard outcome == .succeeded else { return end(outcome) }
        guard !dryRun else { return end(.succeeded, outputs: .directory(attempt.context.output)) }
        do {
            // The stage's secrets are masked in the metric names and warnings its result.json
            // gives, as in its log: they reach the manifest and the pages.
            let masker = SecretMasker(secretValues: job.secrets.compactMap { ProcessInfo.processInfo.environment[$0] })
            try store.ingest(
                outputDirectory: attempt.context.output, key: job.cacheKey,
                origin: StoreEntry.Origin(job: job.id, runID: run.id, attempt: number),
                masked: { String(decoding: masker.mask(Array($0.utf8)), as: UTF8.self) })
        } catch {
            return end(.lost(reason: "outputs rejected: \(error)", retryable: false))
        }
        // The store holds its own copy now; the stage's folder would only hold the space twice.
        try? FileSystem.removeTree(attempt.context.output)
        // An empty work folder left by each of 66,000 instances is 4 KiB of directory
        // each; one the stage left files in stays (rmdir refuses it) for whoever looks.
        try? FileSystem.removeDirectory(attempt.workDirectory)
        // A succeeded attempt's context is what the journal and the store entry already
        // say (its key, its inputs by key, its run and attempt): kept for each of 66,000
        // instances it was most of a build's state. A failed attempt keeps its own.
        if !keepsContext {
            try? FileSystem.removeFile(attempt.contextFile)
            try? FileSystem.removeFile(StageEnvironment.inputsFile(contextFile: attempt.contextFile))
        }
        return end(.succeeded, outputs: .stored(key: job.cacheKey))
    }

    private func end(_ outcome: AttemptOutcome, outputs: OutputLocation? = nil) -> AttemptEnd {
        AttemptEnd(job: index, attempt: number, outcome: outcome, outputs: outputs)
    }

    /// The attempt's private copies of what it reads.
    var privateInputs: AttemptInputs {
        var stored: [String: String] = [:]
        for case (let need, .stored(let key)) in inputs { stored[need] = key }
        return AttemptInputs(folder: run.inputsDirectory(stage: job.id, attempt: number), storedNeeds: stored)
    }

    /// Where each need's outputs are: the attempt's private copy of them (made when it
    /// starts), the store's read-only tree of them for a job that reads in place (made
    /// when it starts, if no build made it before), or in a dry run the attempt's folder
    /// of the need.
    func inputPaths() -> [String: String] {
        var paths: [String: String] = [:]
        for (need, location) in inputs {
            switch location {
            case .stored(let key): paths[need] = job.readsInPlace ? store.treePath(key) : privateInputs.path(of: need)
            case .directory(let path): paths[need] = path
            }
        }
        return paths
    }

    /// An empty work directory, a fresh output directory and `context.json` naming
    /// `inputPaths`; in a dry run, only the names of all these.
    func layOut(inputPaths: [String: String]) throws -> Attempt {
        let work = run.workDirectory(stage: job.id)
        let output = run.outputDirectory(stage: job.id, attempt: number)
        if !dryRun {
            try FileSystem.removeTree(work)
            try FileSystem.makeDirectories(work)
            try FileSystem.removeTree(output)
            try FileSystem.makeDirectories(output)
        }
        var context = dryRun || job.readsInPlace ? job.context : privateInputs.privatise(job.context, store: store)
        context.runID = run.id
        context.stage = job.id
        context.attempt = number
        context.inputs = inputPaths
        context.output = output
        let contextFile = run.contextFile(stage: job.id, attempt: number)
        if !dryRun {
            try FileSystem.writeFile(context.json, to: contextFile)
            let lines = StageEnvironment.inputLines(context)
            if lines.utf8.count > StageEnvironment.inlineInputsLimit {
                try FileSystem.writeFile(Array(lines.utf8), to: StageEnvironment.inputsFile(contextFile: contextFile))
            }
        }
        return Attempt(
            job: job, number: number, context: context, contextFile: contextFile,
            workDirectory: work, logFile: run.logFile(stage: job.id, attempt: number))
    }
}
