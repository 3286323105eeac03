import Foundation
import Platform

/// `index.json` and `index.html`: the dashboard of every published version. The page opens
/// with the latest version's primary metrics and their deltas against the version before
/// and the last release (regressions marked), then a grid of small charts (one per primary
/// metric), the run history (failed runs and runs that published nothing new too), the
/// trends of the leaves that changed recently, and the versions table. Timelines and every
/// other metric are on each version's own page (`VersionPage`). Regenerated at each
/// publish, failed run and collection, under the publish lock.
public struct IndexReport: Sendable {
    public let layout: ArtifactLayout
    /// The metrics the dashboard shows (builds.yaml `report.metrics`); nil keeps what
    /// `index.json` has, empty shows every build-level metric.
    public var primaryMetrics: [String]?
    /// The recorded runs, oldest first; nil keeps what `index.json` has.
    public var runs: [RunOutcome]?

    public init(layout: ArtifactLayout, primaryMetrics: [String]? = nil, runs: [RunOutcome]? = nil) {
        self.layout = layout
        self.primaryMetrics = primaryMetrics
        self.runs = runs
    }

    /// How many runs the history shows; how many recent versions' changed leaves get trends.
    static let runsShown = 40
    static let recentVersions = 5
    static let trendLeavesShown = 20

    /// The contents of `index.json`.
    public struct Index: Sendable, Hashable, Codable {
        public var model: String
        /// Oldest first.
        public var versions: [VersionSummary]
        public var refs: [String: Ref]
        /// builds.yaml `report.metrics` when the index was written (nil or empty: every
        /// build-level metric).
        public var primaryMetrics: [String]?
        /// The recorded runs, oldest first (nil in an index written before they were kept).
        public var runs: [RunOutcome]?

        public init(
            model: String, versions: [VersionSummary], refs: [String: Ref], primaryMetrics: [String]? = nil,
            runs: [RunOutcome]? = nil
        ) {
            self.model = model
            self.versions = versions
            self.refs = refs
            self.primaryMetrics = primaryMetrics
            self.runs = runs
        }

        /// The metrics the dashboard shows: the configured ones, else every build-level
        /// metric with the base model's (`base_…`) last.
        public var shownMetrics: [String] {
            if let primaryMetrics, !primaryMetrics.isEmpty { return primaryMetrics }
            let all = MetricScope.buildLevel(versions.flatMap(\.metrics.keys))
            func isBase(_ name: String) -> Bool { name.split(separator: ".").last?.hasPrefix("base_") ?? false }
            return all.filter { !isBase($0) } + all.filter(isBase)
        }
    }

    /// Reads the catalog and writes both files atomically.
    public func write() throws(ArtifactsError) {
        let catalog = ArtifactCatalog(layout: layout)
        let earlier = try? JSONFile.read(Index.self, at: layout.indexJSON)
        let versions = try catalog.summaries()
        let index = Index(
            model: String(layout.root.split(separator: "/").last ?? ""), versions: versions,
            refs: try catalog.refs(), primaryMetrics: primaryMetrics ?? earlier?.primaryMetrics,
            runs: runs.map { Self.keepingSkipped(earlier?.runs ?? [], in: $0) }.map { Self.naming(versions, in: $0) }
                ?? earlier?.runs)
        var pages = Set<String>()
        for summary in index.versions where try onDisk({ try FileSystem.status(layout.versionPage(summary.version)) }) != nil {
            pages.insert(summary.version)
        }
        try replaceAtomically(layout.indexJSON, with: try JSONFile.encode(index, path: layout.indexJSON))
        try replaceAtomically(layout.indexHTML, with: Array(Self.html(index, pages: pages).utf8))
    }

    /// `runs` with the skipped builds of `earlier` (which no run record holds) in time
    /// order, the last `runsKept`.
    static func keepingSkipped(_ earlier: [RunOutcome], in runs: [RunOutcome]) -> [RunOutcome] {
        let known = Set(runs.map(\.id))
        let skipped = earlier.filter { $0.status == .skipped && !known.contains($0.id) }
        return Array((runs + skipped).sorted { ($0.started, $0.id) < ($1.started, $1.id) }.suffix(runsKept))
    }

    /// How many runs `index.json` keeps.
    static let runsKept = 200

    /// `runs` with each run a version names (`VersionSummary.runID`) shown as publishing it.
    static func naming(_ versions: [VersionSummary], in runs: [RunOutcome]) -> [RunOutcome] {
        var byRun: [String: String] = [:]
        for summary in versions { if let run = summary.runID { byRun[run] = summary.version } }
        return runs.map { run in
            guard let version = byRun[run.id] else { return run }
            var published = run
            published.status = .published
            published.version = version
            return published
        }
    }

