import Artifacts
import BuildConfiguration
import Foundation
import Platform
import Registry

/// `modelbuild push` and `pull`: a published version to an OCI registry and back, with
/// credentials from a secret. Registry errors become request errors (a bad reference or
/// option is a usage error, the rest failures) naming the URL and what to do.
public enum RegistryTransfer {
    /// Where the registry's credentials come from: a user name, and the environment
    /// variable holding the password or token (never the password itself).
    public struct Login: Sendable, Hashable {
        public var username: String?
        public var passwordVariable: String

        public init(username: String?, passwordVariable: String) {
            self.username = username
            self.passwordVariable = passwordVariable
        }

        /// The credentials, or nil when no user name is given; a user name whose variable
        /// is unset is a usage error.
        func credentials() throws(RequestError) -> RegistryCredentials? {
            guard let username else { return nil }
            guard let password = ProcessInfo.processInfo.environment[passwordVariable], !password.isEmpty else {
                throw RequestError(
                    .usage,
                    "--username \(username) needs the password in $\(passwordVariable), which is not set; set it (or name another variable with --password-env)"
                )
            }
            return RegistryCredentials(username: username, password: password, source: "$" + passwordVariable)
        }
    }

    /// Pushes `version` of `versions` to `destination` (`registry/repository[:tag]`),
    /// tagged with the tag given, else with the version; blobs missing there are mounted
    /// from the repositories `mountFrom` of the same registry when they hold them.
    public static func push(
        version: String, of versions: PublishedVersions, to destination: String, login: Login, insecure: Bool,
        mountFrom: [String] = []
    ) async throws(RequestError) -> RegistryPusher.Report {
        do {
            let target = try RegistryReference(parsing: destination)
            if let reference = target.reference, RegistryReference.isDigest(reference) {
                throw RequestError(.usage, "\(destination): push to a tag (…:<tag>) or to the repository, not to a digest")
            }
            let artifact: OCIArtifact
            do {
                artifact = try OCIArtifact(layout: versions.layout, version: version)
            } catch where error.code == .versionNotFound {
                throw RequestError(.usage, "\(error.description) (modelbuild list lists the published versions)")
            } catch {
                throw RequestError(.failed, error.description)
            }
            let client = try RegistryClient(target: target, credentials: try login.credentials(), insecure: insecure)
            return try await RegistryPusher(client: client).push(
                artifact, tags: [target.reference ?? version], mountSources: mountFrom)
        } catch let error as RegistryError {
            throw requestError(error)
        } catch let error as RequestError {
            throw error
        } catch {
            throw RequestError(.failed, "\(error)")
        }
    }

    /// Pulls `source` (`registry/repository:tag` or `@digest`) into the new folder
    /// `directory`: fetched and laid out beside it under a temporary name, verified (every
    /// digest, every file, provenance, the signature against the keys at `keyPaths` and
    /// the project's trusted keys when there is a project), and only then renamed to
    /// `directory`. On any failure nothing is left at `directory`.
    public static func pull(
        _ source: String, into directory: String, login: Login, insecure: Bool, keyPaths: [String],
        project: Project?, config: BuildConfig?
    ) async throws -> RegistryPuller.Report {
        let target: RegistryReference
        do {
            target = try RegistryReference(parsing: source)
        } catch {
            throw requestError(error)
        }
        let destination = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        if let status = try? FileSystem.status(destination), !status.isDirectory || !((try? FileSystem.listDirectory(destination)) ?? []).isEmpty {
            throw RequestError(.usage, "\(destination) already exists and is not an empty folder; pull into a new folder")
        }
        let (parent, name) = FileSystem.splitLastComponent(destination)
        let staging = (parent.isEmpty ? "." : parent) + "/.\(name).pull-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileSystem.removeTree(staging)
        do {
            try FileSystem.makeNewDirectory(staging, permissions: 0o700)
        } catch {
            throw RequestError(.failed, "cannot make the staging folder: \(error)")
        }
        defer { try? FileSystem.removeTree(staging) }
        let fetched: (folder: String, report: RegistryPuller.Report)
        do {
            let client = try RegistryClient(target: target, credentials: try login.credentials(), insecure: insecure)
            fetched = try await RegistryPuller(client: client).fetch(into: staging)
        } catch let error as RegistryError {
            throw requestError(error)
        }
        let failures = try await PublishedVersions.verify(
            buildDirectory: fetched.folder, keyPaths: keyPaths, project: project, config: config)
        if !failures.isEmpty {
            let lines = failures.map { "  " + $0.description.replacingOccurrences(of: fetched.folder, with: destination) }
            throw RequestError(
                .failed,
                "\(source) does not verify, so nothing was written to \(destination):\n" + lines.joined(separator: "\n"))
        }
        do {
            guard try FileSystem.renameDirectoryIfAbsent(fetched.folder, destination) else {
                throw RequestError(.failed, "\(destination) appeared while pulling; nothing was written")
            }
        } catch let error as FileSystemError {
            throw RequestError(.failed, "cannot move the pulled version to \(destination): \(error)")
        }
        return fetched.report
    }

    static func requestError(_ error: RegistryError) -> RequestError {
        RequestError(error.kind == .usage ? .usage : .failed, error.description)
    }
}
