/// What `verify` trusts: the keys whose signatures prove a version, which versions must be
/// signed, and which builders may have made them.
///
/// A version that carries a signature, or whose build must sign, passes only when a
/// signature by one of the keys trusted for it verifies over its exact `manifest.json`.
/// With no trusted key, a signed version is a failure, never a pass: an unchecked signature
/// proves nothing.
public struct TrustPolicy: Sendable, Hashable {
    /// Keys trusted for every version (`verify --key`).
    public var keys: [VerifyingKey]
    /// Keys trusted for the versions of one build, by build name (its `trusted_keys:`).
    public var keysByBuild: [String: [VerifyingKey]]
    /// Builds whose versions must be signed (`sign: true`).
    public var signedBuilds: Set<String>
    /// Kinds whose versions must be signed whatever build they name, so renaming the build
    /// in a manifest does not lift the requirement.
    public var signedKinds: Set<BuildKind>
    /// The provenance builder ids accepted.
    public var builderIDs: Set<String>

    /// Releases must be signed, by `keys`; nightlies may be unsigned.
    public init(
        keys: [VerifyingKey] = [], keysByBuild: [String: [VerifyingKey]] = [:], signedBuilds: Set<String> = [],
        signedKinds: Set<BuildKind> = [.release], builderIDs: Set<String> = [ProvenanceStatement.defaultBuilderID]
    ) {
        self.keys = keys
        self.keysByBuild = keysByBuild
        self.signedBuilds = signedBuilds
        self.signedKinds = signedKinds
        self.builderIDs = builderIDs
    }

    /// The keys a signature on `manifest` may be checked with.
    public func trustedKeys(for manifest: Manifest) -> [VerifyingKey] {
        keys + (keysByBuild[manifest.build.name] ?? []).filter { !keys.contains($0) }
    }

    /// Whether `manifest`'s version must carry a signature.
    public func requiresSignature(_ manifest: Manifest) -> Bool {
        signedBuilds.contains(manifest.build.name) || signedKinds.contains(manifest.build.kind)
    }

    /// This policy with `key` trusted for every version too.
    public func trusting(_ key: VerifyingKey?) -> TrustPolicy {
        guard let key, !keys.contains(key) else { return self }
        var policy = self
        policy.keys.append(key)
        return policy
    }
}
