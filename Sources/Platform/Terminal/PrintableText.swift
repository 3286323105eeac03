/// Untrusted text made safe to print on one line of a terminal or a log: a name from a
/// contributor's git tree, a commit subject, a stage's progress message. Control
/// characters (C0, DEL, C1) and the Unicode controls that reorder or hide text (bidi
/// overrides and isolates, zero-width joiners aside) are written as escapes, so such
/// text can neither start a line of its own (a forged `run succeeded`) nor move the
/// cursor, recolour the screen or reverse what follows.
public enum PrintableText {
    /// `text` with every control character escaped: `\n`, `\r`, `\t`, `\\` stays as is,
    /// anything else as `\u{…}`. Text with nothing to escape is returned unchanged.
    public static func escaping(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                escaped.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default: escaped += "\\u{" + String(scalar.value, radix: 16) + "}"
            }
        }
        return escaped
    }

    /// Whether `text` holds a character `escaping` would rewrite.
    public static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: needsEscape)
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1f, 0x7f...0x9f: true
        // Bidi embeddings and overrides, isolates, and the line and paragraph separators.
        case 0x202a...0x202e, 0x2066...0x2069, 0x2028, 0x2029: true
        default: false
        }
    }
}
