import Foundation
import TestSupport

/// Commits every tracked change of the taxonomy worktree `taxonomy` as `author` (merged by
/// a forge), with no global git configuration: what a contributor's merged change does.
func commitTaxonomyChanges(_ taxonomy: URL, author: String, message: String) throws -> ProcessOutput {
    var environment = ProcessInfo.processInfo.environment
    for (name, value) in [
        ("GIT_AUTHOR_NAME", author), ("GIT_AUTHOR_EMAIL", author.lowercased() + "@example.com"), ("GIT_COMMITTER_NAME", "Forge"),
        ("GIT_COMMITTER_EMAIL", "forge@example.com"), ("GIT_CONFIG_GLOBAL", "/dev/null"),
    ] {
        environment[name] = value
    }
    return try SpawnedProcess.run("/usr/bin/git", ["-C", taxonomy.path, "commit", "-qam", message], environment: environment)
}
