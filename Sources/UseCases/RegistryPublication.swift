import Artifacts
import BuildConfiguration
import Foundation
import Platform
import Registry

/// builds.yaml's `publish: {registries: […]}`: after a version is published, it is pushed to
/// each registry with its tags (`{version}`, `{kind}`: the kind's tag moves as its ref
/// does). A push that fails never unpublishes anything: it is reported and recorded in
/// `.modelbuild/registry-pending.json`, and `modelbuild push --pending` retries it.
public struct RegistryPublication: Sendable {
    /// A push still to do.
    public struct Pending: Codable, Sendable, Hashable {
        public var version: String
        public var url: String
        public var repository: String
        public var tags: [String]
        public var username: String?
        public var passwordVariable: String
        public var insecure: Bool
        /// Why the last try failed.
        public var reason: String
    }

    public let project: Project
    public let versions: PublishedVersions

    public init(project: Project, versions: PublishedVersions) {
        self.project = project
        self.versions = versions
    }

    /// `.modelbuild/registry-pending.json`.
    public var pendingPath: String { project.stateDirectory.path + "/registry-pending.json" }

    /// Pushes `version` of `kind` to every registry of `registries`; returns a line per
    /// registry (pushed, or failed and recorded as pending).
    public func pushPublished(version: String, kind: String, to registries: [PublishRegistrySpec]) async -> [String] {
        var lines: [String] = []
        var pending = (try? loadPending()) ?? []
        for spec in registries {
            var entry = Pending(
                version: version, url: spec.url, repository: spec.repository, tags: spec.tags(version: version, kind: kind),
                username: spec.username, passwordVariable: spec.passwordVariable, insecure: spec.insecure, reason: "")
            pending.removeAll { $0.version == version && $0.url == entry.url && $0.repository == entry.repository }
            do {
                let report = try await push(entry)
                lines.append("pushed \(version) to \(report.repository):\(report.tags.joined(separator: ",")) (\(report.uploadedBytes) bytes sent)")
            } catch {
                entry.reason = "\(error)"
                pending.append(entry)
                lines.append(
                    "push of \(version) to \(spec.url)/\(spec.repository) failed: \(error); recorded as pending (modelbuild push --pending retries it)")
            }
        }
        do {
            try savePending(pending)
        } catch {
            lines.append("cannot record the pending pushes in \(pendingPath): \(error)")
        }
        return lines
    }

    /// `push --pending`: retries every pending push; returns the ones done and the ones
    /// still failing (kept pending).
    public func retryPending() async throws -> (done: [Pending], failed: [Pending]) {
        var done: [Pending] = []
        var failed: [Pending] = []
        for var entry in try loadPending() {
            do {
                _ = try await push(entry)
                done.append(entry)
            } catch {
                entry.reason = "\(error)"
                failed.append(entry)
            }
        }
        try savePending(failed)
        return (done, failed)
    }

    private func push(_ entry: Pending) async throws -> RegistryPusher.Report {
        let target = try RegistryReference(parsing: entry.url + "/" + entry.repository)
        let login = RegistryTransfer.Login(username: entry.username, passwordVariable: entry.passwordVariable)
        let client = try RegistryClient(target: target, credentials: try login.credentials(), insecure: entry.insecure)
        let artifact = try OCIArtifact(layout: versions.layout, version: entry.version)
        return try await RegistryPusher(client: client).push(artifact, tags: entry.tags)
    }

    /// The pending pushes (none when the file is missing).
    public func loadPending() throws -> [Pending] {
        guard FileManager.default.fileExists(atPath: pendingPath) else { return [] }
        return try JSONFile.read([Pending].self, at: pendingPath)
    }

    private func savePending(_ pending: [Pending]) throws {
        if pending.isEmpty {
            if FileManager.default.fileExists(atPath: pendingPath) { try FileSystem.removeFile(pendingPath) }
            return
        }
        try FileSystem.makeDirectories(project.stateDirectory.path)
        try AtomicFile.write(try JSONFile.encode(pending, path: pendingPath), to: pendingPath)
    }
}

extension BuildSession {
    /// Pushes a version just published to builds.yaml's registries, saying what happened
    /// through `note`; a failure is recorded as pending and never thrown.
    func pushToRegistries(
        _ published: PublishedBuild, kind: String, config: BuildConfig, note: @Sendable (String) -> Void
    ) async {
        guard !config.registries.isEmpty else { return }
        guard let versions = try? PublishedVersions(project: project, config: config) else { return }
        let publication = RegistryPublication(project: project, versions: versions)
        for line in await publication.pushPublished(version: published.version, kind: kind, to: config.registries) {
            note(line)
        }
    }
}
