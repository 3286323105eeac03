import Foundation
import Git
import BuildConfiguration
import InstructLabValidation
import Taxonomy

/// A project's taxonomy: the remote builds.yaml (or `--taxonomy`) names, the state
/// under `.modelbuild/`, and the use cases on it: synchronise the mirror, list the
/// changed leaves, materialise a snapshot, read knowledge documents.
public struct ProjectTaxonomy: Sendable {
    /// The taxonomy section, with `url` resolved (a relative local path made absolute).
    public let spec: TaxonomySpec
    /// Where the mirror, its lock and record, snapshots and documents live.
    public let state: TaxonomyStateLayout
    /// How failed fetches are retried: `.standard` for network remotes, once for a
    /// local path or `file://` URL (a missing folder does not come back by waiting).
    public var retry: RetryPolicy
    /// What the taxonomy's remote (and document repositories on its host) are told when
    /// they ask who modelbuild is: from `taxonomy.credentials`, or from user information
    /// in the URL, which is taken out of `spec.url` so it is never recorded or printed.
    public let credentials: RemoteCredentials
    /// Where knowledge documents are fetched from (`taxonomy.documents`, its mirror made
    /// absolute against the project folder).
    public let documentSources: KnowledgeDocumentSources
    /// Credentials for document repositories, by host: `taxonomy.documents.credentials`,
    /// and the taxonomy's own for its host.
    public let documentCredentials: [String: RemoteCredentials]

