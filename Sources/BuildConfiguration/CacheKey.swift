import Platform
import StageProtocol

/// Everything a stage's outputs depend on. Its SHA-256, over a canonical JSON encoding, is
/// the stage's cache key; kept beside the outputs, it lets `plan` say which ingredient
/// changed. Timeouts, grace periods, retries, resources and secrets are not ingredients:
/// they do not change what a stage produces.
public struct CacheKeyIngredients: Sendable, Hashable, Codable {
    /// Bumped when the encoding changes, so old keys never match new ones.
    public static let currentFormat = 1

    public var format: Int
    /// What runs: `builtin/train@1`, `plugin safety-scan@sha256:…`, or `command sh -c …`.
    public var implementation: String
    /// The stage's `with:`.
    public var params: [String: JSONValue]
    /// Upstream stage instance → its cache key.
    public var inputs: [String: String]
    /// The taxonomy content the stage reads: a name (`tree`, a leaf path) → a git object id.
    public var taxonomy: [String: String]
    /// The base model's digest, when the stage reads it.
    public var baseModel: String?
    /// Project files the stage reads (`deps:`, relative path → SHA-256); nil or empty
    /// when it declares none, and then left out of the encoding, so older keys stand.
    public var dependencies: [String: String]?

    public init(
        implementation: String, params: [String: JSONValue] = [:], inputs: [String: String] = [:],
        taxonomy: [String: String] = [:], baseModel: String? = nil
    ) {
        self.format = Self.currentFormat
        self.implementation = implementation
        self.params = params
        self.inputs = inputs
        self.taxonomy = taxonomy
        self.baseModel = baseModel
    }

    /// The canonical encoding: `JSONWriter.compact` (sorted keys, no insignificant
    /// whitespace) over the ingredients, `baseModel` and `deps` left out when absent. Written by
    /// modelbuild's one JSON writer, not `JSONEncoder`, so no Foundation release can change
    /// the bytes and with them every key in every store; it cannot fail.
    public func canonicalEncoding() -> [UInt8] {
        var fields: [String: JSONValue] = [
            "format": .integer(format),
            "implementation": .string(implementation),
            "params": .object(params),
            "inputs": .object(inputs.mapValues(JSONValue.string)),
            "taxonomy": .object(taxonomy.mapValues(JSONValue.string)),
        ]
        if let baseModel { fields["baseModel"] = .string(baseModel) }
        if let dependencies, !dependencies.isEmpty {
            fields["deps"] = .object(dependencies.mapValues(JSONValue.string))
        }
        return JSONWriter.compact(.object(fields))
    }

    /// The cache key: lowercase hex SHA-256 of the canonical encoding.
    public var key: String { SHA256Digest.hex(canonicalEncoding()) }
}
