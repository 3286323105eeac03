import Artifacts
import Foundation
import Testing
import TestSupport

/// The pages at the real taxonomy's scale: the version page opens with what changed and
/// keeps long sections closed, the timeline keeps to the run's own clock, and the index is
/// a dashboard (deltas with regressions marked, small charts, run history, leaf trends)
/// without timelines.
@Suite struct PagesAtScaleTests {
    static let leaves = (0..<40).map { "knowledge/topic-\($0 / 10)/subject/leaf-\($0)" }

    /// A nightly whose 40 leaves all changed, each with an f1 (leaf 3 lower than before).
    func build(_ fixture: BuildFixture, day: Int, f1: Double, leafF1: (Int) -> Double) throws -> FinishedBuild {
        var metrics = ["evaluate.f1": f1, "evaluate.exact_match": 0.5]
        for (index, leaf) in Self.leaves.enumerated() {
            metrics["evaluate.leaf.\(leaf).f1"] = leafF1(index)
            metrics["evaluate.leaf.\(leaf).base_f1"] = 0.5
        }
        var build = try fixture.build(created: BuildFixture.day.addingTimeInterval(Double(day) * 86_400), metrics: metrics)
        build.taxonomy.changedLeaves = Self.leaves.map { Manifest.ChangedLeaf(path: $0, change: .modified, blob: nil) }
        return build
    }

    @Test func theVersionPageOpensWithWhatChangedAndLongSectionsAreClosed() async throws {
        try await withFixture { fixture in
            _ = try await fixture.publisher.publish(
                try build(fixture, day: 0, f1: 0.7, leafF1: { _ in 0.8 }), version: .semantic("1.0.0"))
            _ = try await fixture.publisher.publish(
                try build(fixture, day: 1, f1: 0.65, leafF1: { $0 == 3 ? 0.6 : 0.8 }), version: .semantic("1.1.0"))
            let page = try String(contentsOfFile: fixture.layout.versionPage("1.1.0"), encoding: .utf8)
            #expect(!page.contains("<script"))

            let changed = try #require(page.range(of: "<h2>What changed</h2>")).lowerBound
            let metrics = try #require(page.range(of: "<h2>Metrics</h2>")).lowerBound
            #expect(changed < metrics)
            #expect(page.contains("<span class=\"count modified\">40 modified</span>"))
            #expect(page.contains("<details id=\"changed-leaves-section\">"), "40 rows start closed")
            #expect(page.contains("<details id=\"per-leaf\">"))

            // The regressed leaf comes first, marked, with its delta against the version before.
            let firstRow = try #require(page.range(of: "<tr class=\"changed-leaf")).lowerBound
            let row = page[firstRow...].prefix { $0 != "\n" }
            #expect(row.contains("regression") && row.contains("leaf-3\""))
            #expect(row.contains("−0.2 ▼"))
            // The build-level metrics show their delta against 1.0.0.
            #expect(page.contains("<th>Δ 1.0.0</th>"))
            #expect(page.contains("title=\"was 0.7\">−0.05 ▼</td>"))
        }
    }

    @Test func theTimelineUsesThisRunsClockAndMarksReusedStages() async throws {
        try await withFixture { fixture in
            var build = try fixture.build()
            let start = BuildFixture.day
            // A stage reused from a build three days earlier, and twelve instances that ran.
            build.stages[0].record.reused = true
            build.stages[0].record.startedAt = start.addingTimeInterval(-3 * 86_400)
            build.stages[0].record.finishedAt = start.addingTimeInterval(-3 * 86_400 + 100)
            let ran = build.stages[1]
            build.stages = [build.stages[0]]
            for index in 0..<12 {
                var instance = ran
                instance.record.name = "generate[knowledge/a/very/long/path/that/does/not/fit/leaf-\(index)]"
                instance.record.startedAt = start.addingTimeInterval(Double(index))
                instance.record.finishedAt = start.addingTimeInterval(Double(index) + 23)
                instance.logSource = nil
                build.stages.append(instance)
            }
            var single = ran
            single.record.name = "train[knowledge/a/very/long/path/that/does/not/fit/the/label/column]"
            single.record.startedAt = start.addingTimeInterval(20)
            single.record.finishedAt = start.addingTimeInterval(35)
            single.logSource = nil
            build.stages.append(single)
            let published = try await fixture.publisher.publish(build, version: .semantic("1.0.0"))
            let page = try String(contentsOfFile: published.path + "/index.html", encoding: .utf8)
            let timeline = try #require(section(of: page, from: "<svg class=\"stage-timeline\"", to: "</svg>"))

            #expect(timeline.contains(">35 s</text>"), "the axis spans the 35 s this run took")
            #expect(timeline.contains("<text class=\"reused\" data-stage=\"evaluate\""))
            #expect(timeline.components(separatedBy: "<rect class=\"stage\"").count - 1 == 2)
            #expect(timeline.contains("data-stage=\"generate[…] ×12\""))
            #expect(timeline.contains("</title>…at/does/not/fit/the/label/column]</text>"), "labels keep the end of the path")
        }
    }

