import Testing
@testable import BuildConfiguration

@Suite struct StageGraphTests {
    private func stage(_ name: String, needs: [String] = []) -> StageSpec {
        StageSpec(name: name, implementation: .command(["true"]), needs: needs)
    }

    @Test func layersRunInDependencyOrder() {
        let graph = StageGraph([
            stage("validate"), stage("generate", needs: ["validate"]), stage("safety", needs: ["generate"]),
            stage("train", needs: ["generate"]), stage("evaluate", needs: ["train"]), stage("docs"),
        ])
        #expect(graph.cycle() == nil)
        #expect(graph.layers() == [["validate", "docs"], ["generate"], ["safety", "train"], ["evaluate"]])
    }

    @Test func theUpstreamClosureIsATargetAndEverythingItNeeds() {
        let graph = StageGraph([
            stage("validate"), stage("generate", needs: ["validate"]), stage("safety", needs: ["generate"]),
            stage("train", needs: ["generate"]), stage("evaluate", needs: ["train", "generate"]), stage("docs"),
        ])
        #expect(graph.upstreamClosure(of: ["generate"]) == ["validate", "generate"])
        #expect(graph.upstreamClosure(of: ["evaluate", "docs"]) == ["validate", "generate", "train", "evaluate", "docs"])
        #expect(graph.upstreamClosure(of: ["unknown"]).isEmpty)
    }

    @Test func cyclesAreFoundAsAPath() {
        let graph = StageGraph([
            stage("a"), stage("b", needs: ["a", "d"]), stage("c", needs: ["b"]), stage("d", needs: ["c"]),
        ])
        #expect(graph.cycle() == ["b", "c", "d", "b"])
        #expect(graph.layers() == [["a"]])
    }

    @Test func aLongChainIsLinear() {
        let stages = (0..<20_000).map { stage("s\($0)", needs: $0 == 0 ? [] : ["s\($0 - 1)"]) }
        let graph = StageGraph(stages)
        #expect(graph.cycle() == nil)
        #expect(graph.layers().count == 20_000)
    }
}
