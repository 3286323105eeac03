import YAML

/// One way a leaf breaks its schema, worded as jsonschema words it, at the value's key
/// path (`.seed_examples[2]`) and where that value sits in the file.
struct SchemaViolation: Sendable, Hashable {
    var path: KeyPath
    var location: SourceLocation
    var message: String
}

/// Checks a constructed document against a `LeafSchema` the way jsonschema's
/// `iter_errors` does: every error, in jsonschema's order, with its messages —
/// except `minItems`, which InstructLab rewords as "Value must have at least N items".
struct SchemaValidator {
    let schema: LeafSchema
    private(set) var violations: [SchemaViolation] = []

    init(schema: LeafSchema) {
        self.schema = schema
    }

    mutating func validate(root: Node, entries: [PythonDictEntry]) {
        let path = KeyPath()
        if schema.requiresVersion, value(of: "version", in: entries) == nil {
            report("'version' is a required property", at: root.location, path: path)
        }
        if let version = value(of: "version", in: entries) {
            checkVersion(version, path: path.appending("version"))
        }
        validateObject(schema.root, root, entries: entries, path: path, evaluatedExtra: ["version"])
    }

    /// InstructLab keeps the last 200 characters of jsonschema's messages.
    static let messageLimit = 200

    private mutating func report(_ message: String, at location: SourceLocation, path: KeyPath) {
        let scalars = message.unicodeScalars
        let kept =
            scalars.count > Self.messageLimit
            ? String(String.UnicodeScalarView(scalars.suffix(Self.messageLimit))) : message
        violations.append(SchemaViolation(path: path, location: location, message: kept))
    }

    private func value(of key: String, in entries: [PythonDictEntry]) -> Node? {
        entries.first { $0.key == .string(key) }?.value
    }

    /// `version.json`: `type: integer` (integral floats count) and `const: N`.
    private mutating func checkVersion(_ node: Node, path: KeyPath) {
        guard let value = try? PythonValue.of(node) else { return }
        var matches = false
        switch value {
        case .scalar(.int(let integer)):
            matches = integer == PythonInteger(schema.version)
        case .scalar(.float(let float)) where float.isFinite && float == float.rounded():
            matches = float == Double(schema.version)
        default:
            report("\(PythonRepr.of(node)) is not of type 'integer'", at: node.location, path: path)
        }
        if !matches { report("\(schema.version) was expected", at: node.location, path: path) }
    }

    private mutating func validate(_ rule: SchemaRule, _ node: Node, path: KeyPath) {
        guard let value = try? PythonValue.of(node) else { return }
        switch rule {
        case .string(let minLength):
            guard case .scalar(.string(let text)) = value else {
                report("\(PythonRepr.of(node)) is not of type 'string'", at: node.location, path: path)
                return
            }
            // Counting only up to the bound keeps huge strings (or many aliases of one) cheap.
            if minLength > 0, text.unicodeScalars.prefix(minLength).count < minLength {
                let wording = minLength == 1 ? "should be non-empty" : "is too short"
                report("\(PythonRepr.string(text)) \(wording)", at: node.location, path: path)
            }
        case .array(let array):
            guard case .list(let items) = value else {
                report("\(PythonRepr.of(node)) is not of type 'array'", at: node.location, path: path)
                return
            }
            if items.count < array.minItems {
                report("Value must have at least \(array.minItems) items", at: node.location, path: path)
            }
            if array.uniqueItems, items.count > 1, !PythonEquality.allUnique(items) {
                report("\(PythonRepr.of(node)) has non-unique elements", at: node.location, path: path)
            }
            for (index, item) in items.enumerated() {
                validate(array.items, item, path: path.appending(index: index))
            }
        case .object(let object):
            guard case .dict(let entries) = value else {
                report("\(PythonRepr.of(node)) is not of type 'object'", at: node.location, path: path)
                return
            }
            validateObject(object, node, entries: entries, path: path, evaluatedExtra: [])
        }
    }

    /// `required`, then `unevaluatedProperties`, then each property in schema order.
    private mutating func validateObject(
        _ object: ObjectSchema, _ node: Node, entries: [PythonDictEntry], path: KeyPath, evaluatedExtra: [String]
    ) {
        for key in object.required where value(of: key, in: entries) == nil {
            report("\(PythonRepr.string(key)) is a required property", at: node.location, path: path)
        }
        if object.isClosed {
            let unexpected = entries.filter { entry in
                if case .string(let key) = entry.key {
                    return !evaluatedExtra.contains(key) && !object.properties.contains { $0.name == key }
                }
                return true
            }
            if let first = unexpected.min(by: { $0.keyNode.location < $1.keyNode.location }) {
                // jsonschema sorts the keys by str() before listing them.
                let names = unexpected.map { (sortKey: Self.pythonStr($0.key), repr: PythonRepr.of($0.key)) }
                    .sorted { Self.pythonLess($0.sortKey, $1.sortKey) }
                    .map(\.repr)
                let verb = names.count == 1 ? "was" : "were"
                report(
                    "Unevaluated properties are not allowed (\(names.joined(separator: ", ")) \(verb) unexpected)",
                    at: first.keyNode.location, path: path)
            }
        }
        for (name, rule) in object.properties {
            if let child = value(of: name, in: entries) {
                validate(rule, child, path: path.appending(name))
            }
        }
    }

    /// Python's `str()` of a key, for sorting as jsonschema does.
    private static func pythonStr(_ key: PythonScalar) -> String {
        if case .string(let text) = key { return text }
        if case .timestamp(let repr) = key { return repr }
        return PythonRepr.of(key)
    }

    /// Python compares strings by code point.
    private static func pythonLess(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }
}
