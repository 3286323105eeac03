import CGit2
import Foundation

/// The refspecs of a mirror: every branch and tag, force-updated, pruned when gone.
let mirrorRefspecs = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"]

/// The name of the remote a mirror fetches from.
let mirrorRemoteName = "origin"

extension Repository {
    /// Opens a handle libgit2 already created (by `git_repository_init`).
    convenience init(adopting handle: OpaquePointer) {
        self.init(handle: handle, path: git_repository_path(handle).map { String(cString: $0) } ?? "")
    }

    /// Fetches every branch and tag of `url` into this repository as a mirror: refs are
    /// force-updated and pruned, and HEAD follows the remote's default branch.
    ///
    /// Records the remote as `origin` (so `git fetch` in the mirror does the same thing).
    /// Fetch failures come back as `.remoteUnavailable(url:attempts: 1)`, except
    /// `.cancelled` and `.authentication`, which no retry can cure.
    /// `refspecs` are the mirror's own by default; other refspecs (pull-request heads)
    /// fetch and prune only the references they name.
    func fetchMirror(
        from url: String, credentials: RemoteCredentials, refspecs fetched: [String] = mirrorRefspecs,
        onEvent: @escaping @Sendable (MirrorEvent) -> Void
    ) throws(GitError) -> (updates: [ReferenceUpdate], transfer: TransferProgress) {
        let operation = "fetch from '\(url)'"
        let remote = try configuredMirrorRemote(url: url, operation)
        defer { git_remote_free(remote) }

        var options = git_fetch_options()
        try check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), operation)
        options.prune = GIT_FETCH_PRUNE
        options.update_fetchhead = 0
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        let observer = FetchObserver(credentials: credentials, onEvent: onEvent)
        options.callbacks.payload = Unmanaged.passUnretained(observer).toOpaque()
        options.callbacks.transfer_progress = { stats, payload in
            guard let stats, let payload else { return 0 }
            return Unmanaged<FetchObserver>.fromOpaque(payload).takeUnretainedValue()
                .progressed(stats.pointee)
        }
        options.callbacks.update_tips = { name, old, new, payload in
            guard let name, let payload else { return 0 }
            Unmanaged<FetchObserver>.fromOpaque(payload).takeUnretainedValue()
                .updated(name: name, old: old, new: new)
            return 0
        }
        options.callbacks.credentials = { out, _, usernameFromURL, allowedTypes, payload in
            guard let out, let payload else { return GIT_PASSTHROUGH.rawValue }
            return Unmanaged<FetchObserver>.fromOpaque(payload).takeUnretainedValue()
                .credential(out, usernameFromURL: usernameFromURL.map { String(cString: $0) }, allowedTypes: allowedTypes)
        }
        options.callbacks.sideband_progress = { _, _, payload in
            guard let payload else { return 0 }
            return Unmanaged<FetchObserver>.fromOpaque(payload).takeUnretainedValue().cancellationCode
        }

        let refspecs = fetched.map { strdup($0) }
        defer { refspecs.forEach { free($0) } }
        let code = withExtendedLifetime(observer) {
            refspecs.withUnsafeBufferPointer { strings in
                var array = git_strarray(
                    strings: UnsafeMutablePointer(mutating: strings.baseAddress), count: strings.count)
                return git_remote_fetch(remote, &array, &options, "modelbuild: mirror fetch")
            }
        }
        if code < 0 {
            let error = GitError.fromLastError(code: code, operation: operation, repositoryPath: path)
            if observer.credentialsRefused {
                throw GitError(
                    kind: .authentication, operation: operation, repositoryPath: path,
                    message: "the remote refused the credentials offered (\(credentials.password == nil ? "none were configured: set taxonomy.credentials in builds.yaml" : "user \(credentials.username ?? "git")"))")
            }
            switch error.kind {
            case .cancelled, .authentication: throw error
            default:
                // Everything else (no route, refused, not found, timeouts, a lock held by
                // another fetch) may pass: the caller's retry policy decides.
                throw GitError(
                    kind: .remoteUnavailable(url: url, attempts: 1), operation: operation,
                    repositoryPath: path, message: error.message + missingLocalRemoteNote(url))
            }
        }
        try followRemoteDefaultBranch(remote, operation)
        var transfer = observer.lastProgress
        if let stats = git_remote_stats(remote) { transfer = TransferProgress(stats.pointee) }
        return (observer.updates.sorted { $0.name < $1.name }, transfer)
    }

    /// The mirror's `origin` remote, created or repointed at `url` as needed; the caller
    /// frees it with `git_remote_free`.
    private func configuredMirrorRemote(url: String, _ operation: String) throws(GitError) -> OpaquePointer {
        var remote: OpaquePointer?
        let code = git_remote_lookup(&remote, handle, mirrorRemoteName)
        if code == GIT_ENOTFOUND.rawValue {
            try check(
                git_remote_create_with_fetchspec(&remote, handle, mirrorRemoteName, url, mirrorRefspecs[0]),
                operation)
            git_remote_free(remote)
            for refspec in mirrorRefspecs.dropFirst() {
                try check(git_remote_add_fetch(handle, mirrorRemoteName, refspec), operation)
            }
        } else {
            try check(code, operation)
            let configuredURL = git_remote_url(remote).map { String(cString: $0) }
            git_remote_free(remote)
            if configuredURL != url {
                try check(git_remote_set_url(handle, mirrorRemoteName, url), operation)
            }
        }
        remote = nil
        try check(git_remote_lookup(&remote, handle, mirrorRemoteName), operation)
        guard let remote else { throw failure(.notFound, operation, "remote '\(mirrorRemoteName)' vanished") }
        return remote
    }

    /// Points HEAD at the remote's default branch, as `git clone --mirror` does, so that
    /// `HEAD` resolves in the mirror. A remote that advertises no HEAD leaves it alone.
    private func followRemoteDefaultBranch(_ remote: OpaquePointer, _ operation: String) throws(GitError) {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        let code = git_remote_default_branch(&buffer, remote)
        if code == GIT_ENOTFOUND.rawValue { return }
        try check(code, operation)
        guard let branch = buffer.ptr else { return }
        var reference: OpaquePointer?
        guard git_reference_lookup(&reference, handle, branch) == 0 else { return }
        git_reference_free(reference)
        try check(git_repository_set_head(handle, branch), operation)
    }
}

