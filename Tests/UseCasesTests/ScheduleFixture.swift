import Foundation
import UseCases
import BuildConfiguration
import ServiceLifecycleTestKit

/// A project in a temporary folder whose builds run plain shell stages, and a scheduler
/// on it with a manual clock. A stage can be held until the test releases it.
struct ScheduleFixture {
    let root: URL
    let clock: ManualClock
    let events = EventLog()
    /// builds.yaml up to its `builds:` section.
    private let head: String

    var project: Project { Project(configPath: root.appendingPathComponent("builds.yaml").path) }
    var store: ScheduleStateStore { ScheduleStateStore(project: project) }

    /// Waits until the daemon lock an earlier daemon of this process released is free: a
    /// process another test is spawning keeps a copy of the descriptor until its exec.
    func waitUntilUnlocked() async throws {
        for _ in 0..<1000 where store.lockHolder() != nil { try await Task.sleep(for: .milliseconds(10)) }
    }
    var gate: URL { root.appendingPathComponent("release") }

    /// builds.yaml with one stage and the given `builds:` section (indented two spaces).
    /// The stage waits for the file `release` when `held`.
    init(root: URL, now: Date, builds: String, held: Bool = false, taxonomy: String? = nil) throws {
        self.root = root
        clock = ManualClock(now)
        let wait = held ? "while [ ! -e '\(root.path)/release' ]; do sleep 0.02; done; " : ""
        head = """
            version: 1
            model: {name: lab-model}
            \(taxonomy.map { "taxonomy: {url: \"\($0)\", branch: main}" } ?? "")
            stages:
              work: {run: [sh, -c, "\(wait)echo \\"$MODELBUILD_CONTEXT\\" >> '\(root.path)/runs.txt'"]}
            builds:

            """
        try write(builds: builds)
    }

    /// Replaces builds.yaml's `builds:` section (indented two spaces).
    func write(builds: String) throws {
        try write(head + builds)
    }

    /// Replaces builds.yaml with `text`.
    func write(_ text: String) throws {
        try text.write(to: root.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
    }

    func config() throws -> BuildConfig { try project.loadConfig() }

    func daemon(
        once: Bool = false, drain: Bool = true, drainTimeout: Duration = .seconds(60),
        heads: (any BranchHeadSource)? = nil, rereading: Bool = false, reloadRequests: AsyncStream<Void>? = nil,
        configCheckInterval: Duration? = nil, pullRequests: (any PullRequestHeadSource)? = nil,
        candidates: (any ScheduledCandidateRunner)? = nil
    ) throws -> ScheduleDaemon {
        let events = events
        return ScheduleDaemon(
            builds: try ScheduledBuild.all(in: config(), workingDirectory: root.path), store: store,
            runner: SessionBuildRunner(project: project, commands: StageCommandResolver(modelbuildBinary: "/bin/false")),
            heads: heads, clock: clock,
            options: .init(once: once, drain: drain, drainTimeout: drainTimeout, configCheckInterval: configCheckInterval),
            configFile: rereading ? ScheduleConfigFile(project: project) : nil, reloadRequests: reloadRequests,
            pullRequests: pullRequests, candidates: candidates, onEvent: { events.record($0) })
    }

    /// How many times the stage ran to its end.
    var stageRuns: Int {
        ((try? String(contentsOf: root.appendingPathComponent("runs.txt"), encoding: .utf8)) ?? "")
            .split(separator: "\n").count
    }

    func release() throws {
        try Data().write(to: gate)
    }

    func hold() throws {
        try? FileManager.default.removeItem(at: gate)
    }
}

/// Runs `daemon` in a task with a graceful-shutdown trigger, hands both to `body`, then
/// shuts the daemon down and waits for it (so no test leaves a scheduler running).
func withRunningDaemon(
    _ daemon: ScheduleDaemon,
    _ body: (Task<Void, any Error>, GracefulShutdownTestTrigger) async throws -> Void
) async throws {
    try await testGracefulShutdown { trigger in
        let task = Task { try await daemon.run() }
        do {
            try await body(task, trigger)
        } catch {
            task.cancel()
            _ = await task.result
            throw error
        }
        trigger.triggerGracefulShutdown()
        try await task.value
    }
}
