import Foundation
import TestSupport
import Testing

/// A failure notification says why the stage failed: its last log lines go with it.
@Suite struct NotificationLogTailTests {
    @Test func aFailureNotificationCarriesTheFailedStagesLastLogLines() async throws {
        try await withTemporaryDirectory { directory in
            let received = directory.appendingPathComponent("notification.json").path
            try """
                version: 1
                model: {name: lab-model}
                stages:
                  train: {run: [sh, -c, "echo loading; echo CUDA out of memory; exit 3"]}
                builds:
                  nightly:
                    schedule: "0 2 * * *"
                    notify: {command: [sh, -c, "cat > '\(received)'"]}
                """.write(to: directory.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
            let result = try await runModelbuild(
                ["schedule", "--once"], in: directory, environment: ["MODELBUILD_SCHEDULE_NOW": "2026-11-27T02:00:10Z"])
            #expect(result.status == 1, "\(result.standardOutput)\(result.standardError)")
            let data = try Data(contentsOf: URL(fileURLWithPath: received))
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object["failedStage"] as? String == "train")
            #expect(object["failedStageLog"] as? [String] == ["loading", "CUDA out of memory"])
        }
    }
}
