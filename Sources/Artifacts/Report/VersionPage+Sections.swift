/// The version page's reference sections: metrics, stages and the taxonomy.
extension VersionPage {
    /// The build-level metrics (with their delta against the previous version), the
    /// per-leaf table, then metrics of other parts of the build.
    static func metrics(_ context: Context) -> String {
        let metrics = context.manifest.metrics
        var buildLevel: [String] = []
        var others: [String] = []
        for name in metrics.keys {
            switch MetricScope(metric: name) {
            case .build: buildLevel.append(name)
            case .leaf: break
            case .instance: others.append(name)
            }
        }
        func valueRows(_ names: [String], rowClass: String, deltas: Bool) -> [String] {
            names.sorted().map { name in
                "<tr class=\"\(rowClass)\" data-metric=\"\(HTML.escape(name))\"><td>\(HTML.escape(name))</td>"
                    + "<td class=\"number\">\(SVGCharts.format(metrics[name] ?? 0))</td>"
                    + (deltas ? MetricDelta.cell(name, metrics[name], from: context.previous?.metrics[name]) : "")
                    + "</tr>\n"
            }
        }
        var html = "<h2>Metrics</h2>\n"
        let previous = context.previous.map { "Δ \($0.version)" } ?? "Δ previous"
        html += HTML.table(
            id: "metrics", columns: ["Metric", "Value", previous],
            rows: valueRows(buildLevel, rowClass: "metric", deltas: true))
        let leaves = context.leaves
        if !leaves.isEmpty {
            let measures = Set(leaves.values.flatMap(\.keys)).sorted()
            let rows = leaves.keys.sorted().map { leaf in
                "<tr class=\"leaf\" data-leaf=\"\(HTML.escape(leaf))\"><td><code>\(HTML.escape(leaf))</code></td>"
                    + measures.map { "<td class=\"number\">\(leaves[leaf]?[$0].map { SVGCharts.format($0) } ?? "")</td>" }.joined()
                    + "</tr>\n"
            }
            html += HTML.details(
                "Per leaf (\(leaves.count) leaves)", id: "per-leaf", open: leaves.count <= HTML.openRowsLimit,
                HTML.table(id: "leaf-metrics", columns: ["Leaf"] + measures, rows: rows))
        }
        if !others.isEmpty {
            html += HTML.details(
                "Other parts of the build (\(others.count) metrics)", id: "other-metrics",
                open: others.count <= HTML.openRowsLimit,
                HTML.table(id: "instance-metrics", columns: ["Metric", "Value"], rows: valueRows(others, rowClass: "metric", deltas: false)))
        }
        return html
    }

    /// The timeline on this run's own clock, then a row per stage.
    static func stages(_ context: Context) -> String {
        let stages = context.manifest.stages
        let reused = stages.filter(\.reused).count
        var html = "<h2>Stages</h2>\n<p>\(stages.count) stages, \(stages.count - reused) ran, \(reused) reused</p>\n"
        html += StageTimeline.svg(VersionSummary(manifest: context.manifest, manifestDigest: context.manifestDigest)) + "\n"
        let rows = stages.map { stage in
            let seconds = stage.finishedAt.timeIntervalSince(stage.startedAt)
            var row = "<tr class=\"stage\" data-stage=\"\(HTML.escape(stage.name))\"><td>\(HTML.escape(stage.name))</td>"
            row += "<td><code>\(HTML.escape(stage.implementation.name))</code> \(HTML.escape(stage.implementation.version))</td>"
            row += "<td><code>\(HTML.escape(String(stage.cacheKey.prefix(12))))</code></td>"
            row += "<td>\(HTML.escape(stage.host))</td><td class=\"number\">\(stage.attempts)</td>"
            row += "<td class=\"number\">\(stage.exitStatus.map(String.init) ?? "")</td>"
            let started = IndexReport.timestamp(stage.startedAt)
            row += "<td title=\"\(started)\">\(started.split(separator: "T").last ?? "")</td>"
            row += "<td class=\"number\">\(SVGCharts.format(seconds))</td>"
            row += "<td>\(stage.reused ? "reused" : "ran")</td>"
            row += "<td>\(stage.log.map { "<a href=\"\(HTML.link("files/" + $0.path))\">log</a>" } ?? "")</td>"
            return row + "</tr>\n"
        }
        let table = HTML.table(
            id: "stages",
            columns: ["Stage", "Implementation", "Cache key", "Host", "Attempts", "Exit", "Started", "Seconds", "", "Log"],
            rows: rows)
        return html + HTML.details("Every stage (\(stages.count))", id: "stage-table", open: stages.count <= HTML.openRowsLimit, table)
    }

    /// The commit read and the commits merged since the previous build.
    static func taxonomy(_ taxonomy: Manifest.Taxonomy) -> String {
        var html = "<h2>Taxonomy</h2>\n<p><code>\(HTML.escape(taxonomy.url))</code> at commit "
        html += "<code id=\"taxonomy-commit\">\(HTML.escape(taxonomy.commit))</code>"
        html += taxonomy.previousCommit.map { ", previously <code>\(HTML.escape($0))</code>" } ?? ", the first build"
        html += "</p>\n"
        let merged = taxonomy.mergedCommits.map { merged in
            "<tr class=\"merged\"><td><code>\(HTML.escape(String(merged.commit.prefix(12))))</code></td>"
                + "<td>\(merged.pullRequest.map { pullRequest(taxonomy.url, $0) } ?? "")</td>"
                + "<td>\(HTML.escape(merged.subject))</td><td>\(HTML.escape(merged.author))</td></tr>\n"
        }
        return html
            + HTML.details(
                "Merged since the previous build (\(merged.count) \(merged.count == 1 ? "commit" : "commits"))", id: "merged-section",
                open: merged.count <= HTML.openRowsLimit,
                HTML.table(id: "merged", columns: ["Commit", "Pull request", "Subject", "Author"], rows: merged))
    }
}
