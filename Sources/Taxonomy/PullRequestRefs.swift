import Foundation
import Git

/// Where a remote keeps its pull-request heads (`refs/pull/*/head`), and the same
/// references in the mirror: fetched on demand, force-updated, and pruned when the remote
/// drops them (a merged or closed pull request on hosts that delete its ref).
public struct PullRequestRefs: Sendable, Hashable {
    /// The reference pattern, one `*` standing for the number.
    public let pattern: String

    /// The pattern as `taxonomy.pull_requests` gives it.
    public init(pattern: String) {
        self.pattern = pattern
    }

    /// The refspec that mirrors every pull-request head under the same names.
    public var refspec: String { "+\(pattern):\(pattern)" }

    /// The reference of pull request `number`.
    public func reference(_ number: Int) -> String {
        pattern.replacingOccurrences(of: "*", with: String(number))
    }

    /// The number a reference name carries, or nil when it does not match the pattern.
    public func number(in reference: String) -> Int? {
        guard let star = pattern.firstIndex(of: "*") else { return nil }
        let prefix = pattern[..<star]
        let suffix = pattern[pattern.index(after: star)...]
        guard reference.hasPrefix(prefix), reference.hasSuffix(suffix),
            reference.count > prefix.count + suffix.count
        else { return nil }
        let digits = reference.dropFirst(prefix.count).dropLast(suffix.count)
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return Int(digits)
    }

    /// Every pull request's head in `repository`, by number.
    public func heads(in repository: Repository) throws(GitError) -> [Int: ObjectID] {
        var heads: [Int: ObjectID] = [:]
        for (name, id) in try repository.references(matching: pattern) {
            if let number = number(in: name) { heads[number] = id }
        }
        return heads
    }
}

extension TaxonomySync {
    /// Fetches every pull-request head `refs` names into the mirror (made first when
    /// missing), under the mirror's lock, with the sync's retries and credentials.
    /// Returns the heads by number.
    ///
    /// - Throws: `.git(.remoteUnavailable…)` after the retries, `.cancelled`.
    public func fetchPullRequests(
        _ refs: PullRequestRefs, onEvent: @escaping @Sendable (TaxonomySyncEvent) -> Void = { _ in }
    ) async throws(TaxonomyError) -> [Int: ObjectID] {
        let lockFile = state.mirrorLock
        let lock = try await ExclusiveFileLock.acquire(lockFile) { onEvent(.waitingForLock(lockFile)) }
        defer { lock.release() }
        let mirror = RemoteMirror(remoteURL: remoteURL, directory: state.mirror, retry: retry, credentials: credentials)
        do {
            _ = try await mirror.fetchReferences([refs.refspec]) { onEvent(.mirror($0)) }
            return try refs.heads(in: try mirror.open())
        } catch {
            throw .git(error, "fetch the pull requests (\(refs.pattern))", remoteURL)
        }
    }
}
