import Platform

/// The root digest of a build: one SHA-256 that covers every published file.
///
/// It is the SHA-256 of the lines `"<sha256>  <path>\n"` (lower-case hex digest, two
/// spaces, the path relative to `files/`), one per file, sorted by path in byte order —
/// exactly what `sha256sum` prints, so from inside `files/` it can be checked with
///
///     find . -type f | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum | sha256sum
///
/// Paths holding a newline or a backslash are refused at publish time, so `sha256sum`
/// never escapes one.
public enum RootDigest {
    /// The root digest of `files` (any order).
    public static func compute(_ files: [Manifest.File]) -> String {
        let lines = files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
            .map { "\($0.sha256)  \($0.path)\n" }.joined()
        return SHA256Digest.hex(Array(lines.utf8))
    }
}
