/// A label that fits a column of a drawing: long names lose their front, never their end,
/// since the end of a path (`…/science/birds]`) is what tells two rows apart.
enum PathLabel {
    /// `text` when it has at most `limit` characters, else `…` and its last `limit - 1`.
    static func keepingEnd(_ text: String, limit: Int) -> String {
        guard text.count > limit, limit > 1 else { return text }
        return "…" + text.suffix(limit - 1)
    }
}
