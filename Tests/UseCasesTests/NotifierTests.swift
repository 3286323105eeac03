import Foundation
import UseCases
import BuildConfiguration
import TestSupport
import Testing

/// Notifiers deliver the JSON summary to a real command and a real HTTP listener, and a
/// notifier that fails is reported, never raised.
@Suite struct NotifierTests {
    let notification = BuildNotification(
        build: "nightly", version: "nightly-2026-11-27", status: "failed", failedStage: "train",
        metrics: ["evaluate.f1": 0.71], link: "file:///srv/artifacts/lab-model/index.html", runID: "run-1",
        finished: instant("2026-11-27T02:14:00Z"))

    @Test func webhookPostsTheSummaryAsJSON() async throws {
        let server = try LoopbackHTTPServer(status: 204)
        defer { server.stop() }
        let notifier = Notifier(spec: NotifySpec(webhook: server.url("/hooks/build")), workingDirectory: "/")
        let failures = await notifier.send(notification)
        #expect(failures.isEmpty)
        let request = try #require(server.received.first)
        #expect(request.method == "POST")
        #expect(request.path == "/hooks/build")
        #expect(request.headers["content-type"] == "application/json")
        let object = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
        #expect(object["build"] as? String == "nightly")
        #expect(object["version"] as? String == "nightly-2026-11-27")
        #expect(object["status"] as? String == "failed")
        #expect(object["failedStage"] as? String == "train")
        #expect((object["metrics"] as? [String: Double])?["evaluate.f1"] == 0.71)
        #expect(object["link"] as? String == "file:///srv/artifacts/lab-model/index.html")
        #expect(object["finished"] as? String == "2026-11-27T02:14:00Z")
    }

    @Test func webhookAnsweringAnErrorIsAFailure() async throws {
        let server = try LoopbackHTTPServer(status: 500)
        defer { server.stop() }
        let notifier = Notifier(spec: NotifySpec(webhook: server.url("/")), workingDirectory: "/")
        let failures = await notifier.send(notification)
        #expect(failures.map(\.description) == ["webhook \(server.url("/")): HTTP status 500"])
    }

    @Test func commandReadsTheSummaryOnStandardInput() async throws {
        try await withTemporaryDirectory { directory in
            let notifier = Notifier(
                spec: NotifySpec(command: ["sh", "-c", "cat > summary.json; echo \"$MODELBUILD_NOTIFY_STATUS\" > status"]),
                workingDirectory: directory.path, timeout: Self.roomy)
            #expect(await notifier.send(notification).isEmpty)
            let data = try Data(contentsOf: directory.appendingPathComponent("summary.json"))
            #expect(data == notification.json())
            let status = try String(contentsOf: directory.appendingPathComponent("status"), encoding: .utf8)
            #expect(status == "failed\n")
        }
    }

    @Test func failingCommandAndUnreachableWebhookAreReported() async throws {
        let closed = try LoopbackHTTPServer()
        let url = closed.url("/gone")
        closed.stop()
        let notifier = Notifier(
            spec: NotifySpec(command: ["sh", "-c", "echo no route >&2; exit 3"], webhook: url), workingDirectory: "/",
            timeout: Self.roomy)
        let failures = await notifier.send(notification)
        #expect(failures.count == 2)
        #expect(failures.first?.description == "command sh -c echo no route >&2; exit 3: exit status 3: no route")
        #expect(failures.last?.notifier == "webhook \(url)")
    }

    /// A timeout no loaded machine reaches, for tests about what a command does, not how
    /// long it may take: the whole suite on two busy cores has kept `sh -c` from finishing
    /// within the default 30 s.
    static let roomy = Duration.seconds(600)

    @Test func commandThatHangsIsStoppedAtTheTimeout() async throws {
        let notifier = Notifier(
            spec: NotifySpec(command: ["sleep", "30"]), workingDirectory: "/", timeout: .milliseconds(200))
        let failures = await notifier.send(notification)
        #expect(failures.map(\.reason) == ["did not finish within 200ms"])
    }

    struct Ending: Sendable {
        var on: Set<NotifySpec.Event>
        var status: ScheduleResult.Status
        var notifies: Bool
    }

    @Test(arguments: [
        Ending(on: [.failure], status: .failed, notifies: true),
        Ending(on: [.failure], status: .succeeded, notifies: false),
        Ending(on: [.success], status: .succeeded, notifies: true),
        Ending(on: [.failure, .success], status: .error, notifies: true),
        Ending(on: [.failure, .success], status: .upToDate, notifies: false),
        Ending(on: [.failure, .success], status: .cancelled, notifies: false),
    ])
    func whichEndingsNotify(ending: Ending) {
        let notifier = Notifier(spec: NotifySpec(on: ending.on, command: ["true"]), workingDirectory: "/")
        #expect(notifier.wants(ending.status) == ending.notifies)
    }
}
