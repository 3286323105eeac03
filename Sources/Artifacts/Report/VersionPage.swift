import Foundation

/// `builds/<version>/index.html`: one version in full: every metric (a table of leaf →
/// measures for per-leaf ones, see `MetricScope`), the stages, the taxonomy commit and the
/// pull requests merged since the previous build.
///
/// The publisher writes it into the staging folder with the manifest, so it is sealed with
/// the version. It is a view of `manifest.json` and deliberately not one of the manifest's
/// files: the root digest names the model's contents (a later build's base model), which must
/// not change with how a report is drawn, and the page can show the manifest's own digest.
public enum VersionPage {
    /// The page of `manifest`, whose `manifest.json` has `manifestDigest`; `signed` when
    /// `manifest.sig.json` sits beside it.
    public static func html(_ manifest: Manifest, manifestDigest: String, signed: Bool) -> String {
        var body = "<p><a href=\"../../index.html\">All versions of \(HTML.escape(manifest.name))</a></p>\n"
        body += "<h1>\(HTML.escape(manifest.name)) \(HTML.escape(manifest.version))</h1>\n"
        body += summary(manifest, manifestDigest: manifestDigest, signed: signed)
        body += metrics(manifest.metrics)
        body += warnings(manifest.stages)
        body += "<h2>Stages</h2>\n" + stages(manifest.stages)
        body += SVGCharts.stageTimeline(VersionSummary(manifest: manifest, manifestDigest: manifestDigest)) + "\n"
        body += taxonomy(manifest.taxonomy)
        return HTML.document(title: manifest.name + " " + manifest.version, body: body)
    }

    private static func summary(_ manifest: Manifest, manifestDigest: String, signed: Bool) -> String {
        var rows = [
            ("Build", "\(HTML.escape(manifest.build.name)) (\(HTML.escape(manifest.build.kind.rawValue)))"),
            ("Created", IndexReport.timestamp(manifest.created)),
            ("Root digest", "<code>\(HTML.escape(manifest.rootDigest))</code>"),
            ("Manifest", "<a href=\"manifest.json\">manifest.json</a> <code>\(HTML.escape(manifestDigest))</code>"),
            ("Provenance", "<a href=\"provenance.json\">provenance.json</a>"),
            ("Signature", signed ? "<a href=\"manifest.sig.json\">manifest.sig.json</a>" : "unsigned"),
        ]
        if let base = manifest.baseModel {
            rows.append(("Base model", HTML.escape(base.name) + (base.digest.map { " <code>\(HTML.escape($0))</code>" } ?? "")))
        }
        return HTML.table(
            id: "summary", columns: [], rows: rows.map { "<tr><th>\(HTML.escape($0.0))</th><td>\($0.1)</td></tr>\n" })
    }

    /// The build-level metrics, the per-leaf table, then metrics of other parts of the build.
    private static func metrics(_ metrics: [String: Double]) -> String {
        var buildLevel: [String] = []
        var others: [String] = []
        var leaves: [String: [String: Double]] = [:]
        for (name, value) in metrics {
            switch MetricScope(metric: name) {
            case .build: buildLevel.append(name)
            case .leaf(let path, let measure): leaves[path, default: [:]][measure] = value
            case .instance: others.append(name)
            }
        }
        func valueRows(_ names: [String], rowClass: String) -> [String] {
            names.sorted().map { name in
                "<tr class=\"\(rowClass)\" data-metric=\"\(HTML.escape(name))\"><td>\(HTML.escape(name))</td>"
                    + "<td class=\"number\">\(SVGCharts.format(metrics[name] ?? 0))</td></tr>\n"
            }
        }
        var html = "<h2>Metrics</h2>\n"
        html += HTML.table(id: "metrics", columns: ["Metric", "Value"], rows: valueRows(buildLevel, rowClass: "metric"))
        if !leaves.isEmpty {
            let measures = Set(leaves.values.flatMap(\.keys)).sorted()
            let rows = leaves.keys.sorted().map { leaf in
                "<tr class=\"leaf\" data-leaf=\"\(HTML.escape(leaf))\"><td><code>\(HTML.escape(leaf))</code></td>"
                    + measures.map { "<td class=\"number\">\(leaves[leaf]?[$0].map { SVGCharts.format($0) } ?? "")</td>" }.joined()
                    + "</tr>\n"
            }
            html += "<h3>Per leaf</h3>\n" + HTML.table(id: "leaf-metrics", columns: ["Leaf"] + measures, rows: rows)
        }
        if !others.isEmpty {
            html += "<h3>Other parts of the build</h3>\n"
            html += HTML.table(id: "instance-metrics", columns: ["Metric", "Value"], rows: valueRows(others, rowClass: "metric"))
        }
        return html
    }

