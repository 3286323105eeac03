import Artifacts
import Foundation
import Testing
import TestSupport

/// The index shows build-level metrics only and links each version to its own page, which
/// has every metric, per leaf too.
@Suite struct VersionPageTests {
    /// What a nightly of the sample taxonomy reports: build-level metrics, per-leaf ones from
    /// `builtin/evaluate`, and one of a job instance.
    static let metrics: [String: Double] = [
        "evaluate.f1": 0.7, "evaluate.exact_match": 0.5,
        "evaluate.leaf.knowledge/science/birds.f1": 0.9, "evaluate.leaf.knowledge/science/birds.questions": 3,
        "evaluate.leaf.compositional_skills/writing/v1.2.f1": 0.25,
        "generate[knowledge/science/birds].examples": 12,
    ]

    @Test(arguments: [
        ("evaluate.f1", MetricScope.build),
        ("evaluate.improved_leaves", .build),
        ("evaluate.leaf.knowledge/science/birds.f1", .leaf(path: "knowledge/science/birds", measure: "evaluate.f1")),
        ("evaluate.leaf.skills/v1.2.base_f1", .leaf(path: "skills/v1.2", measure: "evaluate.base_f1")),
        ("generate[knowledge/science/birds].examples", .instance),
        ("safety.findings/knowledge", .instance),
        ("evaluate.leaf..f1", .build),
    ])
    func aMetricsScopeComesFromItsName(name: String, scope: MetricScope) {
        #expect(MetricScope(metric: name) == scope)
    }

