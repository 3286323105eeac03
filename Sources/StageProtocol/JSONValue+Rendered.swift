extension JSONValue {
    /// A short rendering for messages: `42`, `"text"`, `[1, 2]`.
    public var rendered: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .integer(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .array(let items): "[" + items.map(\.rendered).joined(separator: ", ") + "]"
        case .object(let object):
            "{" + object.keys.sorted().map { "\($0): \(object[$0]!.rendered)" }.joined(separator: ", ") + "}"
        }
    }
}
