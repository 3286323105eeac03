import Foundation

import Glibc

/// What `/proc` says about processes, for tests that must prove nothing was left running.
/// Zombies count as gone: on a machine whose init does not reap orphans they linger, but
/// they run nothing and hold nothing.
public enum ProcessTable {
    /// Whether process `pid` exists and is not a zombie.
    public static func isRunning(_ pid: pid_t) -> Bool {
        #if os(Linux)
            guard let fields = statusFields(of: pid) else { return false }
            return fields.first != "Z"
        #else
            return kill(pid, 0) == 0
        #endif
    }

    /// The processes of group `group` that are running (not zombies).
    public static func runningMembers(ofProcessGroup group: pid_t) -> [pid_t] {
        #if os(Linux)
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return entries.compactMap { entry -> pid_t? in
                guard let pid = pid_t(entry), let fields = statusFields(of: pid) else { return nil }
                // Fields after the name: state, ppid, pgrp, ...
                guard fields.count > 2, fields[0] != "Z", pid_t(fields[2]) == group else { return nil }
                return pid
            }
        #else
            return kill(-group, 0) == 0 ? [group] : []
        #endif
    }

    /// Waits until none of `pids` runs and no process of `groups` runs, up to `limit`, and
    /// returns those still running. A killed process needs a moment of CPU to finish
    /// exiting, so a check made the instant a kill was sent could still see it.
    public static func runningAfterSettling(
        pids: [pid_t], groups: [pid_t] = [], limit: Duration = .seconds(5)
    ) async -> [pid_t] {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        func running() -> [pid_t] {
            Array(Set(pids.filter(isRunning) + groups.flatMap(runningMembers(ofProcessGroup:)))).sorted()
        }
        var living = running()
        while !living.isEmpty, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
            living = running()
        }
        return living
    }

    /// The paths process `pid` has open (where its descriptors in `/proc/<pid>/fd` lead),
    /// to see that it reached a file (a lock it waits for) without waiting a fixed time.
    public static func openFiles(of pid: pid_t) -> [String] {
        let folder = "/proc/\(pid)/fd"
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return descriptors.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + $0) }
    }

    /// The fields of `/proc/<pid>/stat` after the command name: state, ppid, pgrp, …
    private static func statusFields(of pid: pid_t) -> [Substring]? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let afterName = stat.range(of: ") ", options: .backwards)
        else { return nil }
        return stat[afterName.upperBound...].split(separator: " ")
    }
}