    /// The page. Each version links to its own page when it is in `pages` (versions
    /// published before pages existed have none), else to its manifest.
    public static func html(_ index: Index, pages: Set<String>) -> String {
        let metrics = index.shownMetrics
        func link(_ version: String) -> String {
            let target = pages.contains(version) ? "index.html" : "manifest.json"
            return "<a href=\"\(HTML.link("builds/" + version + "/" + target))\">\(HTML.escape(version))</a>"
        }
        var body = "<h1>\(HTML.escape(index.model))</h1>\n<p id=\"refs\">"
        body += index.refs.sorted(by: { $0.key < $1.key }).map { name, ref in
            "<code>\(HTML.escape(name))</code> → \(link(ref.version))"
        }.joined(separator: " · ")
        body += "</p>\n"
        body += latest(index, metrics: metrics, link: link)
        body += "<h2>Metrics</h2>\n<div class=\"grid\" id=\"metric-grid\">\n"
        for metric in metrics {
            body += SVGCharts.metricChart(metric: metric, versions: index.versions) + "\n"
        }
        body += "</div>\n"
        body += runHistory(index.runs ?? [], link: link)
        body += leafTrends(index, measure: metrics.first)
        body += versionsTable(index, metrics: metrics, link: link)
        return HTML.document(title: index.model + " builds", body: body)
    }

    /// The latest version's metrics with their deltas against the version before and the
    /// last release before it.
    private static func latest(_ index: Index, metrics: [String], link: (String) -> String) -> String {
        guard let latest = index.versions.last else { return "<p>No version is published yet.</p>\n" }
        let before = index.versions.dropLast()
        let previous = before.last
        let release = before.last { $0.kind == .release }
        var html = "<h2>Latest: \(link(latest.version))</h2>\n"
        html += "<p class=\"muted\">\(HTML.escape(latest.kind.rawValue)), \(timestamp(latest.created)), taxonomy "
        html += "<code>\(HTML.escape(String(latest.taxonomyCommit.prefix(12))))</code>"
        if let changed = latest.changedLeaves { html += ", \(changed.count) \(changed.count == 1 ? "leaf" : "leaves") changed" }
        html += "</p>\n"
        let rows = metrics.map { metric in
            "<tr class=\"metric\" data-metric=\"\(HTML.escape(metric))\"><td>\(HTML.escape(metric))</td>"
                + "<td class=\"number\">\(latest.metrics[metric].map(SVGCharts.format) ?? "")</td>"
                + MetricDelta.cell(metric, latest.metrics[metric], from: previous?.metrics[metric])
                + MetricDelta.cell(metric, latest.metrics[metric], from: release?.metrics[metric]) + "</tr>\n"
        }
        return html
            + HTML.table(
                id: "deltas",
                columns: [
                    "Metric", latest.version, "Δ previous" + (previous.map { " (\($0.version))" } ?? ""),
                    "Δ last release" + (release.map { " (\($0.version))" } ?? ""),
                ], rows: rows)
    }

    /// A coloured square per recent run, newest right, then the same runs as a table.
    private static func runHistory(_ runs: [RunOutcome], link: (String) -> String) -> String {
        guard !runs.isEmpty else { return "" }
        let shown = runs.suffix(runsShown)
        var strip = """
            <svg class="run-strip" xmlns="http://www.w3.org/2000/svg" width="\(shown.count * 14 + 4)" height="20" \
            role="img" aria-label="recent runs">
            """
        for (position, run) in shown.enumerated() {
            strip += """
                <rect class="run \(run.status.rawValue)" x="\(position * 14 + 2)" y="2" width="11" height="16" \
                fill="\(colour(run.status))"><title>\(HTML.escape(describe(run)))</title></rect>
                """
        }
        strip += "</svg>\n"
        let failures = runs.filter { $0.status == .failed || $0.status == .cancelled || $0.status == .interrupted }.count
        var html = "<h2>Runs</h2>\n<p>\(strip)<br><span class=\"muted\">\(runs.count) runs recorded, \(failures) failed "
        html += "or stopped; green published, grey nothing new, light grey skipped (nothing changed), red failed, orange stopped</span></p>\n"
        let rows = shown.reversed().map { run in
            let outcome =
                switch run.status {
                case .published: "published " + (run.version.map(link) ?? "")
                case .failed: "failed" + (run.failedStage.map { " at <code>\(HTML.escape($0))</code>" } ?? "")
                case .nothingNew: "nothing new"
                case .skipped: "skipped" + (run.reason.map { ": " + HTML.escape($0) } ?? "")
                default: run.status.rawValue
                }
            let seconds = run.finished.map { SVGCharts.format($0.timeIntervalSince(run.started).rounded()) } ?? ""
            return "<tr class=\"run \(run.status.rawValue)\(run.status == .failed ? " failed" : "")\">"
                + "<td>\(timestamp(run.started))</td><td>\(HTML.escape(run.build))</td><td>\(outcome)</td>"
                + "<td class=\"number\">\(seconds)</td><td><code>\(HTML.escape(run.id))</code></td></tr>\n"
        }
        html += HTML.details(
            "Run history (latest \(shown.count))", id: "run-history", open: false,
            HTML.table(id: "runs", columns: ["Started", "Build", "Outcome", "Seconds", "Run"], rows: rows))
        return html
    }

