import Platform

/// The in-toto statement inside an OpenSSF Model Signing (OMS) v1.0 signature, as
/// `model_signing` 1.x writes it (`model_signing/_signing/signing.py`, `Payload`):
///
///     {"_type": "https://in-toto.io/Statement/v1",
///      "subject": [{"name": "<model folder name>", "digest": {"sha256": "<root>"}}],
///      "predicateType": "https://model_signing/signature/v1.0",
///      "predicate": {"serialization": {"method": "files", "hash_type": "sha256",
///                                      "allow_symlinks": false, "ignore_paths": […]},
///                    "resources": [{"name": "<path>", "algorithm": "sha256", "digest": "<hex>"}, …]}}
///
/// One resource per file, named by its path relative to the model folder, in path order.
/// The single subject's digest is the SHA-256 of the resources' raw digest bytes
/// concatenated in the order they are listed; the subject name is only informative.
public struct ModelSigningStatement: Sendable, Hashable, Codable {
    /// The in-toto statement type.
    public static let statementType = "https://in-toto.io/Statement/v1"
    /// The OMS v1.0 predicate type.
    public static let predicateTypeV1 = "https://model_signing/signature/v1.0"

    public var type: String
    public var subject: [Subject]
    public var predicateType: String
    public var predicate: Predicate

    /// The model: its name and the root digest over its resources.
    public struct Subject: Sendable, Hashable, Codable {
        public var name: String
        public var digest: [String: String]
    }

    /// How the model was serialized, and every file's digest.
    public struct Predicate: Sendable, Hashable, Codable {
        public var serialization: Serialization
        public var resources: [Resource]
    }

    /// The serialization `model_signing` needs to rehash the folder the same way.
    public struct Serialization: Sendable, Hashable, Codable {
        /// `files` (one resource per file) or `shards` (per byte range of a file).
        public var method: String
        public var hashType: String
        public var allowSymlinks: Bool
        /// Paths relative to the model folder left out of the signature (a folder leaves
        /// out everything under it); absent when none.
        public var ignorePaths: [String]?
        /// The shard size of the `shards` method.
        public var shardSize: Int?

        enum CodingKeys: String, CodingKey {
            case method
            case hashType = "hash_type"
            case allowSymlinks = "allow_symlinks"
            case ignorePaths = "ignore_paths"
            case shardSize = "shard_size"
        }
    }

    /// One file (or shard) and its digest in hex.
    public struct Resource: Sendable, Hashable, Codable {
        public var name: String
        public var algorithm: String
        public var digest: String
    }

    enum CodingKeys: String, CodingKey {
        case type = "_type"
        case subject, predicateType, predicate
    }

    /// The statement over `files` (path relative to the model folder → SHA-256 hex), by
    /// file, with SHA-256, no symlinks and nothing ignored.
    public init(modelName: String, files: [(path: String, sha256: String)]) {
        let resources = files.sorted { Self.pathPrecedes($0.path, $1.path) }
            .map { Resource(name: $0.path, algorithm: "sha256", digest: $0.sha256) }
        type = Self.statementType
        subject = [Subject(name: modelName, digest: ["sha256": Self.rootDigest(of: resources) ?? ""])]
        predicateType = Self.predicateTypeV1
        predicate = Predicate(
            serialization: Serialization(method: "files", hashType: "sha256", allowSymlinks: false),
            resources: resources)
    }

    /// The SHA-256 of the resources' digests, decoded from hex and concatenated in order;
    /// nil when one is not hex.
    public static func rootDigest(of resources: [Resource]) -> String? {
        var hasher = SHA256Digest()
        for resource in resources {
            // Another signer may spell its digests in upper case.
            guard let bytes = SHA256Digest.bytes(ofHex: resource.digest.lowercased()) else { return nil }
            hasher.update(bytes)
        }
        return hasher.finalizeHex()
    }

    /// Why this is not a v1.0 statement of files hashed with SHA-256 whose subject digest
    /// covers its resources (the checks `model_signing` makes before it rehashes), or nil.
    public var problem: String? {
        guard type == Self.statementType else { return "the statement type is \(type), not \(Self.statementType)" }
        guard predicateType == Self.predicateTypeV1 else {
            return "the predicate type is \(predicateType); only \(Self.predicateTypeV1) is supported"
        }
        guard subject.count == 1, let expected = subject[0].digest["sha256"] else {
            return "expected one subject with a sha256 digest, found \(subject.count)"
        }
        let serialization = predicate.serialization
        guard serialization.method == "files", serialization.hashType == "sha256" else {
            return "the model was hashed by \(serialization.method) with \(serialization.hashType); only files with "
                + "sha256 is supported (sign with model_signing's default serialization)"
        }
        if let resource = predicate.resources.first(where: { $0.algorithm != "sha256" }) {
            return "resource \(resource.name) is hashed with \(resource.algorithm), not sha256"
        }
        guard let actual = Self.rootDigest(of: predicate.resources) else { return "a resource digest is not hex" }
        guard actual == expected else {
            return "the subject digest is \(expected), but the resources hash to \(actual)"
        }
        let names = predicate.resources.map(\.name)
        guard Set(names).count == names.count else { return "a resource is listed twice" }
        return nil
    }

    /// The signed digest of each file (lower-case hex), by path relative to the model folder.
    public var digestsByPath: [String: String] {
        Dictionary(predicate.resources.map { ($0.name, $0.digest.lowercased()) }, uniquingKeysWith: { first, _ in first })
    }

    /// Path order as `model_signing` sorts its resources: component by component, each
    /// compared by code point.
    static func pathPrecedes(_ left: String, _ right: String) -> Bool {
        left.split(separator: "/", omittingEmptySubsequences: false).map { Array($0.utf8) }
            .lexicographicallyPrecedes(right.split(separator: "/", omittingEmptySubsequences: false).map { Array($0.utf8) }) {
                $0.lexicographicallyPrecedes($1)
            }
    }
}

extension ModelSigningStatement {
    /// The statement over a version's `files/`, named after its model, from the digests
    /// its manifest lists (the files were hashed once, when published).
    public init(_ manifest: Manifest) {
        self.init(modelName: manifest.name, files: manifest.files.map { ($0.path, $0.sha256) })
    }
}
