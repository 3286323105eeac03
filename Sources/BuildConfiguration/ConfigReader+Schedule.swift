import Foundation
import YAML

/// The keys of a build that say when it runs by itself and who hears how it ended:
/// `trigger:` and `notify:` (`catchup:` and `concurrency:` are plain enumerations).
extension ConfigReader {
    /// `trigger:`: exactly one of `on_merge` and `on_pull_request`.
    func readTrigger(_ node: Node, at path: KeyPath) -> BuildTrigger? {
        guard let trigger = nodes.mapping(node, at: path, allowed: ["on_merge", "on_pull_request"]) else { return nil }
        let known = trigger.keys.filter { ["on_merge", "on_pull_request"].contains($0) }
        guard known.count == 1 else {
            nodes.error(
                known.isEmpty
                    ? "needs on_merge (build when the branch moves) or on_pull_request (build candidates of pull requests)"
                    : "takes on_merge or on_pull_request, not both (a candidate build tries pull requests, another build the branch)",
                at: node, path: path)
            return nil
        }
        if let onMerge = trigger["on_merge"] {
            return readOnMerge(onMerge, at: trigger.path("on_merge")).map(BuildTrigger.onMerge)
        }
        guard let onPullRequest = trigger["on_pull_request"] else { return nil }
        return readOnPullRequest(onPullRequest, at: trigger.path("on_pull_request")).map(BuildTrigger.onPullRequest)
    }

    private func readOnMerge(_ onMerge: Node, at onMergePath: KeyPath) -> OnMergeTrigger? {
        if onMerge.scalar?.isNull == true { return OnMergeTrigger() }
        guard let settings = nodes.mapping(onMerge, at: onMergePath, allowed: ["poll", "quiet"]) else { return nil }
        guard let (poll, quiet) = readPollAndQuiet(settings, poll: OnMergeTrigger.defaultPoll, quiet: OnMergeTrigger.defaultQuiet)
        else { return nil }
        return OnMergeTrigger(poll: poll, quiet: quiet)
    }

    private func readOnPullRequest(_ node: Node, at path: KeyPath) -> OnPullRequestTrigger? {
        if node.scalar?.isNull == true { return OnPullRequestTrigger() }
        guard let settings = nodes.mapping(node, at: path, allowed: ["poll", "quiet", "max_parallel"]) else { return nil }
        let maxParallel = settings["max_parallel"].map {
            nodes.integer($0, at: settings.path("max_parallel"), in: 1...64)
        }
        guard
            let (poll, quiet) = readPollAndQuiet(
                settings, poll: OnPullRequestTrigger.defaultPoll, quiet: OnPullRequestTrigger.defaultQuiet)
        else { return nil }
        if let maxParallel, maxParallel == nil { return nil }
        return OnPullRequestTrigger(
            poll: poll, quiet: quiet, maxParallel: (maxParallel ?? nil) ?? OnPullRequestTrigger.defaultMaxParallel)
    }

    /// `poll:` (at least 1s) and `quiet:` of a trigger, defaulted.
    private func readPollAndQuiet(_ settings: MappingView, poll: Duration, quiet: Duration) -> (Duration, Duration)? {
        let poll = settings["poll"].map { duration($0, at: settings.path("poll")) } ?? poll
        let quiet = settings["quiet"].map { duration($0, at: settings.path("quiet")) } ?? quiet
        guard let poll, let quiet else { return nil }
        if poll < .seconds(1), let node = settings["poll"] {
            nodes.error("must be at least 1s (the branch is read this often)", at: node, path: settings.path("poll"))
            return nil
        }
        return (poll, quiet)
    }

    func readNotify(_ node: Node, at path: KeyPath) -> NotifySpec? {
        guard let notify = nodes.mapping(node, at: path, allowed: ["on", "command", "webhook", "timeout"]) else { return nil }
        if notify["command"] == nil, notify["webhook"] == nil {
            nodes.error("needs \"command\", \"webhook\" or both", at: node, path: path)
            return nil
        }
        var valid = true
        var events: Set<NotifySpec.Event> = [.failure]
        if let onNode = notify["on"] {
            events = []
            let onPath = notify.path("on")
            let items = onNode.sequence ?? [onNode]
            for (index, item) in items.enumerated() {
                let itemPath = onNode.sequence == nil ? onPath : onPath.appending(index: index)
                guard let event = oneOf(NotifySpec.Event.self, item, at: itemPath) else {
                    valid = false
                    continue
                }
                events.insert(event)
            }
            if items.isEmpty {
                nodes.error("must name failure, success or both", at: onNode, path: onPath)
                valid = false
            }
        }
        var command: [String]?
        if let commandNode = notify["command"] {
            command = nodes.stringList(commandNode, at: notify.path("command"))
            if command?.isEmpty == true || command?.first?.isEmpty == true {
                nodes.error("must name a program to run", at: commandNode, path: notify.path("command"))
                command = nil
            }
            if command == nil { valid = false }
        }
        var webhook: String?
        if let webhookNode = notify["webhook"] {
            webhook = readWebhook(webhookNode, at: notify.path("webhook"))
            if webhook == nil { valid = false }
        }
        var timeout = NotifySpec.defaultTimeout
        if let timeoutNode = notify["timeout"] {
            if let value = duration(timeoutNode, at: notify.path("timeout")) {
                if value < .seconds(1) {
                    nodes.error("must be at least 1s (a notifier is stopped after it)", at: timeoutNode, path: notify.path("timeout"))
                    valid = false
                }
                timeout = value
            } else {
                valid = false
            }
        }
        return valid ? NotifySpec(on: events, command: command, webhook: webhook, timeout: timeout) : nil
    }

    private func readWebhook(_ node: Node, at path: KeyPath) -> String? {
        guard let text = nodes.nonEmptyString(node, at: path) else { return nil }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
            url.host?.isEmpty == false
        else {
            nodes.error("\"\(text)\" is not an http:// or https:// URL", at: node, path: path)
            return nil
        }
        return text
    }
}
