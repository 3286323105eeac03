/// Replaces every occurrence of a job's secret values in a line of output with `***`, so a
/// secret passed to a stage never reaches its log or the events it reports.
///
/// Masking works on bytes, so a line that is not valid UTF-8 is still masked exactly. A
/// secret value holding a line break cannot be matched within one line; secrets are expected
/// to be single-line tokens.
public struct SecretMasker: Sendable {
    /// What a secret's value is replaced with.
    public static let replacement: [UInt8] = Array("***".utf8)

    /// Secret values as bytes, longest first, so a secret that contains another is masked
    /// whole rather than leaving part of it visible.
    private let secrets: [[UInt8]]

    /// The length in bytes of the longest secret value (0 when there are none).
    public var longestSecretLength: Int { secrets.first?.count ?? 0 }

    /// - Parameter secretValues: the values to hide; empty values are ignored (there is
    ///   nothing to hide).
    public init(secretValues: some Sequence<String>) {
        self.secrets = Set(secretValues.filter { !$0.isEmpty })
            .map { Array($0.utf8) }
            .sorted {
                $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1)
            }
    }

    /// `line` with every secret value replaced by `***`, scanning left to right.
    public func mask(_ line: [UInt8]) -> [UInt8] {
        guard !secrets.isEmpty else { return line }
        var masked: [UInt8] = []
        masked.reserveCapacity(line.count)
        var position = 0
        scan: while position < line.count {
            for secret in secrets where Self.line(line, containsAt: position, secret) {
                masked.append(contentsOf: Self.replacement)
                position += secret.count
                continue scan
            }
            masked.append(line[position])
            position += 1
        }
        return masked
    }

    /// The string form of ``mask(_:)-([UInt8])``.
    public func mask(_ line: String) -> String {
        String(decoding: mask(Array(line.utf8)), as: UTF8.self)
    }

    /// A position at or before `limit` where `bytes` can be cut in two without splitting a
    /// secret value that starts before the cut. Used when a stage prints a line too long to
    /// hold: the two pieces are then masked separately and still hide every secret.
    ///
    /// Every secret occurrence starting before `limit` must lie wholly in `bytes`
    /// (`bytes.count >= limit + longestSecretLength`), or it cannot be seen.
    func safeCut(in bytes: [UInt8], before limit: Int) -> Int {
        var cut = min(limit, bytes.count)
        var moved = true
        while moved {
            moved = false
            for secret in secrets {
                let earliestStraddlingStart = max(0, cut - secret.count + 1)
                for start in earliestStraddlingStart..<cut
                where Self.line(bytes, containsAt: start, secret) {
                    cut = start
                    moved = true
                    break
                }
            }
        }
        return cut
    }

    /// The length of the longest secret value found at `position` in `bytes`, if any.
    func lengthOfSecret(at position: Int, in bytes: [UInt8]) -> Int? {
        secrets.first { Self.line(bytes, containsAt: position, $0) }?.count
    }

    private static func line(_ line: [UInt8], containsAt position: Int, _ secret: [UInt8]) -> Bool {
        guard position + secret.count <= line.count else { return false }
        return line[position..<(position + secret.count)].elementsEqual(secret)
    }
}
