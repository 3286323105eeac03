import Glibc

/// Whether the standard streams are terminals, for output that redraws itself only there.
public enum Terminal {
    /// Whether standard output is a terminal (`isatty(1)`).
    public static var isStandardOutput: Bool { isatty(STDOUT_FILENO) == 1 }
    /// Whether standard error is a terminal (`isatty(2)`).
    public static var isStandardError: Bool { isatty(STDERR_FILENO) == 1 }
}
