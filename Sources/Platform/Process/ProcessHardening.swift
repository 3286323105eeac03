import CPlatform
import Glibc

/// What modelbuild does to itself at start-up so a stage — its child, running as the
/// same user — cannot read secrets out of it.
///
/// `/proc/<pid>/environ` shows the block of environment strings the kernel placed on the
/// process's stack at `execve`, whatever `setenv` and `unsetenv` did since. `hideEnvironment()`
/// moves every variable to the heap (so `getenv` and the stages' environments still work),
/// then overwrites that block with zero bytes. `forbidInspection()` marks the process
/// non-dumpable: no core dump, and `/proc/<pid>/environ`, `mem`, `maps` and `ptrace` are
/// closed to other processes of the same user that lack CAP_SYS_PTRACE.
///
/// What a same-user process can still do: signal modelbuild, read its world-readable
/// `/proc` files (`status`, `cmdline`), and — if it is root or holds CAP_SYS_PTRACE —
/// read its memory. Run stages as another user (`executor.user`) when that matters.
public enum ProcessHardening {
    /// Copies every environment variable to the heap and zeroes the original block, so
    /// `/proc/self/environ` no longer shows any value. Call once, first thing in `main`,
    /// before any thread is started.
    public static func hideEnvironment() {
        let current: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ
        guard let block = current else { return }
        var lowest: UnsafeMutablePointer<CChar>?
        var highest: UnsafeMutablePointer<CChar>?
        var entries: [(name: String, value: String)] = []
        var index = 0
        while let entry = block[index] {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                entries.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
            }
            let end = entry + strlen(entry)
            if lowest.map({ entry < $0 }) ?? true { lowest = entry }
            if highest.map({ end > $0 }) ?? true { highest = end }
            index += 1
        }
        guard let lowest, let highest else { return }
        // clearenv drops the array without freeing the stack strings; setenv then
        // allocates each variable anew on the heap.
        _ = clearenv()
        for (name, value) in entries { _ = setenv(name, value, 1) }
        memset(lowest, 0, highest - lowest)
    }

    /// Marks the process non-dumpable (`prctl(PR_SET_DUMPABLE, 0)`).
    /// - Returns: false when the kernel refused.
    @discardableResult
    public static func forbidInspection() -> Bool {
        cplatform_set_dumpable(0) == 0
    }
}