    @Test func theIndexShowsDeltasRunsAndLeafTrendsButNoTimelines() async throws {
        try await withFixture { fixture in
            _ = try await fixture.publisher.publish(
                try build(fixture, day: 0, f1: 0.7, leafF1: { _ in 0.8 }), version: .semantic("1.0.0"))
            var release = try build(fixture, day: 1, f1: 0.75, leafF1: { _ in 0.8 })
            release.kind = .release
            _ = try await fixture.publisher.publish(release, version: .semantic("1.1.0"))
            var publisher = fixture.publisher
            let latest = try build(fixture, day: 2, f1: 0.72, leafF1: { $0 == 3 ? 0.6 : 0.8 })
            publisher.primaryMetrics = ["evaluate.f1"]
            publisher.runs = [
                RunOutcome(
                    id: "run-failed", build: "nightly", started: BuildFixture.day.addingTimeInterval(-60),
                    finished: BuildFixture.day, status: .failed, failedStage: "train"),
                RunOutcome(id: latest.runID, build: "nightly", started: BuildFixture.day, finished: nil, status: .nothingNew),
            ]
            _ = try await publisher.publish(latest, version: .semantic("1.2.0"))

            let html = try String(contentsOfFile: fixture.layout.indexHTML, encoding: .utf8)
            #expect(!html.contains("stage-timeline"))
            #expect(html.components(separatedBy: "<svg class=\"metric-chart\"").count - 1 == 1, "report.metrics picks the charts")
            let deltas = try #require(section(of: html, from: "<table id=\"deltas\">", to: "</table>"))
            #expect(deltas.contains("<th>Δ previous (1.1.0)</th>") && deltas.contains("<th>Δ last release (1.1.0)</th>"))
            #expect(deltas.contains("class=\"number delta regression\" title=\"was 0.75\">−0.03 ▼</td>"))

            let runs = try #require(section(of: html, from: "<table id=\"runs\">", to: "</table>"))
            #expect(runs.contains("failed at <code>train</code>"))
            #expect(runs.contains("published <a href=\"builds/1.2.0/index.html\">1.2.0</a>"), "the publishing run is named by its version")

            let trends = try #require(section(of: html, from: "<table id=\"leaf-trends\">", to: "</table>"))
            #expect(trends.components(separatedBy: "<tr class=\"leaf-trend\"").count - 1 == min(Self.leaves.count, 20))
            #expect(trends.contains("<svg class=\"sparkline\""))

            // The next publish without runs or metrics keeps what index.json has.
            _ = try await fixture.publisher.publish(try build(fixture, day: 3, f1: 0.72, leafF1: { _ in 0.8 }), version: .semantic("1.3.0"))
            let index = try JSONFile.read(IndexReport.Index.self, at: fixture.layout.indexJSON)
            #expect(index.primaryMetrics == ["evaluate.f1"])
            #expect(index.runs?.map(\.status) == [.failed, .published])
        }
    }

    @Test func aConstantSeriesIsAFlatLineLabelledWithItsValue() async throws {
        try await withFixture { fixture in
            for day in 0..<3 {
                let build = try fixture.build(
                    created: BuildFixture.day.addingTimeInterval(Double(day) * 86_400), metrics: ["evaluate.f1": 1])
                _ = try await fixture.publisher.publish(build, version: .semantic("1.\(day).0"))
            }
            let html = try String(contentsOfFile: fixture.layout.indexHTML, encoding: .utf8)
            let chart = try #require(section(of: html, from: "<svg class=\"metric-chart\"", to: "</svg>"))
            #expect(!chart.contains(">0.5<") && !chart.contains(">1.5<"))
            #expect(chart.components(separatedBy: "text-anchor=\"end\" font-size=\"10\"").count - 1 == 1)
            #expect(chart.contains(">1.0.0</text>") && chart.contains(">1.2.0</text>"))
        }
    }

    func section(of text: String, from start: String, to end: String) -> Substring? {
        guard let lower = text.range(of: start)?.upperBound, let upper = text.range(of: end, range: lower..<text.endIndex)
        else { return nil }
        return text[lower..<upper.lowerBound]
    }
}
