import Platform

/// A job's first attempt laid out ahead (its work and output folders and `context.json`)
/// while the job's last need still runs, so that in a chain of stages the files of the
/// next one are made beside the running one rather than between the two. The context
/// names the attempt's private copies of its inputs, made when the job starts.
///
/// Made only for a job that is about to run (its outputs are not stored); if it never
/// starts after all (its need failed, the run stopped, another build stored its outputs),
/// `discard()` removes what was laid out.
struct AttemptPreparation: Sendable {
    private let work: String
    private let output: String
    private let contextFile: String
    private let task: Task<Attempt?, Never>

    /// Starts laying out `run`'s attempt on another task.
    init(ahead run: AttemptRun) {
        work = run.run.workDirectory(stage: run.job.id)
        output = run.run.outputDirectory(stage: run.job.id, attempt: run.number)
        contextFile = run.run.contextFile(stage: run.job.id, attempt: run.number)
        task = Task { try? run.layOut(inputPaths: run.inputPaths()) }
    }

    /// The laid-out attempt; nil if laying it out failed (the attempt then lays itself
    /// out again, and reports what fails).
    func attempt() async -> Attempt? {
        await task.value
    }

    /// Waits for the lay-out, then removes it.
    func discard() async {
        _ = await task.value
        try? FileSystem.removeTree(work)
        try? FileSystem.removeTree(output)
        try? FileSystem.removeFile(contextFile)
    }
}
