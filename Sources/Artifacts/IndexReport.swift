import Foundation

/// `index.json` and `index.html`: every published version, its metrics, a chart of each
/// metric across versions and a timeline of each build's stages. Regenerated at each
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
        try AtomicFile.replace(layout.indexJSON, with: try StableJSON.encode(index, path: layout.indexJSON))
        try AtomicFile.replace(layout.indexHTML, with: Array(Self.html(index).utf8))
    }

    /// The page: refs, the versions table, a chart per metric, a timeline per build.
    public static func html(_ index: Index) -> String {
        let metrics = Set(index.versions.flatMap(\.metrics.keys)).sorted()
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(HTML.escape(index.model)) builds</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; }
            th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; }
            td.number { text-align: right; font-variant-numeric: tabular-nums; }
            code { font-size: 90%; }
            </style>
            </head>
            <body>
            <h1>\(HTML.escape(index.model))</h1>

            """
        page += "<h2>Refs</h2>\n<ul id=\"refs\">\n"
        for (name, ref) in index.refs.sorted(by: { $0.key < $1.key }) {
            page += "<li><code>\(HTML.escape(name))</code> → \(HTML.escape(ref.version))</li>\n"
        }
        page += "</ul>\n<h2>Versions</h2>\n<table id=\"versions\">\n<thead><tr><th>Version</th><th>Kind</th>"
        page += "<th>Created</th><th>Taxonomy commit</th>"
        page += metrics.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for summary in index.versions.reversed() {
            page += "<tr class=\"version\" data-version=\"\(HTML.escape(summary.version))\">"
            page += "<td><a href=\"builds/\(HTML.escape(summary.version))/manifest.json\">\(HTML.escape(summary.version))</a></td>"
            page += "<td>\(HTML.escape(summary.kind.rawValue))</td><td>\(Self.timestamp(summary.created))</td>"
            page += "<td><code>\(HTML.escape(String(summary.taxonomyCommit.prefix(12))))</code></td>"
            page += metrics.map { metric in
                "<td class=\"number\">\(summary.metrics[metric].map { SVGCharts.format($0) } ?? "")</td>"
            }.joined()
            page += "</tr>\n"
        }
        page += "</tbody>\n</table>\n<h2>Metrics</h2>\n"
        for metric in metrics {
            page += "<h3>\(HTML.escape(metric))</h3>\n" + SVGCharts.metricChart(metric: metric, versions: index.versions) + "\n"
        }
        page += "<h2>Stages</h2>\n"
        for summary in index.versions.reversed() {
            page += "<h3>\(HTML.escape(summary.version))</h3>\n" + SVGCharts.stageTimeline(summary) + "\n"
        }
        return page + "</body>\n</html>\n"
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
