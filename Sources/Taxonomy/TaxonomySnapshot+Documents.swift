extension TaxonomySnapshot {
    /// The file name of the document at `index` of `count`, from its `path` in its
    /// repository: `docs/birds/chickadee.md` → `01-docs_birds_chickadee.md`.
    ///
    /// The zero-padded number keeps the leaf's order when the names are sorted, keeps
    /// apart two paths made alike, and means no name is hidden or `..`. Anything but
    /// ASCII letters, digits, `.`, `-` and `_` becomes `_`, and a long path keeps its
    /// end, so the name stays within what file systems accept.
    public static func documentFileName(at index: Int, of count: Int, path: String) -> String {
        let number = String(index + 1)
        let width = max(2, String(count).count)
        let padded = String(repeating: "0", count: max(0, width - number.count)) + number
        let safe = String(path.unicodeScalars.map { isSafe($0) ? Character($0) : "_" })
        return padded + "-" + safe.suffix(maxDocumentNameLength)
    }

    private static func isSafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", ".", "-", "_": true
        default: false
        }
    }

    /// Below the usual 255-byte limit of a file name, leaving room for the number.
    private static let maxDocumentNameLength = 200
}
