/// Quoting for the POSIX shell, used to write batch scripts and to show commands.
enum ShellQuoting {
    /// `text` in single quotes, each `'` in it written as `'\''`: the shell reads it back
    /// byte for byte, with no expansion.
    static func quote(_ text: String) -> String {
        "'" + text.replacing("'", with: "'\\''") + "'"
    }

    /// `text` as it is when it holds only characters the shell never interprets, quoted
    /// otherwise.
    static func quoteIfNeeded(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || "-_./=:,+@%".unicodeScalars.contains(scalar))
        }
        return plain ? text : quote(text)
    }
}
