import Cron
import Foundation
import YAML

extension ConfigReader {
    static let buildKeys = [
        "kind", "schedule", "timezone", "version", "keep", "gates", "sign", "trigger", "catchup", "concurrency",
        "notify", "trusted_keys", "base",
    ]

    func readBuilds(_ node: Node, at path: KeyPath) -> [BuildSpec]? {
        guard let builds = nodes.mapping(node, at: path) else { return nil }
        if builds.keys.isEmpty {
            nodes.error("must declare at least one build", at: node, path: path)
            return nil
        }
        var result: [BuildSpec] = []
        var valid = true
        for key in builds.keys {
            guard isName(key) else {
                nodes.error(
                    "\"\(key)\" is not a valid build name (expected \(Self.namePattern))", at: builds.keyNode(key)!,
                    path: path)
                valid = false
                continue
            }
            guard let build = readBuild(key, builds[key]!, at: builds.path(key)) else {
                valid = false
                continue
            }
            result.append(build)
        }
        for build in result where build.kind == .candidate {
            if !checkCandidateBase(build, among: result, at: builds.path(build.name), node: builds[build.name]!) {
                valid = false
            }
        }
        return valid ? result : nil
    }

    private func readBuild(_ name: String, _ node: Node, at path: KeyPath) -> BuildSpec? {
        guard let build = nodes.mapping(node, at: path, allowed: Self.buildKeys) else { return nil }
        let scheme = build["version"].map { readVersionScheme($0, at: build.path("version")) }
            ?? (name == "release" ? .semver : .template("\(name)-{date}"))
        let defaultKind: BuildSpec.Kind = scheme == .semver ? .release : .nightly
        let kind = build["kind"].map { oneOf(BuildSpec.Kind.self, $0, at: build.path("kind")) } ?? defaultKind
        let schedule = build["schedule"].map { readSchedule($0, at: build.path("schedule")) }
        let timezone = build["timezone"].map { readTimeZone($0, at: build.path("timezone")) }
        let keep = build["keep"].map { nodes.integer($0, at: build.path("keep"), in: 1...Int.max) }
        let gates = build["gates"].map { readGates($0, at: build.path("gates")) } ?? []
        let sign = build["sign"].map { nodes.bool($0, at: build.path("sign")) } ?? (kind == .release)
        let trigger = build["trigger"].map { readTrigger($0, at: build.path("trigger")) }
        let base = build["base"].map { nodes.nonEmptyString($0, at: build.path("base")) }
        let catchup = build["catchup"].map { oneOf(CatchupPolicy.self, $0, at: build.path("catchup")) } ?? .latest
        let concurrency = build["concurrency"].map { oneOf(ConcurrencyPolicy.self, $0, at: build.path("concurrency")) }
            ?? .forbid
        let notify = build["notify"].map { readNotify($0, at: build.path("notify")) }
        let trustedKeys = build["trusted_keys"].map { readTrustedKeys($0, at: build.path("trusted_keys")) } ?? []
        guard let trustedKeys else { return nil }
        guard let scheme, let kind, let gates, let sign, let catchup, let concurrency else { return nil }
        if let schedule, schedule == nil { return nil }
        if let timezone, timezone == nil { return nil }
        if let keep, keep == nil { return nil }
        if let trigger, trigger == nil { return nil }
        if let notify, notify == nil { return nil }
        if let base, base == nil { return nil }
        guard checkTriggerFitsKind(kind, trigger: trigger ?? nil, build: build) else { return nil }
        var spec = BuildSpec(
            name: name, kind: kind, schedule: schedule ?? nil, timezone: timezone ?? nil, versionScheme: scheme,
            keep: keep ?? nil, gates: gates, sign: sign, trigger: trigger??.onMerge, catchup: catchup,
            concurrency: concurrency, notify: notify ?? nil, trustedKeys: trustedKeys)
        spec.pullRequestTrigger = trigger??.onPullRequest
        spec.base = base ?? nil
        return spec
    }

