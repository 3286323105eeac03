extension TaxonomyLeaf {
    /// The largest `qna.yaml` modelbuild reads or accepts: 2 MiB, far beyond any real
    /// leaf (the public taxonomy's largest are under 100 KiB). The tree scan, the leaf
    /// reader and the validator all refuse a larger file with `tooLargeMessage`, so a leaf
    /// is either read and validated or refused with that one message, on every path.
    public static let maxFileBytes = 2 * 1024 * 1024

    /// Why a `qna.yaml` of `size` bytes is refused under `limit`.
    static func tooLargeMessage(size: Int, limit: Int) -> String {
        "The file is \(size) bytes, over the limit of \(limit) bytes for a taxonomy leaf; refused without parsing"
    }
}
