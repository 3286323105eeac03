import Glibc

/// Facts about this process and the machine it runs on.
public enum CurrentProcess {
    /// `getpid(2)`.
    public static var id: Int32 { getpid() }

    /// The real user id (`getuid(2)`).
    public static var userID: UInt32 { getuid() }

    /// The effective user id (`geteuid(2)`): 0 when this process may act as any user.
    public static var effectiveUserID: UInt32 { geteuid() }

    /// `gethostname(2)`; `localhost` when it cannot be read.
    public static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The processors online now (`sysconf(_SC_NPROCESSORS_ONLN)`), at least 1.
    public static var processorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// The soft limit on open descriptors (`getrlimit(RLIMIT_NOFILE)`); nil when unknown.
    public static var openFileLimit: UInt64? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        return UInt64(limit.rlim_cur)
    }
}
