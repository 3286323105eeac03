/// What a published metric describes, read from its name.
///
/// The publisher names a metric `<stage>.<name>` (stage names never hold a dot). By the
/// evaluator's convention, a metric of one taxonomy leaf is `<stage>.leaf.<leaf>.<measure>`
/// (`evaluate.leaf.knowledge/science/birds.f1`); the measure is the part after the last dot,
/// so a leaf path may hold dots. Any other name holding a `/` or a `[` names a leaf or a job
/// instance (`generate[knowledge/science/birds]`) in its own way. Everything else describes
/// the whole build (`evaluate.f1`), and only those are columns and charts in `index.html`.
public enum MetricScope: Sendable, Hashable {
    /// The whole build: `evaluate.f1`.
    case build
    /// One leaf: `evaluate.leaf.knowledge/science/birds.f1` is leaf
    /// `knowledge/science/birds`, measure `evaluate.f1`.
    case leaf(path: String, measure: String)
    /// Part of a build named some other way (a `/` or `[` in the name).
    case instance

    /// The scope of the metric `name`.
    public init(metric name: String) {
        if let dot = name.firstIndex(of: ".") {
            let stage = name[..<dot]
            let rest = name[name.index(after: dot)...]
            if rest.hasPrefix("leaf."), let last = rest.lastIndex(of: "."), last > rest.index(rest.startIndex, offsetBy: 5) {
                let path = rest[rest.index(rest.startIndex, offsetBy: 5)..<last]
                let measure = rest[rest.index(after: last)...]
                if !measure.isEmpty {
                    self = .leaf(path: String(path), measure: stage + "." + measure)
                    return
                }
            }
        }
        self = name.contains("/") || name.contains("[") ? .instance : .build
    }

    /// The names in `names` that describe the whole build, sorted.
    public static func buildLevel(_ names: some Sequence<String>) -> [String] {
        Set(names).filter { MetricScope(metric: $0) == .build }.sorted()
    }
}
