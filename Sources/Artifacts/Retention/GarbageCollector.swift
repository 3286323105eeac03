import Foundation
import Platform

/// What a collection keeps and removes, and why; also the dry-run answer.
public struct RetentionPlan: Sendable, Hashable {
    /// Keep or remove one version, and why.
    public struct Decision: Sendable, Hashable {
        public var version: String
        public var kind: BuildKind
        public var keep: Bool
        /// `release`, `one of the last 14 nightlies`, `ref latest`, `older than the last 14 nightlies`.
        public var reason: String
    }

    /// Every published version, oldest first.
    public var decisions: [Decision]
    /// Blobs no kept manifest references.
    public var blobsToRemove: [String]
    public var bytesToReclaim: Int64

    public var kept: [String] { decisions.filter(\.keep).map(\.version) }
    public var removed: [String] { decisions.filter { !$0.keep }.map(\.version) }
}

/// Retention: keeps every release, the last `keep` nightlies, any other kind, and anything
/// a ref points to; removes the other versions and the blobs no remaining manifest
/// references. Runs under the publish lock.
public struct GarbageCollector: Sendable {
    public let layout: ArtifactLayout
    public var lockTimeout: Duration

    public init(layout: ArtifactLayout, lockTimeout: Duration = .seconds(600)) {
        self.layout = layout
        self.lockTimeout = lockTimeout
    }

    /// Plans, and unless `dryRun`, removes. Returns the plan either way.
    public func collect(keepNightlies keep: Int, dryRun: Bool = false) async throws(ArtifactsError) -> RetentionPlan {
        try await PublishLock.withLock(layout, timeout: lockTimeout) { () throws(ArtifactsError) in
            let plan = try self.plan(keepNightlies: keep)
            if dryRun { return plan }
            try Publisher(layout: layout).removeLeftovers()
            for version in plan.removed {
                // Renamed away first, so a half-removed version is never visible as one.
                let doomed = layout.staging + "/gc-" + UUID().uuidString.lowercased()
                try onDisk { try FileSystem.makeDirectories(layout.staging) }
                try onDisk { try FileSystem.rename(layout.build(version), doomed) }
                try onDisk { try FileSystem.removeTree(doomed) }
            }
            try onDisk { try FileSystem.syncPath(layout.builds) }
            for blob in plan.blobsToRemove { try onDisk({ try FileSystem.removeFile(layout.blob(blob)) }) }
            if !plan.blobsToRemove.isEmpty { try onDisk({ try FileSystem.syncPath(layout.blobs) }) }
            try IndexReport(layout: layout).write()
            return plan
        }
    }

    /// The plan, without changing anything (callers hold the lock for a consistent view).
    public func plan(keepNightlies keep: Int) throws(ArtifactsError) -> RetentionPlan {
        let catalog = ArtifactCatalog(layout: layout)
        let summaries = try catalog.summaries()
        var referencedBy: [String: [String]] = [:]
        for (name, ref) in try catalog.refs() { referencedBy[ref.version, default: []].append(name) }
        let recentNightlies = Set(summaries.filter { $0.kind == .nightly }.suffix(max(keep, 0)).map(\.version))

        let decisions = summaries.map { summary in
            func decide(_ keep: Bool, _ reason: String) -> RetentionPlan.Decision {
                RetentionPlan.Decision(version: summary.version, kind: summary.kind, keep: keep, reason: reason)
            }
            if let refs = referencedBy[summary.version] {
                return decide(true, "ref " + refs.sorted().joined(separator: ", "))
            }
            switch summary.kind {
            case .release: return decide(true, "release")
            case .nightly:
                return recentNightlies.contains(summary.version)
                    ? decide(true, "one of the last \(keep) nightlies") : decide(false, "older than the last \(keep) nightlies")
            default: return decide(true, "kind \(summary.kind) is not collected")
            }
        }
        var referenced = Set<String>()
        for decision in decisions where decision.keep {
            for file in try catalog.manifest(of: decision.version).files { referenced.insert(file.sha256) }
        }
        var blobsToRemove: [String] = []
        var bytes: Int64 = 0
        for blob in try BlobStore(layout: layout).all() where !referenced.contains(blob) {
            blobsToRemove.append(blob)
            bytes += try onDisk { try FileSystem.status(layout.blob(blob)) }?.size ?? 0
        }
        return RetentionPlan(decisions: decisions, blobsToRemove: blobsToRemove, bytesToReclaim: bytes)
    }
}
