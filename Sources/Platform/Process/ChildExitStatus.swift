#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// How a child process ended, as `waitid(2)` reports it.
public enum ChildExitStatus: Sendable, Hashable, CustomStringConvertible {
    /// It called `exit` (or returned from `main`) with this status.
    case exited(Int32)
    /// A signal ended it (with or without a core dump).
    case signalled(Int32)

    /// "exited with status 3", "killed by signal 9".
    public var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .signalled(let signal): "killed by signal \(signal)"
        }
    }
}

/// How a child ended, and whether its stop deadline (a timeout) was what stopped it.
public struct ChildExit: Sendable, Hashable {
    /// The status the child's own process ended with.
    public var status: ChildExitStatus
    /// Whether the deadline given by ``SpawnedChild/stop(after:gracePeriod:)`` passed while
    /// the child ran, so that it was sent SIGTERM by the launcher.
    public var passedItsDeadline: Bool

    /// An exit as the reaper reports it.
    public init(status: ChildExitStatus, passedItsDeadline: Bool) {
        self.status = status
        self.passedItsDeadline = passedItsDeadline
    }
}