    @Test func theIndexHasOnlyBuildLevelColumnsAndLinksEachVersionToItsPage() async throws {
        try await withFixture { fixture in
            var versions: [String] = []
            for day in 0..<2 {
                let created = BuildFixture.day.addingTimeInterval(Double(day) * 86_400)
                let build = try fixture.build(created: created, metrics: Self.metrics)
                versions.append(try await fixture.publisher.publish(build, version: .template("nightly-{date}", date: created)).version)
            }
            let html = try String(contentsOfFile: fixture.layout.indexHTML, encoding: .utf8)
            let header = try #require(section(of: html, from: "<table id=\"versions\">", to: "</thead>"))
            #expect(
                cells(header, tag: "th") == [
                    "Version", "Kind", "Created", "Taxonomy commit", "Leaves changed", "evaluate.exact_match", "evaluate.f1",
                ])
            for version in versions {
                #expect(html.contains("<a href=\"builds/\(version)/index.html\">\(version)</a>"))
                #expect(FileManager.default.fileExists(atPath: fixture.layout.versionPage(version)))
            }
            #expect(html.components(separatedBy: "class=\"metric-chart\"").count - 1 == 2)
            let versionsTable = try #require(section(of: html, from: "<table id=\"versions\">", to: "</table>"))
            #expect(!versionsTable.contains("knowledge/science/birds"))
        }
    }

    @Test func theVersionPageHasEveryMetricWithARowPerLeaf() async throws {
        try await withFixture { fixture in
            let published = try await fixture.publisher.publish(
                try fixture.build(metrics: Self.metrics), version: .semantic("1.0.0"))
            let page = try String(contentsOfFile: fixture.layout.versionPage("1.0.0"), encoding: .utf8)
            #expect(!page.contains("<script"))

            let leafTable = try #require(section(of: page, from: "<table id=\"leaf-metrics\">", to: "</table>"))
            #expect(cells(leafTable, tag: "th") == ["Leaf", "evaluate.f1", "evaluate.questions"])
            #expect(leafTable.components(separatedBy: "<tr class=\"leaf\"").count - 1 == 2)
            let birds = try #require(section(of: String(leafTable), from: "data-leaf=\"knowledge/science/birds\"", to: "</tr>"))
            #expect(cells(birds, tag: "td") == ["<code>knowledge/science/birds</code>", "0.9", "3"])
            let skills = try #require(section(of: String(leafTable), from: "data-leaf=\"compositional_skills/writing/v1.2\"", to: "</tr>"))
            #expect(cells(skills, tag: "td") == ["<code>compositional_skills/writing/v1.2</code>", "0.25", ""])

            let buildTable = try #require(section(of: page, from: "<table id=\"metrics\">", to: "</table>"))
            #expect(buildTable.contains("data-metric=\"evaluate.exact_match\"") && buildTable.contains("data-metric=\"evaluate.f1\""))
            #expect(!buildTable.contains("leaf."))
            #expect(page.contains("data-metric=\"generate[knowledge/science/birds].examples\""))

            #expect(page.components(separatedBy: "<tr class=\"stage\"").count - 1 == 3)
            #expect(page.contains("<code id=\"taxonomy-commit\">\(BuildFixture.commit)</code>"))
            #expect(page.contains("<a href=\"https://github.com/instructlab/taxonomy/pull/123\">#123</a>"))
            #expect(page.contains("<code>knowledge/science/birds</code></td><td>added</td>"))
            #expect(page.contains(published.manifestDigest))

            // Every relative link on the page resolves inside the version folder or the model's.
            let links = page.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            let local = links.filter { !$0.hasPrefix("https://") && $0 != "manifest.sig.json" }
            #expect(local.contains("files/logs/evaluate.log"))
            for link in local {
                #expect(FileManager.default.fileExists(atPath: published.path + "/" + link), "\(link)")
            }
        }
    }

    @Test func textOnBothPagesIsEscaped() async throws {
        try await withFixture { fixture in
            var build = try fixture.build(metrics: ["evaluate.a<b&c": 1, "evaluate.leaf.knowledge/x<y&z.f1": 0.5])
            build.taxonomy.mergedCommits[0].subject = "Fix <script>alert(1)</script> & 'more'"
            build.taxonomy.changedLeaves[0].path = "knowledge/\"quoted\"<leaf>"
            let published = try await fixture.publisher.publish(build, version: .semantic("1.0.0"))
            let index = try String(contentsOfFile: fixture.layout.indexHTML, encoding: .utf8)
            #expect(index.contains("<th>evaluate.a&lt;b&amp;c</th>"))
            #expect(!index.contains("a<b") && !index.contains("x<y"))

            let page = try String(contentsOfFile: published.path + "/index.html", encoding: .utf8)
            #expect(page.contains("data-leaf=\"knowledge/x&lt;y&amp;z\""))
            #expect(page.contains("Fix &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;more&#39;"))
            #expect(page.contains("Ann &lt;ann@example.com&gt;"))
            #expect(page.contains("knowledge/&quot;quoted&quot;&lt;leaf&gt;"))
            #expect(!page.contains("<script") && !page.contains("a<b") && !page.contains("x<y") && !page.contains("<leaf>"))
        }
    }

    @Test func verifyAcceptsThePageAndSigningLaterRedrawsIt() async throws {
        try await withFixture { fixture in
            let published = try await fixture.publisher.publish(
                try fixture.build(metrics: Self.metrics), version: .semantic("1.0.0"))
            let pagePath = fixture.layout.versionPage(published.version)
            #expect(try mode(of: pagePath) == 0o444)
            #expect(try String(contentsOfFile: pagePath, encoding: .utf8).contains("<td>unsigned</td>"))
            #expect(await Verifier(layout: fixture.layout).verifyAll() == [])

            let key = SigningKey()
            _ = try await fixture.publisher.sign(version: published.version, with: key)
            let page = try String(contentsOfFile: pagePath, encoding: .utf8)
            #expect(page.contains("<a href=\"manifest.sig.json\">manifest.sig.json</a>"))
            #expect(try mode(of: pagePath) == 0o444)
            #expect(await Verifier(layout: fixture.layout).verifyAll(key: key.publicKey) == [])

            // The page is allowed by name only: another file beside it is still refused.
            let stray = published.path + "/page.html"
            try Data("<p>hi</p>".utf8).write(to: URL(fileURLWithPath: stray))
            #expect(await Verifier(layout: fixture.layout).verify(version: published.version, key: key.publicKey) == [
                VerificationFailure(path: stray, problem: .unlisted)
            ])
        }
    }

    /// The text between the first `start` and the next `end` after it.
    func section(of text: String, from start: String, to end: String) -> Substring? {
        guard let lower = text.range(of: start)?.upperBound, let upper = text.range(of: end, range: lower..<text.endIndex)
        else { return nil }
        return text[lower..<upper.lowerBound]
    }

    /// The contents of each `<tag …>…</tag>` in `html`, in order.
    func cells(_ html: Substring, tag: String) -> [String] {
        html.components(separatedBy: "<\(tag)").dropFirst().filter { $0.first == ">" || $0.first == " " }.map { cell in
            let content = cell.drop { $0 != ">" }.dropFirst()
            return String(content.prefix(upTo: content.range(of: "</\(tag)>")?.lowerBound ?? content.endIndex))
        }
    }
}
