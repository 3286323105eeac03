extension SlurmExecutor {
    /// Checks, before a build, that the cluster can run its stages, and fails with what to
    /// fix when it cannot:
    /// - the Slurm client commands are on `PATH` (`sbatch`, `squeue`, `scancel`, `sinfo`);
    /// - the controller answers `sinfo`, and the configured partition exists and is up;
    /// - with `probe`, a one-line job on the cluster can write in `stateDirectory`: the
    ///   work directories, contexts, logs and store live there, and the nodes must reach
    ///   them at the same path (a shared filesystem). This costs one scheduling round trip.
    public func checkCluster(stateDirectory: String, probe: Bool = true) async throws(SlurmError) {
        guard stateDirectory.hasPrefix("/") else { throw .stateDirectoryNotAbsolute(path: stateDirectory) }
        for program in ["sbatch", "squeue", "scancel", "sinfo"] where !isOnPath(program) {
            throw .toolMissing(program: program, searchPath: hostEnvironment["PATH"] ?? "<unset>")
        }
        let listing = try await commandLine.succeeding("sinfo", ["--noheader", "--format=%R|%a"])
        var partitions: [String: String] = [:]
        for line in listing.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: "|").map { String($0).trimmed }
            if fields.count == 2 { partitions[fields[0]] = fields[1] }
        }
        if let partition = settings.partition {
            guard let state = partitions[partition] else {
                throw .unknownPartition(name: partition, known: partitions.keys.sorted())
            }
            guard state == "up" else { throw .partitionUnavailable(name: partition, state: state) }
        }
        if probe { try await probeStateDirectory(stateDirectory) }
    }

    /// Submits `test -w <state>` and waits for its ending.
    private func probeStateDirectory(_ path: String) async throws(SlurmError) {
        let arguments =
            [
                "--parsable", "--job-name=modelbuild-probe", "--output=/dev/null", "--nodes=1", "--ntasks=1",
                "--time=1",
            ] + settings.sbatchArguments + ["--wrap=test -d \(ShellQuoting.quote(path)) -a -w \(ShellQuoting.quote(path))"]
        let output = try await commandLine.succeeding("sbatch", arguments)
        let jobID = String(output.trimmed.split(separator: ";").first ?? "")
        var unlisted = 0
        while true {
            switch await watcher.nextReport(for: jobID) {
            case .listed(let status) where status.hasEnded:
                guard status.outcome(cancelledBy: nil, memory: nil) == .succeeded else {
                    throw .stateDirectoryUnreachable(
                        path: path, detail: "probe job \(jobID) on \(status.nodes): \(status.state), \(status.reason)")
                }
                return
            case .listed:
                continue
            case .notListed:
                unlisted += 1
                if unlisted >= Self.unlistedPollsBeforeLost {
                    throw .stateDirectoryUnreachable(path: path, detail: "probe job \(jobID) vanished")
                }
            case .unanswered:
                continue
            }
        }
    }

    private func isOnPath(_ program: String) -> Bool {
        ExecutableSearch.find(program, on: hostEnvironment["PATH"]) != nil
    }
}
