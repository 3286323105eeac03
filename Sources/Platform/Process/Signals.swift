import Glibc

/// Sending signals to processes and process groups.
public enum Signals {
    /// SIGTERM: please stop.
    public static let terminate = SIGTERM
    /// SIGKILL: stop now.
    public static let kill = SIGKILL
    /// SIGINT: Ctrl-C.
    public static let interrupt = SIGINT
    /// SIGHUP: reread the configuration.
    public static let hangUp = SIGHUP

    /// Ignores `signal` in this process (`SIG_IGN`), for a signal watched another way
    /// (a dispatch source) whose default action would end the process.
    public static func ignore(_ signal: Int32) {
        _ = Glibc.signal(signal, SIG_IGN)
    }

    /// `kill(2)`: sends `signal` to process `id`; false when it is gone (ESRCH) or not ours.
    @discardableResult
    public static func send(_ signal: Int32, toProcess id: Int32) -> Bool {
        Glibc.kill(id, signal) == 0
    }

    /// `killpg(2)`: sends `signal` to every process in group `id`; false when none is left.
    @discardableResult
    public static func send(_ signal: Int32, toGroup id: Int32) -> Bool {
        Glibc.kill(-id, signal) == 0
    }
}
