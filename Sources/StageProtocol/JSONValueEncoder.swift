import Foundation

/// A value that `JSONValueEncoder` cannot turn into JSON, and why.
public struct JSONEncodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where in the value (`stages[2].params`), empty at the top.
    public var codingPath: String
    /// What went wrong.
    public var reason: String

    /// An error at `codingPath` for `reason`.
    public init(codingPath: String, reason: String) {
        self.codingPath = codingPath
        self.reason = reason
    }

    /// `path: reason`, for messages.
    public var description: String { codingPath.isEmpty ? reason : "\(codingPath): \(reason)" }
}

/// Turns any `Encodable` value into a `JSONValue`, so that `JSONWriter` — not Foundation's
/// `JSONEncoder`, whose output may change with a Foundation release — writes the bytes of
/// every file that is hashed or signed.
///
/// Dates become ISO 8601 UTC text to the second (`2026-11-27T02:13:00Z`), as `JSONEncoder`'s
/// `.iso8601` strategy wrote them; `Data` becomes base64 text; optionals left out with
/// `encodeIfPresent` are left out. Objects are written with their keys sorted.
public enum JSONValueEncoder {
    /// The JSON value of `value`.
    public static func encode(_ value: some Encodable) throws(JSONEncodingError) -> JSONValue {
        do {
            return try TreeEncoder.box(value, path: [])
        } catch let error as JSONEncodingError {
            throw error
        } catch {
            throw JSONEncodingError(codingPath: "", reason: "\(error)")
        }
    }
}

/// A slot that a container writes into once the value below it is complete.
private final class ValueSlot {
    var stored: JSONValue?
    /// A nested container, read when the tree is finished.
    var nested: ContainerBox?
    init(_ value: JSONValue? = nil) { self.stored = value }
    init(nested: ContainerBox) { self.nested = nested }

    var value: JSONValue? {
        get { nested?.value ?? stored }
        set { stored = newValue }
    }
}

/// An object or array still being filled.
private final class ContainerBox {
    var object: [String: ValueSlot] = [:]
    var array: [ValueSlot] = []
    let isArray: Bool
    init(isArray: Bool) { self.isArray = isArray }

    var value: JSONValue {
        if isArray { return .array(array.map { $0.value ?? .null }) }
        return .object(object.compactMapValues { $0.value })
    }
}

private struct IndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ index: Int) {
        stringValue = "\(index)"
        intValue = index
    }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { self.init(intValue) }
}

