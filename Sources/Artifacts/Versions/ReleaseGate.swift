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

/// How one gate judged a build: the value it read, the threshold, and whether it passed.
public struct GateOutcome: Sendable, Hashable, CustomStringConvertible {
    public var gate: ReleaseGate
    public var passed: Bool
    /// `evaluate.f1 = 0.8125, at least the minimum 0.5` or `evaluate.f1 = 0.42 is below
    /// the minimum 0.5`: the value and the threshold, whichever way it went.
    public var message: String

    /// `gate passed: …` or `gate refused: …`, as `build` and `release` print it.
    public var description: String { "gate \(passed ? "passed" : "refused"): \(message)" }
}

/// Checks release gates against a build's metrics and the previous release.
public enum GateEvaluation {
    /// Every gate's outcome, in the order builds.yaml lists them. A regression gate passes
    /// when there is no previous release, or the previous release lacks the metric
    /// (nothing to regress from). A missing metric in the build refuses every gate on it.
    public static func outcomes(
        of gates: [ReleaseGate], metrics: [String: Double], previousRelease: VersionSummary?
    ) -> [GateOutcome] {
        gates.map { gate in
            guard let value = metrics[gate.metric] else {
                return GateOutcome(gate: gate, passed: false, message: "\(gate.metric) is missing from the build's metrics")
            }
            switch gate {
            case .threshold(let metric, let minimum, let maximum):
                if let minimum, value < minimum {
                    return GateOutcome(gate: gate, passed: false, message: "\(metric) = \(value) is below the minimum \(minimum)")
                }
                if let maximum, value > maximum {
                    return GateOutcome(gate: gate, passed: false, message: "\(metric) = \(value) is above the maximum \(maximum)")
                }
                let bounds = [minimum.map { "at least the minimum \($0)" }, maximum.map { "at most the maximum \($0)" }]
                    .compactMap { $0 }
                return GateOutcome(
                    gate: gate, passed: true,
                    message: "\(metric) = \(value)" + (bounds.isEmpty ? " (no bound)" : ", " + bounds.joined(separator: " and ")))
            case .noRegression(let metric):
                guard let previous = previousRelease else {
                    return GateOutcome(
                        gate: gate, passed: true, message: "\(metric) = \(value), no previous release to regress from")
                }
                guard let before = previous.metrics[metric] else {
                    return GateOutcome(
                        gate: gate, passed: true,
                        message: "\(metric) = \(value), the previous release \(previous.version) has no \(metric)")
                }
                if value < before {
                    return GateOutcome(
                        gate: gate, passed: false,
                        message: "\(metric) regressed: \(before) → \(value) (previous release \(previous.version))")
                }
                return GateOutcome(
                    gate: gate, passed: true,
                    message: "\(metric) = \(value), not below \(before) of the previous release \(previous.version)")
            }
        }
    }

    /// Every refusal; empty when the build passes (see `outcomes`).
    public static func refusals(
        of gates: [ReleaseGate], metrics: [String: Double], previousRelease: VersionSummary?
    ) -> [GateRefusal] {
        outcomes(of: gates, metrics: metrics, previousRelease: previousRelease)
            .filter { !$0.passed }
            .map { GateRefusal(gate: $0.gate, message: $0.message) }
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
