import CPlatform
import Glibc

/// The size of the terminal a descriptor writes to, as the kernel knows it (TIOCGWINSZ).
/// Read it again after SIGWINCH: a resized window changes it.
public struct TerminalSize: Sendable, Hashable {
    /// Character cells per row.
    public var columns: Int
    /// Rows on the screen.
    public var rows: Int

    /// A size, for tests and for a terminal that does not report one.
    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }

    /// The size of the terminal on `descriptor`, or nil when it is not a terminal or
    /// reports no size (a zero width, as some serial consoles do).
    public static func of(descriptor: Int32) -> TerminalSize? {
        var columns: UInt16 = 0
        var rows: UInt16 = 0
        guard cplatform_terminal_size(descriptor, &columns, &rows) == 0, columns > 0 else { return nil }
        return TerminalSize(columns: Int(columns), rows: Int(rows))
    }

    /// Whether `descriptor` is a terminal.
    public static func isTerminal(_ descriptor: Int32) -> Bool {
        isatty(descriptor) != 0
    }
}