private final class TreeEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    let slot: ValueSlot
    var container: ContainerBox?

    init(path: [any CodingKey], slot: ValueSlot) {
        self.codingPath = path
        self.slot = slot
    }

    static func box(_ value: some Encodable, path: [any CodingKey]) throws -> JSONValue {
        switch value {
        case let date as Date: return .string(ISO8601Text.utc(date))
        case let data as Data: return .string(data.base64EncodedString())
        case let json as JSONValue: return json
        default:
            let slot = ValueSlot()
            let encoder = TreeEncoder(path: path, slot: slot)
            try value.encode(to: encoder)
            if let container = encoder.container { return container.value }
            guard let result = slot.value else {
                throw JSONEncodingError(codingPath: describe(path), reason: "\(type(of: value)) encoded nothing")
            }
            return result
        }
    }

    static func describe(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    private func box(isArray: Bool) -> ContainerBox {
        if let container { return container }
        let created = ContainerBox(isArray: isArray)
        container = created
        // A super encoder's slot is read by its parent container, not by `box(_:path:)`.
        slot.nested = created
        return created
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedContainer<Key>(box: box(isArray: false), codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedContainer(box: box(isArray: true), codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(slot: slot, codingPath: codingPath)
    }
}

/// Scalars as `JSONValue`s; integers that `Int` cannot hold are refused rather than rounded.
private func scalar<T: BinaryInteger>(_ number: T, path: [any CodingKey]) throws -> JSONValue {
    guard let integer = Int(exactly: number) else {
        throw JSONEncodingError(codingPath: TreeEncoder.describe(path), reason: "\(number) does not fit in 64 bits")
    }
    return .integer(integer)
}

private func finite(_ number: Double, path: [any CodingKey]) throws -> JSONValue {
    guard number.isFinite else {
        throw JSONEncodingError(codingPath: TreeEncoder.describe(path), reason: "\(number) is not a JSON number")
    }
    return .number(number)
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: ContainerBox
    let codingPath: [any CodingKey]

    private func set(_ value: JSONValue, _ key: Key) { box.object[key.stringValue] = ValueSlot(value) }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(try finite(value, path: codingPath + [key]), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(try finite(Double(value), path: codingPath + [key]), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.integer(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(.integer(Int(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(.integer(Int(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.integer(Int(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.integer(Int(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(try scalar(value, path: codingPath + [key]), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.integer(Int(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.integer(Int(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.integer(Int(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(try scalar(value, path: codingPath + [key]), key) }
    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        set(try TreeEncoder.box(value, path: codingPath + [key]), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = ContainerBox(isArray: false)
        box.object[key.stringValue] = ValueSlot(nested: nested)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = ContainerBox(isArray: true)
        box.object[key.stringValue] = ValueSlot(nested: nested)
        return UnkeyedContainer(box: nested, codingPath: codingPath + [key])
    }

    /// The encoder of the `super` member, as `JSONEncoder` names it.
    mutating func superEncoder() -> any Encoder {
        let slot = ValueSlot()
        box.object["super"] = slot
        return TreeEncoder(path: codingPath + [IndexKey(stringValue: "super")], slot: slot)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let slot = ValueSlot()
        box.object[key.stringValue] = slot
        return TreeEncoder(path: codingPath + [key], slot: slot)
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let box: ContainerBox
    let codingPath: [any CodingKey]
    var count: Int { box.array.count }

    private var nextPath: [any CodingKey] { codingPath + [IndexKey(box.array.count)] }
    private func append(_ value: JSONValue) { box.array.append(ValueSlot(value)) }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(try finite(value, path: nextPath)) }
    mutating func encode(_ value: Float) throws { append(try finite(Double(value), path: nextPath)) }
    mutating func encode(_ value: Int) throws { append(.integer(value)) }
    mutating func encode(_ value: Int8) throws { append(.integer(Int(value))) }
    mutating func encode(_ value: Int16) throws { append(.integer(Int(value))) }
    mutating func encode(_ value: Int32) throws { append(.integer(Int(value))) }
    mutating func encode(_ value: Int64) throws { append(.integer(Int(value))) }
    mutating func encode(_ value: UInt) throws { append(try scalar(value, path: nextPath)) }
    mutating func encode(_ value: UInt8) throws { append(.integer(Int(value))) }
    mutating func encode(_ value: UInt16) throws { append(.integer(Int(value))) }
    mutating func encode(_ value: UInt32) throws { append(.integer(Int(value))) }
    mutating func encode(_ value: UInt64) throws { append(try scalar(value, path: nextPath)) }
    mutating func encode(_ value: some Encodable) throws { append(try TreeEncoder.box(value, path: nextPath)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = ContainerBox(isArray: false)
        let path = nextPath
        box.array.append(ValueSlot(nested: nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = ContainerBox(isArray: true)
        let path = nextPath
        box.array.append(ValueSlot(nested: nested))
        return UnkeyedContainer(box: nested, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let slot = ValueSlot()
        let path = nextPath
        box.array.append(slot)
        return TreeEncoder(path: path, slot: slot)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let slot: ValueSlot
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { slot.value = .null }
    mutating func encode(_ value: Bool) throws { slot.value = .bool(value) }
    mutating func encode(_ value: String) throws { slot.value = .string(value) }
    mutating func encode(_ value: Double) throws { slot.value = try finite(value, path: codingPath) }
    mutating func encode(_ value: Float) throws { slot.value = try finite(Double(value), path: codingPath) }
    mutating func encode(_ value: Int) throws { slot.value = .integer(value) }
    mutating func encode(_ value: Int8) throws { slot.value = .integer(Int(value)) }
    mutating func encode(_ value: Int16) throws { slot.value = .integer(Int(value)) }
    mutating func encode(_ value: Int32) throws { slot.value = .integer(Int(value)) }
    mutating func encode(_ value: Int64) throws { slot.value = .integer(Int(value)) }
    mutating func encode(_ value: UInt) throws { slot.value = try scalar(value, path: codingPath) }
    mutating func encode(_ value: UInt8) throws { slot.value = .integer(Int(value)) }
    mutating func encode(_ value: UInt16) throws { slot.value = .integer(Int(value)) }
    mutating func encode(_ value: UInt32) throws { slot.value = .integer(Int(value)) }
    mutating func encode(_ value: UInt64) throws { slot.value = try scalar(value, path: codingPath) }
    mutating func encode(_ value: some Encodable) throws { slot.value = try TreeEncoder.box(value, path: codingPath) }
}
