import Foundation

/// What is wrong with a JSON document's shape: where (`messages[2].role`) and why.
struct JSONShapeError: Error, Sendable, Equatable {
    var keyPath: String
    var reason: String

    var description: String { keyPath.isEmpty ? reason : "\(keyPath): \(reason)" }
}

/// Typed reading of one parsed JSON object, naming the key path in every error, so a
/// malformed line in a dataset says which field is wrong and how.
struct JSONFields {
    let object: [String: Any]
    let keyPath: String

    /// Parses `bytes` as one JSON object.
    init(parsing bytes: some DataProtocol) throws(JSONShapeError) {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            throw JSONShapeError(keyPath: "", reason: "not valid JSON (\(Self.reason(error)))")
        }
        guard let object = parsed as? [String: Any] else {
            throw JSONShapeError(keyPath: "", reason: "expected a JSON object")
        }
        self.init(object: object, keyPath: "")
    }

    init(object: [String: Any], keyPath: String) {
        self.object = object
        self.keyPath = keyPath
    }

    private func path(_ key: String) -> String { keyPath.isEmpty ? key : "\(keyPath).\(key)" }

    private func required(_ key: String) throws(JSONShapeError) -> Any {
        guard let value = object[key], !(value is NSNull) else {
            throw JSONShapeError(keyPath: path(key), reason: "missing")
        }
        return value
    }

    func string(_ key: String) throws(JSONShapeError) -> String {
        guard let value = try required(key) as? String else {
            throw JSONShapeError(keyPath: path(key), reason: "expected a string")
        }
        return value
    }

    func optionalString(_ key: String) throws(JSONShapeError) -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let string = value as? String else {
            throw JSONShapeError(keyPath: path(key), reason: "expected a string or null")
        }
        return string
    }

    func integer(_ key: String) throws(JSONShapeError) -> Int {
        let value = try required(key)
        if let number = value as? NSNumber, let integer = Int(exactly: number.doubleValue) {
            return integer
        }
        throw JSONShapeError(keyPath: path(key), reason: "expected an integer")
    }

    func number(_ key: String) throws(JSONShapeError) -> Double {
        guard let number = try required(key) as? NSNumber else {
            throw JSONShapeError(keyPath: path(key), reason: "expected a number")
        }
        return number.doubleValue
    }

    func strings(_ key: String) throws(JSONShapeError) -> [String] {
        guard let value = try required(key) as? [Any] else {
            throw JSONShapeError(keyPath: path(key), reason: "expected an array of strings")
        }
        var result: [String] = []
        for (index, element) in value.enumerated() {
            guard let string = element as? String else {
                throw JSONShapeError(keyPath: "\(path(key))[\(index)]", reason: "expected a string")
            }
            result.append(string)
        }
        return result
    }

    func object(_ key: String) throws(JSONShapeError) -> JSONFields {
        guard let value = try required(key) as? [String: Any] else {
            throw JSONShapeError(keyPath: path(key), reason: "expected an object")
        }
        return JSONFields(object: value, keyPath: path(key))
    }

    func objects(_ key: String) throws(JSONShapeError) -> [JSONFields] {
        guard let value = try required(key) as? [Any] else {
            throw JSONShapeError(keyPath: path(key), reason: "expected an array of objects")
        }
        var result: [JSONFields] = []
        for (index, element) in value.enumerated() {
            guard let object = element as? [String: Any] else {
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

    static func reason(_ error: any Error) -> String {
        let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        return description ?? String(describing: error)
    }
}
