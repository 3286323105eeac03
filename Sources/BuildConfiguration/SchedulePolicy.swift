/// `trigger: {on_merge: {poll: 5m, quiet: 10m}}` — build when the taxonomy branch has
/// advanced and then stayed still for `quiet`, so several merges make one build.
public struct OnMergeTrigger: Sendable, Hashable {
    public static let defaultPoll: Duration = .seconds(5 * 60)
    public static let defaultQuiet: Duration = .seconds(10 * 60)

    /// How often the branch head is read.
    public var poll: Duration
    /// How long the branch must stay at one commit before it is built.
    public var quiet: Duration

    public init(poll: Duration = OnMergeTrigger.defaultPoll, quiet: Duration = OnMergeTrigger.defaultQuiet) {
        self.poll = poll
        self.quiet = quiet
    }
}

/// `catchup:` — what a scheduler does with fire times it missed while it was not running.
public enum CatchupPolicy: String, Sendable, Hashable, CaseIterable {
    /// Run once for the latest missed fire time, never once per missed slot (the default).
    case latest
    /// Skip missed fire times; run only at a fire time that is on time.
    case none
}

/// `concurrency:` — what happens when a build is due while its previous run still goes.
public enum ConcurrencyPolicy: String, Sendable, Hashable, CaseIterable {
    /// Skip the new run (the default).
    case forbid
    /// Run it after the running one ends; due runs waiting meanwhile make one run.
    case queue
    /// Cancel the running one, then start the new one.
    case replace
}

/// `notify:` — who hears how a build ended.
public struct NotifySpec: Sendable, Hashable {
    /// The endings that notify.
    public enum Event: String, Sendable, Hashable, CaseIterable, Comparable {
        case failure, success

        public static func < (lhs: Event, rhs: Event) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// `on:`; `[failure]` when not given.
    public var on: Set<Event>
    /// A program and its arguments, run with the JSON summary on standard input.
    public var command: [String]?
    /// An `http://` or `https://` URL the JSON summary is POSTed to.
    public var webhook: String?
    /// `timeout:`: how long the command, and the webhook, may take each.
    public var timeout: Duration

    /// How long a notifier may take when `timeout:` does not say.
    public static let defaultTimeout: Duration = .seconds(30)

    public init(
        on: Set<Event> = [.failure], command: [String]? = nil, webhook: String? = nil,
        timeout: Duration = NotifySpec.defaultTimeout
    ) {
        self.on = on
        self.command = command
        self.webhook = webhook
        self.timeout = timeout
    }
}
