import YAML

/// `trigger:` as read: one of the two triggers a build can have.
enum BuildTrigger {
    case onMerge(OnMergeTrigger)
    case onPullRequest(OnPullRequestTrigger)

    var onMerge: OnMergeTrigger? {
        if case .onMerge(let trigger) = self { trigger } else { nil }
    }

    var onPullRequest: OnPullRequestTrigger? {
        if case .onPullRequest(let trigger) = self { trigger } else { nil }
    }
}

/// The rules of a build of kind `candidate`: it is triggered by pull requests (and only it
/// is), has no schedule, and starts from a nightly or release build (`base:`).
extension ConfigReader {
    /// Whether the build's kind, trigger, schedule and base agree; reports each that does not.
    func checkTriggerFitsKind(_ kind: BuildSpec.Kind, trigger: BuildTrigger?, build: MappingView) -> Bool {
        var valid = true
        if kind == .candidate {
            if let schedule = build["schedule"] {
                nodes.error(
                    "a candidate build runs when pull requests move, not on a schedule; remove schedule: (or write kind: nightly)",
                    at: schedule, path: build.path("schedule"))
                valid = false
            }
            switch trigger {
            case .onPullRequest: break
            case .onMerge:
                let path = build.path("trigger").appending("on_merge")
                nodes.error(
                    "a candidate build is triggered by pull requests: write trigger: {on_pull_request: {quiet: 10m, max_parallel: 2}}",
                    at: build["trigger"]!, path: path)
                valid = false
            case nil:
                nodes.error(
                    "a candidate build needs trigger: {on_pull_request: {quiet: 10m, max_parallel: 2}} (it builds when pull requests move)",
                    at: build["kind"]!, path: build.path("kind"))
                valid = false
            }
        } else {
            if case .onPullRequest = trigger {
                nodes.error(
                    "only a build of kind: candidate builds pull requests; add kind: candidate (docs/candidates.md)",
                    at: build["trigger"]!, path: build.path("trigger").appending("on_pull_request"))
                valid = false
            }
            if let base = build["base"] {
                nodes.error(
                    "only a build of kind: candidate has a base (the build its candidates start from)", at: base,
                    path: build.path("base"))
                valid = false
            }
        }
        return valid
    }

    /// Whether the candidate build's base (or the default one: `nightly`, else the only
    /// nightly build) is a nightly or release build of the file.
    func checkCandidateBase(_ build: BuildSpec, among builds: [BuildSpec], at path: KeyPath, node: Node) -> Bool {
        let others = builds.filter { $0.kind != .candidate }
        guard let base = build.base else {
            if others.contains(where: { $0.name == "nightly" }) || others.filter({ $0.kind == .nightly }).count == 1 {
                return true
            }
            nodes.error(
                "candidates start from the latest version of the build named nightly, else of the only nightly build, "
                    + "and there is none of either here; name one with base: <build>",
                at: node, path: path)
            return false
        }
        let location = nodes.mapping(node, at: path).flatMap { $0["base"] } ?? node
        if others.contains(where: { $0.name == base }) { return true }
        let kind = builds.first { $0.name == base }.map { _ in " is a candidate build; a base is a nightly or release build" }
        nodes.error(
            "\"\(base)\"" + (kind ?? " is not a build of this file\(Suggestion.didYouMean(base, among: others.map(\.name)))"),
            at: location, path: path.appending("base"))
        return false
    }
}
