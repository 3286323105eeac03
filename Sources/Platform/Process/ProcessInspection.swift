/// What `/proc` says about other processes: the members of a process group, and a
/// variable of a process's environment. Used to find stages a dead modelbuild left running
/// and to prove they are that run's before signalling them.
public enum ProcessInspection {
    /// The processes of group `group` that run (zombies left out: they run nothing and
    /// hold nothing, and only their parent can reap them).
    public static func runningMembers(ofGroup group: Int32) -> [Int32] {
        guard group > 1, let entries = try? FileSystem.listDirectory("/proc") else { return [] }
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), let fields = statFields(of: pid) else { return nil }
            // After the command name: state, ppid, pgrp, …
            guard fields.count > 2, fields[0] != "Z", Int32(fields[2]) == group else { return nil }
            return pid
        }
    }

    /// The value of `name` in the environment process `pid` started with
    /// (`/proc/<pid>/environ`); nil when it has none, is gone, or is not ours to read.
    public static func environmentValue(_ name: String, ofProcess pid: Int32) -> String? {
        guard let bytes = try? FileSystem.readFile("/proc/\(pid)/environ") else { return nil }
        let prefix = Array((name + "=").utf8)
        for entry in bytes.split(separator: 0, omittingEmptySubsequences: true) where entry.starts(with: prefix) {
            return String(decoding: entry.dropFirst(prefix.count), as: UTF8.self)
        }
        return nil
    }

    /// The fields of `/proc/<pid>/stat` after the command name (which may hold spaces and
    /// parentheses, so it is skipped up to its last `)`).
    private static func statFields(of pid: Int32) -> [Substring]? {
        guard let bytes = try? FileSystem.readFile("/proc/\(pid)/stat") else { return nil }
        guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        return String(decoding: bytes[(close + 1)...], as: UTF8.self).split(separator: " ")
    }
}
