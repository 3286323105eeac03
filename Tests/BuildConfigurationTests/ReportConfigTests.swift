import Testing
@testable import BuildConfiguration

/// `report: {metrics: […]}` picks the dashboard's and `list`'s primary metrics.
@Suite struct ReportConfigTests {
    @Test func theMetricsAreReadInOrder() throws {
        let loaded = try load(validConfig + "\nreport:\n  metrics: [evaluate.f1, evaluate.exact_match]\n")
        #expect(loaded.report.metrics == ["evaluate.f1", "evaluate.exact_match"])
        #expect(try load(validConfig).report.metrics == [])
    }

    @Test func aMetricOfAnUnknownStageOrWithoutAStageIsALocatedError() {
        #expect(
            messages(validConfig + "\nreport:\n  metrics: [evaluate.f1, evalute.f1, f1]\n") == [
                #"builds.yaml:33:26: error: report.metrics[1]: unknown stage "evalute" in metric "evalute.f1" (did you mean "evaluate"?)"#,
                #"builds.yaml:33:38: error: report.metrics[2]: "f1" is not a metric name: write <stage>.<metric>, e.g. evaluate.f1"#,
            ])
        #expect(
            messages(validConfig + "\nreport:\n  metric: [evaluate.f1]\n") == [
                #"builds.yaml:33:3: error: report: unknown key "metric" (did you mean "metrics"?)"#
            ])
    }
}
