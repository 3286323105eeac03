import Artifacts
import BuildConfiguration
import YAML

/// The keys `verify` trusts, from `--key` (any number) and from each build's
/// `trusted_keys:` in builds.yaml, and the signing each build demands (`sign:`).
enum TrustedKeys {
    /// The policy for `config`'s versions: a build with `sign: true` must be signed (and so
    /// must every version of its kind), by `keyPaths`' keys or the build's own trusted keys.
    /// A `--key` that cannot be read fails the check (exit 1); a `trusted_keys:` entry that
    /// cannot be read is a configuration error (`DiagnosticError`) at its line (exit 2).
    static func policy(config: BuildConfig?, project: Project?, keyPaths: [String]) throws -> TrustPolicy {
        var policy = TrustPolicy()
        for path in keyPaths {
            do {
                policy = policy.trusting(try VerifyingKey(contentsOf: path))
            } catch {
                throw RequestError(.failed, error.description)
            }
        }
        guard let config, let project else { return policy }
        let signing = config.builds.filter(\.sign)
        policy.signedBuilds = Set(signing.map(\.name))
        policy.signedKinds = Set(signing.map { BuildKind(rawValue: $0.kind.rawValue) })
        for build in config.builds {
            let keys = try keys(of: build, project: project)
            if !keys.isEmpty { policy.keysByBuild[build.name] = keys }
        }
        return policy
    }

    /// Refuses, before anything runs, to sign `build`'s version with a key its
    /// `trusted_keys:` does not list: `verify` would refuse the version it published.
    static func checkSigningKey(_ key: SigningKey, build: BuildSpec, project: Project) throws {
        let trusted = try keys(of: build, project: project)
        guard !trusted.isEmpty, !trusted.contains(key.publicKey) else { return }
        throw BuildPreparationError(
            "build \(build.name) would be signed with key \(key.publicKey.keyID), which its trusted_keys in builds.yaml "
                + "does not list, so modelbuild verify would refuse the version; sign with a listed key or add this one's .pub")
    }

    /// The public keys `build`'s `trusted_keys:` names, read relative to builds.yaml's folder.
    private static func keys(of build: BuildSpec, project: Project) throws -> [VerifyingKey] {
        var keys: [VerifyingKey] = []
        for file in build.trustedKeys {
            do {
                keys.append(try VerifyingKey(contentsOf: file.resolved(relativeTo: project.root.path)))
            } catch {
                throw DiagnosticError([file.diagnostic("cannot use \"\(file.path)\" as a trusted key: \(error.reason)")])
            }
        }
        return keys
    }
}
