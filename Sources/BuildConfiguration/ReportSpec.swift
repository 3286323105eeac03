/// builds.yaml `report:`: what the dashboard (`index.html`) and `modelbuild list` show.
public struct ReportSpec: Sendable, Hashable {
    /// `report.metrics`: the primary metrics, in order (`evaluate.f1`); empty shows every
    /// build-level metric.
    public var metrics: [String]

    public init(metrics: [String] = []) {
        self.metrics = metrics
    }
}
