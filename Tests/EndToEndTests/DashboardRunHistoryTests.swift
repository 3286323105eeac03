import Foundation
import TestSupport
import Testing

/// The dashboard's run history as the nightlies happen: a published nightly, a nightly
/// skipped because nothing changed (no run record holds it), and a failed one, each
/// redrawing `index.html` although the last two publish nothing.
@Suite(.serialized) struct DashboardRunHistoryTests {
    @Test func publishedSkippedAndFailedNightliesAreShown() async throws {
        try await withTemporaryDirectory { directory in
            let project = try NightlyBuildTests.makeProject(in: directory)
            let config = project.appendingPathComponent("builds.yaml")
            // A bad leaf fails the night (nightlies skip bad leaves by default).
            try (try String(contentsOf: config, encoding: .utf8).replacingOccurrences(
                of: "  branch: main\n", with: "  branch: main\n  on_invalid: fail\n")
                + "\nreport:\n  metrics: [evaluate.f1]\n")
                .write(to: config, atomically: true, encoding: .utf8)
            let first = try await runModelbuild(["build", "nightly"], in: project)
            #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
            // `list` shows the metrics report.metrics picks.
            let list = try await runModelbuild(["list"], in: project)
            #expect(list.standardOutput.contains("evaluate.f1="))
            #expect(!list.standardOutput.contains("evaluate.exact_match="))
            let skipped = try await runModelbuild(["build", "nightly"], in: project)
            #expect(skipped.status == 0, "\(skipped.standardOutput)\(skipped.standardError)")

            // A merge that leaves a skill with one seed example (InstructLab asks for five) fails.
            let taxonomy = directory.appendingPathComponent("taxonomy")
            try Data(
                "version: 3\ncreated_by: someone\ntask_description: broken\nseed_examples:\n  - question: q?\n    answer: a.\n".utf8
            ).write(
                to: taxonomy.appendingPathComponent("compositional_skills/writing/release_notes/qna.yaml"))
            var environment = ProcessInfo.processInfo.environment
            for (name, value) in [
                ("GIT_AUTHOR_NAME", "Ann"), ("GIT_AUTHOR_EMAIL", "ann@example.com"), ("GIT_COMMITTER_NAME", "Forge"),
                ("GIT_COMMITTER_EMAIL", "forge@example.com"), ("GIT_CONFIG_GLOBAL", "/dev/null"),
            ] {
                environment[name] = value
            }
            let commit = try SpawnedProcess.run(
                "/usr/bin/git", ["-C", taxonomy.path, "commit", "-qam", "Merge pull request #99 from ann/broken"],
                environment: environment)
            #expect(commit.status == 0, "\(commit.standardError)")
            let failed = try await runModelbuild(["build", "nightly"], in: project)
            #expect(failed.status == 1)

            let html = try String(
                contentsOf: project.appendingPathComponent("artifacts/lab-model/index.html"), encoding: .utf8)
            let runs = try #require(html.range(of: "<table id=\"runs\">").map { html[$0.upperBound...] })
            let rows = runs.prefix { $0 != "/" || !runs.hasPrefix("/table") }.components(separatedBy: "<tr class=\"run ").dropFirst()
            let statuses = rows.map { String($0.prefix { $0 != " " && $0 != "\"" }) }
            #expect(statuses == ["failed", "skipped", "published"], "newest first")
            #expect(html.contains("failed at <code>"))
            #expect(html.components(separatedBy: "<svg class=\"metric-chart\"").count - 1 == 1)
        }
    }
}
