import Foundation
import Platform

/// `index.json` and `index.html`: every published version, its build-level metrics, a chart
/// of each across versions and a timeline of each build's stages; all metrics, per leaf
/// too, are on each version's own page (`VersionPage`). Regenerated at each
/// publish and collection, under the publish lock.
public struct IndexReport: Sendable {
    public let layout: ArtifactLayout

    public init(layout: ArtifactLayout) {
        self.layout = layout
    }

    /// The contents of `index.json`.
    public struct Index: Sendable, Hashable, Codable {
        public var model: String
        /// Oldest first.
        public var versions: [VersionSummary]
        public var refs: [String: Ref]
    }

    /// Reads the catalog and writes both files atomically.
    public func write() throws(ArtifactsError) {
        let catalog = ArtifactCatalog(layout: layout)
        let index = Index(
            model: String(layout.root.split(separator: "/").last ?? ""), versions: try catalog.summaries(),
            refs: try catalog.refs())
        var pages = Set<String>()
        for summary in index.versions where try onDisk({ try FileSystem.status(layout.versionPage(summary.version)) }) != nil {
            pages.insert(summary.version)
        }
        try replaceAtomically(layout.indexJSON, with: try JSONFile.encode(index, path: layout.indexJSON))
        try replaceAtomically(layout.indexHTML, with: Array(Self.html(index, pages: pages).utf8))
    }

    /// The page: refs, the versions table and a chart per build-level metric (see
    /// `MetricScope`), a timeline per build. Each version links to its own page when it is
    /// in `pages` (versions published before pages existed have none), else to its manifest.
    public static func html(_ index: Index, pages: Set<String>) -> String {
        let metrics = MetricScope.buildLevel(index.versions.flatMap(\.metrics.keys))
        var body = "<h1>\(HTML.escape(index.model))</h1>\n<h2>Refs</h2>\n<ul id=\"refs\">\n"
        for (name, ref) in index.refs.sorted(by: { $0.key < $1.key }) {
            body += "<li><code>\(HTML.escape(name))</code> → \(HTML.escape(ref.version))</li>\n"
        }
        body += "</ul>\n<h2>Versions</h2>\n"
        let rows = index.versions.reversed().map { summary in
            let folder = "builds/" + summary.version + "/"
            let target = pages.contains(summary.version) ? "index.html" : "manifest.json"
            var row = "<tr class=\"version\" data-version=\"\(HTML.escape(summary.version))\">"
            row += "<td><a href=\"\(HTML.link(folder + target))\">\(HTML.escape(summary.version))</a></td>"
            row += "<td>\(HTML.escape(summary.kind.rawValue))</td><td>\(Self.timestamp(summary.created))</td>"
            row += "<td><code>\(HTML.escape(String(summary.taxonomyCommit.prefix(12))))</code></td>"
            row += metrics.map { metric in
                "<td class=\"number\">\(summary.metrics[metric].map { SVGCharts.format($0) } ?? "")</td>"
            }.joined()
            return row + "</tr>\n"
        }
        body += HTML.table(id: "versions", columns: ["Version", "Kind", "Created", "Taxonomy commit"] + metrics, rows: rows)
        body += "<h2>Metrics</h2>\n"
        for metric in metrics {
            body += "<h3>\(HTML.escape(metric))</h3>\n" + SVGCharts.metricChart(metric: metric, versions: index.versions) + "\n"
        }
        body += "<h2>Stages</h2>\n"
        for summary in index.versions.reversed() {
            body += "<h3>\(HTML.escape(summary.version))</h3>\n" + SVGCharts.stageTimeline(summary) + "\n"
        }
        return HTML.document(title: index.model + " builds", body: body)
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
