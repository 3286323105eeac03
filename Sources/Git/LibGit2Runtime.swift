import CGit2

/// The process-wide libgit2 initialisation.
///
/// Swift initialises globals lazily and exactly once (behind `swift_once`), so the first
/// touch of `libgit2Runtime` from any thread runs `git_libgit2_init` exactly once for the
/// process. libgit2 is never shut down: its global state lives as long as the process.
enum LibGit2Runtime {
    /// Call at the start of every entry point that reaches libgit2.
    static func ensureInitialized() {
        _ = libgit2InitCount
    }
}

/// The result of the single `git_libgit2_init` call (the init count, or a negative error).
private let libgit2InitCount: Int32 = git_libgit2_init()
