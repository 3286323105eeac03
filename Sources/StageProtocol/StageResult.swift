/// What a stage may write to `output/result.json`.
public struct StageResult: Sendable, Hashable, Codable {
    public var metrics: [String: Double]
    /// Things a person should look at that do not fail the build (personal data a scan
    /// found), one line each; listed in the manifest and on the version page.
    public var warnings: [String]

    public init(metrics: [String: Double] = [:], warnings: [String] = []) {
        self.metrics = metrics
        self.warnings = warnings
    }

    private enum CodingKeys: String, CodingKey {
        case metrics, warnings
    }

    /// `warnings` may be left out.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metrics = try container.decode([String: Double].self, forKey: .metrics)
        warnings = try container.decodeIfPresent([String].self, forKey: .warnings) ?? []
    }
}
