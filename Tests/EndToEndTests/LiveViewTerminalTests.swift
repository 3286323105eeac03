import Foundation
import TestSupport
import Testing

/// The live view in a real terminal (tmux, 70 columns): it moves while stages are quiet,
/// never leaves a line of an old frame behind, and shows a failure's log under it.
@Suite(.enabled(if: TmuxSession.isAvailable, "tmux is not installed (apt-get install tmux)"))
struct LiveViewTerminalTests {
    /// Runs `body` while `modelbuild build nightly` runs in a 70-column tmux session.
    private static func withLiveBuild(
        _ project: BuildProject, _ body: (TmuxSession) async throws -> Void
    ) async throws {
        try await TmuxSession.with(
            "'\(modelbuildBinary)' build nightly --no-publish", in: project.directory, environment: ["NO_COLOR": "1"], body)
    }

    /// The elapsed time on a running stage's row, as `1.2s`, or nil when no row shows it.
    private static func elapsed(of stage: String, in rows: [String]) -> String? {
        guard let row = rows.first(where: { $0.contains("▸ \(stage) ") }) else { return nil }
        return row.split(separator: " ").first { $0.hasSuffix("s") && $0.first?.isNumber == true }.map(String.init)
    }

    /// A shell command that waits until the project folder holds `name`: the test, not the
    /// clock, says when a stage ends, so a loaded machine cannot finish it unseen.
    private static func waiting(for name: String, in project: BuildProject) -> String {
        let gate = project.directory.appendingPathComponent(name).path
        return "while [ ! -e '\(gate)' ]; do sleep 0.05; done"
    }

    private static func open(_ name: String, in project: BuildProject) {
        _ = FileManager.default.createFile(atPath: project.directory.appendingPathComponent(name).path, contents: nil)
    }

    @Test func aQuietStagesElapsedTimeAdvances() async throws {
        try await withBuildProject { project in
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                stages:
                  quiet: {run: [sh, -c, "\(Self.waiting(for: "gate", in: project)); echo '::metric f1=0.8125'"]}
                builds:
                  nightly: {}
                """)
            try await Self.withLiveBuild(project) { tmux in
                let first = try await tmux.waitForScreen(limit: .seconds(60)) { Self.elapsed(of: "quiet", in: $0) != nil }
                let firstElapsed = try #require(Self.elapsed(of: "quiet", in: first), "\(first.joined(separator: "\n"))")
                #expect(first.contains { $0.contains("1 running") }, "\(first.joined(separator: "\n"))")
                let later = try await tmux.waitForScreen(limit: .seconds(30)) {
                    guard let elapsed = Self.elapsed(of: "quiet", in: $0) else { return false }
                    return elapsed != firstElapsed
                }
                let laterElapsed = Self.elapsed(of: "quiet", in: later)
                #expect(laterElapsed != nil && laterElapsed != firstElapsed, "\(later.joined(separator: "\n"))")
                Self.open("gate", in: project)
                let done = try await tmux.waitForScreen(limit: .seconds(60)) { $0.contains("[exited]") }
                #expect(done.contains { $0.hasPrefix("✓ quiet") && $0.hasSuffix("  f1=0.8125") }, "\(done.joined(separator: "\n"))")
            }
        }
    }

    @Test func aSeventyColumnTerminalKeepsEveryLineOnOneRowAndNoStaleRows() async throws {
        try await withBuildProject { project in
            let long = "compositional_skills_writing_freeform_poetry_haiku_with_a_very_long_leaf_name"
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                executor: {workers: 4}
                stages:
                  generate:
                    run: [sh, -c, "echo generating a great many samples for this leaf right now; \(Self.waiting(for: "generated", in: project))"]
                    foreach: [\(long)_a, \(long)_b, \(long)_c]
                  train:
                    run: [sh, -c, "echo '::progress 0.5 epoch 1 of 2 with a long message that goes on'; \(Self.waiting(for: "trained", in: project))"]
                    needs: [generate]
                builds:
                  nightly: {}
                """)
            try await Self.withLiveBuild(project) { tmux in
                var wrapped: [String] = []
                var framesSeen = 0
                let clock = ContinuousClock()
                let deadline = clock.now + .seconds(120)
                while clock.now < deadline {
                    let lines = try await tmux.joinedLines()
                    wrapped += lines.filter {
                        $0.count > 70 && !$0.hasPrefix("run: ") && !$0.hasPrefix("build ") && !$0.hasPrefix("critical path")
                    }
                    if lines.contains("[exited]") { break }
                    // Each stage group is let go once a few frames showed it running.
                    if lines.filter({ $0.contains("▸ generate[") }).count == 3 { framesSeen += 1 }
                    if framesSeen == 3 { Self.open("generated", in: project) }
                    if lines.contains(where: { $0.contains("▸ train") && $0.contains("50%") }) { framesSeen += 1 }
                    if framesSeen >= 6 { Self.open("trained", in: project) }
                    try await Task.sleep(for: .milliseconds(150))
                }
                #expect(framesSeen >= 6, "saw \(framesSeen) frames of running stages")
                #expect(wrapped.isEmpty, "lines wider than the terminal: \(Set(wrapped))")
                let end = try await tmux.screen()
                // Nothing of the live block stays: no running row, no count line.
                #expect(!end.contains { $0.contains("▸") || $0.contains(" running") }, "\(end.joined(separator: "\n"))")
                #expect(end.filter { $0.hasPrefix("✓ ") }.count == 4, "\(end.joined(separator: "\n"))")
                #expect(end.contains { $0.hasPrefix("✓ generate[compos") && $0.contains("…") }, "\(end.joined(separator: "\n"))")
            }
        }
    }

    @Test func aFailurePrintsItsLogTailUnderIt() async throws {
        try await withBuildProject { project in
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                stages:
                  fail-late: {run: [sh, -c, "for i in $(seq 1 40); do echo line $i; done; echo CUDA out of memory; exit 3"]}
                builds:
                  nightly: {}
                """)
            try await Self.withLiveBuild(project) { tmux in
                try await tmux.waitForScreen { $0.contains("[exited]") }
                let end = try await tmux.screenWithHistory()
                let failure = try #require(end.firstIndex { $0.hasPrefix("✗ fail-late") }, "\(end.joined(separator: "\n"))")
                #expect(end[failure].contains("exit status 3"))
                #expect(end[(failure + 1)...].contains { $0.contains("│ CUDA out of memory") }, "\(end.joined(separator: "\n"))")
                #expect(!end.contains { $0.contains("│ line 21") }, "only the last 20 lines")
            }
        }
    }

    @Test func finishedStagesAreColouredUnlessNoColorIsSet() async throws {
        try await withBuildProject { project in
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                stages:
                  train: {run: [sh, -c, "true"]}
                builds:
                  nightly: {}
                """)
            for noColour in [false, true] {
                try await TmuxSession.with(
                    (noColour ? "" : "env -u NO_COLOR ") + "'\(modelbuildBinary)' build nightly --no-publish --no-cache",
                    in: project.directory, environment: noColour ? ["NO_COLOR": "1"] : [:]
                ) { tmux in
                    try await tmux.waitForScreen { $0.contains("[exited]") }
                    let styled = try await tmux.screenWithEscapes().joined(separator: "\n")
                    #expect(styled.contains("✓ train"), "\(styled)")
                    // tmux writes a colour once for consecutive rows that share it.
                    #expect(styled.contains("\u{1B}[32m") == !noColour, "\(styled)")
                }
            }
        }
    }
}
