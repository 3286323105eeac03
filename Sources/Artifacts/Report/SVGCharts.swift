import Foundation

/// Inline SVG drawings for the report, drawn by hand so the page needs nothing from the
/// network.
enum SVGCharts {
    /// A line chart of one metric across versions, a `<circle class="point">` per version
    /// that has the metric (oldest left).
    static func metricChart(metric: String, versions: [VersionSummary]) -> String {
        let width = 640.0, height = 220.0, left = 56.0, right = 16.0, top = 16.0, bottom = 56.0
        let points = versions.enumerated().compactMap { index, summary in
            summary.metrics[metric].map { (index: index, version: summary.version, value: $0) }
        }
        var low = points.map(\.value).min() ?? 0
        var high = points.map(\.value).max() ?? 1
        if high - low < 1e-9 {
            low -= 0.5
            high += 0.5
        }
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ index: Int) -> Double {
            versions.count <= 1 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(versions.count - 1)
        }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - (value - low) / (high - low)) }

        var svg = """
            <svg class="metric-chart" data-metric="\(HTML.escape(metric))" xmlns="http://www.w3.org/2000/svg" \
            width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" \
            aria-label="\(HTML.escape(metric)) across versions">
            <rect x="\(left)" y="\(top)" width="\(plotWidth)" height="\(plotHeight)" fill="#fafafa" stroke="#ccc"/>
            <text x="\(left - 6)" y="\(top + 4)" text-anchor="end" font-size="11">\(format(high))</text>
            <text x="\(left - 6)" y="\(top + plotHeight)" text-anchor="end" font-size="11">\(format(low))</text>

            """
        if points.count > 1 {
            let path = points.map { "\(format(x($0.index))),\(format(y($0.value)))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"#3366cc\" stroke-width=\"2\" points=\"\(path)\"/>\n"
        }
        for point in points {
            svg += """
                <circle class="point" data-version="\(HTML.escape(point.version))" data-value="\(point.value)" \
                cx="\(format(x(point.index)))" cy="\(format(y(point.value)))" r="4" fill="#3366cc">\
                <title>\(HTML.escape(point.version)): \(point.value)</title></circle>

                """
        }
        for (index, summary) in versions.enumerated() {
            svg += """
                <text x="\(format(x(index)))" y="\(format(top + plotHeight + 14))" font-size="10" \
                text-anchor="end" transform="rotate(-30 \(format(x(index))) \(format(top + plotHeight + 14)))">\
                \(HTML.escape(summary.version))</text>

                """
        }
        return svg + "</svg>"
    }

    /// A horizontal bar per stage, from its start to its end relative to the build's first
    /// start; reused stages are grey.
    static func stageTimeline(_ summary: VersionSummary) -> String {
        let width = 640.0, row = 22.0, label = 160.0, right = 60.0
        let start = summary.stages.map(\.startedAt).min() ?? summary.created
        let end = summary.stages.map(\.finishedAt).max() ?? start
        let span = max(end.timeIntervalSince(start), 0.001)
        let height = row * Double(summary.stages.count) + 24
        var svg = """
            <svg class="stage-timeline" data-version="\(HTML.escape(summary.version))" \
            xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="stages of \(HTML.escape(summary.version))">

            """
        for (index, stage) in summary.stages.enumerated() {
            let y = Double(index) * row + 4
            let x0 = label + (width - label - right) * stage.startedAt.timeIntervalSince(start) / span
            let barWidth = max(2, (width - label - right) * stage.finishedAt.timeIntervalSince(stage.startedAt) / span)
            let seconds = stage.finishedAt.timeIntervalSince(stage.startedAt)
            svg += """
                <text x="\(label - 6)" y="\(format(y + 14))" text-anchor="end" font-size="11">\(HTML.escape(stage.name))</text>
                <rect class="stage" data-stage="\(HTML.escape(stage.name))" x="\(format(x0))" y="\(format(y))" \
                width="\(format(barWidth))" height="\(format(row - 6))" fill="\(stage.reused ? "#bbbbbb" : "#44aa77")">\
                <title>\(HTML.escape(stage.name)): \(format(seconds)) s\(stage.reused ? " (reused)" : "")</title></rect>

                """
        }
        svg += """
            <text x="\(label)" y="\(format(height - 4))" font-size="10">0 s</text>
            <text x="\(width - right)" y="\(format(height - 4))" font-size="10" text-anchor="end">\(format(span)) s</text>
            </svg>
            """
        return svg
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
