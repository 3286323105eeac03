/// Reads a node tree into Swift values, collecting **every** problem as a `Diagnostic`
/// instead of stopping at the first, so a person sees all of them at once.
///
/// Each reader returns `nil` after recording why the node did not fit; callers go on.
public final class NodeReader {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    /// Whether any error (not warning) was recorded.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Records an error about `node`.
    public func error(_ message: String, at node: Node, path: KeyPath) {
        diagnostics.append(Diagnostic(.error, at: node.location, path: path, message))
    }

    /// Records an error at a location that is not a node's start.
    public func error(_ message: String, at location: SourceLocation, path: KeyPath) {
        diagnostics.append(Diagnostic(.error, at: location, path: path, message))
    }

    /// Records a warning about `node`.
    public func warning(_ message: String, at node: Node, path: KeyPath) {
        diagnostics.append(Diagnostic(.warning, at: node.location, path: path, message))
    }

    // MARK: Scalars

    /// A scalar's text, quoted or not (`42` reads as "42"); not null, a list or a mapping.
    public func string(_ node: Node, at path: KeyPath) -> String? {
        guard let scalar = node.scalar, !scalar.isNull else {
            return mismatch("a string", node, path)
        }
        return scalar.text
    }

    /// A non-empty string.
    public func nonEmptyString(_ node: Node, at path: KeyPath) -> String? {
        guard let text = string(node, at: path) else { return nil }
        guard !text.trimmingWhitespace().isEmpty else {
            error("must not be empty", at: node, path: path)
            return nil
        }
        return text
    }

    /// An integer, optionally within `range`.
    public func integer(_ node: Node, at path: KeyPath, in range: ClosedRange<Int>? = nil) -> Int? {
        guard let value = node.scalar?.integer else { return mismatch("an integer", node, path) }
        if let range, !range.contains(value) {
            error("\(value) is out of range \(range.describedForHumans)", at: node, path: path)
            return nil
        }
        return value
    }

    /// A number (integers included).
    public func number(_ node: Node, at path: KeyPath) -> Double? {
        guard let value = node.scalar?.number, value.isFinite else {
            return mismatch("a number", node, path)
        }
        return value
    }

    /// `true` or `false`.
    public func bool(_ node: Node, at path: KeyPath) -> Bool? {
        guard let value = node.scalar?.bool else { return mismatch("true or false", node, path) }
        return value
    }

    // MARK: Collections

    /// A sequence's items.
    public func list(_ node: Node, at path: KeyPath) -> [Node]? {
        guard let items = node.sequence else { return mismatch("a list", node, path) }
        return items
    }

    /// A list of strings; a single string is accepted as a one-item list when
    /// `acceptingSingle` is set (`needs: validate`).
    public func stringList(_ node: Node, at path: KeyPath, acceptingSingle: Bool = false) -> [String]? {
        if acceptingSingle, node.scalar != nil, node.scalar?.isNull == false {
            return string(node, at: path).map { [$0] }
        }
        guard let items = list(node, at: path) else { return nil }
        var strings: [String] = []
        for (index, item) in items.enumerated() {
            if let text = string(item, at: path.appending(index: index)) { strings.append(text) }
        }
        return strings.count == items.count ? strings : nil
    }

    /// A mapping whose keys are all in `allowed` (unknown keys are errors, with a
    /// did-you-mean) and that has every key in `required`.
    public func mapping(
        _ node: Node, at path: KeyPath, allowed: [String]? = nil, required: [String] = []
    ) -> MappingView? {
        guard let entries = node.mapping else { return mismatch("a mapping", node, path) }
        var view = MappingView(node: node, path: path)
        for entry in entries {
            guard let key = entry.key.scalar?.text, entry.key.scalar?.isNull == false else {
                error("keys must be strings, found \(entry.key.kindDescription)", at: entry.key, path: path)
                continue
            }
            if let allowed, !allowed.contains(key) {
                error(
                    "unknown key \"\(key)\"\(Suggestion.didYouMean(key, among: allowed))",
                    at: entry.key, path: path)
                continue
            }
            view.append(key: key, keyNode: entry.key, value: entry.value)
        }
        for key in required where view[key] == nil {
            error("missing required key \"\(key)\"", at: node, path: path)
        }
        return view
    }

    private func mismatch<T>(_ expected: String, _ node: Node, _ path: KeyPath) -> T? {
        error("expected \(expected), found \(node.kindDescription)", at: node, path: path)
        return nil
    }
}

/// A mapping's entries by key, with the path of each value for messages.
public struct MappingView: Sendable {
    public let node: Node
    public let path: KeyPath
    /// Keys in document order.
    public private(set) var keys: [String] = []
    private var values: [String: (key: Node, value: Node)] = [:]

    init(node: Node, path: KeyPath) {
        self.node = node
        self.path = path
    }

    mutating func append(key: String, keyNode: Node, value: Node) {
        keys.append(key)
        values[key] = (keyNode, value)
    }

    /// The value under `key`.
    public subscript(key: String) -> Node? { values[key]?.value }

    /// The node of the key itself, for messages about the key.
    public func keyNode(_ key: String) -> Node? { values[key]?.key }

    /// The path of the value under `key`.
    public func path(_ key: String) -> KeyPath { path.appending(key) }
}

extension String {
    func trimmingWhitespace() -> Substring {
        let trimmed = drop { $0.isWhitespace }
        return trimmed.dropLast(trimmed.reversed().prefix { $0.isWhitespace }.count)
    }
}

extension ClosedRange<Int> {
    var describedForHumans: String {
        upperBound == Int.max ? "(at least \(lowerBound))" : "\(lowerBound)…\(upperBound)"
    }
}
