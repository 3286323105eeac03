/// One thing `verify` found wrong, with the file it concerns.
public struct VerificationFailure: Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public enum Problem: Sendable, Hashable {
        /// A file the manifest lists is not there.
        case missing
        case sizeMismatch(expected: Int64, actual: Int64)
        case digestMismatch(expected: String, actual: String)
        /// A file sits in the version folder that the manifest does not list.
        case unlisted
        case symbolicLink
        /// Neither a regular file nor a folder (a socket, a fifo, a device).
        case notARegularFile
        /// The manifest's root digest does not match its file list.
        case rootDigestMismatch(expected: String, actual: String)
        case provenanceSubjectMismatch(expected: String, actual: String)
        /// A provenance field says something else than the manifest implies.
        case provenanceMismatch(field: String, expected: String, actual: String)
        /// The manifest names another version than its folder.
        case versionMismatch(folder: String, manifest: String)
        /// The version must be signed (a release, or its build has `sign: true`) but is not.
        case signatureMissing
        case signatureInvalid(String)
        /// The version is signed but no key is trusted for it, so nothing proves who signed.
        case noTrustedKey
        /// A ref names a version that is not published.
        case refDangling(ref: String, version: String)
        case refDigestMismatch(ref: String, expected: String, actual: String)
        /// A kind's ref (`refs/release`) names a version of another kind.
        case refKindMismatch(ref: String, version: String, kind: String)
        /// `published.log`, the record of every version ever published, disagrees with
        /// what is published.
        case publishedLogMismatch(String)
        /// A file cannot be read or parsed.
        case unreadable(String)
        /// The OpenSSF Model Signing signature (`model.sig`) does not prove the files.
        case modelSignatureInvalid(String)
        /// A file sits in a model folder that its OpenSSF Model Signing signature does not list.
        case notInModelSignature
        /// The OpenSSF Model Signing signature lists a file that is not there.
        case missingFromModel
        /// A file's content is not what the OpenSSF Model Signing signature says.
        case modelSignatureDigestMismatch(expected: String, actual: String)
    }

    /// The file or folder concerned.
    public var path: String
    public var problem: Problem

    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(message)" }

    public var message: String {
        switch problem {
        case .missing: "listed in the manifest but missing"
        case .sizeMismatch(let expected, let actual): "size is \(actual) bytes, the manifest says \(expected)"
        case .digestMismatch(let expected, let actual): "sha256 is \(actual), the manifest says \(expected)"
        case .unlisted: "not listed in the manifest"
        case .symbolicLink: "is a symbolic link; published versions hold only regular files"
        case .notARegularFile: "is not a regular file"
        case .rootDigestMismatch(let expected, let actual):
            "the root digest over the listed files is \(actual), the manifest says \(expected)"
        case .provenanceSubjectMismatch(let expected, let actual):
            "the provenance subject digest is \(actual), the manifest's root digest is \(expected)"
        case .versionMismatch(let folder, let manifest): "the folder is \(folder) but the manifest says \(manifest)"
        case .signatureMissing:
            "the version must be signed (a release, or its build has sign: true) but has no manifest.sig.json"
        case .signatureInvalid(let why): "signature check failed: \(why)"
        case .noTrustedKey:
            "the version is signed but no trusted key is configured (pass --key, or list trusted_keys under "
                + "the build in builds.yaml); a signature nobody checked proves nothing"
        case .provenanceMismatch(let field, let expected, let actual):
            "provenance \(field) is \(actual), the manifest says \(expected)"
        case .refDangling(let ref, let version): "ref \(ref) points at \(version), which is not published"
        case .refDigestMismatch(let ref, let expected, let actual):
            "ref \(ref) records manifest digest \(expected), but manifest.json has \(actual)"
        case .refKindMismatch(let ref, let version, let kind):
            "ref \(ref) points at \(version), which is a \(kind) build, not a \(ref) one"
        case .publishedLogMismatch(let why): why
        case .unreadable(let why): why
        case .modelSignatureInvalid(let why): "OpenSSF Model Signing check failed: \(why)"
        case .notInModelSignature: "not listed in the model signature"
        case .missingFromModel: "listed in the model signature but missing"
        case .modelSignatureDigestMismatch(let expected, let actual):
            "sha256 is \(actual), the model signature says \(expected)"
        }
    }
}
