/// The section a version page opens with: which leaves changed since the previous build
/// and how their scores moved.
extension VersionPage {
    /// The leaf measure the changes table shows: an `f1` when there is one, else the first.
    static func leadingMeasure(_ leaves: [String: [String: Double]]) -> String? {
        let measures = Set(leaves.values.flatMap(\.keys)).sorted()
        return measures.first { $0.hasSuffix(".f1") } ?? measures.first { !$0.contains(".base_") } ?? measures.first
    }

    /// Counts, then a row per changed leaf: its change, its score, the delta against the
    /// previous version and against the base model (`base_<measure>` when the evaluator
    /// reports one); regressions first, each marked.
    static func whatChanged(_ context: Context) -> String {
        let changed = context.manifest.taxonomy.changedLeaves
        let counts = Dictionary(grouping: changed, by: \.change).mapValues(\.count)
        var html = "<h2>What changed</h2>\n<p id=\"change-counts\">"
        html += [Manifest.ChangedLeaf.Change.modified, .added, .removed].map { change in
            "<span class=\"count \(change.rawValue)\">\(counts[change] ?? 0) \(change.rawValue)</span>"
        }.joined(separator: " · ")
        html += context.manifest.taxonomy.previousCommit == nil ? " (the first build: every leaf is new)" : ""
        html += "</p>\n"
        guard !changed.isEmpty else { return html + "<p>No leaf changed since the previous build.</p>\n" }
        // A first build adds every leaf: the per-leaf metrics below list them all already.
        guard context.manifest.taxonomy.previousCommit != nil else { return html }
        let measure = leadingMeasure(context.leaves)
        let baseMeasure = measure.map { name -> String in
            guard let dot = name.firstIndex(of: ".") else { return "base_" + name }
            return name[...dot] + "base_" + name[name.index(after: dot)...]
        }
        struct Line {
            var leaf: Manifest.ChangedLeaf
            var value: Double?
            var previous: Double?
            var base: Double?
            var isRegression: Bool
        }
        let lines = changed.map { leaf -> Line in
            let value = measure.flatMap { context.leaves[leaf.path]?[$0] }
            let previous = measure.flatMap { context.previous?.metrics[leafMetric(leaf.path, measure: $0)] }
            let base = baseMeasure.flatMap { context.leaves[leaf.path]?[$0] }
            let regression = [previous, base].contains { earlier in
                guard let measure, let value, let earlier else { return false }
                return MetricDelta(metric: measure, value: value, previous: earlier).isRegression
            }
            return Line(leaf: leaf, value: value, previous: previous, base: base, isRegression: regression)
        }.sorted { ($0.isRegression ? 0 : 1, $0.leaf.change.rawValue, $0.leaf.path) < ($1.isRegression ? 0 : 1, $1.leaf.change.rawValue, $1.leaf.path) }
        let rows = lines.map { line in
            let leaf = line.leaf
            var row = "<tr class=\"changed-leaf\(line.isRegression ? " regression" : "")\" data-leaf=\"\(HTML.escape(leaf.path))\">"
            row += "<td><code>\(HTML.escape(leaf.path))</code></td><td>\(HTML.escape(leaf.change.rawValue))</td>"
            if let measure {
                row += "<td class=\"number\">\(line.value.map(SVGCharts.format) ?? "")</td>"
                row += MetricDelta.cell(measure, line.value, from: line.previous)
                row += MetricDelta.cell(measure, line.value, from: line.base)
            }
            return row + "</tr>\n"
        }
        let regressions = lines.filter(\.isRegression).count
        if regressions > 0 {
            html += "<p class=\"regression\">\(regressions) changed \(regressions == 1 ? "leaf scores" : "leaves score") "
                + "lower than before ▼</p>\n"
        }
        let columns = ["Leaf", "Change"] + (measure.map { [$0, "Δ previous version", "Δ base model"] } ?? [])
        let table = HTML.table(id: "changed-leaves", columns: columns, rows: rows)
        return html
            + HTML.details(
                "\(changed.count) changed \(changed.count == 1 ? "leaf" : "leaves")", id: "changed-leaves-section", open: changed.count <= HTML.openRowsLimit,
                table)
    }

    /// The published name of `measure` (`evaluate.f1`) for `leaf`: `evaluate.leaf.<leaf>.f1`.
    static func leafMetric(_ leaf: String, measure: String) -> String {
        guard let dot = measure.firstIndex(of: ".") else { return measure }
        return measure[..<dot] + ".leaf." + leaf + measure[dot...]
    }
}
