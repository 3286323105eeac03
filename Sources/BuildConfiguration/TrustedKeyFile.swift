import YAML

/// One entry of a build's `trusted_keys:`: the path of an ed25519 public key (PEM) that
/// `modelbuild verify` accepts signatures of this build's versions from, with where it was
/// written so a key that cannot be read is reported at its line.
public struct TrustedKeyFile: Sendable, Hashable {
    /// As written; relative paths are relative to the folder of builds.yaml.
    public var path: String
    /// Where the entry sits in builds.yaml.
    public var location: SourceLocation
    /// `builds.release.trusted_keys[0]`.
    public var keyPath: KeyPath

    public init(path: String, location: SourceLocation, keyPath: KeyPath) {
        self.path = path
        self.location = location
        self.keyPath = keyPath
    }

    /// The path to open, given the folder builds.yaml is in.
    public func resolved(relativeTo folder: String) -> String {
        path.hasPrefix("/") || folder.isEmpty ? path : folder + "/" + path
    }

    /// A compiler-style message about this entry: `builds.yaml:21:7: error: builds.release.trusted_keys[0]: …`.
    public func diagnostic(_ message: String) -> Diagnostic {
        Diagnostic(at: location, path: keyPath, message)
    }
}
