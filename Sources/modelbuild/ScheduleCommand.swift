import ArgumentParser
import Foundation
import Logging
import UseCases
import BuildConfiguration
import Platform
import ServiceLifecycle
import Synchronization
import UnixSignals

struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Run builds on their schedules and triggers: as a daemon, once, or show what is next.",
        discussion: """
            Without options, runs in the foreground until SIGTERM or Ctrl-C (for systemd or a \
            container): fires each build of builds.yaml at its schedule: (cron, in its timezone:) \
            and when its trigger: on_merge sees the taxonomy branch move and stay quiet; builds \
            of kind candidate build the candidate of each pull request whose head moved and \
            stayed quiet (trigger: on_pull_request), and send its report to notify:. It logs \
            every decision. On SIGTERM or Ctrl-C it takes no new builds and lets running ones \
            finish (--drain, at most --drain-timeout), or cancels them (--no-drain).

            The daemon rereads builds.yaml when it changes (checked every minute and before \
            each fire) and on SIGHUP: new builds start firing, removed ones stop, and the \
            state is kept. A builds.yaml that no longer loads is reported once; the last good \
            schedules keep running until it is fixed.

            State (the last fire time per build, the last taxonomy head seen, the last result) \
            is kept in .modelbuild/schedule/. After a restart a missed fire time runs once \
            (catchup: latest) or not at all (catchup: none). Only one scheduler works on a \
            project at a time.

            --once fires what is due now, waits for it and exits: for crontab or a systemd \
            timer. Its exit status is 1 when a build it ran failed; when another scheduler \
            (a daemon, or the previous pass still building) works on the project, it says so in \
            one line and exits 0.

            Testing aid: MODELBUILD_SCHEDULE_NOW=2026-11-27T01:59:58Z makes the scheduler's \
            clock start at that instant (then run at real speed).
            """
    )

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Fire what is due now, wait for those builds, and exit.")
    var once = false

    @Flag(help: "Print the next fire times of every build (in UTC and the build's time zone), and exit.")
    var next = false

    @Argument(help: "With --next: how many fire times per build.")
    var count: Int?

    @Flag(help: "Print each build's next fire time and last result, and whether a scheduler is running.")
    var status = false

    @Flag(
        inversion: .prefixedNo,
        help: "On SIGTERM or Ctrl-C, let running builds finish (--no-drain cancels them at once).")
    var drain = true

    @Option(help: "How long a drain may take before running builds are cancelled (30s, 10m, 1h).")
    var drainTimeout = "30m"

    @Flag(help: "Also log when the scheduler goes idle and until when.")
    var verbose = false

    @Flag(help: "With --status or --next: print JSON (docs/json.md), for other programs.")
    var json = false

    func validate() throws {
        if [once, next, status].filter({ $0 }).count > 1 {
            throw ValidationError("--once, --next and --status go one at a time")
        }
        if json, !next, !status { throw ValidationError("--json is taken with --status or --next") }
        if count != nil, !next { throw ValidationError("a count is only taken with --next") }
        if let count, !(1...1000).contains(count) { throw ValidationError("--next takes 1 to 1000 fire times") }
        if DurationText.parse(drainTimeout) == nil {
            throw ValidationError("--drain-timeout: \"\(drainTimeout)\" is not a duration (write it like 30s, 10m or 1h)")
        }
    }

    func run() async throws {
        let config = try options.load()
        let clock = SystemScheduleClock(startingAt: try SystemScheduleClock.startFromEnvironment())
        let store = ScheduleStateStore(project: try options.project)
        if next || status {
            let overview = try ScheduleOverview(config: config, store: store, now: clock.now, count: count ?? 5)
            if json {
                JSONOutput.write(ScheduleOverviewJSON.object(overview))
                return
            }
            print(
                next ? ScheduleOverviewText.next(overview) : ScheduleOverviewText.status(overview, now: clock.now),
                terminator: "")
            return
        }
        try await runScheduler(config: config, store: store, clock: clock)
    }

    private func runScheduler(config: BuildConfig, store: ScheduleStateStore, clock: SystemScheduleClock) async throws {
        let project = try options.project
        // Under cron, a pass that finds the previous one still building (a 6-hour train)
        // is not a failure: it says so in one line and leaves the work to that pass.
        if once, let holder = store.lockHolder() {
            print("another modelbuild scheduler (pid \(holder)) is running; this pass has nothing to do")
            return
        }
        let builds = try ScheduledBuild.all(in: config, workingDirectory: project.root.path)
        guard !builds.isEmpty else {
            throw RequestError(.usage, "no build in \(try options.configPath) has a schedule: or a trigger:; nothing to schedule")
        }
        // Read only for builds with a trigger, which a reload of builds.yaml may add.
        let heads: (any BranchHeadSource)? =
            config.taxonomy == nil ? nil : try MirroredBranchHead(project: project, config: config)
        let pullRequests: (any PullRequestHeadSource)? =
            config.taxonomy == nil ? nil : try MirroredPullRequestHeads(project: project, config: config)
        let runner = SessionBuildRunner(
            project: project, commands: StageCommandResolver(modelbuildBinary: StageCommandResolver.currentExecutable()))
        let (reloads, reloadRequested) = AsyncStream.makeStream(of: Void.self)
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let forwarding = Task {
            for await _ in hangups { reloadRequested.yield() }
        }
        defer {
            forwarding.cancel()
            reloadRequested.finish()
        }
        let verbose = verbose
        let failures = Mutex(0)
        let daemon = ScheduleDaemon(
            builds: builds, store: store,
            runner: runner, heads: heads, clock: clock,
            options: .init(
                once: once, drain: drain, drainTimeout: DurationText.parse(drainTimeout) ?? .seconds(1800),
                configCheckInterval: .seconds(60)),
            configFile: ScheduleConfigFile(project: project), reloadRequests: reloads,
            pullRequests: pullRequests, candidates: runner,
            onEvent: { event in
                if case .finished(let result) = event.kind, [.failed, .error].contains(result.status) {
                    failures.withLock { $0 += 1 }
                }
                // A candidate's verdict is its report, not a failure of the pass; one that
                // could not be built is.
                if case .candidateFinished(_, let candidate) = event.kind, candidate.result.status == .error {
                    failures.withLock { $0 += 1 }
                }
                if let line = ScheduleText.line(event, verbose: verbose || event.kind.isIdle && once) {
                    StandardStream.output.write(line + "\n")
                }
            })
        var logger = Logger(label: "modelbuild.schedule")
        logger.logLevel = .warning
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(
                        service: daemon, successTerminationBehavior: .gracefullyShutdownGroup,
                        failureTerminationBehavior: .cancelGroup, serviceName: "modelbuild-schedule")
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        if once, failures.withLock({ $0 }) > 0 { throw ExitCode(ExitStatus.failure) }
    }
}

extension ScheduleEvent.Kind {
    var isIdle: Bool {
        if case .idle = self { return true }
        return false
    }
}
