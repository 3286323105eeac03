import Foundation

/// The version page's notices about the taxonomy: a rewritten history, leaves the build
/// left out, and removed leaves (capabilities the model may lose). Each is a section of
/// its own, present only when there is something to say.
extension VersionPage {
    static func taxonomyNotices(_ manifest: Manifest) -> String {
        let taxonomy = manifest.taxonomy
        let baseModel = manifest.baseModel
        var html = ""
        if let rewrite = taxonomy.historyRewrite {
            html += "<h3 id=\"history-rewritten\">History rewritten</h3>\n<p>The taxonomy branch no longer holds the previous build's commit"
            html += taxonomy.previousCommit.map { " <code>\(HTML.escape($0))</code>" } ?? ""
            html += rewrite.commonAncestor.map { " (the two histories share <code>\(HTML.escape($0))</code>)" } ?? ""
            html += ": it was force-pushed. \(rewrite.droppedCommits.count) commits were dropped."
            if rewrite.baseModelFromDiscardedHistory {
                html += " The base model"
                html += baseModel.map { " (\(HTML.escape($0.name)))" } ?? ""
                html += " was trained on the discarded history."
            }
            html += "</p>\n"
            let rows = rewrite.droppedCommits.map { commit in
                "<tr class=\"dropped\"><td><code>\(HTML.escape(String(commit.commit.prefix(12))))</code></td>"
                    + "<td>\(commit.pullRequest.map { "#\($0)" } ?? "")</td>"
                    + "<td>\(HTML.escape(commit.subject))</td><td>\(HTML.escape(commit.author))</td></tr>\n"
            }
            html += HTML.table(id: "dropped-commits", columns: ["Commit", "Pull request", "Subject", "Author"], rows: rows)
        }
        if let skipped = taxonomy.skippedLeaves, !skipped.isEmpty {
            html += "<h3 id=\"skipped\">Skipped leaves</h3>\n<p>\(skipped.count) leaves were not built:</p>\n"
            let rows = skipped.map { leaf in
                "<tr class=\"skipped-leaf\"><td><code>\(HTML.escape(leaf.path))</code></td><td>\(HTML.escape(leaf.reason))</td>"
                    + "<td>\(leaf.messages.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: "<br>"))</td></tr>\n"
            }
            html += HTML.table(id: "skipped-leaves", columns: ["Leaf", "Reason", "Errors"], rows: rows)
        }
        return html + removedCapabilities(manifest.metrics)
    }

    /// The leaves evaluate listed as removed, from its `<stage>.removed.<leaf>.last_<measure>`
    /// metrics: each leaf with its last scores.
    static func removedCapabilities(_ metrics: [String: Double]) -> String {
        var leaves: [String: [String: Double]] = [:]
        for (name, value) in metrics {
            guard let start = name.range(of: ".removed."), let last = name.range(of: ".last_", options: .backwards),
                start.upperBound < last.lowerBound
            else { continue }
            leaves[String(name[start.upperBound..<last.lowerBound]), default: [:]][String(name[last.upperBound...])] = value
        }
        guard !leaves.isEmpty else { return "" }
        var html = "<h3 id=\"removed-capabilities\">Removed capabilities</h3>\n"
        html += "<p>\(leaves.count) leaves were removed from the taxonomy; their last scores:</p>\n"
        let rows = leaves.sorted { $0.key < $1.key }.map { path, last in
            "<tr class=\"removed-capability\"><td><code>\(HTML.escape(path))</code></td>"
                + "<td>\(last["f1"].map(SVGCharts.format) ?? "–")</td><td>\(last["exact_match"].map(SVGCharts.format) ?? "–")</td></tr>\n"
        }
        return html + HTML.table(id: "removed-capabilities-table", columns: ["Leaf", "Last F1", "Last exact match"], rows: rows)
    }
}