/// libgit2 reports a local path that does not exist as "unsupported URL protocol"; this
/// says what is really wrong.
private func missingLocalRemoteNote(_ url: String) -> String {
    let localPath: String
    if url.hasPrefix("file://") {
        localPath = URL(string: url)?.path ?? String(url.dropFirst("file://".count))
    } else if url.hasPrefix("/") || url.hasPrefix(".") {
        localPath = url
    } else {
        return ""
    }
    return FileManager.default.fileExists(atPath: localPath) ? "" : " (no such local directory: \(localPath))"
}

/// Receives the fetch callbacks of one `git_remote_fetch` call, on the calling thread.
private final class FetchObserver {
    private let onEvent: @Sendable (MirrorEvent) -> Void
    private let credentials: RemoteCredentials
    private(set) var updates: [ReferenceUpdate] = []
    private(set) var lastProgress = TransferProgress()
    /// How often the remote asked for credentials; a second time means the first were refused.
    private var credentialRequests = 0
    /// True once the remote asked again after credentials were offered.
    private(set) var credentialsRefused = false

    init(credentials: RemoteCredentials, onEvent: @escaping @Sendable (MirrorEvent) -> Void) {
        self.credentials = credentials
        self.onEvent = onEvent
    }

    /// Answers libgit2's credential request: the user name and password for https,
    /// ssh-agent for ssh. Offers them once: asked again, the remote refused them, and
    /// the fetch stops with an authentication error instead of asking forever.
    func credential(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, usernameFromURL: String?,
        allowedTypes: UInt32
    ) -> Int32 {
        credentialRequests += 1
        if credentialRequests > 1 {
            credentialsRefused = true
            return GIT_EAUTH.rawValue
        }
        if allowedTypes & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0, let password = credentials.password {
            let username = credentials.username ?? usernameFromURL ?? "git"
            return git_credential_userpass_plaintext_new(out, username, password)
        }
        if allowedTypes & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 {
            return git_credential_ssh_key_from_agent(out, usernameFromURL ?? credentials.username ?? "git")
        }
        if allowedTypes & GIT_CREDENTIAL_USERNAME.rawValue != 0 {
            return git_credential_username_new(out, usernameFromURL ?? credentials.username ?? "git")
        }
        credentialsRefused = true
        return GIT_EAUTH.rawValue
    }

    /// `GIT_EUSER` once the surrounding task is cancelled (libgit2 then stops the fetch).
    var cancellationCode: Int32 { Task.isCancelled ? GIT_EUSER.rawValue : 0 }

    func progressed(_ stats: git_indexer_progress) -> Int32 {
        lastProgress = TransferProgress(stats)
        onEvent(.transfer(lastProgress))
        return cancellationCode
    }

    func updated(name: UnsafePointer<CChar>, old: UnsafePointer<git_oid>?, new: UnsafePointer<git_oid>?) {
        let oldID = old.map { ObjectID($0.pointee) }.flatMap { $0.isZero ? nil : $0 }
        let newID = new.map { ObjectID($0.pointee) }.flatMap { $0.isZero ? nil : $0 }
        updates.append(ReferenceUpdate(name: String(cString: name), old: oldID, new: newID))
    }
}

extension TransferProgress {
    fileprivate init(_ stats: git_indexer_progress) {
        self.init(
            totalObjects: Int(stats.total_objects), receivedObjects: Int(stats.received_objects),
            indexedObjects: Int(stats.indexed_objects), localObjects: Int(stats.local_objects),
            totalDeltas: Int(stats.total_deltas), indexedDeltas: Int(stats.indexed_deltas),
            receivedBytes: Int(stats.received_bytes))
    }
}
