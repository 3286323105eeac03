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
    let object: [String: JSONValue]
    let keyPath: String

    /// Parses `bytes` as one JSON object (``JSONReader``).
    init(parsing bytes: some Collection<UInt8>) throws(JSONShapeError) {
        let parsed: JSONValue
        do {
            parsed = try JSONReader.value(bytes)
        } catch {
            throw JSONShapeError(keyPath: "", reason: "not valid JSON (\(error))")
        }
        guard case .object(let object) = parsed else {
            throw JSONShapeError(keyPath: "", reason: "expected a JSON object")
        }
        self.init(object: object, keyPath: "")
    }

    init(object: [String: JSONValue], keyPath: String) {
        self.object = object
        self.keyPath = keyPath
    }

    private func path(_ key: String) -> String { keyPath.isEmpty ? key : "\(keyPath).\(key)" }

    private func required(_ key: String) throws(JSONShapeError) -> JSONValue {
        guard let value = object[key], value != .null else {
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
        guard let value = object[key], value != .null else { return nil }
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
        switch try required(key) {
        case .integer(let integer): return Double(integer)
        case .number(let number): return number
        default: throw JSONShapeError(keyPath: path(key), reason: "expected a number")
        }
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
        if case .object = object[key] { return true }
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

    /// A field holding a JSON object encoded as a string (InstructLab's `metadata`).
    func embeddedObject(_ key: String) throws(JSONShapeError) -> JSONFields {
        let text = try string(key)
        do {
            let inner = try JSONFields(parsing: Array(text.utf8))
            return JSONFields(object: inner.object, keyPath: path(key))
        } catch {
            throw JSONShapeError(keyPath: path(key), reason: "expected a JSON object encoded as a string: \(error.reason)")
        }
    }
}
