extension StageResult {
    private static let members = JSONKeys(["metrics", "warnings"])

    /// The result `bytes` hold, read with the one JSON reader: what decoding them as
    /// `StageResult` gives, without `Codable` (an `evaluate` result holds a metric per leaf
    /// and measure, read as the store takes in every stage's outputs). Nil for any text
    /// this does not take (malformed JSON, a member of another type): decoding it then
    /// says why, as it always did.
    public init?(reading bytes: [UInt8]) {
        guard let slots = try? JSONReader.members(Self.members, of: bytes), case .object(let values)? = slots[0]
        else { return nil }
        var metrics: [String: Double] = [:]
        metrics.reserveCapacity(values.count)
        for (name, value) in values {
            guard let number = value.numberValue else { return nil }
            metrics[name] = number
        }
        var warnings: [String] = []
        switch slots[1] {
        case nil, .null?: break
        case .array(let lines)?:
            for line in lines {
                guard case .string(let text) = line else { return nil }
                warnings.append(text)
            }
        default: return nil
        }
        self.init(metrics: metrics, warnings: warnings)
    }
}
