/// Watches every Slurm job in flight with one `squeue` call per poll, shared by all the
/// attempts an executor runs: twenty stages running cost the controller what one does.
///
/// An attempt asks for the next report on its job (``nextReport(for:)``); the first
/// request starts a polling task, which asks `squeue` about all requested jobs at once and
/// answers everyone, then stops when nobody is waiting.
///
/// The interval is short (``minimumInterval``) while a job is new (submitted less than
/// ``settlingTime`` ago) or something changed in the last poll, so short stages are seen
/// to start and end quickly; then it doubles up to ``maximumInterval``, so long stages cost
/// the controller little. A new job cuts a long wait short.
actor SlurmJobWatcher {
    /// What one poll said about a job.
    enum Report: Sendable, Hashable {
        case listed(SlurmJobStatus)
        /// `squeue` answered but did not list the job.
        case notListed
        /// `squeue` itself failed (the controller did not answer); try again later.
        case unanswered(String)
    }

    let commandLine: SlurmCommandLine
    let minimumInterval: Duration
    let maximumInterval: Duration
    /// How long a job counts as new.
    let settlingTime: Duration = .seconds(10)

    private let clock = ContinuousClock()
    private var waiting: [String: [CheckedContinuation<Report, Never>]] = [:]
    private var lastStates: [String: String] = [:]
    /// When each job in flight was first asked about.
    private var firstSeen: [String: ContinuousClock.Instant] = [:]
    private var polling = false
    private var interval: Duration
    private var nextPoll: ContinuousClock.Instant

    init(commandLine: SlurmCommandLine, minimumInterval: Duration, maximumInterval: Duration) {
        self.commandLine = commandLine
        self.minimumInterval = minimumInterval
        self.maximumInterval = max(minimumInterval, maximumInterval)
        self.interval = minimumInterval
        self.nextPoll = clock.now
    }

    /// The result of the next poll that includes `jobID`. Not cancellable: a poll takes at
    /// most one interval and one `squeue` call, and callers check cancellation after it.
    func nextReport(for jobID: String) async -> Report {
        await withCheckedContinuation { continuation in
            if firstSeen[jobID] == nil {
                firstSeen[jobID] = clock.now
                interval = minimumInterval
                nextPoll = min(nextPoll, clock.now + minimumInterval)
            }
            waiting[jobID, default: []].append(continuation)
            if !polling {
                polling = true
                Task { await self.poll() }
            }
        }
    }

    /// Polls while anyone is waiting.
    private func poll() async {
        while !waiting.isEmpty {
            // Short slices, so that a new job can bring the next poll forward.
            while clock.now < nextPoll {
                try? await Task.sleep(for: min(minimumInterval / 5, nextPoll - clock.now))
            }
            let asked = waiting
            waiting = [:]
            let reports = await query(Array(asked.keys))
            var changed = false
            for (jobID, continuations) in asked {
                let report = reports[jobID] ?? .notListed
                if case .listed(let status) = report {
                    changed = changed || lastStates[jobID] != status.state
                    lastStates[jobID] = status.state
                    if status.hasEnded { forget(jobID) }
                } else if case .notListed = report {
                    forget(jobID)
                }
                if let first = firstSeen[jobID], clock.now - first < settlingTime { changed = true }
                for continuation in continuations { continuation.resume(returning: report) }
            }
            interval = changed ? minimumInterval : min(interval * 2, maximumInterval)
            nextPoll = clock.now + interval
        }
        polling = false
    }

    private func forget(_ jobID: String) {
        lastStates[jobID] = nil
        firstSeen[jobID] = nil
    }

    /// One `squeue` call for all of `jobIDs`.
    private func query(_ jobIDs: [String]) async -> [String: Report] {
        let arguments = [
            "--noheader", "--states=all", "--jobs=" + jobIDs.sorted().joined(separator: ","),
            "--Format=" + SlurmJobStatus.squeueFormat,
        ]
        let output: SlurmCommandLine.Output
        do {
            output = try await commandLine.run("squeue", arguments)
        } catch {
            return Dictionary(uniqueKeysWithValues: jobIDs.map { ($0, .unanswered("\(error)")) })
        }
        // Asked about one job Slurm no longer knows, squeue fails; about several, it lists
        // the ones it knows.
        if output.status != 0 && !output.standardError.contains("Invalid job id") {
            let message = "squeue exited \(output.status): \(output.standardError.trimmed)"
            return Dictionary(uniqueKeysWithValues: jobIDs.map { ($0, .unanswered(message)) })
        }
        let statuses = SlurmJobStatus.parse(squeueOutput: output.standardOutput)
        return Dictionary(
            uniqueKeysWithValues: jobIDs.map { jobID in
                (jobID, statuses[jobID].map(Report.listed) ?? .notListed)
            })
    }
}
