import Foundation

/// How long a registry may stay silent and how many blobs go at once: the two knobs of a
/// transfer, from the environment (`MODELBUILD_REGISTRY_TIMEOUT`, `MODELBUILD_REGISTRY_UPLOADS`).
public struct RegistryTransferLimits: Sendable, Hashable {
    /// A request during which no byte moves (sent or received) for this long fails: a
    /// registry that died or stopped answering ends the push instead of hanging it.
    public var idleTimeout: Duration
    /// How many blobs are checked and uploaded at once.
    public var concurrentUploads: Int
    /// A blob larger than this is sent in chunks of this size (PATCH with `Content-Range`),
    /// for registries or proxies that cap a request's body; nil: every blob in one PUT.
    public var chunkBytes: Int64?

    /// The defaults: 120 s of silence, 4 blobs at once, every blob in one PUT.
    public static let standard = RegistryTransferLimits(idleTimeout: .seconds(120), concurrentUploads: 4, chunkBytes: nil)

    public init(idleTimeout: Duration, concurrentUploads: Int, chunkBytes: Int64? = nil) {
        self.idleTimeout = idleTimeout
        self.concurrentUploads = concurrentUploads
        self.chunkBytes = chunkBytes
    }

    /// The defaults, overridden by `MODELBUILD_REGISTRY_TIMEOUT` (seconds, decimals allowed),
    /// `MODELBUILD_REGISTRY_UPLOADS` (1 to 32) and `MODELBUILD_REGISTRY_CHUNK_MIB` (MiB, 1 or
    /// more; 0 keeps every blob in one PUT); a malformed value is a usage error.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(RegistryError) -> RegistryTransferLimits {
        var limits = standard
        if let text = environment["MODELBUILD_REGISTRY_TIMEOUT"] {
            guard let seconds = Double(text), seconds.isFinite, seconds > 0 else {
                throw RegistryError(
                    .usage, url: "MODELBUILD_REGISTRY_TIMEOUT",
                    "\"\(text)\" is not a number of seconds above 0 (how long a silent registry is waited for)")
            }
            limits.idleTimeout = .milliseconds(Int64((seconds * 1000).rounded(.up)))
        }
        if let text = environment["MODELBUILD_REGISTRY_UPLOADS"] {
            guard let count = Int(text), (1...32).contains(count) else {
                throw RegistryError(
                    .usage, url: "MODELBUILD_REGISTRY_UPLOADS",
                    "\"\(text)\" is not a whole number from 1 to 32 (how many blobs are uploaded at once)")
            }
            limits.concurrentUploads = count
        }
        if let text = environment["MODELBUILD_REGISTRY_CHUNK_MIB"] {
            guard let mebibytes = Int64(text), (0...(1 << 20)).contains(mebibytes) else {
                throw RegistryError(
                    .usage, url: "MODELBUILD_REGISTRY_CHUNK_MIB",
                    "\"\(text)\" is not a whole number of MiB (a blob larger than this goes in chunks of this size; 0: never)")
            }
            limits.chunkBytes = mebibytes == 0 ? nil : mebibytes << 20
        }
        return limits
    }

    /// The idle timeout as a person reads it: `5 s`, `0.5 s`.
    var idleTimeoutText: String {
        let parts = idleTimeout.components
        let seconds = Double(parts.seconds) + Double(parts.attoseconds) / 1e18
        return (seconds == seconds.rounded() ? String(Int64(seconds)) : String(seconds)) + " s"
    }
}
