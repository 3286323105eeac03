import Foundation
import Git

/// A repository with a work tree, built by the `git` command line for a test, with a
/// fixed identity and a clock that advances one minute per commit (no git config needed).
public final class GitFixture {
    public let directory: URL
    private var clock = 1_700_000_000

    /// Makes an empty repository whose first branch is `main`.
    /// A fixture over a repository that already exists (no `git init`).
    public init(existingAt directory: URL) {
        self.directory = directory
    }

    public init(at directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try git("init", "--quiet", "--initial-branch=main")
    }

    /// Runs `git -C <directory> arguments…` and returns its standard output, trimmed.
    @discardableResult
    public func git(_ arguments: String..., standardInput: String = "") throws -> String {
        try git(arguments, standardInput: standardInput)
    }

    @discardableResult
    public func git(_ arguments: [String], standardInput: String = "") throws -> String {
        let date = "@\(clock) +0000"
        var environment = [
            "GIT_AUTHOR_NAME": "Ada Author", "GIT_AUTHOR_EMAIL": "ada@example.com",
            "GIT_COMMITTER_NAME": "Cy Committer", "GIT_COMMITTER_EMAIL": "cy@example.com",
            "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
            "HOME": directory.path, "LC_ALL": "C",
        ]
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let result = try SpawnedProcess.run(
            "git", ["-C", directory.path] + arguments, environment: environment,
            standardInput: Array(standardInput.utf8))
        guard result.status == 0 else {
            throw ProcessFailure(
                description: "git \(arguments.joined(separator: " ")) exited \(result.status): \(result.standardError)")
        }
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes a file in the work tree, making its directories.
    public func write(_ path: String, _ text: String) throws {
        let url = directory.appendingPathComponent(path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Deletes a file from the work tree.
    public func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: directory.appendingPathComponent(path))
    }

    /// Stages everything and commits it; returns the new commit's id.
    @discardableResult
    public func commitAll(_ message: String) throws -> ObjectID {
        try git("add", "--all")
        try git("commit", "--quiet", "--allow-empty", "-m", message)
        clock += 60
        return try id("HEAD")
    }

    /// Commits what is staged, as it is (for entries the work tree cannot hold, such as
    /// a gitlink added with `update-index`); returns the new commit's id.
    @discardableResult
    public func commitStaged(_ message: String) throws -> ObjectID {
        try git("commit", "--quiet", "--allow-empty", "-m", message)
        clock += 60
        return try id("HEAD")
    }

    /// Merges `branch` into the current branch with a merge commit, as a forge does.
    @discardableResult
    public func mergeNoFastForward(_ branch: String, message: String) throws -> ObjectID {
        try git("merge", "--quiet", "--no-ff", "-m", message, branch)
        clock += 60
        return try id("HEAD")
    }

    /// The full id `revision` names.
    public func id(_ revision: String) throws -> ObjectID {
        let hex = try git("rev-parse", "--verify", revision)
        guard let id = ObjectID(hex: hex) else {
            throw ProcessFailure(description: "git rev-parse \(revision) printed \(hex)")
        }
        return id
    }
}