    /// The taxonomy of `project` under `config`, with `overridingURL` (from the command
    /// line, relative to `workingDirectory`) in place of builds.yaml's `url`.
    ///
    /// - Throws: `TaxonomyConfigurationError` when neither names a taxonomy, or when
    ///   `taxonomy.credentials` names a variable the environment does not set.
    public init(
        project: Project, config: BuildConfig, overridingURL: String? = nil,
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(TaxonomyConfigurationError) {
        var spec: TaxonomySpec
        if let overridingURL {
            spec = config.taxonomy ?? TaxonomySpec(url: overridingURL)
            spec.url = Self.resolve(overridingURL, relativeTo: workingDirectory)
        } else if let configured = config.taxonomy {
            spec = configured
            spec.url = Self.resolve(configured.url, relativeTo: project.root)
        } else {
            throw TaxonomyConfigurationError(
                message: "\(project.configPath) has no taxonomy section; add one (taxonomy: {url: …}) or pass --taxonomy <url-or-path>")
        }
        let separated = RemoteURL.separatingUserInfo(spec.url)
        spec.url = separated.url
        self.credentials = try Self.credentials(spec.credentials, environment: environment) ?? separated.credentials ?? .none
        var documentCredentials: [String: RemoteCredentials] = [:]
        for (host, described) in spec.documents?.credentials ?? [:] {
            documentCredentials[host] = try Self.credentials(
                described, environment: environment, key: "taxonomy.documents.credentials.\(host)",
                remote: "the document repositories on \(host)")
        }
        if let host = RemoteURL.host(of: spec.url), documentCredentials[host] == nil { documentCredentials[host] = credentials }
        self.documentCredentials = documentCredentials
        self.spec = spec
        self.documentSources = KnowledgeDocumentSources(
            mirror: spec.documents?.mirror.map { URL(fileURLWithPath: Self.resolve($0, relativeTo: project.root)) },
            rewrites: spec.documents?.rewrites ?? [:])
        self.state = TaxonomyStateLayout(root: project.stateDirectory)
        self.retry = spec.url.hasPrefix("/") || spec.url.lowercased().hasPrefix("file://") ? .never : .standard
    }

    /// A URL (`https://…`, `ssh://…`, `file://…`) or scp-like address (`git@host:path`)
    /// unchanged; a local path made absolute against `folder`.
    public static func resolve(_ location: String, relativeTo folder: URL) -> String {
        if location.contains("://") { return location }
        if let colon = location.firstIndex(of: ":"), !location[..<colon].contains("/") { return location }
        if location.hasPrefix("/") { return URL(fileURLWithPath: location).standardizedFileURL.path }
        return folder.appendingPathComponent(location).standardizedFileURL.path
    }

    /// The credentials `taxonomy.credentials` describes, read from the environment; nil
    /// when it describes none.
    /// - Throws: `TaxonomyConfigurationError` when the variable it names is not set.
    static func credentials(
        _ spec: CredentialsSpec?, environment: [String: String], key: String = "taxonomy.credentials",
        remote: String = "the taxonomy's remote"
    ) throws(TaxonomyConfigurationError) -> RemoteCredentials? {
        guard let spec else { return nil }
        guard let password = environment[spec.passwordVariable], !password.isEmpty else {
            throw TaxonomyConfigurationError(
                message: "\(key).password_env names \(spec.passwordVariable), which is not set in modelbuild's environment; set it to the password or token for \(remote)")
        }
        return RemoteCredentials(username: spec.username, password: password)
    }

    /// How leaves are validated, as `taxonomy.mode` says.
    public var validationOptions: LeafValidationOptions {
        LeafValidationOptions(reference: TaxonomyCheck.reference(spec.mode), folders: spec.folders)
    }

    /// The synchronisation of the mirror.
    public var sync: TaxonomySync {
        TaxonomySync(remoteURL: spec.url, branch: spec.branch, state: state, retry: retry, credentials: credentials)
    }

    /// Clones or fetches the mirror and reports what was merged since the last time.
    public func synchronize(
        onEvent: @escaping @Sendable (TaxonomySyncEvent) -> Void = { _ in }
    ) async throws(TaxonomyError) -> TaxonomySyncResult {
        try await sync.synchronize(onEvent: onEvent)
    }

    /// `changes(since:)` for a base the user named (`taxonomy diff --base`): a revision the
    /// mirror does not hold is a usage error.
    public func changes(sinceNamed base: String?) throws -> LeafChanges {
        do {
            return try changes(since: base)
        } catch {
            if case .commitNotFound = error.kind { throw RequestError(.usage, error.description) }
            throw error
        }
    }

    /// The leaves changed from `base` (any revision the mirror resolves: an id, a short
    /// id, a tag; nil for the first build, where every leaf is added) to the branch's head
    /// as last synchronised. Does not fetch.
    ///
    /// - Throws: `.notSynchronized` before the first sync; `.commitNotFound` when `base`
    ///   names no commit in the mirror.
    public func changes(since base: String?) throws(TaxonomyError) -> LeafChanges {
        let repository = try sync.openMirror()
        let head = try sync.branchHead(in: repository)
        var baseID: ObjectID?
        if let base {
            do {
                baseID = try repository.resolveCommit(base)
            } catch {
                throw TaxonomyError(
                    kind: .commitNotFound(revision: base), operation: "resolve the base", subject: base,
                    message: "'\(base)' is not a commit in the taxonomy mirror (\(error.message))")
            }
        }
        return try LeafChanges(in: repository, from: baseID, to: head, folders: spec.folders)
    }

    /// The read-only snapshot of the taxonomy folders at `commit` for stages, with the
    /// knowledge leaves' documents, made if missing.
    ///
    /// - Throws: `TaxonomyError`, or `KnowledgeDocumentError` when a leaf's documents
    ///   cannot be read.
    public func snapshot(at commit: ObjectID) async throws -> TaxonomySnapshot {
        let repository = try sync.openMirror()
        let tree = try TaxonomyTree(reading: repository, at: commit, folders: spec.folders)
        let documents = try await knowledgeDocuments(of: tree, in: repository)
        return try TaxonomySnapshot.materialize(tree, from: repository, in: state.snapshots, documents: documents)
    }

    /// The documents each knowledge leaf of `tree` names, by leaf path. A leaf without a
    /// readable `document` section has none: validation reports it.
    ///
    /// - Throws: `TaxonomyError` when a leaf cannot be read, `KnowledgeDocumentError` (every
    ///   failing leaf's diagnostics together) when documents cannot be.
    public func knowledgeDocuments(
        of tree: TaxonomyTree, in repository: Repository
    ) async throws -> [String: KnowledgeDocumentSet] {
        let resolved = try await resolveKnowledgeDocuments(of: tree, in: repository)
        guard resolved.failures.isEmpty else {
            let failures = resolved.failures.sorted { $0.key < $1.key }.map(\.value)
            throw KnowledgeDocumentError(kind: failures[0].kind, diagnostics: failures.flatMap(\.diagnostics))
        }
        return resolved.documents
    }

    /// The documents each knowledge leaf of `tree` names, and the leaves whose documents
    /// cannot be read with why: every leaf is tried, so all failures are known at once.
    ///
    /// - Throws: `TaxonomyError` when a leaf cannot be read; `CancellationError` when cancelled.
    public func resolveKnowledgeDocuments(
        of tree: TaxonomyTree, in repository: Repository
    ) async throws -> (documents: [String: KnowledgeDocumentSet], failures: [String: KnowledgeDocumentError]) {
        var found: [String: KnowledgeDocumentSet] = [:]
        var failures: [String: KnowledgeDocumentError] = [:]
        let cache = documents
        for leaf in tree.leaves where leaf.kind == .knowledge {
            let bytes = try TaxonomyTree.readLeafFile(leaf, from: repository)
            guard let reference = try? KnowledgeDocumentReference.parse(bytes, file: leaf.qnaPath) else { continue }
            do {
                found[leaf.path.text] = try await cache.documents(for: reference)
            } catch {
                if error.kind == .cancelled { throw CancellationError() }
                failures[leaf.path.text] = error
            }
        }
        return (found, failures)
    }

    /// The cache knowledge leaves' documents are fetched into. Fetches from the network
    /// retry as the taxonomy's do; a local path is tried once.
    public var documents: KnowledgeDocumentCache {
        var cache = KnowledgeDocumentCache(directory: state.documents, retry: .standard, credentialsByHost: documentCredentials)
        cache.sources = documentSources
        return cache
    }
}

/// The project names no taxonomy to work on.
public struct TaxonomyConfigurationError: Error, Sendable, CustomStringConvertible {
    /// What is missing and how to fix it.
    public let message: String

    /// Creates an error with its message.
    public init(message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
