import Platform

/// The process group a stage attempt runs in. Each attempt starts in a new session, so the
/// group's id is the stage's pid, and every process the stage starts (unless it leaves the
/// group on purpose) can be signalled at once.
struct ProcessGroup: Sendable, Hashable {
    let id: Int32

    /// Sends SIGKILL to every process left in the group. Run after the stage's leader has
    /// ended: a background child that ignored SIGTERM, or one the stage never waited for,
    /// must not outlive its attempt.
    ///
    /// The kernel does not reuse an id while any process is in that group, so the signal
    /// reaches only the stage's own processes; with none left it finds nothing (ESRCH).
    func killRemainingProcesses() {
        Signals.send(Signals.kill, toGroup: id)
    }
}
