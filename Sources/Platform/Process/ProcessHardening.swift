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
    ///
    /// The block zeroed is the one the kernel shows (`env_start`…`env_end` of
    /// `/proc/self/stat`), not the span of the strings `environ` points to: those need not
    /// lie in it. The dynamic loader, for one, points `GLIBC_TUNABLES` at a copy of its own
    /// far from the stack, and a span reaching that copy overwrote unmapped memory. Without
    /// `/proc`, each string `environ` points to is zeroed where it is.
    public static func hideEnvironment() {
        let current: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ
        guard let block = current else { return }
        var strings: [UnsafeMutablePointer<CChar>] = []
        var entries: [(name: String, value: String)] = []
        var index = 0
        while let entry = block[index] {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                entries.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
            }
            strings.append(entry)
            index += 1
        }
        // clearenv drops the array without freeing the stack strings; setenv then
        // allocates each variable anew on the heap.
        _ = clearenv()
        for (name, value) in entries { _ = setenv(name, value, 1) }
        if let range = startingEnvironmentBlock(), let start = UnsafeMutableRawPointer(bitPattern: range.lowerBound) {
            memset(start, 0, range.count)
        } else {
            for entry in strings { memset(entry, 0, strlen(entry)) }
        }
    }

    /// Where the kernel placed this process's starting environment strings: fields 50
    /// and 51 (`env_start`, `env_end`) of `/proc/self/stat`, counted after the command
    /// name's closing parenthesis (a name may hold spaces and parentheses). Nil when
    /// `/proc` does not say.
    static func startingEnvironmentBlock() -> Range<UInt>? {
        guard let stat = try? FileSystem.readFile("/proc/self/stat"),
            let close = stat.lastIndex(of: UInt8(ascii: ")"))
        else { return nil }
        let fields = stat[(close + 1)...].split { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") }
        // fields[0] is field 3 (the state), so field n is fields[n - 3].
        guard fields.count > 48,
            let start = UInt(String(decoding: fields[47], as: UTF8.self)),
            let end = UInt(String(decoding: fields[48], as: UTF8.self)),
            start > 0, end > start
        else { return nil }
        return start..<end
    }

    /// Marks the process non-dumpable (`prctl(PR_SET_DUMPABLE, 0)`).
    /// - Returns: false when the kernel refused.
    @discardableResult
    public static func forbidInspection() -> Bool {
        cplatform_set_dumpable(0) == 0
    }
}
