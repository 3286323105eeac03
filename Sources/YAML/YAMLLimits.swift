/// Bounds on what the parser accepts, so hostile input costs little: a huge file, deep
/// nesting, or a "billion laughs" document whose aliases would expand without end are
/// refused with an error before they cost memory or time.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest document, in bytes.
    public var maxBytes: Int
    /// Deepest nesting of sequences and mappings.
    public var maxDepth: Int
    /// Most nodes the document may hold with every alias expanded.
    public var maxNodes: Int

    public init(maxBytes: Int, maxDepth: Int, maxNodes: Int) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
    }

    /// Generous for configuration and taxonomy files; tight enough for hostile input.
    public static let standard = YAMLLimits(
        maxBytes: 8 * 1024 * 1024, maxDepth: 64, maxNodes: 1_000_000)
}
