import Glibc
import Synchronization

/// Standard output or standard error, written with `write(2)` and never fatal: a full
/// disk (`> /dev/full`), a closed pipe (`| head -2`) or a hung-up terminal must not stop
/// a build that is publishing a model. The first failure is reported once on standard
/// error (unless standard error itself is what failed); later writes to that stream are
/// dropped.
public final class StandardStream: Sendable {
    /// Standard output (file descriptor 1).
    public static let output = StandardStream(descriptor: 1, name: "standard output")
    /// Standard error (file descriptor 2).
    public static let error = StandardStream(descriptor: 2, name: "standard error")

    private let descriptor: Int32
    private let name: String
    /// The errno of the first failed write; nil while every write went through.
    private let failure = Mutex<Int32?>(nil)

    private init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
    }

    /// Writes all of `text`, or nothing more once a write to this stream has failed.
    public func write(_ text: String) {
        var text = text
        text.withUTF8 { write($0) }
    }

    /// Writes all of `bytes`, or nothing more once a write to this stream has failed.
    public func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        failure.withLock { failure in
            guard failure == nil, var next = bytes.baseAddress else { return }
            var left = bytes.count
            while left > 0 {
                let written = Glibc.write(descriptor, next, left)
                if written >= 0 {
                    left -= written
                    next += written
                } else if errno != EINTR {
                    failure = errno
                    break
                }
            }
        }
        if let code = failedCode, descriptor != 2, !reported.exchange(true, ordering: .relaxed) {
            StandardStream.error.write(
                "modelbuild: writing to \(name) failed (\(String(cString: strerror(code)))); "
                    + "its further output is dropped, the work goes on\n")
        }
    }

    /// The errno of the write that failed, or nil while every write went through.
    public var failedCode: Int32? { failure.withLock { $0 } }

    private let reported = Atomic<Bool>(false)

    /// Makes a write to a closed pipe fail with EPIPE instead of killing the process with
    /// SIGPIPE. Call once at start-up; stages get default dispositions back when started.
    public static func ignoreBrokenPipes() {
        _ = signal(SIGPIPE, SIG_IGN)
    }
}
