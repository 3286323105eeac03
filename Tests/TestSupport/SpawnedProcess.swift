import Foundation

/// What a finished child process left behind.
public struct ProcessOutput: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
}

/// Failure to start or finish a fixture command.
public struct ProcessFailure: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}

/// Runs a program to completion, synchronously, with `posix_spawnp` (fixture building
/// only). Output goes to unlinked temporary files, so a chatty child never blocks on a
/// full pipe.
public enum SpawnedProcess {
    public static func run(
        _ program: String, _ arguments: [String], environment: [String: String],
        standardInput: [UInt8] = []
    ) throws -> ProcessOutput {
        let input = try anonymousFile(holding: standardInput)
        defer { close(input) }
        let output = try anonymousFile(holding: [])
        defer { close(output) }
        let errors = try anonymousFile(holding: [])
        defer { close(errors) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, errors, 2)

        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }

        // The calling thread may be one of Swift's workers, which block signals such as
        // SIGTERM; a child would inherit that mask and ignore them. Start it with none
        // blocked and every signal at its default action.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var pid = pid_t()
        let spawned = posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw ProcessFailure(description: "cannot start \(program): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else {
                throw ProcessFailure(description: "waitpid for \(program): \(String(cString: strerror(errno)))")
            }
        }
        let exitStatus = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ProcessOutput(
            status: exitStatus, standardOutput: try contents(of: output),
            standardError: try contents(of: errors))
    }

    /// An open, already-unlinked temporary file positioned at its start.
    private static func anonymousFile(holding bytes: [UInt8]) throws -> Int32 {
        var template = Array("\(NSTemporaryDirectory())/modelbuild-spawn-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw ProcessFailure(description: "mkstemp: \(String(cString: strerror(errno)))")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else {
                close(descriptor)
                throw ProcessFailure(description: "write: \(String(cString: strerror(errno)))")
            }
            written += count
        }
        lseek(descriptor, 0, SEEK_SET)
        return descriptor
    }

    private static func contents(of descriptor: Int32) throws -> String {
        lseek(descriptor, 0, SEEK_SET)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            guard count > 0 else {
                throw ProcessFailure(description: "read: \(String(cString: strerror(errno)))")
            }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
