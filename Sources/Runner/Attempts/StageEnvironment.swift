import StageProtocol

/// The environment a stage process starts with. Nothing of modelbuild's own environment
/// leaks into a stage unless it is on ``allowlist`` or named as one of the job's secrets, so
/// a stage's behaviour (and its cache key) does not depend on whoever happened to start
/// modelbuild, and credentials reach only the jobs that ask for them.
public struct StageEnvironment: Sendable, Hashable {
    /// Variables passed through from modelbuild's environment to every stage, when set:
    /// where programs are (`PATH`), who and where the user is (`HOME`, `USER`, `SHELL`),
    /// text encoding and locale (`LANG`, `LC_ALL`, `LC_CTYPE`), the time zone (`TZ`) and the
    /// temporary folder (`TMPDIR`).
    public static let allowlist: [String] = [
        "PATH", "HOME", "USER", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "SHELL",
    ]

    /// The variable holding the absolute path of the attempt's `context.json`.
    public static let contextVariable = "MODELBUILD_CONTEXT"
    /// The folder the stage writes (the context's `output`), so a shell stage need not
    /// parse JSON to find it.
    public static let outputVariable = "MODELBUILD_OUTPUT"
    /// The stage's inputs, one `<upstream instance>=<read-only folder>` line each, sorted
    /// (in a file ``inputsFileVariable`` names when they are too long for one variable).
    public static let inputsVariable = "MODELBUILD_INPUTS"
    /// Set instead of `MODELBUILD_INPUTS` when the lines are longer than
    /// ``inlineInputsLimit``: the path of a file holding them (``inputsFile(contextFile:)``).
    public static let inputsFileVariable = "MODELBUILD_INPUTS_FILE"
    /// Linux refuses to start a process with one environment string over 128 KiB
    /// (`E2BIG`); a stage over every instance of a per-leaf stage at 1,000 leaves has about
    /// 150 KB of input lines, so beyond this many bytes they go in a file.
    public static let inlineInputsLimit = 32 * 1024
    /// The folder holding builds.yaml, where a stage finds the project's files.
    public static let projectVariable = "MODELBUILD_PROJECT"

    /// Name → value of every variable the stage gets.
    public let variables: [String: String]
    /// The values of the job's secrets, to be masked in everything the stage prints.
    public let secretValues: [String]

    /// Builds the environment of one attempt.
    /// - Parameters:
    ///   - host: modelbuild's own environment.
    ///   - contextFile: the path put in `MODELBUILD_CONTEXT`.
    ///   - secrets: names of variables copied from `host` for this job only.
    ///   - job: the job's id, for the error message.
    ///   - context: the attempt's context, for `MODELBUILD_OUTPUT` and `MODELBUILD_INPUTS`.
    ///   - project: the folder put in `MODELBUILD_PROJECT`, when known.
    /// - Throws: ``StageEnvironmentError/missingSecret(name:job:)`` when a secret is not
    ///   set in `host`: the stage would fail later in a less clear way, and retrying cannot
    ///   help.
    public init(
        host: [String: String], contextFile: String, secrets: [String], job: String, context: StageContext? = nil,
        project: String? = nil
    ) throws(StageEnvironmentError) {
        var variables: [String: String] = [:]
        for name in Self.allowlist {
            if let value = host[name] { variables[name] = value }
        }
        var secretValues: [String] = []
        for name in secrets {
            guard let value = host[name] else {
                throw .missingSecret(name: name, job: job)
            }
            variables[name] = value
            secretValues.append(value)
        }
        variables[Self.contextVariable] = contextFile
        if let context {
            variables[Self.outputVariable] = context.output
            let lines = Self.inputLines(context)
            if lines.utf8.count <= Self.inlineInputsLimit {
                variables[Self.inputsVariable] = lines
            } else {
                variables[Self.inputsFileVariable] = Self.inputsFile(contextFile: contextFile)
            }
        }
        if let project { variables[Self.projectVariable] = project }
        self.variables = variables
        self.secretValues = secretValues
    }
}

extension StageEnvironment {
    /// `<upstream instance>=<read-only folder>` for each input, sorted, one a line.
    public static func inputLines(_ context: StageContext) -> String {
        context.inputs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
    }

    /// Where the input lines are written when they are too long for the environment:
    /// beside `context.json`, `.inputs` for `.json`.
    public static func inputsFile(contextFile: String) -> String {
        (contextFile.hasSuffix(".json") ? String(contextFile.dropLast(5)) : contextFile) + ".inputs"
    }
}

/// Why a stage's environment could not be built.
public enum StageEnvironmentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The job names a secret that modelbuild's environment does not set.
    case missingSecret(name: String, job: String)

    public var description: String {
        switch self {
        case .missingSecret(let name, let job):
            "job \(job) needs the secret \(name), "
                + "but \(name) is not set in modelbuild's environment"
        }
    }
}
