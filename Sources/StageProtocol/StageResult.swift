/// What a stage may write to `output/result.json`.
public struct StageResult: Sendable, Hashable, Codable {
    public var metrics: [String: Double]

    public init(metrics: [String: Double] = [:]) {
        self.metrics = metrics
    }
}
