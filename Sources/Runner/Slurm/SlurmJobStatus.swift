/// One job as `squeue` reports it, from one line of ``SlurmJobStatus/squeueFormat``.
struct SlurmJobStatus: Sendable, Hashable {
    var jobID: String
    /// `PENDING`, `RUNNING`, `COMPLETED`, `FAILED`, `TIMEOUT`, …
    var state: String
    /// The job's wait status as Slurm keeps it: exit code in the high byte, the signal that
    /// ended it in the low bits.
    var waitStatus: Int32
    /// The nodes it runs (or ran) on.
    var nodes: String
    /// Why it is pending or how it ended (`Priority`, `NonZeroExitCode`, …).
    var reason: String

    /// The fields asked of `squeue -O`, separated by `|`, the free-text reason last.
    static let squeueFormat = "JobID:|,State:|,exit_code:|,NodeList:|,Reason:"

    /// States a job leaves by itself; any other state is an ending.
    private static let activeStates: Set<String> = [
        "PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "STOPPED", "SIGNALING",
        "STAGE_OUT", "RESIZING", "REQUEUED", "REQUEUE_FED", "REQUEUE_HOLD", "RESV_DEL_HOLD",
    ]

    /// Whether the job has ended and will not run again.
    var hasEnded: Bool { !Self.activeStates.contains(state) }

    /// Whether the job's processes have started on a node.
    var hasStarted: Bool { state == "RUNNING" || state == "COMPLETING" || hasEnded }

    /// Reads the lines `squeue -h -O <squeueFormat>` printed; lines it cannot read are
    /// skipped (a job it cannot read is treated as not listed).
    static func parse(squeueOutput: String) -> [String: SlurmJobStatus] {
        var statuses: [String: SlurmJobStatus] = [:]
        for line in squeueOutput.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: "|", maxSplits: 4, omittingEmptySubsequences: false)
                .map { String($0).trimmed }
            guard fields.count >= 4, !fields[0].isEmpty, !fields[1].isEmpty else { continue }
            statuses[fields[0]] = SlurmJobStatus(
                jobID: fields[0], state: fields[1].split(separator: " ").first.map(String.init) ?? fields[1],
                waitStatus: Int32(fields[2]) ?? 0, nodes: fields[3],
                reason: fields.count > 4 ? fields[4] : "")
        }
        return statuses
    }
}

/// Why modelbuild itself asked Slurm to cancel a job, if it did.
enum SlurmCancellation: Sendable, Hashable {
    /// The build was cancelled.
    case build
    /// The stage ran past its timeout.
    case timeout
}

extension SlurmJobStatus {
    /// How the attempt ended, read from the job's final state.
    /// - Parameters:
    ///   - cancellation: whether, and why, modelbuild cancelled the job.
    ///   - memory: the `--mem` asked, in MiB, for the message when memory ran out.
    func outcome(cancelledBy cancellation: SlurmCancellation?, memory: Int?) -> AttemptOutcome {
        let exitCode = (waitStatus >> 8) & 0xFF
        let signal = waitStatus & 0x7F
        let placement = nodes.isEmpty ? "" : " on \(nodes)"
        // A job sent SIGTERM may end by itself within its grace period, however it exits.
        if let cancellation, ["COMPLETED", "FAILED", "CANCELLED"].contains(state) {
            return cancellation == .build ? .cancelled : .timedOut
        }
        switch state {
        case "COMPLETED" where exitCode == 0 && signal == 0:
            return .succeeded
        case "COMPLETED", "FAILED":
            // Slurm says JobLaunchFailure for a script killed by a signal too; a launch that
            // failed has a status no signal makes.
            if (1...31).contains(signal) { return .signalled(signal) }
            if reason == "JobLaunchFailure" {
                return .lost(
                    reason: "Slurm could not launch job \(jobID)\(placement): can the node write the log and enter "
                        + "the work directory? (the state directory must be on a filesystem every node shares)",
                    retryable: false)
            }
            if exitCode != 0 { return .failed(exitStatus: exitCode) }
            return .lost(
                reason: "Slurm job \(jobID) failed\(placement) before the stage ran (\(reason))",
                retryable: false)
        case "CANCELLED":
            return .lost(
                reason: "Slurm job \(jobID) was cancelled outside modelbuild (scancel or an administrator)",
                retryable: false)
        case "TIMEOUT", "DEADLINE":
            return .timedOut
        case "NODE_FAIL":
            return .lost(reason: "Slurm job \(jobID): the node failed\(placement)", retryable: true)
        case "PREEMPTED":
            return .lost(reason: "Slurm job \(jobID) was preempted\(placement)", retryable: true)
        case "BOOT_FAIL":
            return .lost(reason: "Slurm job \(jobID): the node failed to boot\(placement)", retryable: true)
        case "OUT_OF_MEMORY":
            let asked = memory.map { " (it asked for --mem=\($0)M; raise resources.memory)" } ?? ""
            return .lost(
                reason: "Slurm job \(jobID) ran out of memory\(placement)\(asked)", retryable: false)
        default:
            return .lost(
                reason: "Slurm job \(jobID) ended in state \(state)\(placement) (\(reason))", retryable: false)
        }
    }
}
