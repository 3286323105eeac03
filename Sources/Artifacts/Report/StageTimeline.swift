import Foundation

/// The stages of one build on that run's own clock: the axis runs from the first stage
/// that ran to the last one's end, and a reused stage is marked `reused` on its row
/// instead of being drawn at the times of the run that built it. A foreach stage with many
/// instances is one row (its first start to its last end, with the count), so the drawing
/// stays a few rows tall at a thousand leaves.
enum StageTimeline {
    /// Instances of one foreach stage drawn one row each up to this many; more are one row.
    static let instanceRowsLimit = 8
    /// Characters a label keeps (its end; see `PathLabel`).
    static let labelLimit = 34

    /// One row of the drawing.
    struct Row: Equatable {
        var label: String
        /// Seconds from the run's first start, for the instances that ran; nil when all were reused.
        var start: Double?
        var end: Double?
        var ran: Int
        var reused: Int
    }

    /// The rows of `stages` and the run's own span in seconds (0 when nothing ran).
    static func rows(_ stages: [VersionSummary.StageSpan]) -> (rows: [Row], span: Double) {
        let ran = stages.filter { !$0.reused }
        guard let origin = ran.map(\.startedAt).min() else {
            return (groups(stages).map { Row(label: $0.label, start: nil, end: nil, ran: 0, reused: $0.members.count) }, 0)
        }
        let span = (ran.map(\.finishedAt).max() ?? origin).timeIntervalSince(origin)
        let rows = groups(stages).map { group in
            let running = group.members.filter { !$0.reused }
            return Row(
                label: group.label, start: running.map { $0.startedAt.timeIntervalSince(origin) }.min(),
                end: running.map { $0.finishedAt.timeIntervalSince(origin) }.max(), ran: running.count,
                reused: group.members.count - running.count)
        }
        return (rows, span)
    }

    /// Stages in their order, a foreach stage's instances together under one label when
    /// there are more than `instanceRowsLimit` of them.
    private static func groups(_ stages: [VersionSummary.StageSpan]) -> [(label: String, members: [VersionSummary.StageSpan])] {
        var order: [String] = []
        var members: [String: [VersionSummary.StageSpan]] = [:]
        for stage in stages {
            let base = stage.name.firstIndex(of: "[").map { String(stage.name[..<$0]) } ?? stage.name
            if members[base] == nil { order.append(base) }
            members[base, default: []].append(stage)
        }
        return order.flatMap { base -> [(label: String, members: [VersionSummary.StageSpan])] in
            let group = members[base] ?? []
            if group.count > instanceRowsLimit { return [("\(base)[…] ×\(group.count)", group)] }
            return group.map { ($0.name, [$0]) }
        }
    }

    /// The drawing, `class="stage-timeline"`, a `<rect class="stage">` per row that ran.
    static func svg(_ summary: VersionSummary) -> String {
        let (rows, span) = rows(summary.stages)
        let width = 720.0, rowHeight = 20.0, label = 230.0, right = 90.0
        let plot = width - label - right
        let height = rowHeight * Double(rows.count) + 26
        var svg = """
            <svg class="stage-timeline" data-version="\(HTML.escape(summary.version))" \
            xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="stages of \(HTML.escape(summary.version))">

            """
        for (index, row) in rows.enumerated() {
            let y = Double(index) * rowHeight + 2
            let text = y + 13
            svg += """
                <text x="\(label - 6)" y="\(SVGCharts.format(text))" text-anchor="end" font-size="11">\
                <title>\(HTML.escape(row.label))</title>\(HTML.escape(PathLabel.keepingEnd(row.label, limit: labelLimit)))</text>

                """
            var note = row.reused > 0 ? (row.ran > 0 ? "+\(row.reused) reused" : "reused") : ""
            if let start = row.start, let end = row.end {
                let x0 = label + (span > 0 ? plot * start / span : 0)
                let barWidth = max(2, span > 0 ? plot * (end - start) / span : 2)
                let seconds = SVGCharts.format(end - start)
                svg += """
                    <rect class="stage" data-stage="\(HTML.escape(row.label))" x="\(SVGCharts.format(x0))" \
                    y="\(SVGCharts.format(y))" width="\(SVGCharts.format(barWidth))" height="\(SVGCharts.format(rowHeight - 5))" \
                    fill="#44aa77"><title>\(HTML.escape(row.label)): \(seconds) s</title></rect>

                    """
                note = seconds + " s" + (note.isEmpty ? "" : " · " + note)
                svg += """
                    <text x="\(SVGCharts.format(min(x0 + barWidth + 4, width - right + 4)))" y="\(SVGCharts.format(text))" \
                    font-size="10" fill="#555">\(note)</text>

                    """
            } else {
                svg += """
                    <text class="reused" data-stage="\(HTML.escape(row.label))" x="\(label)" y="\(SVGCharts.format(text))" \
                    font-size="10" fill="#888" font-style="italic">\(note)</text>

                    """
            }
        }
        let axis = span > 0 ? "\(SVGCharts.format(span)) s" : "nothing ran: every stage reused"
        svg += """
            <line x1="\(label)" x2="\(width - right)" y1="\(SVGCharts.format(height - 20))" \
            y2="\(SVGCharts.format(height - 20))" stroke="#ccc"/>
            <text x="\(label)" y="\(SVGCharts.format(height - 6))" font-size="10">0 s</text>
            <text x="\(width - right)" y="\(SVGCharts.format(height - 6))" font-size="10" text-anchor="end">\(axis)</text>
            </svg>
            """
        return svg
    }
}