    /// `trusted_keys: [keys/release.pub, …]`: non-empty paths, each listed once. Whether
    /// each file holds a public key is checked where keys are read (`verify`), at its line.
    private func readTrustedKeys(_ node: Node, at path: KeyPath) -> [TrustedKeyFile]? {
        guard let items = nodes.list(node, at: path) else { return nil }
        var keys: [TrustedKeyFile] = []
        var valid = true
        for (index, item) in items.enumerated() {
            let itemPath = path.appending(index: index)
            guard let text = nodes.nonEmptyString(item, at: itemPath) else {
                valid = false
                continue
            }
            if keys.contains(where: { $0.path == text }) {
                nodes.error("\"\(text)\" is listed twice", at: item, path: itemPath)
                valid = false
                continue
            }
            keys.append(TrustedKeyFile(path: text, location: item.location, keyPath: itemPath))
        }
        return valid ? keys : nil
    }

    private func readVersionScheme(_ node: Node, at path: KeyPath) -> VersionScheme? {
        guard let text = nodes.nonEmptyString(node, at: path) else { return nil }
        if text == "semver" { return .semver }
        let placeholders = text.split(separator: "{", omittingEmptySubsequences: false).dropFirst()
            .map { $0.prefix { $0 != "}" } }
        for placeholder in placeholders where placeholder != "date" {
            nodes.error(
                "unknown placeholder {\(placeholder)} in version template (known: {date}); or write \"semver\"",
                at: node, path: path)
            return nil
        }
        let literal = text.replacingOccurrences(of: "{date}", with: "")
        guard literal.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            nodes.error(
                "\"\(text)\" would not make a valid version tag (letters, digits, \".\", \"_\", \"-\" and {date})",
                at: node, path: path)
            return nil
        }
        return .template(text)
    }

    private func readSchedule(_ node: Node, at path: KeyPath) -> CronSchedule? {
        guard let text = nodes.nonEmptyString(node, at: path) else { return nil }
        do {
            return try CronSchedule(parsing: text)
        } catch {
            nodes.error("invalid cron expression \"\(text)\": \(error)", at: node, path: path)
            return nil
        }
    }

    private func readTimeZone(_ node: Node, at path: KeyPath) -> String? {
        guard let text = nodes.nonEmptyString(node, at: path) else { return nil }
        guard TimeZone(identifier: text) != nil else {
            let known = TimeZone.knownTimeZoneIdentifiers
            nodes.error(
                "unknown time zone \"\(text)\" (an IANA name such as Europe/Paris)\(Suggestion.didYouMean(text, among: known))",
                at: node, path: path)
            return nil
        }
        return text
    }

    private func readGates(_ node: Node, at path: KeyPath) -> [Gate]? {
        guard let items = nodes.list(node, at: path) else { return nil }
        var gates: [Gate] = []
        for (index, item) in items.enumerated() {
            let itemPath = path.appending(index: index)
            guard let gate = nodes.mapping(item, at: itemPath, allowed: ["metric", "min", "max", "no_regression"])
            else { continue }
            if let metricNode = gate["no_regression"] {
                if gate["metric"] != nil || gate["min"] != nil || gate["max"] != nil {
                    nodes.error("no_regression stands alone; write thresholds as a separate gate", at: item, path: itemPath)
                    continue
                }
                if let metric = metric(metricNode, at: gate.path("no_regression")) {
                    gates.append(.noRegression(metric: metric))
                }
                continue
            }
            guard let metricNode = gate["metric"] else {
                nodes.error("missing required key \"metric\" (or \"no_regression\")", at: item, path: itemPath)
                continue
            }
            let metric = metric(metricNode, at: gate.path("metric"))
            let min = gate["min"].map { nodes.number($0, at: gate.path("min")) }
            let max = gate["max"].map { nodes.number($0, at: gate.path("max")) }
            if min == nil, max == nil {
                nodes.error("a metric gate needs \"min\" or \"max\"", at: item, path: itemPath)
                continue
            }
            guard let metric, min != .some(nil), max != .some(nil) else { continue }
            gates.append(.threshold(metric: metric, min: min ?? nil, max: max ?? nil))
        }
        return gates.count == items.count ? gates : nil
    }

    /// `stage.metric`, for instance `evaluate.f1`.
    private func metric(_ node: Node, at path: KeyPath) -> String? {
        guard let text = nodes.nonEmptyString(node, at: path) else { return nil }
        let parts = text.split(separator: ".", maxSplits: 1)
        guard parts.count == 2 else {
            nodes.error("expected <stage>.<metric>, such as evaluate.f1, found \"\(text)\"", at: node, path: path)
            return nil
        }
        return text
    }
}
