import Platform

/// Turns the chunks read from a stage's output pipe into whole lines with its secrets masked.
///
/// Pipes deliver bytes in arbitrary chunks, so a line (and a secret in it) can arrive split
/// across two reads; masking only whole lines hides such a secret too. A line is what ends in
/// `\n` (the `\n` is not part of it); ``finish()`` hands out a last line without one. A line
/// longer than `maximumLineLength` is cut into pieces, never inside a secret.
public struct MaskedLineSplitter: Sendable {
    /// The default longest line held in memory before it is cut: 1 MiB.
    public static let defaultMaximumLineLength = 1 << 20

    private let masker: SecretMasker
    private let maximumLineLength: Int
    private var pending: [UInt8] = []

    public init(masker: SecretMasker, maximumLineLength: Int = defaultMaximumLineLength) {
        self.masker = masker
        self.maximumLineLength = max(1, maximumLineLength)
    }

    /// Takes the next chunk of output and returns the lines it completes, masked.
    public mutating func append(_ chunk: UnsafeRawBufferPointer) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        guard chunk.baseAddress != nil else { return lines }
        var start = 0
        while let end = ByteSearch.firstIndex(of: UInt8(ascii: "\n"), in: chunk, from: start) {
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start..<end]))
            cutWhileOverlong(into: &lines)
            lines.append(masker.mask(pending))
            pending.removeAll(keepingCapacity: true)
            start = end + 1
        }
        pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start...]))
        cutWhileOverlong(into: &lines)
        return lines
    }

    /// Takes the next chunk of output and returns the lines it completes, masked.
    public mutating func append(_ chunk: [UInt8]) -> [[UInt8]] {
        chunk.withUnsafeBytes { append($0) }
    }

    /// The last line if the output did not end with `\n`, masked; nil when nothing is left.
    public mutating func finish() -> [UInt8]? {
        guard !pending.isEmpty else { return nil }
        defer { pending.removeAll() }
        return masker.mask(pending)
    }

    /// Cuts pieces off a line too long to hold. It waits for enough bytes past the limit
    /// that any secret starting before the limit is wholly visible, then cuts where no
    /// secret is split.
    private mutating func cutWhileOverlong(into lines: inout [[UInt8]]) {
        while pending.count >= maximumLineLength + masker.longestSecretLength {
            lines.append(cutOverlongLine())
        }
    }

    private mutating func cutOverlongLine() -> [UInt8] {
        var cut = masker.safeCut(in: pending, before: maximumLineLength)
        if cut == 0 {
            // A secret at the very start straddles every earlier cut (it is longer than the
            // limit, or overlaps others): cut right after it, so it is masked whole.
            cut = masker.lengthOfSecret(at: 0, in: pending) ?? maximumLineLength
        }
        let piece = masker.mask(Array(pending[..<cut]))
        pending.removeFirst(cut)
        return piece
    }
}
