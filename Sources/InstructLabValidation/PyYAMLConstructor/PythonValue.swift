import YAML

/// A node seen the way PyYAML's `safe_load` builds it: a scalar resolved by YAML 1.1
/// rules, a list, or a dict whose `<<` merge keys are applied and whose equal keys
/// (`yes` and `on` are both `True`) keep one value, the last.
///
/// Built one level at a time from the `Node` tree, so aliases are never expanded here.
enum PythonValue {
    case scalar(PythonScalar)
    case list([Node])
    case dict([PythonDictEntry])

    /// The value `node` constructs into.
    static func of(_ node: Node) throws(PythonConstructionError) -> PythonValue {
        switch node.kind {
        case .scalar(let scalar):
            do {
                return .scalar(try PythonScalar.resolve(scalar))
            } catch {
                throw PythonConstructionError(message: error.message, location: node.location)
            }
        case .sequence(let items):
            return .list(items)
        case .mapping:
            return .dict(try PythonDictEntry.entries(of: node))
        }
    }

    /// Python's `type(x).__name__`-level kind, for JSON-schema `type` checks.
    var isString: Bool {
        if case .scalar(.string) = self { return true }
        return false
    }
}

/// What PyYAML raises instead of returning a document (a `ConstructorError` or a
/// `ValueError` from a constructor), where it happened.
struct PythonConstructionError: Error, Sendable, Hashable {
    var message: String
    var location: SourceLocation
}

/// One `key: value` of a constructed dict.
struct PythonDictEntry {
    let key: PythonScalar
    let keyNode: Node
    let value: Node

    /// The entries of a mapping node as PyYAML constructs them: merges first (later
    /// explicit keys override them), equal keys collapsed to the first key with the
    /// last value. Keys that are lists or dicts are refused, as Python cannot hash them.
    static func entries(of node: Node) throws(PythonConstructionError) -> [PythonDictEntry] {
        if let simple = stringKeyedEntries(of: node) { return simple }
        var pairs = try flattened(node, depth: 0)
        var positions: [PythonDictKey: Int] = [:]
        var result: [PythonDictEntry] = []
        result.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let scalar = pair.key.scalar else {
                throw PythonConstructionError(
                    message: "while constructing a mapping found unhashable key", location: pair.key.location)
            }
            let key: PythonScalar
            do {
                key = try PythonScalar.resolveKey(scalar)
            } catch {
                throw PythonConstructionError(message: error.message, location: pair.key.location)
            }
            let dictKey = PythonDictKey(key)
            if let position = positions[dictKey] {
                result[position] = PythonDictEntry(key: result[position].key, keyNode: result[position].keyNode, value: pair.value)
            } else {
                positions[dictKey] = result.count
                result.append(PythonDictEntry(key: key, keyNode: pair.key, value: pair.value))
            }
        }
        pairs.removeAll()
        return result
    }

    /// The common case, without hashing: every key a string, no merge key and no key
    /// repeated (the YAML parser keeps repeated keys for leaves, as PyYAML reads them).
    private static func stringKeyedEntries(of node: Node) -> [PythonDictEntry]? {
        guard let entries = node.mapping else { return nil }
        var result: [PythonDictEntry] = []
        result.reserveCapacity(entries.count)
        var texts = DistinctTexts()
        for entry in entries {
            guard let scalar = entry.key.scalar, scalar.tag == nil, texts.insert(scalar.text) else { return nil }
            if scalar.style == .plain {
                guard PythonScalar.implicitType(of: scalar.text) == "str" else { return nil }
            }
            result.append(PythonDictEntry(key: .string(scalar.text), keyNode: entry.key, value: entry.value))
        }
        return result
    }

    /// PyYAML's `flatten_mapping`.
    private static func flattened(_ node: Node, depth: Int) throws(PythonConstructionError) -> [MappingEntry] {
        guard depth < 64, let entries = node.mapping else { return node.mapping ?? [] }
        var merged: [MappingEntry] = []
        var explicit: [MappingEntry] = []
        for entry in entries {
            guard let scalar = entry.key.scalar, scalar.style == .plain, scalar.tag == nil, scalar.text == "<<"
            else {
                explicit.append(entry)
                continue
            }
            switch entry.value.kind {
            case .mapping:
                merged += try flattened(entry.value, depth: depth + 1)
            case .sequence(let items):
                var groups: [[MappingEntry]] = []
                for item in items {
                    guard item.mapping != nil else {
                        throw PythonConstructionError(
                            message: "while constructing a mapping expected a mapping for merging, but found \(item.pythonNodeID)",
                            location: item.location)
                    }
                    groups.append(try flattened(item, depth: depth + 1))
                }
                for group in groups.reversed() { merged += group }
            case .scalar:
                throw PythonConstructionError(
                    message: "while constructing a mapping expected a mapping or list of mappings for merging, but found scalar",
                    location: entry.value.location)
            }
        }
        return merged + explicit
    }
}

/// A dict key under Python's equality: `True == 1 == 1.0`.
struct PythonDictKey: Hashable {
    private let canonical: PythonScalar

    init(_ key: PythonScalar) {
        switch key {
        case .bool(let value): canonical = .int(PythonInteger(value ? 1 : 0))
        case .float(let value) where value.isFinite && value == value.rounded() && abs(value) < 1e18:
            canonical = .int(PythonInteger(Int(value)))
        default: canonical = key
        }
    }
}

extension PythonScalar {
    /// A mapping key's value; a plain `=` key is the string "=" (PyYAML retags it).
    static func resolveKey(_ scalar: Scalar) throws(ConstructionError) -> PythonScalar {
        if scalar.style == .plain, scalar.tag == nil, scalar.text == "=" { return .string("=") }
        return try resolve(scalar)
    }
}

extension Node {
    /// PyYAML's node id, for its messages.
    var pythonNodeID: String {
        switch kind {
        case .scalar: "scalar"
        case .sequence: "sequence"
        case .mapping: "mapping"
        }
    }
}
