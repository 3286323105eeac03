import Platform

/// The account local stages run as (`executor.user`), when modelbuild runs as root.
///
/// A stage then cannot touch what modelbuild owns: its private input copies, the store,
/// the published artifacts, the state folder and modelbuild's own process (its memory and
/// `/proc/<pid>/environ`) all belong to root and are read-only or closed to it. It owns
/// only its work folder and its output folder, which modelbuild gives it before it starts.
///
/// The stage is started through util-linux's `setpriv`, which sets the user and group ids
/// and the account's supplementary groups and sets `no_new_privs` (no set-user-id program
/// can give root back) before it executes the stage's program, in the same process: the
/// launcher's process group, signals and exit status stay the stage's own.
public struct StageUser: Sendable, Hashable {
    /// The account.
    public let account: UserAccount
    /// The `setpriv` program that switches to it.
    public let switcher: String

    /// Why stages cannot run as the configured account.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        public let description: String
    }

    /// The account `name` of this machine, checked for use: it exists, modelbuild runs as
    /// root, and `setpriv` is on `searchPath`.
    /// - Returns: nil when modelbuild already runs as that account (nothing to switch).
    public static func resolve(
        _ name: String, searchPath: String?, effectiveUserID: UInt32 = CurrentProcess.effectiveUserID
    ) throws(Refusal) -> StageUser? {
        guard let account = UserAccount.named(name) else {
            throw Refusal(description: "executor.user: there is no account \"\(name)\" on this machine")
        }
        if account.userID == effectiveUserID { return nil }
        guard effectiveUserID == 0 else {
            throw Refusal(
                description: "executor.user: running stages as \(name) needs modelbuild to run as root "
                    + "(it runs as uid \(effectiveUserID)); run it as root, or remove executor.user")
        }
        guard let switcher = ExecutableSearch.find("setpriv", on: searchPath) else {
            throw Refusal(
                description: "executor.user: setpriv (util-linux) is not on PATH; install util-linux to run stages as \(name)")
        }
        return StageUser(account: account, switcher: switcher)
    }

    /// The arguments of `switcher` that run `executable` with `arguments` as the account.
    func switchingArguments(to executable: String, _ arguments: [String]) -> [String] {
        [
            "--reuid=\(account.userID)", "--regid=\(account.groupID)", "--init-groups", "--no-new-privs", "--",
            executable,
        ] + arguments
    }

    /// The stage's environment with who and where the user is (`HOME`, `USER`) said as the
    /// account's, not root's.
    func environment(_ variables: [String: String]) -> [String: String] {
        var variables = variables
        variables["HOME"] = account.home
        variables["USER"] = account.name
        return variables
    }

    /// Gives the account the attempt's work and output folders, after checking that it
    /// can reach them and `context.json` at all.
    /// - Throws: a refusal naming the first folder on the way that the account may not
    ///   pass through, and what to do about it.
    func prepare(workDirectory: String, outputDirectory: String, contextFile: String) throws {
        for path in [outputDirectory, contextFile] {
            try checkReach(path)
        }
        for folder in [workDirectory, outputDirectory] {
            try FileSystem.changeOwner(folder, owner: account.userID, group: account.groupID)
        }
    }

    /// Throws when some folder above `path` does not let the account through.
    private func checkReach(_ path: String) throws {
        var folder = ""
        for component in path.split(separator: "/").dropLast() {
            folder += "/" + component
            guard let status = try FileSystem.status(folder) else { continue }
            if status.isDirectory, !account.canSearch(status) {
                throw Refusal(
                    description: "executor.user: \(account.name) cannot pass through \(folder) "
                        + "(mode \(String(status.permissions, radix: 8)), owner uid \(status.owner)); "
                        + "give others search permission on it (chmod o+x) or move the project")
            }
        }
    }
}
