import StageProtocol
import Testing

/// The exact bytes of one `context.json`: stage scripts read it line by line, so its layout
/// is part of the worker protocol.
@Suite struct ContextGoldenTests {
    @Test func contextJSONIsPinned() {
        let context = StageContext(
            runID: "20261127T021300.000Z-abc123", stage: "generate", attempt: 1,
            build: .init(name: "nightly", kind: "nightly", version: "nightly-2026-11-27", model: "lab-model"),
            params: ["variants": .integer(4), "seed": .integer(42)],
            inputs: ["validate": "/state/store/trees/aa11"],
            output: "/state/runs/r/out/generate.1",
            taxonomy: .init(commit: "c0ffee", path: "/snap", changedLeaves: ["knowledge/birds"]),
            baseModel: .init(name: "base", path: nil, sha256: "feed"))
        let expected = """
            {
              "attempt" : 1,
              "baseModel" : {
                "name" : "base",
                "sha256" : "feed"
              },
              "build" : {
                "kind" : "nightly",
                "model" : "lab-model",
                "name" : "nightly",
                "version" : "nightly-2026-11-27"
              },
              "inputs" : {
                "validate" : "/state/store/trees/aa11"
              },
              "output" : "/state/runs/r/out/generate.1",
              "params" : {
                "seed" : 42,
                "variants" : 4
              },
              "runID" : "20261127T021300.000Z-abc123",
              "schemaVersion" : 1,
              "stage" : "generate",
              "taxonomy" : {
                "changedLeaves" : [
                  "knowledge/birds"
                ],
                "commit" : "c0ffee",
                "path" : "/snap"
              }
            }
            """
        #expect(String(decoding: context.json, as: UTF8.self) == expected)
    }
}
