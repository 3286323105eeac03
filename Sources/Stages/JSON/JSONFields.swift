import StageProtocol

/// What is wrong with a JSON document's shape: where (`messages[2].role`) and why.
struct JSONShapeError: Error, Sendable, Equatable {
    var keyPath: String
    var reason: String

    var description: String { keyPath.isEmpty ? reason : "\(keyPath): \(reason)" }
}

/// Typed reading of one parsed JSON object, naming the key path in every error, so a
/// malformed line in a dataset says which field is wrong and how.
struct JSONFields {
    private let members: Members
    let keyPath: String

    /// An object's members: all of them, or only those a record shape names (read by
    /// ``JSONReader/members(_:of:)``, without a dictionary: a line of a dataset or model).
    private enum Members {
        case all([String: JSONValue])
        case named(JSONKeys, [JSONValue?])
    }

    /// Parses `bytes` as one JSON object (``JSONReader``), keeping every member, or only
    /// the members `keys` names when given: reading another key then is a mistake of the
    /// caller's, which reads it as missing.
    init(parsing bytes: some Collection<UInt8>, keys: JSONKeys? = nil) throws(JSONShapeError) {
        let members: Members?
        do throws(JSONReadError) {
            if let keys {
                members = try JSONReader.members(keys, of: bytes).map { .named(keys, $0) }
            } else if case .object(let object) = try JSONReader.value(bytes) {
                members = .all(object)
            } else {
                members = nil
            }
        } catch {
            throw JSONShapeError(keyPath: "", reason: "not valid JSON (\(error))")
        }
        guard let members else { throw JSONShapeError(keyPath: "", reason: "expected a JSON object") }
        self.init(members: members, keyPath: "")
    }

    init(object: [String: JSONValue], keyPath: String) {
        self.init(members: .all(object), keyPath: keyPath)
    }

    private init(members: Members, keyPath: String) {
        self.members = members
        self.keyPath = keyPath
    }

    private subscript(key: String) -> JSONValue? {
        switch members {
        case .all(let object): return object[key]
        case .named(let keys, let slots):
            guard let slot = keys.names.firstIndex(of: key) else {
                assertionFailure("\(key) is not among the keys read: \(keys.names)")
                return nil
            }
            return slots[slot]
        }
    }

    private func path(_ key: String) -> String { keyPath.isEmpty ? key : "\(keyPath).\(key)" }

    private func required(_ key: String) throws(JSONShapeError) -> JSONValue {
        guard let value = self[key], value != .null else {
            throw JSONShapeError(keyPath: path(key), reason: "missing")
        }
        return value
    }

    func string(_ key: String) throws(JSONShapeError) -> String {
        guard case .string(let value) = try required(key) else {
            throw JSONShapeError(keyPath: path(key), reason: "expected a string")
        }
        return value
    }

    func optionalString(_ key: String) throws(JSONShapeError) -> String? {
        guard let value = self[key], value != .null else { return nil }
        guard case .string(let string) = value else {
            throw JSONShapeError(keyPath: path(key), reason: "expected a string or null")
        }
        return string
    }

    /// An integer, also when written with a fraction or exponent that leaves it whole (`3.0`).
    func integer(_ key: String) throws(JSONShapeError) -> Int {
        switch try required(key) {
        case .integer(let integer): return integer
        case .number(let number):
            if let integer = Int(exactly: number) { return integer }
        default: break
        }
        throw JSONShapeError(keyPath: path(key), reason: "expected an integer")
    }

    func number(_ key: String) throws(JSONShapeError) -> Double {
        guard let number = try required(key).numberValue else {
            throw JSONShapeError(keyPath: path(key), reason: "expected a number")
        }
        return number
    }

    func strings(_ key: String) throws(JSONShapeError) -> [String] {
        guard case .array(let value) = try required(key) else {
            throw JSONShapeError(keyPath: path(key), reason: "expected an array of strings")
        }
        var result: [String] = []
        result.reserveCapacity(value.count)
        for (index, element) in value.enumerated() {
            guard case .string(let string) = element else {
                throw JSONShapeError(keyPath: "\(path(key))[\(index)]", reason: "expected a string")
            }
            result.append(string)
        }
        return result
    }

    func object(_ key: String) throws(JSONShapeError) -> JSONFields {
        guard case .object(let value) = try required(key) else {
            throw JSONShapeError(keyPath: path(key), reason: "expected an object")
        }
        return JSONFields(object: value, keyPath: path(key))
    }

    /// Whether `key` is present and holds an object.
    func holdsObject(_ key: String) -> Bool {
        if case .object = self[key] { return true }
        return false
    }

    func objects(_ key: String) throws(JSONShapeError) -> [JSONFields] {
        guard case .array(let value) = try required(key) else {
            throw JSONShapeError(keyPath: path(key), reason: "expected an array of objects")
        }
        var result: [JSONFields] = []
        result.reserveCapacity(value.count)
        for (index, element) in value.enumerated() {
            guard case .object(let object) = element else {
                throw JSONShapeError(keyPath: "\(path(key))[\(index)]", reason: "expected an object")
            }
            result.append(JSONFields(object: object, keyPath: "\(path(key))[\(index)]"))
        }
        return result
    }

    /// A field holding a JSON object encoded as a string (InstructLab's `metadata`), with
    /// only the members `keys` names when given (``init(parsing:keys:)``).
    func embeddedObject(_ key: String, keys: JSONKeys? = nil) throws(JSONShapeError) -> JSONFields {
        let text = try string(key)
        do {
            let inner = try JSONFields(parsing: text.utf8, keys: keys)
            return JSONFields(members: inner.members, keyPath: path(key))
        } catch {
            throw JSONShapeError(keyPath: path(key), reason: "expected a JSON object encoded as a string: \(error.reason)")
        }
    }
}