    /// What stages asked a person to look at (personal data a scan found), by stage; no
    /// section when there is none.
    private static func warnings(_ stages: [Manifest.Stage]) -> String {
        let rows = stages.flatMap { stage in
            (stage.warnings ?? []).map { warning in
                "<tr class=\"warning\" data-stage=\"\(HTML.escape(stage.name))\"><td>\(HTML.escape(stage.name))</td>"
                    + "<td>\(HTML.escape(warning))</td></tr>\n"
            }
        }
        guard !rows.isEmpty else { return "" }
        return "<h2>Warnings</h2>\n" + HTML.table(id: "warnings", columns: ["Stage", "Warning"], rows: rows)
    }

    private static func stages(_ stages: [Manifest.Stage]) -> String {
        let rows = stages.map { stage in
            let seconds = stage.finishedAt.timeIntervalSince(stage.startedAt)
            var row = "<tr class=\"stage\" data-stage=\"\(HTML.escape(stage.name))\"><td>\(HTML.escape(stage.name))</td>"
            row += "<td><code>\(HTML.escape(stage.implementation.name))</code> \(HTML.escape(stage.implementation.version))</td>"
            row += "<td><code>\(HTML.escape(String(stage.cacheKey.prefix(12))))</code></td>"
            row += "<td>\(HTML.escape(stage.host))</td><td class=\"number\">\(stage.attempts)</td>"
            row += "<td class=\"number\">\(stage.exitStatus.map(String.init) ?? "")</td>"
            row += "<td>\(IndexReport.timestamp(stage.startedAt))</td><td class=\"number\">\(SVGCharts.format(seconds))</td>"
            row += "<td>\(stage.reused ? "reused" : "ran")</td>"
            row += "<td>\(stage.log.map { "<a href=\"\(HTML.link("files/" + $0.path))\">log</a>" } ?? "")</td>"
            return row + "</tr>\n"
        }
        return HTML.table(
            id: "stages",
            columns: ["Stage", "Implementation", "Cache key", "Host", "Attempts", "Exit", "Started", "Seconds", "", "Log"],
            rows: rows)
    }

    private static func taxonomy(_ taxonomy: Manifest.Taxonomy) -> String {
        var html = "<h2>Taxonomy</h2>\n<p><code>\(HTML.escape(taxonomy.url))</code> at commit "
        html += "<code id=\"taxonomy-commit\">\(HTML.escape(taxonomy.commit))</code>"
        html += taxonomy.previousCommit.map { ", previously <code>\(HTML.escape($0))</code>" } ?? ", the first build"
        html += "</p>\n<h3>Merged since the previous build</h3>\n"
        let merged = taxonomy.mergedCommits.map { merged in
            "<tr class=\"merged\"><td><code>\(HTML.escape(String(merged.commit.prefix(12))))</code></td>"
                + "<td>\(merged.pullRequest.map { pullRequest(taxonomy.url, $0) } ?? "")</td>"
                + "<td>\(HTML.escape(merged.subject))</td><td>\(HTML.escape(merged.author))</td></tr>\n"
        }
        html += HTML.table(id: "merged", columns: ["Commit", "Pull request", "Subject", "Author"], rows: merged)
        html += "<h3>Changed leaves</h3>\n"
        let changed = taxonomy.changedLeaves.map { leaf in
            "<tr class=\"changed-leaf\"><td><code>\(HTML.escape(leaf.path))</code></td>"
                + "<td>\(HTML.escape(leaf.change.rawValue))"
                + (leaf.from.map { " from <code>\(HTML.escape($0))</code>" } ?? "") + "</td></tr>\n"
        }
        return html + HTML.table(id: "changed-leaves", columns: ["Leaf", "Change"], rows: changed)
    }

    /// `#123`, linked when the taxonomy lives on GitHub (only `https` links are written).
    private static func pullRequest(_ url: String, _ number: Int) -> String {
        guard url.hasPrefix("https://github.com/") else { return "#\(number)" }
        let repository = url.hasSuffix(".git") ? String(url.dropLast(4)) : url
        return "<a href=\"\(HTML.escape(repository))/pull/\(number)\">#\(number)</a>"
    }
}
