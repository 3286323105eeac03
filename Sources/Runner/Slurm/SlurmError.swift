/// Why the Slurm executor could not use the cluster. Each case says which command or path
/// failed and why, in words a person can act on.
public enum SlurmError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A Slurm client program is not on `PATH`.
    case toolMissing(program: String, searchPath: String)
    /// A Slurm command ran and failed (or could not start).
    case commandFailed(command: String, status: String, message: String)
    /// `sbatch --parsable` printed something that is not a job id.
    case unexpectedSubmissionOutput(output: String)
    /// The configured partition is not one the cluster lists.
    case unknownPartition(name: String, known: [String])
    /// The partition exists but does not accept jobs.
    case partitionUnavailable(name: String, state: String)
    /// A probe job could not work in the state directory: the nodes cannot reach it.
    case stateDirectoryUnreachable(path: String, detail: String)
    /// The state directory is not an absolute path, so nodes cannot find it.
    case stateDirectoryNotAbsolute(path: String)

    public var description: String {
        switch self {
        case .toolMissing(let program, let searchPath):
            "Slurm: \(program) is not installed or not on PATH (searched \(searchPath)); "
                + "executor.kind: slurm needs the Slurm client commands (sbatch, squeue, scancel, sinfo)"
        case .commandFailed(let command, let status, let message):
            "Slurm: `\(command)` failed (\(status))" + (message.isEmpty ? "" : ": \(message)")
        case .unexpectedSubmissionOutput(let output):
            "Slurm: sbatch --parsable printed \"\(output)\", not a job id"
        case .unknownPartition(let name, let known):
            "Slurm: partition \"\(name)\" (executor.slurm.partition) is not one of the cluster's: "
                + (known.isEmpty ? "none listed" : known.joined(separator: ", "))
        case .partitionUnavailable(let name, let state):
            "Slurm: partition \"\(name)\" is \(state), not up"
        case .stateDirectoryUnreachable(let path, let detail):
            "Slurm: a probe job could not write in the state directory \(path) (\(detail)); "
                + "the state directory must be on a filesystem shared by modelbuild and every node"
        case .stateDirectoryNotAbsolute(let path):
            "Slurm: the state directory \(path) is not an absolute path"
        }
    }
}
