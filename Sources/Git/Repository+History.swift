import CGit2
import Foundation

extension Repository {
    /// The first-parent history from `from` (exclusive) to `to` (inclusive), newest first:
    /// on a branch that merges pull requests, one commit per merged change.
    ///
    /// This is `git log --first-parent from..to`: commits reachable from `from` are left
    /// out even when `from` is not on `to`'s first-parent line. With `from` nil the whole
    /// first-parent history of `to` is listed. At most `maxCount` commits are read, so a
    /// hostile history cannot exhaust memory; `CommitLog.isTruncated` says when more lay
    /// in the range.
    public func firstParentLog(
        from: ObjectID?, to: ObjectID, maxCount: Int = 10_000
    ) throws(GitError) -> CommitLog {
        let operation = "first-parent log \(from?.hex ?? "(root)")..\(to.hex)"
        var walker: OpaquePointer?
        try check(git_revwalk_new(&walker, handle), operation)
        defer { git_revwalk_free(walker) }
        try check(git_revwalk_sorting(walker, GIT_SORT_NONE.rawValue), operation)
        try check(git_revwalk_simplify_first_parent(walker), operation)
        try check(to.withGitOID { git_revwalk_push(walker, $0) }, operation)
        if let from {
            try check(from.withGitOID { git_revwalk_hide(walker, $0) }, operation)
        }
        var commits: [Commit] = []
        var next = git_oid()
        while true {
            let code = git_revwalk_next(&next, walker)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, operation)
            if commits.count == max(0, maxCount) {
                return CommitLog(commits: commits, isTruncated: true)
            }
            commits.append(try commit(ObjectID(next)))
        }
        return CommitLog(commits: commits, isTruncated: false)
    }

    /// The commit `id`, read in full.
    public func commit(_ id: ObjectID) throws(GitError) -> Commit {
        let commit = try lookupCommit(id, "read commit \(id)")
        defer { git_commit_free(commit) }
        let message = git_commit_message(commit).map { String(cString: $0) } ?? ""
        let subject = Self.subject(of: message)
        let author = git_commit_author(commit)?.pointee
        return Commit(
            id: id,
            authorName: author?.name.map { String(cString: $0) } ?? "",
            authorEmail: author?.email.map { String(cString: $0) } ?? "",
            authorDate: Date(timeIntervalSince1970: TimeInterval(author?.when.time ?? 0)),
            committerDate: Date(timeIntervalSince1970: TimeInterval(git_commit_time(commit))),
            subject: subject,
            message: message,
            parentCount: Int(git_commit_parentcount(commit)),
            pullRequestNumber: PullRequestNumber.parse(subject: subject))
    }

    /// The first line of a commit message without trailing whitespace (scanned as UTF-8
    /// bytes: this runs once per listed commit).
    static func subject(of message: String) -> String {
        let bytes = message.utf8
        let lineEnd = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
        var end = lineEnd
        while end > bytes.startIndex {
            let previous = bytes.index(before: end)
            let byte = bytes[previous]
            guard byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") else {
                break
            }
            end = previous
        }
        return String(message[..<end])
    }

    /// True when `ancestor` is reachable from `descendant` (a commit is not its own
    /// ancestor).
    public func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws(GitError) -> Bool {
        let operation = "check whether \(ancestor) is an ancestor of \(descendant)"
        let result = descendant.withGitOID { descendantOID in
            ancestor.withGitOID { git_graph_descendant_of(handle, descendantOID, $0) }
        }
        try check(result, operation)
        return result == 1
    }

    /// How `new` relates to `old`: a fast-forward, or a rewritten (force-pushed) history.
    public func relation(from old: ObjectID, to new: ObjectID) throws(GitError) -> HistoryRelation {
        if old == new { return .unchanged }
        if try isAncestor(old, of: new) { return .fastForward }
        if try isAncestor(new, of: old) { return .rewound }
        var base = git_oid()
        let code = old.withGitOID { oldOID in
            new.withGitOID { git_merge_base(&base, handle, oldOID, $0) }
        }
        if code == GIT_ENOTFOUND.rawValue { return .unrelated }
        try check(code, "find the merge base of \(old) and \(new)")
        return .rewritten(mergeBase: ObjectID(base))
    }
}
