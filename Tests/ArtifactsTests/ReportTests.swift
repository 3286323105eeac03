import Artifacts
import Foundation
import Testing
import TestSupport

@Suite struct ReportTests {
    /// Publishes four nightlies on consecutive days with rising f1, and a release that also
    /// has per-leaf metrics.
    func publishHistory(_ fixture: BuildFixture) async throws -> [String] {
        var versions: [String] = []
        for day in 0..<4 {
            let created = BuildFixture.day.addingTimeInterval(Double(day) * 86_400)
            let build = try fixture.build(created: created, metrics: ["evaluate.f1": 0.5 + Double(day) / 10])
            versions.append(try await fixture.publisher.publish(build, version: .template("nightly-{date}", date: created)).version)
        }
        let release = try fixture.build(
            kind: .release, created: BuildFixture.day.addingTimeInterval(4 * 86_400),
            metrics: [
                "evaluate.f1": 0.8, "evaluate.exact_match": 0.6, "evaluate.leaf.knowledge/science/birds.f1": 0.9,
                "evaluate.leaf.compositional_skills/writing/haiku.f1": 0.7,
            ])
        versions.append(try await fixture.publisher.publish(release, version: .semantic("1.0.0")).version)
        return versions
    }

    @Test func indexJSONListsEveryVersionOldestFirst() async throws {
        try await withFixture { fixture in
            let versions = try await publishHistory(fixture)
            let index = try JSONFile.read(IndexReport.Index.self, at: fixture.layout.indexJSON)
            #expect(index.model == "lab-model")
            #expect(index.versions.map(\.version) == versions)
            #expect(index.versions.map(\.kind) == [.nightly, .nightly, .nightly, .nightly, .release])
            #expect(index.versions.first?.taxonomyCommit == BuildFixture.commit)
            #expect(index.refs["nightly"]?.version == "nightly-2026-11-30")
            #expect(index.refs["latest"]?.version == "1.0.0")
            #expect(try fixture.catalog.summaries() == index.versions)
        }
    }

    @Test func thePageHasAChartPointPerVersionAndNoTimelines() async throws {
        try await withFixture { fixture in
            let versions = try await publishHistory(fixture)
            let html = try String(contentsOfFile: fixture.layout.indexHTML, encoding: .utf8)
            #expect(!html.contains("<script"))
            let f1Chart = try #require(html.range(of: "<svg class=\"metric-chart\" data-metric=\"evaluate.f1\"")).lowerBound
            let chartEnd = try #require(html.range(of: "</svg>", range: f1Chart..<html.endIndex)).lowerBound
            let chartText = html[f1Chart..<chartEnd]
            #expect(chartText.components(separatedBy: "class=\"point").count - 1 == versions.count)
            #expect(!html.contains("stage-timeline"))
            for version in versions {
                let page = try String(contentsOfFile: fixture.layout.versionPage(version), encoding: .utf8)
                #expect(page.components(separatedBy: "class=\"stage-timeline\"").count - 1 == 1)
            }
        }
    }

    /// Loads the page in a real headless browser: it renders, and the f1 chart has a point
    /// per version, the exact-match chart one (only the release has it), per-leaf metrics
    /// none; the release's own page renders with a row per leaf.
    @Test func thePageRendersInChromium() async throws {
        guard isInstalled("chromium") else {
            try Test.cancel("chromium is not installed (Debian package: chromium); the page was not checked in a browser")
        }
        try await withFixture { fixture in
            let versions = try await publishHistory(fixture)
            let page = "file://" + fixture.layout.indexHTML
            let profile = fixture.directory.appendingPathComponent("chromium-profile").path
            let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)"]
            let dom = try await runProgram("chromium", flags + ["--dump-dom", page], in: fixture.directory)
            #expect(dom.status == 0, "\(dom.standardError.suffix(2000))")
            let charts = dom.standardOutput.components(separatedBy: "<svg class=\"metric-chart\"").dropFirst()
            let points = charts.map { chart in
                (chart.split(separator: "\"", maxSplits: 2)[1], chart.components(separatedBy: "<circle class=\"point\"").count - 1)
            }
            #expect(points.map { "\($0.0)=\($0.1)" } == ["evaluate.exact_match=1", "evaluate.f1=\(versions.count)"])
            #expect(dom.standardOutput.components(separatedBy: "<tr class=\"version\"").count - 1 == versions.count)

            let versionPage = try await runProgram(
                "chromium", flags + ["--dump-dom", "file://" + fixture.layout.versionPage("1.0.0")], in: fixture.directory)
            #expect(versionPage.status == 0, "\(versionPage.standardError.suffix(2000))")
            #expect(versionPage.standardOutput.components(separatedBy: "<tr class=\"leaf\"").count - 1 == 2)
            #expect(versionPage.standardOutput.contains("<svg class=\"stage-timeline\""))

            let screenshot = fixture.directory.appendingPathComponent("index.png").path
            let shot = try await runProgram(
                "chromium", flags + ["--window-size=1024,2400", "--screenshot=\(screenshot)", page], in: fixture.directory)
            #expect(shot.status == 0)
            let png = try Data(contentsOf: URL(fileURLWithPath: screenshot))
            #expect(png.starts(with: [0x89, 0x50, 0x4e, 0x47]))
            #expect(png.count > 10_000, "a blank page compresses to almost nothing")
        }
    }
}
