import CLibYAML

/// Turns libyaml's event stream into a `Node` tree, enforcing depth and expanded-size
/// limits, rejecting undefined aliases, and duplicate keys as `DuplicateKeys` says.
struct TreeBuilder {
    /// A sequence or mapping being built. Mutated in place on the stack, so appending a
    /// child never copies its siblings (a mapping of n keys costs O(n), not O(n²)).
    private struct Frame {
        let isMapping: Bool
        let location: SourceLocation
        let anchor: String?
        var items: [Node] = []
        var entries: [MappingEntry] = []
        var pendingKey: Node?
        var seenKeys: [String: SourceLocation] = [:]
    }

    private let file: String
    private let limits: YAMLLimits
    private let duplicateKeys: DuplicateKeys
    private var stack: [Frame] = []
    private var anchors: [String: Node] = [:]
    private var anchorsBeingBuilt: Set<String> = []
    private var expandedNodes = 0
    private var documents = 0
    private(set) var root: Node?

    init(file: String, limits: YAMLLimits, duplicateKeys: DuplicateKeys = .refused) {
        self.file = file
        self.limits = limits
        self.duplicateKeys = duplicateKeys
    }

    /// Takes one event; returns the problem that stops parsing, if any.
    mutating func consume(_ event: yaml_event_t) -> Diagnostic? {
        let location = SourceLocation(
            file: file, line: event.start_mark.line + 1, column: event.start_mark.column + 1)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                return Diagnostic(at: location, "expected a single YAML document, found another")
            }
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = Self.string(data.value, length: data.length)
            let scalar = Scalar(
                text: text, style: Self.style(data.style), tag: data.tag.map { String(cString: $0) })
            return add(
                Node(.scalar(scalar), at: location), anchor: data.anchor.map { String(cString: $0) },
                newNodes: 1)
        case YAML_ALIAS_EVENT:
            let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
            guard let node = anchors[name] else {
                let reason = anchorsBeingBuilt.contains(name)
                    ? "alias *\(name) refers to a node that contains it"
                    : "alias *\(name) refers to an undefined anchor"
                return Diagnostic(at: location, reason)
            }
            return add(node, anchor: nil, newNodes: node.expandedSize)
        case YAML_SEQUENCE_START_EVENT:
            let anchor = event.data.sequence_start.anchor.map { String(cString: $0) }
            return push(Frame(isMapping: false, location: location, anchor: anchor), at: location)
        case YAML_MAPPING_START_EVENT:
            let anchor = event.data.mapping_start.anchor.map { String(cString: $0) }
            return push(Frame(isMapping: true, location: location, anchor: anchor), at: location)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            return pop()
        default:
            break
        }
        return nil
    }

    private mutating func push(_ frame: Frame, at location: SourceLocation) -> Diagnostic? {
        guard stack.count < limits.maxDepth else {
            return Diagnostic(at: location, "nesting is deeper than the limit of \(limits.maxDepth) levels")
        }
        if let anchor = frame.anchor { anchorsBeingBuilt.insert(anchor) }
        stack.append(frame)
        return nil
    }

    private mutating func pop() -> Diagnostic? {
        guard let frame = stack.popLast() else { return nil }
        let kind: Node.Kind = frame.isMapping ? .mapping(frame.entries) : .sequence(frame.items)
        return add(Node(kind, at: frame.location), anchor: frame.anchor, newNodes: 1)
    }

    /// Adds a finished node to its parent. `newNodes` is what it adds to the expanded
    /// document: 1 for a scalar or a container (its children were counted as they came),
    /// the whole subtree for an alias.
    private mutating func add(_ node: Node, anchor: String?, newNodes: Int) -> Diagnostic? {
        expandedNodes += newNodes
        if expandedNodes > limits.maxNodes {
            return Diagnostic(
                at: node.location,
                "document expands to more than \(limits.maxNodes) nodes (an alias repeated without end, as in a \"billion laughs\" document?); refused"
            )
        }
        if let anchor {
            anchors[anchor] = node
            anchorsBeingBuilt.remove(anchor)
        }
        guard !stack.isEmpty else {
            root = node
            return nil
        }
        let top = stack.count - 1
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            return nil
        }
        if let key = stack[top].pendingKey {
            stack[top].entries.append(MappingEntry(key: key, value: node))
            stack[top].pendingKey = nil
            return nil
        }
        if duplicateKeys != .kept, let text = node.scalar?.text {
            if let first = stack[top].seenKeys[text] {
                guard duplicateKeys == .lastWins else {
                    return Diagnostic(
                        at: node.location,
                        "duplicate key \"\(text)\" (first defined at line \(first.line), column \(first.column))")
                }
                stack[top].entries.removeAll { $0.key.scalar?.text == text }
            }
            stack[top].seenKeys[text] = node.location
        }
        stack[top].pendingKey = node
        return nil
    }

    static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int) -> String {
        guard let pointer else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    static func style(_ style: yaml_scalar_style_t) -> Scalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }
}
