/// The steps of a publish, in order, as an observer sees them. Each is reported after it
/// is done, so a process killed while reporting one has done exactly that much.
public enum PublishStep: String, Sendable, Hashable, CaseIterable {
    /// Every source file is hashed (before taking the lock).
    case filesHashed
    /// Another publisher holds the publish lock; this one waits for it (told once, and
    /// only when the lock was not free at the first try).
    case waitingForLock
    /// The publish lock is held.
    case lockAcquired
    /// Leftover `.staging` folders of killed publishers are removed.
    case stagingCleaned
    /// The version name is chosen.
    case versionResolved
    /// Every file is in the blob store, fsynced.
    case blobsStored
    /// The staging folder holds the whole version, fsynced.
    case stagingWritten
    /// The staging folder is renamed to `builds/<version>`: the version is published.
    case versionRenamed
    /// `published.log` records the version.
    case versionLogged
    /// The refs point at the version.
    case refsMoved
    /// `index.json` and `index.html` are regenerated.
    case indexWritten
}

/// Told each step of a publish and the version (empty until resolved); for progress
/// output, and for tests that kill a publisher at a chosen step.
public typealias PublishObserver = @Sendable (_ step: PublishStep, _ version: String) -> Void

/// What a successful publish made.
public struct PublishedBuild: Sendable, Hashable {
    public var version: String
    /// `builds/<version>`.
    public var path: String
    public var manifest: Manifest
    /// `sha256:<hex>` of `manifest.json`.
    public var manifestDigest: String
    /// The refs moved to this version.
    public var refs: [String]
    public var signed: Bool
}
