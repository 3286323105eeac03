import Foundation
import TestSupport
import Testing

/// A detached tmux session of a given size running one command, on its own tmux server
/// (its own socket), so tests neither see nor disturb anyone's sessions. What the
/// terminal shows is read with `capture-pane`, row by row as a person sees it.
struct TmuxSession {
    let socket = "modelbuild-test-\(UUID().uuidString.prefix(8))"
    let directory: URL

    static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
            || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")
    }

    /// Starts `command` (a shell command line) in `directory` on a `columns`×`rows` terminal.
    static func start(
        _ command: String, in directory: URL, columns: Int = 70, rows: Int = 20, environment: [String: String] = [:]
    ) async throws -> TmuxSession {
        let session = TmuxSession(directory: directory)
        let exports = environment.map { "\($0.key)=\(shellQuoted($0.value))" }.joined(separator: " ")
        // The shell stays after the command, so the screen can be read once it ended.
        let line = "\(exports.isEmpty ? "" : "env \(exports) ")\(command); echo '[exited]'; sleep 300"
        let result = try await session.tmux([
            "new-session", "-d", "-s", "test", "-x", "\(columns)", "-y", "\(rows)", "-c", directory.path, line,
        ])
        try #require(result.status == 0, "tmux new-session: \(result.standardError)")
        return session
    }

    /// Runs `body` with a session running `command`, and ends the session (its tmux
    /// server, and with it the command) whatever `body` does.
    static func with<Result>(
        _ command: String, in directory: URL, columns: Int = 70, rows: Int = 20, environment: [String: String] = [:],
        _ body: (TmuxSession) async throws -> Result
    ) async throws -> Result {
        let session = try await start(command, in: directory, columns: columns, rows: rows, environment: environment)
        do {
            let result = try await body(session)
            await session.stop()
            return result
        } catch {
            await session.stop()
            throw error
        }
    }

    /// The screen's rows as shown (a wrapped line is two rows), trailing blank rows dropped.
    func screen() async throws -> [String] {
        try await capture(["-p"])
    }

    /// The screen's rows with their colours as escape sequences.
    func screenWithEscapes() async throws -> [String] {
        try await capture(["-p", "-e"])
    }

    /// The rows scrolled off the top and the screen's, oldest first.
    func screenWithHistory() async throws -> [String] {
        try await capture(["-p", "-S", "-500"])
    }

    /// The screen's lines with wrapped rows joined back, to find a line that did not fit.
    func joinedLines() async throws -> [String] {
        try await capture(["-p", "-J"])
    }

    /// Waits (up to `limit`) until the screen satisfies `condition`; returns the last screen.
    @discardableResult
    func waitForScreen(
        limit: Duration = .seconds(30), _ condition: ([String]) -> Bool
    ) async throws -> [String] {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        var rows = try await screen()
        while !condition(rows), clock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            rows = try await screen()
        }
        return rows
    }

    func stop() async {
        _ = try? await tmux(["kill-server"])
    }

    private func capture(_ flags: [String]) async throws -> [String] {
        let result = try await tmux(["capture-pane", "-t", "test"] + flags)
        var rows = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while rows.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { rows.removeLast() }
        return rows
    }

    private func tmux(_ arguments: [String]) async throws -> CommandResult {
        try await runProgram(
            "tmux", ["-L", socket, "-f", "/dev/null"] + arguments, in: directory,
            environment: ["TERM": "xterm-256color"])
    }

    private static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
