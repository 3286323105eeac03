/// How InstructLab lays out a taxonomy: what a leaf's file is called, what sits beside
/// it, which folders hold leaves, and how large a leaf may be. The tree scan, the leaf
/// reader, the validator and the built-in stages all read these, so they agree.
public enum TaxonomyLayout {
    /// The name of a leaf's file.
    public static let leafFileName = "qna.yaml"
    /// The file a leaf of schema version 2 or later needs beside `qna.yaml`.
    public static let attributionFileName = "attribution.txt"
    /// The taxonomy folders holding leaves when a project names none, as InstructLab's
    /// taxonomy lays them out.
    public static let defaultFolders = ["compositional_skills", "knowledge"]
    /// In a build's snapshot of the taxonomy (not in the taxonomy itself), the folder
    /// under a knowledge leaf's folder that holds its fetched documents.
    public static let snapshotDocumentsFolderName = "documents"

    /// The largest `qna.yaml` modelbuild reads or accepts: 2 MiB, far beyond any real
    /// leaf (the public taxonomy's largest are under 100 KiB). The tree scan, the leaf
    /// reader and the validator all refuse a larger file with `tooLargeMessage`, so a leaf
    /// is either read and validated or refused with that one message, on every path.
    public static let maxLeafBytes = 2 * 1024 * 1024

    /// Why a `qna.yaml` of `size` bytes is refused under `limit`.
    public static func tooLargeMessage(size: Int, limit: Int) -> String {
        "The file is \(size) bytes, over the limit of \(limit) bytes for a taxonomy leaf; refused without parsing"
    }
}
