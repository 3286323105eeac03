/// An immutable YAML node: a scalar, a sequence or a mapping, with the place it starts.
///
/// Aliases are resolved to the anchored node itself (values share storage), so a document
/// full of aliases costs no more memory than its text; the parser bounds the size the
/// document would have if every alias were expanded (see `YAMLLimits`).
public struct Node: Sendable, Hashable {
    public let kind: Kind
    public let location: SourceLocation
    /// Nodes in this subtree with every alias expanded, this one included.
    public let expandedSize: Int

    public indirect enum Kind: Sendable, Hashable {
        case scalar(Scalar)
        case sequence([Node])
        case mapping([MappingEntry])
    }

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
        switch kind {
        case .scalar: expandedSize = 1
        case .sequence(let items): expandedSize = items.reduce(1) { $0 + $1.expandedSize }
        case .mapping(let entries):
            expandedSize = entries.reduce(1) { $0 + $1.key.expandedSize + $1.value.expandedSize }
        }
    }

    /// The scalar's text when this is a scalar.
    public var scalar: Scalar? {
        if case .scalar(let scalar) = kind { return scalar }
        return nil
    }

    /// The items when this is a sequence.
    public var sequence: [Node]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// The entries, in document order, when this is a mapping.
    public var mapping: [MappingEntry]? {
        if case .mapping(let entries) = kind { return entries }
        return nil
    }

    /// The value of the first entry whose key is the plain text `key`.
    public subscript(key: String) -> Node? {
        mapping?.first { $0.key.scalar?.text == key }?.value
    }

    /// "a string", "a list", "a mapping", for messages.
    public var kindDescription: String {
        switch kind {
        case .scalar(let scalar): scalar.kindDescription
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}

/// One `key: value` pair of a mapping.
public struct MappingEntry: Sendable, Hashable {
    public let key: Node
    public let value: Node

    public init(key: Node, value: Node) {
        self.key = key
        self.value = value
    }
}
