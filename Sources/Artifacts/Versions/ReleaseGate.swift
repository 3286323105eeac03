/// A condition a release's metrics must meet before it is published (`gates:` of a
/// build in builds.yaml).
public enum ReleaseGate: Sendable, Hashable {
    /// `{metric: evaluate.f1, min: 0.5, max: …}`; either bound may be absent.
    case threshold(metric: String, min: Double?, max: Double?)
    /// `{no_regression: evaluate.f1}`: not lower than the previous release's value.
    case noRegression(metric: String)

    public var metric: String {
        switch self {
        case .threshold(let metric, _, _), .noRegression(let metric): metric
        }
    }
}

/// A gate that refused a build, with the numbers.
public struct GateRefusal: Sendable, Hashable, CustomStringConvertible {
    public var gate: ReleaseGate
    /// `evaluate.f1 = 0.42 is below the minimum 0.5`.
    public var message: String

    public var description: String { message }
}

/// Checks release gates against a build's metrics and the previous release.
public enum GateEvaluation {
    /// Every refusal; empty when the build passes. A regression gate passes when there is
    /// no previous release, or the previous release lacks the metric (nothing to regress
    /// from). A missing metric in the build refuses every gate on it.
    public static func refusals(
        of gates: [ReleaseGate], metrics: [String: Double], previousRelease: VersionSummary?
    ) -> [GateRefusal] {
        gates.compactMap { gate in
            guard let value = metrics[gate.metric] else {
                return GateRefusal(gate: gate, message: "\(gate.metric) is missing from the build's metrics")
            }
            switch gate {
            case .threshold(let metric, let minimum, let maximum):
                if let minimum, value < minimum {
                    return GateRefusal(gate: gate, message: "\(metric) = \(value) is below the minimum \(minimum)")
                }
                if let maximum, value > maximum {
                    return GateRefusal(gate: gate, message: "\(metric) = \(value) is above the maximum \(maximum)")
                }
                return nil
            case .noRegression(let metric):
                guard let previous = previousRelease, let before = previous.metrics[metric], value < before else {
                    return nil
                }
                return GateRefusal(
                    gate: gate, message: "\(metric) regressed: \(before) → \(value) (previous release \(previous.version))")
            }
        }
    }

    /// Throws `.gateRefused` listing every refusal (one per line) unless the build passes.
    public static func check(
        _ gates: [ReleaseGate], metrics: [String: Double], previousRelease: VersionSummary?, version: String
    ) throws(ArtifactsError) {
        let refusals = refusals(of: gates, metrics: metrics, previousRelease: previousRelease)
        guard refusals.isEmpty else {
            throw ArtifactsError(
                .gateRefused, path: version,
                reason: "release gates refused the build:\n" + refusals.map { "  " + $0.message }.joined(separator: "\n"))
        }
    }
}
