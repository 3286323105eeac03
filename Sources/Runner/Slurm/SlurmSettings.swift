/// Where and how the Slurm executor submits jobs: `executor.slurm:` in builds.yaml.
public struct SlurmSettings: Sendable, Hashable {
    /// `--partition`; the cluster's default partition when nil.
    public var partition: String?
    /// `--account`.
    public var account: String?
    /// `--qos`.
    public var qos: String?
    /// Passed to `sbatch` as they are, after everything modelbuild sets (so they win).
    public var extraArguments: [String]

    public init(
        partition: String? = nil, account: String? = nil, qos: String? = nil, extraArguments: [String] = []
    ) {
        self.partition = partition
        self.account = account
        self.qos = qos
        self.extraArguments = extraArguments
    }

    /// The `sbatch` options these settings stand for.
    var sbatchArguments: [String] {
        var arguments: [String] = []
        if let partition { arguments.append("--partition=" + partition) }
        if let account { arguments.append("--account=" + account) }
        if let qos { arguments.append("--qos=" + qos) }
        return arguments + extraArguments
    }
}
