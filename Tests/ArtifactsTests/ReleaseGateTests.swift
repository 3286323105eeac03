import Artifacts
import Foundation
import Testing

@Suite struct ReleaseGateTests {
    func previous(_ f1: Double) async throws -> VersionSummary {
        try await withFixture { fixture in
            let published = try await fixture.publisher.publish(
                try fixture.build(kind: .release, metrics: ["evaluate.f1": f1]), version: .semantic("1.3.0"))
            return VersionSummary(manifest: published.manifest, manifestDigest: published.manifestDigest)
        }
    }

    @Test func thresholdsRefuseWithTheNumbers() {
        let gates: [ReleaseGate] = [
            .threshold(metric: "evaluate.f1", min: 0.5, max: nil), .threshold(metric: "evaluate.loss", min: nil, max: 2),
        ]
        let refusals = GateEvaluation.refusals(
            of: gates, metrics: ["evaluate.f1": 0.42, "evaluate.loss": 2.5], previousRelease: nil)
        #expect(refusals.map(\.message) == [
            "evaluate.f1 = 0.42 is below the minimum 0.5", "evaluate.loss = 2.5 is above the maximum 2.0",
        ])
        #expect(GateEvaluation.refusals(of: gates, metrics: ["evaluate.f1": 0.5, "evaluate.loss": 2], previousRelease: nil).isEmpty)
    }

    @Test func aRegressionAgainstThePreviousReleaseIsRefused() async throws {
        let last = try await previous(0.61)
        let gates: [ReleaseGate] = [.noRegression(metric: "evaluate.f1")]
        let refusals = GateEvaluation.refusals(of: gates, metrics: ["evaluate.f1": 0.58], previousRelease: last)
        #expect(refusals.map(\.message) == ["evaluate.f1 regressed: 0.61 → 0.58 (previous release 1.3.0)"])
        #expect(GateEvaluation.refusals(of: gates, metrics: ["evaluate.f1": 0.61], previousRelease: last).isEmpty)
        #expect(GateEvaluation.refusals(of: gates, metrics: ["evaluate.f1": 0.1], previousRelease: nil).isEmpty)
        let error = #expect(throws: ArtifactsError.self) {
            try GateEvaluation.check(gates, metrics: ["evaluate.f1": 0.58], previousRelease: last, version: "1.4.0")
        }
        #expect(error?.code == .gateRefused)
        #expect(error?.description == "1.4.0: release gates refused the build:\n  evaluate.f1 regressed: 0.61 → 0.58 (previous release 1.3.0)")
    }

    @Test func aMissingMetricIsRefused() {
        let refusals = GateEvaluation.refusals(
            of: [.noRegression(metric: "evaluate.f1")], metrics: [:], previousRelease: nil)
        #expect(refusals.map(\.message) == ["evaluate.f1 is missing from the build's metrics"])
    }

    @Test func previousReleaseIsFoundInTheCatalog() async throws {
        try await withFixture { fixture in
            _ = try await fixture.publisher.publish(
                try fixture.build(kind: .release, created: BuildFixture.day, metrics: ["evaluate.f1": 0.6]),
                version: .semantic("1.2.0"))
            _ = try await fixture.publisher.publish(
                try fixture.build(kind: .nightly, created: BuildFixture.day.addingTimeInterval(60)),
                version: .template("nightly-{date}", date: BuildFixture.day))
            let last = try #require(try fixture.catalog.previousRelease())
            #expect(last.version == "1.2.0")
            #expect(last.metrics["evaluate.f1"] == 0.6)
        }
    }
}

/// Every gate's outcome says its value and threshold, passed ones too.
@Suite struct GateOutcomeTests {
    @Test func passedGatesSayTheirValueAndThreshold() async throws {
        let last = try await ReleaseGateTests().previous(0.61)
        let gates: [ReleaseGate] = [
            .threshold(metric: "evaluate.f1", min: 0.5, max: 0.9), .noRegression(metric: "evaluate.f1"),
            .threshold(metric: "evaluate.loss", min: nil, max: 2),
        ]
        let outcomes = GateEvaluation.outcomes(
            of: gates, metrics: ["evaluate.f1": 0.75, "evaluate.loss": 2.5], previousRelease: last)
        #expect(outcomes.map(\.description) == [
            "gate passed: evaluate.f1 = 0.75, at least the minimum 0.5 and at most the maximum 0.9",
            "gate passed: evaluate.f1 = 0.75, not below 0.61 of the previous release 1.3.0",
            "gate refused: evaluate.loss = 2.5 is above the maximum 2.0",
        ])
        let first = GateEvaluation.outcomes(
            of: [.noRegression(metric: "evaluate.f1")], metrics: ["evaluate.f1": 0.1], previousRelease: nil)
        #expect(first.map(\.description) == ["gate passed: evaluate.f1 = 0.1, no previous release to regress from"])
    }
}
