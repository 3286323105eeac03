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
    public mutating func append(_ chunk: some Sequence<UInt8>) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        for byte in chunk {
            if byte == UInt8(ascii: "\n") {
                lines.append(masker.mask(pending))
                pending.removeAll(keepingCapacity: true)
            } else {
                pending.append(byte)
                // Wait for enough bytes past the limit that any secret starting before it is
                // wholly visible, then cut where no secret is split.
                if pending.count >= maximumLineLength + masker.longestSecretLength {
                    lines.append(cutOverlongLine())
                }
            }
        }
        return lines
    }

    /// The last line if the output did not end with `\n`, masked; nil when nothing is left.
    public mutating func finish() -> [UInt8]? {
        guard !pending.isEmpty else { return nil }
        defer { pending.removeAll() }
        return masker.mask(pending)
    }

    private mutating func cutOverlongLine() -> [UInt8] {
        var cut = masker.safeCut(in: pending, before: maximumLineLength)
        if cut == 0 {
            // Only a secret longer than the line limit can start at 0 and straddle it.
            cut = maximumLineLength
        }
        let piece = masker.mask(Array(pending[..<cut]))
        pending.removeFirst(cut)
        return piece
    }
}
