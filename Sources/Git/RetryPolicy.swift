/// How often, and how patiently, a network operation is retried: `attempts` tries in
/// all, waiting `initialBackoff`, then `multiplier` times longer each time, at most
/// `maximumBackoff`.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, including the first; values below 1 count as 1.
    public var attempts: Int
    /// The wait before the second attempt.
    public var initialBackoff: Duration
    /// The factor each further wait grows by.
    public var multiplier: Double
    /// The longest single wait.
    public var maximumBackoff: Duration

    /// Creates a policy.
    public init(
        attempts: Int, initialBackoff: Duration, multiplier: Double = 2,
        maximumBackoff: Duration = .seconds(60)
    ) {
        self.attempts = attempts
        self.initialBackoff = initialBackoff
        self.multiplier = multiplier
        self.maximumBackoff = maximumBackoff
    }

    /// Four attempts over about 14 seconds (waits of 2 s, 4 s and 8 s).
    public static let standard = RetryPolicy(attempts: 4, initialBackoff: .seconds(2))

    /// A single attempt.
    public static let never = RetryPolicy(attempts: 1, initialBackoff: .zero)

    /// The wait after failed attempt number `attempt` (1-based) before the next one.
    public func backoff(afterAttempt attempt: Int) -> Duration {
        var delay = initialBackoff
        for _ in 1..<max(1, attempt) {
            delay = delay * multiplier
            if delay >= maximumBackoff { return maximumBackoff }
        }
        return min(delay, maximumBackoff)
    }
}
