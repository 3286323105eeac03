import Foundation

/// Inline SVG drawings for the report, drawn by hand so the page needs nothing from the
/// network: the small multiples of the index (one per primary metric) and the per-leaf
/// sparklines. The stage timeline is `StageTimeline`.
enum SVGCharts {
    /// The vertical range a series is drawn in: its own minimum and maximum, with a margin,
    /// so a change of 0.01 is visible; a constant series is a flat line across the middle
    /// labelled with its one value (never an invented 0.5–1.5 axis).
    struct Axis: Equatable {
        var low: Double
        var high: Double
        /// The values written beside the axis: the series' minimum and maximum (one for a
        /// constant series).
        var labels: [Double]

        init(values: [Double]) {
            let minimum = values.min() ?? 0, maximum = values.max() ?? 0
            if maximum - minimum < 1e-9 {
                low = minimum - 1
                high = minimum + 1
                labels = values.isEmpty ? [] : [minimum]
            } else {
                let margin = (maximum - minimum) * 0.12
                low = minimum - margin
                high = maximum + margin
                labels = [maximum, minimum]
            }
        }

        /// Where `value` sits between `top` and `bottom` (in drawing units, top is smaller).
        func position(_ value: Double, top: Double, bottom: Double) -> Double {
            bottom - (bottom - top) * (value - low) / (high - low)
        }
    }

    /// A small line chart of `metric` across `versions` (oldest left): a `<circle class="point">`
    /// per version that has it, releases drawn as squares' outlines, a regression against the
    /// version before marked red. The first and last version names sit under the ends, whole.
    static func metricChart(metric: String, versions: [VersionSummary]) -> String {
        let width = 300.0, height = 150.0, left = 48.0, right = 12.0, top = 22.0, bottom = 28.0
        let points = versions.enumerated().compactMap { index, summary in
            summary.metrics[metric].map { (index: index, summary: summary, value: $0) }
        }
        let axis = Axis(values: points.map(\.value))
        let plotWidth = width - left - right
        func x(_ index: Int) -> Double {
            versions.count <= 1 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(versions.count - 1)
        }
        func y(_ value: Double) -> Double { axis.position(value, top: top, bottom: height - bottom) }

        let latest = points.last.map { format($0.value) } ?? "–"
        var svg = """
            <svg class="metric-chart" data-metric="\(HTML.escape(metric))" xmlns="http://www.w3.org/2000/svg" \
            width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" \
            aria-label="\(HTML.escape(metric)) across versions">
            <text x="4" y="14" font-size="12" font-weight="bold">\(HTML.escape(metric))</text>
            <text x="\(width - 4)" y="14" font-size="12" text-anchor="end">\(latest)</text>
            <rect x="\(left)" y="\(top)" width="\(plotWidth)" height="\(height - top - bottom)" fill="#fafafa" stroke="#ddd"/>

            """
        for label in axis.labels {
            svg += """
                <text x="\(left - 4)" y="\(format(y(label) + 4))" text-anchor="end" font-size="10" fill="#555">\(format(label))</text>

                """
        }
        if points.count > 1 {
            let path = points.map { "\(format(x($0.index))),\(format(y($0.value)))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"#3366cc\" stroke-width=\"1.5\" points=\"\(path)\"/>\n"
        }
        for (position, point) in points.enumerated() {
            let regression =
                position > 0
                && MetricDelta(metric: metric, value: point.value, previous: points[position - 1].value).isRegression
            let colour = regression ? "#cc3333" : "#3366cc"
            let release = point.summary.kind == .release
            svg += """
                <circle class="point\(regression ? " regression" : "")" data-version="\(HTML.escape(point.summary.version))" \
                data-value="\(point.value)" cx="\(format(x(point.index)))" cy="\(format(y(point.value)))" \
                r="\(release ? 4.5 : 3)" fill="\(release ? "#fff" : colour)" stroke="\(colour)" stroke-width="1.5">\
                <title>\(HTML.escape(point.summary.version)): \(format(point.value))\(regression ? " (regression)" : "")</title></circle>

                """
        }
        if let first = versions.first {
            svg += """
                <text x="\(left)" y="\(height - 10)" font-size="10" fill="#555">\(HTML.escape(first.version))</text>

                """
        }
        if versions.count > 1, let last = versions.last {
            svg += """
                <text x="\(width - right)" y="\(height - 10)" font-size="10" fill="#555" text-anchor="end">\(HTML.escape(last.version))</text>

                """
        }
        return svg + "</svg>"
    }

    /// A word-sized line of `values` (nil where a version lacks the value), the last point
    /// marked.
    static func sparkline(_ values: [Double?], label: String) -> String {
        let width = 120.0, height = 24.0, pad = 3.0
        let present = values.enumerated().compactMap { index, value in value.map { (index, $0) } }
        let axis = Axis(values: present.map(\.1))
        func x(_ index: Int) -> Double {
            values.count <= 1 ? width / 2 : pad + (width - 2 * pad) * Double(index) / Double(values.count - 1)
        }
        func y(_ value: Double) -> Double { axis.position(value, top: pad, bottom: height - pad) }
        var svg = """
            <svg class="sparkline" xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(HTML.escape(label))">
            """
        if present.count > 1 {
            let path = present.map { "\(format(x($0.0))),\(format(y($0.1)))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"#3366cc\" stroke-width=\"1.2\" points=\"\(path)\"/>"
        }
        if let last = present.last {
            svg += "<circle cx=\"\(format(x(last.0)))\" cy=\"\(format(y(last.1)))\" r=\"2.5\" fill=\"#3366cc\"/>"
        }
        return svg + "</svg>"
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
