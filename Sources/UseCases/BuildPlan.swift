import BuildConfiguration
import YAML

/// What a build would run, in order: the stages that take part in it, in layers that can
/// run in parallel.
public struct BuildPlan: Sendable {
    public let build: BuildSpec
    /// Each layer needs only earlier layers.
    public let layers: [[StageSpec]]

    /// The plan of `build` under `config`; stages whose `only:` excludes it are left out,
    /// and with `targets` (a partial build) every stage but those and what they need.
    public init(build: BuildSpec, config: BuildConfig, targets: Set<String> = []) {
        self.build = build
        var stages = config.stages.filter { $0.runs(in: build) }
        if !targets.isEmpty {
            let wanted = StageGraph(stages).upstreamClosure(of: targets)
            stages = stages.filter { wanted.contains($0.name) }
        }
        let byName = Dictionary(stages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        layers = StageGraph(stages).layers().map { $0.compactMap { byName[$0] } }
    }

    public var stageCount: Int { layers.reduce(0) { $0 + $1.count } }
}

/// Why a build could not be planned.
public struct UnknownBuildError: Error, Sendable, CustomStringConvertible {
    public let name: String
    public let known: [String]

    public init(name: String, known: [String]) {
        self.name = name
        self.known = known
    }

    public var description: String {
        "unknown build \"\(name)\"\(Suggestion.didYouMean(name, among: known)) (builds.yaml declares: \(known.joined(separator: ", ")))"
    }
}

extension BuildConfig {
    /// The plan of the build named `name` (only `targets` and what they need, when given).
    public func plan(build name: String, targets: Set<String> = []) throws(UnknownBuildError) -> BuildPlan {
        guard let build = build(named: name) else {
            throw UnknownBuildError(name: name, known: builds.map(\.name))
        }
        return BuildPlan(build: build, config: self, targets: targets)
    }
}
