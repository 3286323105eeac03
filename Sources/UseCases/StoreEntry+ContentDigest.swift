import Platform
import Store

extension StoreEntry {
    /// The SHA-256 of the entry's content, whatever key stored it: over one line per file,
    /// `<sha256>  <path>\n` in path order (as `sha256sum` prints them). A model retrained
    /// to the same bytes has the same content digest, so stages keyed on it are reused.
    var contentDigest: String {
        let lines = files.sorted { $0.key < $1.key }.map { "\($0.value.sha256)  \($0.key)\n" }.joined()
        return SHA256Digest.hex(lines.utf8)
    }
}
