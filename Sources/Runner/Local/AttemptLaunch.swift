/// What every executor checks before it starts an attempt: a command to run, and the
/// stage's environment (the allowlist, `MODELBUILD_CONTEXT`, its secrets, all present).
struct AttemptLaunch {
    let program: String
    let environment: StageEnvironment

    /// The launch of `attempt`, or the outcome that ends it at once when it cannot start.
    static func prepare(_ attempt: Attempt, host: [String: String]) -> Result<AttemptLaunch, AttemptRefusal> {
        let job = attempt.job
        guard let program = job.command.first, !program.isEmpty else {
            return .failure(AttemptRefusal(outcome: .lost(reason: "job \(job.id) has no command to run", retryable: false)))
        }
        do {
            let environment = try StageEnvironment(
                host: host, contextFile: attempt.contextFile, secrets: job.secrets, job: job.id,
                context: attempt.context, project: job.project)
            return .success(AttemptLaunch(program: program, environment: environment))
        } catch {
            return .failure(AttemptRefusal(outcome: .lost(reason: error.description, retryable: false)))
        }
    }
}

/// An attempt that cannot start, and the outcome to report for it.
struct AttemptRefusal: Error {
    let outcome: AttemptOutcome
}
