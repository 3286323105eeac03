/// How one attempt is submitted: the batch script, the `sbatch` arguments, and the
/// environment sbatch runs with, which is where the stage's variables and secrets come
/// from: sbatch gets exactly those (and its own settings) and `--export=ALL` passes them on,
/// so no value is written in any file or on any command line. Made without touching the
/// cluster, so it can be read and tested alone.
struct SlurmSubmission: Sendable {
    /// Where the batch script is written: `<work>/slurm-batch.sh`.
    var scriptPath: String
    var script: SlurmBatchScript
    /// Everything after `sbatch`, the script's path last.
    var arguments: [String]
    /// sbatch's whole environment: the stage's variables, and sbatch's own settings
    /// (`SLURM_CONF`, `SBATCH_*`) from modelbuild's environment.
    var environment: [String: String]
    /// `--mem` in MiB, when asked.
    var memory: Int?

    /// The Slurm comment marking a job as this attempt's: `modelbuild:<cache key>`. A rerun
    /// finds jobs to adopt by it.
    static func comment(cacheKey: String) -> String { "modelbuild:" + cacheKey }

    /// The job name: the run id and the stage, as Slurm shows them in `squeue`.
    static func jobName(runID: String, stage: String) -> String {
        runID + "." + StageFileName.encode(stage)
    }

    init(
        attempt: Attempt, environment stageEnvironment: StageEnvironment, settings: SlurmSettings,
        hostEnvironment: [String: String]
    ) {
        let job = attempt.job
        scriptPath = attempt.workDirectory + "/slurm-batch.sh"
        script = SlurmBatchScript(
            command: job.command, workDirectory: attempt.workDirectory,
            variables: Array(stageEnvironment.variables.keys), secrets: job.secrets,
            description:
                "Written by modelbuild: stage \(job.id), attempt \(attempt.number), run \(attempt.context.runID).")

        var arguments = [
            "--parsable",
            "--job-name=" + Self.jobName(runID: attempt.context.runID, stage: job.id),
            "--comment=" + Self.comment(cacheKey: job.cacheKey),
            // `%` starts a Slurm file-name pattern; `%%` is a plain `%` (stage file names
            // are percent-encoded).
            "--output=" + attempt.logFile.replacing("%", with: "%%"),
            "--chdir=" + attempt.workDirectory,
            // sbatch's environment is exactly the stage's (see `environment`), so ALL hands
            // the job just that. Naming the variables instead would make Slurm load the
            // user's login environment on the node too (an implied --get-user-env), which
            // costs about a second a job and leaks variables the stage must not see.
            "--export=ALL",
            "--nodes=1", "--ntasks=1",
            // A node failure or a preemption ends the attempt, and modelbuild retries it
            // in a fresh attempt (fresh output directory); Slurm's own requeue would rerun
            // it over what the first run left. `extra_args: [--requeue]` turns it back on.
            "--no-requeue",
        ]
        if let timeout = job.timeout { arguments.append("--time=\(Self.minutes(rounding: timeout))") }
        memory = nil
        var genericResources: [String] = []
        for (resource, amount) in job.resources.sorted(by: { $0.key < $1.key }) where amount > 0 {
            switch resource {
            case "cpu": arguments.append("--cpus-per-task=\(amount)")
            case "memory":
                arguments.append("--mem=\(amount)M")
                memory = amount
            default: genericResources.append("\(resource):\(amount)")
            }
        }
        if !genericResources.isEmpty { arguments.append("--gres=" + genericResources.joined(separator: ",")) }
        arguments += settings.sbatchArguments
        arguments.append(scriptPath)
        self.arguments = arguments

        var environment = stageEnvironment.variables
        for (name, value) in hostEnvironment where name == "SLURM_CONF" || name.hasPrefix("SBATCH_") {
            environment[name] = value
        }
        self.environment = environment
    }

    /// Slurm's `--time` is in whole minutes: `timeout` rounded up, at least 1.
    static func minutes(rounding timeout: Duration) -> Int {
        let (seconds, attoseconds) = timeout.components
        let whole = seconds + (attoseconds > 0 ? 1 : 0)
        return max(1, Int((whole + 59) / 60))
    }
}
