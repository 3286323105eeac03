import Platform

/// Stages a dead modelbuild left running. Every stage runs in its own process group (its
/// `job.started` handle is the group id), so when modelbuild is SIGKILLed its stages go on
/// under init; a rerun that reuses their finished siblings would start second copies beside
/// them (two trainings on the same GPUs). The rerun that marks the run interrupted stops
/// them first: SIGTERM to the group, a grace period, then SIGKILL.
///
/// A group is signalled only when one of its members proves it belongs to that run: its
/// `MODELBUILD_CONTEXT` names a context file of that run's folder (run ids are unique), so a
/// group id reused by an unrelated process since is never touched. A group id stays taken
/// while any member lives, so the other members are that stage's own children.
public enum OrphanedStages {
    /// One stage's process group, found running and stopped.
    public struct StoppedGroup: Sendable, Hashable {
        /// `job` attempt `attempt`, as the journal says.
        public var job: String
        public var attempt: Int
        /// The process group id.
        public var group: Int32
        /// True when the group outlived the grace period and was SIGKILLed.
        public var killed: Bool
    }

    /// The stage groups `records` (the journal of `run`) started on this host that still
    /// run as that run's stages.
    static func living(in run: RunDirectory, records: [JournalRecord]) -> [(job: String, attempt: Int, group: Int32)] {
        let host = CurrentProcess.hostName
        var found: [(job: String, attempt: Int, group: Int32)] = []
        for record in records {
            guard case .jobStarted(let job, let attempt, let startedOn, let handle) = record.event, startedOn == host,
                let group = Int32(handle), group > 1, !found.contains(where: { $0.group == group }),
                belongsToRun(group: group, run: run)
            else { continue }
            found.append((job, attempt, group))
        }
        return found
    }

    /// Stops the stage groups of `run` still running, each by SIGTERM, then SIGKILL for
    /// those that outlive `grace`; returns what it stopped.
    public static func stop(in run: RunDirectory, records: [JournalRecord], grace: Duration) async -> [StoppedGroup] {
        let groups = living(in: run, records: records)
        guard !groups.isEmpty else { return [] }
        for entry in groups { Signals.send(Signals.terminate, toGroup: entry.group) }
        let clock = ContinuousClock()
        let deadline = clock.now + grace
        func anyRunning() -> Bool { groups.contains { !ProcessInspection.runningMembers(ofGroup: $0.group).isEmpty } }
        while anyRunning(), clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        var stopped: [StoppedGroup] = []
        for entry in groups {
            let killed = !ProcessInspection.runningMembers(ofGroup: entry.group).isEmpty
            if killed { Signals.send(Signals.kill, toGroup: entry.group) }
            stopped.append(StoppedGroup(job: entry.job, attempt: entry.attempt, group: entry.group, killed: killed))
        }
        // A SIGKILLed process needs a moment to be gone from /proc.
        let killDeadline = clock.now + .seconds(5)
        while anyRunning(), clock.now < killDeadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return stopped
    }

    /// Whether a running member of `group` was started for `run`: its `MODELBUILD_CONTEXT`
    /// lies in the run's folder.
    static func belongsToRun(group: Int32, run: RunDirectory) -> Bool {
        let marker = "/runs/" + run.id + "/"
        return ProcessInspection.runningMembers(ofGroup: group).contains { pid in
            ProcessInspection.environmentValue(StageEnvironment.contextVariable, ofProcess: pid)?.contains(marker) == true
        }
    }
}
