import Glibc

/// Kills a stage's process group at once, for an operator who pressed Ctrl-C twice and
/// will not wait for the grace period.
public enum ProcessGroupKill {
    /// Sends SIGKILL to the process group `group` (a stage's leader pid); a group that is
    /// gone already, or a number that is not a positive pid, is left alone.
    public static func kill(group: Int32) {
        guard group > 1 else { return }
        _ = Glibc.kill(-group, SIGKILL)
    }
}
