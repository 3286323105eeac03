import ExecutorTestKit
import Runner
import Testing

@Suite struct StageOutputLineTests {
    @Test(arguments: [
        (
            "::progress 0.42 generating leaf 3 of 7",
            StageOutputLine.progress(fraction: 0.42, message: "generating leaf 3 of 7")
        ),
        ("::progress 1", .progress(fraction: 1, message: "")),
        ("::progress 0", .progress(fraction: 0, message: "")),
        (
            "::progress   0.5   spaced  message  ",
            .progress(fraction: 0.5, message: "spaced  message")
        ),
        ("::progress 0.25 done\r", .progress(fraction: 0.25, message: "done")),
        ("::metric f1=0.71", .metric(name: "f1", value: 0.71)),
        (
            "::metric evaluate.exact_match=-1e-3",
            .metric(name: "evaluate.exact_match", value: -0.001)
        ),
        ("::metric loss=3\r", .metric(name: "loss", value: 3)),
    ])
    func protocolLinesAreUnderstood(line: String, expected: StageOutputLine) {
        #expect(StageOutputLine(parsing: line) == expected)
    }

    @Test(arguments: [
        "plain log text",
        "",
        "::progress",
        "::progress ",
        "::progress abc",
        "::progress 1.5 too far",
        "::progress -0.1",
        "::progress nan",
        "::progress 0.5x",
        "::progressive 0.5",
        " ::progress 0.5 leading space",
        "::metric",
        "::metric f1",
        "::metric =3",
        "::metric f1=",
        "::metric f1=abc",
        "::metric f1=nan",
        "::metric f1=inf",
        "::metric two words=3",
        "::metric f1= 3",
        "::metrics f1=3",
        "::Progress 0.5",
    ])
    func malformedProtocolLinesAreText(line: String) {
        #expect(StageOutputLine(parsing: line) == .text(line))
    }

    @Test func protocolLinesBecomeEventsAndTextDoesNot() {
        #expect(
            StageOutputLine(parsing: "::progress 0.5 half").event
                == .progress(fraction: 0.5, message: "half"))
        #expect(
            StageOutputLine(parsing: "::metric f1=0.5").event == .metric(name: "f1", value: 0.5))
        #expect(StageOutputLine(parsing: "hello").event == nil)
    }
}
