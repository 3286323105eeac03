import Testing
import UseCases
import YAML

/// Every error sorts into the README's exit statuses in one place.
@Suite struct RequestFailureTests {
    @Test func unknownNamesAndInvalidConfigurationAreUsageErrors() {
        #expect(RequestFailure(classifying: RunLookupError("no run \"x\"")) == .usage)
        #expect(RequestFailure(classifying: RequestError(.usage, "no version \"9.9.9\"")) == .usage)
        #expect(RequestFailure(classifying: UnknownBuildError(name: "nigthly", known: ["nightly"])) == .usage)
        #expect(RequestFailure(classifying: PlanningError("--force names no stage")) == .usage)
        #expect(RequestFailure(classifying: DiagnosticError([])) == .usage)
    }

    @Test func cancellationIsCancelledAndTheRestFailed() {
        struct SomethingBroke: Error {}
        #expect(RequestFailure(classifying: CancellationError()) == .cancelled)
        #expect(RequestFailure(classifying: RequestError(.failed, "unreadable key")) == .failed)
        #expect(RequestFailure(classifying: SomethingBroke()) == .failed)
    }
}
