/// The exit statuses the worker protocol gives a meaning to. Any other non-zero status is
/// a failure the scheduler may retry (`retry:` in builds.yaml).
public enum StageExitStatus {
    /// The stage succeeded.
    public static let succeeded: Int32 = 0
    /// The stage failed in a way no retry can change (its inputs or parameters are wrong:
    /// no data to train on, an invalid leaf): the scheduler does not retry it. 65, the
    /// `EX_DATAERR` of sysexits.h.
    public static let notRetryable: Int32 = 65
}
