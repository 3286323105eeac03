#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A child process could not be started: which step failed, for which program, and the
/// `errno` it failed with.
public struct ProcessSpawnError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The step that failed: `posix_spawn`, `pipe2`, `pidfd_open`, …
    public var operation: String
    /// The program that was to run.
    public var executable: String
    /// The `errno` value (`ENOENT` when the program or the working directory is missing).
    public var code: Int32

    /// A failure of `operation` for `executable` with `errno` `code`.
    public init(operation: String, executable: String, code: Int32) {
        self.operation = operation
        self.executable = executable
        self.code = code
    }

    /// "posix_spawn /bin/nope: No such file or directory".
    public var description: String {
        "\(operation) \(executable): \(String(cString: strerror(code)))"
    }
}
