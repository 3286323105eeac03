import Foundation
import Runner
import TestSupport
import Testing
import BuildConfiguration
import UseCases

/// A scheduled fire that finds a build by hand of the same name running skips, as ninja
/// or cron's `flock -n` would: it is neither a failure nor a notification.
@Suite struct ScheduledBuildBusyTests {
    @Test func aFireWhileTheBuildRunsByHandIsBusyNotFailed() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try ScheduleFixture(
                root: root, now: instant("2026-11-27T02:00:00Z"), builds: #"  nightly: {schedule: "0 2 * * *"}"#)
            let runner = SessionBuildRunner(
                project: fixture.project, commands: StageCommandResolver(modelbuildBinary: "/bin/false"))
            let byHand = try BuildLock.acquire(
                build: "nightly", in: StateDirectory(path: fixture.project.stateDirectory.path))
            let skipped = await runner.run(build: "nightly", clock: fixture.clock)
            #expect(skipped.status == .busy)
            #expect(skipped.detail?.contains("build nightly is already running") == true, "\(skipped)")
            #expect(fixture.stageRuns == 0)
            let notifier = Notifier(spec: NotifySpec(on: [.success, .failure]), workingDirectory: root.path)
            #expect(!notifier.wants(skipped.status))

            byHand.release()
            #expect(await runner.run(build: "nightly", clock: fixture.clock).status == .succeeded)
            #expect(fixture.stageRuns == 1)
        }
    }
}