    private static func colour(_ status: RunOutcome.Status) -> String {
        switch status {
        case .published: "#44aa77"
        case .nothingNew: "#bbbbbb"
        case .failed: "#cc3333"
        case .cancelled, .interrupted: "#e69a28"
        case .running: "#3366cc"
        case .skipped: "#e4e4e4"
        }
    }

    private static func describe(_ run: RunOutcome) -> String {
        var text = "\(timestamp(run.started)) \(run.build): \(run.status.rawValue)"
        if let version = run.version { text += " " + version }
        if let stage = run.failedStage { text += " at " + stage }
        return text
    }

    /// For the leaves changed in the last few versions, `measure` across versions: the
    /// regressions first, then the largest moves, then the most recently changed; at most
    /// `trendLeavesShown`.
    private static func leafTrends(_ index: Index, measure: String?) -> String {
        guard let measure, let dot = measure.firstIndex(of: ".") else { return "" }
        let stage = measure[..<dot], name = measure[measure.index(after: dot)...]
        var leaves: [String] = []
        for summary in index.versions.suffix(recentVersions).reversed() {
            for leaf in summary.changedLeaves ?? [] where !leaves.contains(leaf) { leaves.append(leaf) }
        }
        struct Trend {
            var leaf: String
            var values: [Double?]
            var latest: Double?
            var previous: Double?
            var delta: MetricDelta?
            var recency: Int
        }
        let trends = leaves.enumerated().map { recency, leaf in
            let values = index.versions.map { $0.metrics["\(stage).leaf.\(leaf).\(name)"] }
            let present = values.compactMap { $0 }
            let latest = present.last, previous = present.dropLast().last
            let delta = latest.flatMap { value in previous.map { MetricDelta(metric: measure, value: value, previous: $0) } }
            return Trend(leaf: leaf, values: values, latest: latest, previous: previous, delta: delta, recency: recency)
        }
        let ranked = trends.sorted { first, second in
            let a = (first.delta?.isRegression == true ? 0 : 1, -abs(first.delta?.change ?? 0), first.recency)
            let b = (second.delta?.isRegression == true ? 0 : 1, -abs(second.delta?.change ?? 0), second.recency)
            return a < b
        }
        let shown = ranked.prefix(trendLeavesShown)
        guard !shown.isEmpty else { return "" }
        let rows = shown.map { trend in
            "<tr class=\"leaf-trend\" data-leaf=\"\(HTML.escape(trend.leaf))\">"
                + "<td title=\"\(HTML.escape(trend.leaf))\"><code>\(HTML.escape(PathLabel.keepingEnd(trend.leaf, limit: 60)))</code></td>"
                + "<td>\(SVGCharts.sparkline(trend.values, label: trend.leaf))</td>"
                + "<td class=\"number\">\(trend.latest.map(SVGCharts.format) ?? "removed")</td>"
                + MetricDelta.cell(measure, trend.latest, from: trend.previous) + "</tr>\n"
        }
        let title = "Leaves changed in the last \(min(recentVersions, index.versions.count)) versions"
        var html = "<h2>\(HTML.escape(title))</h2>\n"
        if leaves.count > shown.count {
            html += "<p class=\"muted\">\(shown.count) of \(leaves.count): regressions first, then the largest moves</p>\n"
        }
        return html
            + HTML.table(id: "leaf-trends", columns: ["Leaf", measure, "Latest", "Δ previous"], rows: rows)
    }

    private static func versionsTable(_ index: Index, metrics: [String], link: (String) -> String) -> String {
        let rows = index.versions.reversed().map { summary in
            var row = "<tr class=\"version\" data-version=\"\(HTML.escape(summary.version))\">"
            row += "<td>\(link(summary.version))</td>"
            row += "<td>\(HTML.escape(summary.kind.rawValue))</td><td>\(Self.timestamp(summary.created))</td>"
            row += "<td><code>\(HTML.escape(String(summary.taxonomyCommit.prefix(12))))</code></td>"
            row += "<td class=\"number\">\(summary.changedLeaves.map { String($0.count) } ?? "")</td>"
            row += metrics.map { metric in
                "<td class=\"number\">\(summary.metrics[metric].map { SVGCharts.format($0) } ?? "")</td>"
            }.joined()
            return row + "</tr>\n"
        }
        let table = HTML.table(
            id: "versions", columns: ["Version", "Kind", "Created", "Taxonomy commit", "Leaves changed"] + metrics,
            rows: rows)
        return "<h2>Versions</h2>\n"
            + HTML.details("\(index.versions.count) versions, newest first", id: "all-versions", open: true, table)
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
