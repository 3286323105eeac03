/// What to start: the program, its arguments and environment, where it runs, and where its
/// output goes. Everything the child gets is said here; it inherits nothing else from
/// modelbuild (no other file descriptors, no signal mask, no ignored signals, no
/// environment variables).
public struct ProcessLaunch: Sendable {
    /// The program's path: absolute, or relative to ``workingDirectory`` (the child changes
    /// directory before it runs the program). Never searched for on `PATH`: callers resolve
    /// names themselves, once.
    public var executable: String
    /// The arguments after `argv[0]`.
    public var arguments: [String]
    /// `argv[0]`; the executable's path when nil.
    public var argumentZero: String?
    /// The child's whole environment.
    public var environment: [String: String]
    /// Where the child starts; modelbuild's own working directory when nil.
    public var workingDirectory: String?
    /// Where standard output goes. Standard input is always `/dev/null`.
    public var standardOutput: ChildOutput
    /// Where standard error goes.
    public var standardError: ChildOutput
    /// Whether, when the child exits, whatever is left in its process group is killed
    /// (SIGKILL) before the child is reaped, so that nothing it started outlives it. The
    /// group's id is still the child's own pid then, so the signal cannot reach a stranger.
    public var killsGroupOnExit: Bool

    public init(
        executable: String, arguments: [String] = [], argumentZero: String? = nil,
        environment: [String: String] = [:], workingDirectory: String? = nil,
        standardOutput: ChildOutput = .discarded, standardError: ChildOutput = .discarded,
        killsGroupOnExit: Bool = true
    ) {
        self.executable = executable
        self.arguments = arguments
        self.argumentZero = argumentZero
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.killsGroupOnExit = killsGroupOnExit
    }
}
