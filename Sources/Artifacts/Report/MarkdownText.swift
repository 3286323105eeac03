/// Text from anyone (a contributor's title, a pull request's subject) written into the
/// Markdown the project generates: model and data cards, pull-request comments.
public enum MarkdownText {
    /// `text` on one line (every line break, `\r` and U+2028 included, becomes a space),
    /// so it cannot start a line of its own: a heading, a table row, a workflow command.
    public static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// `text` as one table cell: on one line, with `|` escaped.
    public static func cell(_ text: String) -> String {
        oneLine(text).replacingOccurrences(of: "|", with: "\\|")
    }
}
