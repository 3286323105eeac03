import Subprocess
import SystemPackage

/// Runs the Slurm client programs (`sbatch`, `squeue`, `scancel`, `sinfo`) and collects what
/// they print. The one place the Slurm executor starts processes, so every failure reads
/// the same way: the command, how it ended, and what it printed on stderr.
struct SlurmCommandLine: Sendable {
    /// The environment the client programs run with: modelbuild's own, so that `SLURM_CONF`
    /// and the user's `PATH` apply.
    var environment: [String: String]

    /// What a finished command printed.
    struct Output: Sendable {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// Runs `program arguments…` with ``environment`` (or `replacingEnvironment` instead of
    /// it) and returns its output whatever its exit status.
    /// - Throws: ``SlurmError/toolMissing(program:searchPath:)`` when the program is not on
    ///   `PATH`, ``SlurmError/commandFailed(command:status:message:)`` when it cannot run.
    func run(
        _ program: String, _ arguments: [String], replacingEnvironment: [String: String]? = nil
    ) async throws(SlurmError) -> Output {
        var variables: [Environment.Key: String] = [:]
        for (name, value) in replacingEnvironment ?? environment {
            variables[Environment.Key(stringLiteral: name)] = value
        }
        do {
            let result = try await Subprocess.run(
                .name(program), arguments: Arguments(arguments), environment: .custom(variables),
                input: .none, output: .string(limit: 8 << 20), error: .string(limit: 1 << 20))
            let status: Int32
            switch result.terminationStatus {
            case .exited(let code): status = code
            case .signaled(let signal): status = 128 + signal
            }
            return Output(
                status: status, standardOutput: result.standardOutput,
                standardError: result.standardError)
        } catch let error as SubprocessError where error.code == .executableNotFound {
            throw .toolMissing(program: program, searchPath: environment["PATH"] ?? "<unset>")
        } catch {
            throw .commandFailed(
                command: Self.render(program, arguments), status: "could not start", message: "\(error)")
        }
    }

    /// Runs the command and returns its standard output; a non-zero exit is an error.
    func succeeding(
        _ program: String, _ arguments: [String], replacingEnvironment: [String: String]? = nil
    ) async throws(SlurmError) -> String {
        let output = try await run(program, arguments, replacingEnvironment: replacingEnvironment)
        guard output.status == 0 else {
            throw .commandFailed(
                command: Self.render(program, arguments), status: "exit status \(output.status)",
                message: output.standardError.trimmed)
        }
        return output.standardOutput
    }

    /// `program arg…` as a person would type it, for messages.
    static func render(_ program: String, _ arguments: [String]) -> String {
        ([program] + arguments).map(ShellQuoting.quoteIfNeeded).joined(separator: " ")
    }
}

extension String {
    /// Without leading and trailing whitespace and line breaks.
    var trimmed: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
