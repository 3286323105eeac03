import CGit2
import Foundation

extension Repository {
    /// The changes between two trees (nil: the empty tree), without rename detection,
    /// descending only into subtrees whose ids differ and, with `paths`, only into
    /// subtrees on the way to or below one of them. Sorted by path, like libgit2's diff.
    func comparedTrees(
        old: OpaquePointer?, new: OpaquePointer?, paths: [String], _ operation: String
    ) throws(GitError) -> [TreeChange] {
        var comparison = TreeComparison(
            repository: handle, filter: PathFilter(paths.map(normalizedTreePath)))
        let code = comparison.compare(old: old, new: new, directory: "")
        try check(code, operation)
        return comparison.changes
    }
}

/// Literal path filters: a path is kept when it is one of them or lies below one.
private struct PathFilter {
    private let paths: [String]

    init(_ paths: [String]) {
        self.paths = paths.filter { !$0.isEmpty }
    }

    /// Whether to keep everything at and below `path`.
    func includesAll(below path: String) -> Bool {
        paths.isEmpty || paths.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    /// Whether some filter lies below the directory `path`, so it must be entered.
    func leadsInto(directory path: String) -> Bool {
        paths.contains { $0.hasPrefix(path + "/") }
    }
}

/// One recursive comparison of two trees in git's entry order.
private struct TreeComparison {
    let repository: OpaquePointer
    let filter: PathFilter
    var changes: [TreeChange] = []

    /// Compares two trees (either may be nil: empty) whose path is `directory` (empty
    /// for the root, otherwise ending in `/`). Returns 0 or a negative libgit2 error.
    mutating func compare(old: OpaquePointer?, new: OpaquePointer?, directory: String) -> Int32 {
        let oldCount = old.map { git_tree_entrycount($0) } ?? 0
        let newCount = new.map { git_tree_entrycount($0) } ?? 0
        var oldIndex = 0
        var newIndex = 0
        while oldIndex < oldCount || newIndex < newCount {
            let oldEntry = oldIndex < oldCount ? git_tree_entry_byindex(old, oldIndex) : nil
            let newEntry = newIndex < newCount ? git_tree_entry_byindex(new, newIndex) : nil
            let order: Int32
            switch (oldEntry, newEntry) {
            case (let oldEntry?, let newEntry?): order = gitEntryOrder(oldEntry, newEntry)
            case (.some, nil): order = -1
            default: order = 1
            }
            let code: Int32
            if order < 0 {
                code = visit(old: oldEntry, new: nil, directory: directory)
                oldIndex += 1
            } else if order > 0 {
                code = visit(old: nil, new: newEntry, directory: directory)
                newIndex += 1
            } else {
                code = visit(old: oldEntry, new: newEntry, directory: directory)
                oldIndex += 1
                newIndex += 1
            }
            if code < 0 { return code }
        }
        return 0
    }

    /// Handles one name present on one or both sides (both sides are the same kind of
    /// thing, tree or not, since trees and non-trees never compare equal in git order).
    private mutating func visit(old: OpaquePointer?, new: OpaquePointer?, directory: String) -> Int32 {
        guard let any = new ?? old, let name = git_tree_entry_name(any) else { return 0 }
        if let old, let new, git_oid_equal(git_tree_entry_id(old), git_tree_entry_id(new)) == 1,
            git_tree_entry_filemode(old) == git_tree_entry_filemode(new)
        {
            return 0
        }
        let path = directory + String(cString: name)
        if git_tree_entry_filemode(any) == GIT_FILEMODE_TREE {
            guard filter.includesAll(below: path) || filter.leadsInto(directory: path) else { return 0 }
            return descend(old: old, new: new, path: path)
        }
        guard filter.includesAll(below: path) else { return 0 }
        let oldFile = old.flatMap { ChangedFile(entry: $0, path: path) }
        let newFile = new.flatMap { ChangedFile(entry: $0, path: path) }
        switch (oldFile, newFile) {
        case (nil, let newFile?): changes.append(TreeChange(status: .added, old: nil, new: newFile))
        case (let oldFile?, nil): changes.append(TreeChange(status: .removed, old: oldFile, new: nil))
        case (let oldFile?, let newFile?):
            let sameKind = oldFile.kind == newFile.kind || (oldFile.kind.isReadableFile && newFile.kind.isReadableFile)
            changes.append(TreeChange(status: sameKind ? .modified : .typeChanged, old: oldFile, new: newFile))
        case (nil, nil): break
        }
        return 0
    }

    private mutating func descend(old: OpaquePointer?, new: OpaquePointer?, path: String) -> Int32 {
        var oldTree: OpaquePointer?
        var newTree: OpaquePointer?
        defer {
            git_tree_free(oldTree)
            git_tree_free(newTree)
        }
        if let old {
            let code = git_tree_lookup(&oldTree, repository, git_tree_entry_id(old))
            if code < 0 { return code }
        }
        if let new {
            let code = git_tree_lookup(&newTree, repository, git_tree_entry_id(new))
            if code < 0 { return code }
        }
        return compare(old: oldTree, new: newTree, directory: path + "/")
    }
}

/// git's tree entry order: names compared bytewise, a tree's name as if it ended in `/`.
private func gitEntryOrder(_ first: OpaquePointer, _ second: OpaquePointer) -> Int32 {
    guard let firstName = git_tree_entry_name(first), let secondName = git_tree_entry_name(second) else {
        return 0
    }
    let firstLength = strlen(firstName)
    let secondLength = strlen(secondName)
    let common = min(firstLength, secondLength)
    let order = memcmp(firstName, secondName, common)
    if order != 0 { return order }
    let slash = Int32(UInt8(ascii: "/"))
    let firstNext = firstLength > common
        ? Int32(UInt8(bitPattern: firstName[common]))
        : (git_tree_entry_filemode(first) == GIT_FILEMODE_TREE ? slash : 0)
    let secondNext = secondLength > common
        ? Int32(UInt8(bitPattern: secondName[common]))
        : (git_tree_entry_filemode(second) == GIT_FILEMODE_TREE ? slash : 0)
    return firstNext - secondNext
}

extension ChangedFile {
    fileprivate init?(entry: OpaquePointer, path: String) {
        let mode = git_tree_entry_filemode(entry).rawValue
        guard let kind = EntryKind(mode: mode) else { return nil }
        self.init(path: path, id: ObjectID(git_tree_entry_id(entry).pointee), mode: mode, kind: kind)
    }
}
