import YAML

extension ConfigReader {
    /// `candidates: {known_threshold: 0.8, max_regression: 0.05}`: fractions of F1.
    func readCandidates(_ node: Node, at path: KeyPath) -> CandidatePolicy? {
        guard let section = nodes.mapping(node, at: path, allowed: ["known_threshold", "max_regression"], required: [])
        else { return nil }
        var policy = CandidatePolicy.standard
        var valid = true
        for (key, keyPath) in [("known_threshold", \CandidatePolicy.knownThreshold), ("max_regression", \.maxRegression)] {
            guard let value = section[key] else { continue }
            guard let number = nodes.number(value, at: section.path(key)) else {
                valid = false
                continue
            }
            guard (0...1).contains(number) else {
                nodes.error("must be between 0 and 1 (a fraction of F1), found \(number)", at: value, path: section.path(key))
                valid = false
                continue
            }
            policy[keyPath: keyPath] = number
        }
        return valid ? policy : nil
    }

    /// `taxonomy.pull_requests`: a reference pattern under `refs/` with one `*` for the number.
    func readPullRequests(_ node: Node, at path: KeyPath) -> String? {
        guard let pattern = nodes.nonEmptyString(node, at: path) else { return nil }
        guard pattern.hasPrefix("refs/"), pattern.filter({ $0 == "*" }).count == 1, !pattern.contains(" ") else {
            nodes.error(
                "\"\(pattern)\" is not a reference pattern with one * for the number (GitHub: refs/pull/*/head, GitLab: refs/merge-requests/*/head)",
                at: node, path: path)
            return nil
        }
        return pattern
    }
}
