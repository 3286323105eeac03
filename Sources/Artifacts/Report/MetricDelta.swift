/// A metric's change from one version to another, and whether that change is a regression.
///
/// Higher is better unless the name says otherwise (`loss`, `error`, `perplexity`,
/// `latency`, `seconds`, `regressed`), so a falling f1 and a rising loss are both regressions.
struct MetricDelta: Sendable, Hashable {
    var metric: String
    var value: Double
    var previous: Double

    var change: Double { value - previous }

    /// Whether smaller values of `metric` are better.
    static func lowerIsBetter(_ metric: String) -> Bool {
        let name = metric.lowercased()
        return ["loss", "error", "perplexity", "latency", "seconds", "regressed"].contains { name.contains($0) }
    }

    /// The change goes the wrong way (by more than rounding).
    var isRegression: Bool {
        abs(change) > 1e-9 && (Self.lowerIsBetter(metric) ? change > 0 : change < 0)
    }

    /// The change goes the right way (by more than rounding).
    var isImprovement: Bool { abs(change) > 1e-9 && !isRegression }

    /// A table cell: `+0.02` / `−0.05 ▼` (a regression, marked), `0` when unchanged; the
    /// earlier value in the cell's title.
    var cell: String {
        let sign = change > 1e-9 ? "+" : change < -1e-9 ? "−" : ""
        let text = sign + SVGCharts.format(abs(change))
        let cssClass = isRegression ? "delta regression" : isImprovement ? "delta improvement" : "delta"
        let mark = isRegression ? " ▼" : isImprovement ? " ▲" : ""
        return "<td class=\"number \(cssClass)\" title=\"was \(SVGCharts.format(previous))\">\(text)\(mark)</td>"
    }

    /// `cell` for `metric` going from `previous` to `value`, or an empty cell when either is missing.
    static func cell(_ metric: String, _ value: Double?, from previous: Double?) -> String {
        guard let value, let previous else { return "<td class=\"number\"></td>" }
        return MetricDelta(metric: metric, value: value, previous: previous).cell
    }
}
