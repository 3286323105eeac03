/// Text measured and cut in terminal columns, not in characters: an East Asian wide
/// character takes two cells, a combining mark none. A line that fits its terminal's
/// width never wraps, so a live view that redraws N lines can move the cursor up N rows.
/// The text is plain (no escape sequences): style it after fitting it.
public enum TerminalLine {
    /// How many cells `text` takes.
    public static func width(_ text: some StringProtocol) -> Int {
        text.unicodeScalars.reduce(0) { $0 + cells($1) }
    }

    /// `text` cut to at most `columns` cells, ending in `…` when it was cut.
    public static func truncating(_ text: String, toColumns columns: Int) -> String {
        guard columns > 0 else { return "" }
        guard width(text) > columns else { return text }
        var kept = String.UnicodeScalarView()
        var used = 0
        for scalar in text.unicodeScalars {
            let size = cells(scalar)
            if used + size > columns - 1 { break }
            kept.append(scalar)
            used += size
        }
        return String(kept) + "…"
    }

    /// `text` cut to at most `columns` cells by replacing its middle with `…`, so both the
    /// start and the end of a long name stay readable (`generate[compositional_sk…/grounded]`).
    public static func elidingMiddle(_ text: String, toColumns columns: Int) -> String {
        guard columns > 0 else { return "" }
        guard width(text) > columns else { return text }
        guard columns > 2 else { return truncating(text, toColumns: columns) }
        let scalars = Array(text.unicodeScalars)
        let headBudget = (columns - 1 + 1) / 2
        let tailBudget = columns - 1 - headBudget
        var head = String.UnicodeScalarView()
        var used = 0
        for scalar in scalars {
            if used + cells(scalar) > headBudget { break }
            head.append(scalar)
            used += cells(scalar)
        }
        var tail: [Unicode.Scalar] = []
        used = 0
        for scalar in scalars.reversed() {
            if used + cells(scalar) > tailBudget { break }
            tail.append(scalar)
            used += cells(scalar)
        }
        var result = String(head) + "…"
        result.unicodeScalars.append(contentsOf: tail.reversed())
        return result
    }

    /// The cells one scalar takes: 0 for combining marks and zero-width characters, 2 for
    /// wide (East Asian, emoji) characters, 1 otherwise.
    static func cells(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F, 0x20D0...0x20FF: 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            2
        default: 1
        }
    }
}
