import Foundation
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

    /// The canonical encoding: JSON with sorted keys and no insignificant whitespace.
    public func canonicalEncoding() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and dictionaries cannot fail.
        return (try? encoder.encode(self)) ?? Data()
    }

    /// The cache key: lowercase hex SHA-256 of the canonical encoding.
    public var key: String {
        SHA256Digest.hex(canonicalEncoding())
    }
}
