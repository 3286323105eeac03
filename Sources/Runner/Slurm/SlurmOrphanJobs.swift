import Platform


/// A job an earlier modelbuild submitted for the same cache key, that nobody follows any
/// more, now claimed by this attempt: it waits for the job instead of submitting another.
struct SlurmAdoption: Sendable {
    var jobID: String
    /// The earlier attempt's record (its output directory and log).
    var record: SlurmJobRecord
    /// Held until this attempt ends, so that no third run adopts the job too.
    var claim: SlurmJobClaim
}

/// Finds the jobs a killed modelbuild left running, so that the rerun adopts them instead
/// of submitting the same work twice.
///
/// A job is adoptable when all of these hold:
/// - `squeue` lists it for this user with the comment `modelbuild:<cache key>` of the job
///   being started, and it is pending, running, or completed (its outputs not yet stored);
/// - its work directory is in the same state directory (`<state>/runs/<run>/workdirs/<stage>`);
/// - its `slurm-job.json` names the same job id (or none yet) and cache key, and nobody
///   holds its lock: the process that submitted it is dead, and no other rerun adopted it.
///
/// The list is read once per executor, with one `squeue` call, when the first attempt
/// starts; a killed run's jobs are there by then.
actor SlurmOrphanJobs {
    private struct Candidate: Sendable {
        var jobID: String
        var state: String
        var workDirectory: String
    }

    let commandLine: SlurmCommandLine
    private var candidates: [String: [Candidate]]?
    /// The one `squeue` call reading the list, shared by attempts that start meanwhile.
    private var loading: Task<[String: [Candidate]], Never>?

    init(commandLine: SlurmCommandLine) {
        self.commandLine = commandLine
    }

    /// Claims an adoptable job for `cacheKey`, if there is one.
    /// - Parameter workDirectory: the new attempt's work directory, naming the state
    ///   directory the job must belong to.
    func adopt(cacheKey: String, workDirectory: String) async -> SlurmAdoption? {
        let byKey = await load()
        guard var found = byKey[cacheKey] else { return nil }
        defer { candidates?[cacheKey] = found.isEmpty ? nil : found }
        while let candidate = found.popLast() {
            guard Self.runsRoot(of: candidate.workDirectory) == Self.runsRoot(of: workDirectory),
                let (claim, record) = SlurmJobClaim.take(
                    path: SlurmJobRecord.path(workDirectory: candidate.workDirectory))
            else { continue }
            // No job id yet: modelbuild died between sbatch and writing it down, and this
            // job, running in that work directory, is the one it submitted.
            guard record.jobID == candidate.jobID || record.jobID == nil, record.cacheKey == cacheKey,
                candidate.state != "COMPLETED" || FileSystem.exists(record.outputDirectory)
            else {
                claim.release()
                continue
            }
            return SlurmAdoption(jobID: candidate.jobID, record: record, claim: claim)
        }
        return nil
    }

    private func load() async -> [String: [Candidate]] {
        if let candidates { return candidates }
        if loading == nil {
            let commandLine = commandLine
            loading = Task { await Self.list(commandLine) }
        }
        guard let loading else { return [:] }
        let listed = await loading.value
        if candidates == nil { candidates = listed }
        return candidates ?? listed
    }

    /// This user's modelbuild jobs that may be adopted, by cache key.
    private static func list(_ commandLine: SlurmCommandLine) async -> [String: [Candidate]] {
        var byKey: [String: [Candidate]] = [:]
        let arguments = [
            "--noheader", "--states=all", "--user=\(CurrentProcess.userID)", "--Format=JobID:|,State:|,Comment:|,WorkDir:",
        ]
        if let output = try? await commandLine.succeeding("squeue", arguments) {
            for line in output.split(whereSeparator: \.isNewline) {
                let fields = line.split(separator: "|", maxSplits: 3, omittingEmptySubsequences: false)
                    .map { String($0).trimmed }
                guard fields.count == 4, fields[2].hasPrefix(SlurmSubmission.comment(cacheKey: "")) else { continue }
                let key = String(fields[2].dropFirst(SlurmSubmission.comment(cacheKey: "").count))
                let state = fields[1].split(separator: " ").first.map(String.init) ?? fields[1]
                let status = SlurmJobStatus(jobID: fields[0], state: state, waitStatus: 0, nodes: "", reason: "")
                guard !status.hasEnded || state == "COMPLETED" else { continue }
                byKey[key, default: []].append(
                    Candidate(jobID: fields[0], state: state, workDirectory: fields[3]))
            }
        }
        return byKey
    }

    /// `<state>/runs` for a work directory `<state>/runs/<run>/workdirs/<stage>`.
    static func runsRoot(of workDirectory: String) -> String {
        var components = workDirectory.split(separator: "/", omittingEmptySubsequences: true)
        components.removeLast(min(3, components.count))
        return "/" + components.joined(separator: "/")
    }
}
