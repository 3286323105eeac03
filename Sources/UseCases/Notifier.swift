import Foundation
import BuildConfiguration
import Platform
import Subprocess
import SystemPackage

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Tells people how a scheduled build ended, as its `notify:` says: runs a command with
/// the JSON summary on standard input, and/or POSTs the summary to a webhook. A notifier
/// that fails is reported to the caller and never fails the build.
public struct Notifier: Sendable {
    /// `notify:` of the build.
    public let spec: NotifySpec
    /// How long a command or a webhook request may take.
    public var timeout: Duration
    /// The folder commands run in (the project's root).
    public var workingDirectory: String

    /// - Parameter timeout: how long each notifier may take; the spec's `timeout:` when nil.
    public init(spec: NotifySpec, workingDirectory: String, timeout: Duration? = nil) {
        self.spec = spec
        self.workingDirectory = workingDirectory
        self.timeout = timeout ?? spec.timeout
    }

    /// Whether a run that ended with `status` notifies (up-to-date and cancelled runs never do).
    public func wants(_ status: ScheduleResult.Status) -> Bool {
        switch status {
        case .succeeded: spec.on.contains(.success)
        case .failed, .error: spec.on.contains(.failure)
        case .cancelled, .upToDate, .busy: false
        }
    }

    /// Sends `notification` to every notifier, and returns what failed (empty when all
    /// worked). Never throws.
    public func send(_ notification: BuildNotification) async -> [NotifierFailure] {
        let body = notification.json()
        var failures: [NotifierFailure] = []
        if let command = spec.command, let failure = await run(command, body: body, notification) {
            failures.append(failure)
        }
        if let webhook = spec.webhook, let failure = await post(to: webhook, body: body) {
            failures.append(failure)
        }
        return failures
    }

    private func run(_ command: [String], body: Data, _ notification: BuildNotification) async -> NotifierFailure? {
        let program = command[0]
        let executable: Executable
        if program.contains("/") {
            let path = FilePath(program)
            executable = .path(path.isAbsolute ? path : FilePath(workingDirectory).pushing(path))
        } else {
            executable = .name(program)
        }
        let variables: [Environment.Key: String?] = [
            "MODELBUILD_NOTIFY_BUILD": notification.build, "MODELBUILD_NOTIFY_STATUS": notification.status,
            "MODELBUILD_NOTIFY_RUN": notification.runID ?? "",
        ]
        let name = command.joined(separator: " ")
        // The summary goes in through an unlinked file, not a pipe: a command that never
        // reads its input must not make writing it raise SIGPIPE in the scheduler.
        let input: FileDescriptor
        do {
            input = try Self.anonymousFile(holding: body)
        } catch {
            return NotifierFailure(notifier: "command \(name)", reason: "could not prepare its input: \(error)")
        }
        let workingDirectory = workingDirectory
        let attempt = Task { () throws -> CommandOutcome in
            let result = try await Subprocess.run(
                executable, arguments: Arguments(Array(command.dropFirst())),
                environment: .inherit.updating(variables), workingDirectory: FilePath(workingDirectory),
                input: .fileDescriptor(input, closeAfterSpawningProcess: true), output: .discarded,
                error: .string(limit: 4096))
            return CommandOutcome(status: result.terminationStatus, errors: result.standardError)
        }
        let outcome: CommandOutcome
        do {
            outcome = try await withTimeout(cancelling: attempt)
        } catch is NotifierTimeout {
            return NotifierFailure(notifier: "command \(name)", reason: "did not finish within \(DurationText.format(timeout))")
        } catch {
            return NotifierFailure(notifier: "command \(name)", reason: "could not run: \(error)")
        }
        guard case .exited(0) = outcome.status else {
            let ending: String
            switch outcome.status {
            case .exited(let code): ending = "exit status \(code)"
            case .signaled(let signal): ending = "killed by signal \(signal)"
            }
            let errors = outcome.errors.trimmingCharacters(in: .whitespacesAndNewlines)
            return NotifierFailure(notifier: "command \(name)", reason: ending + (errors.isEmpty ? "" : ": \(errors)"))
        }
        return nil
    }

    /// An open temporary file holding `data`, already unlinked, read from its start.
    private static func anonymousFile(holding data: Data) throws -> FileDescriptor {
        let raw = try FileSystem.openUnlinkedTemporaryFile(in: NSTemporaryDirectory(), prefix: "modelbuild-notify-")
        let descriptor = FileDescriptor(rawValue: raw)
        do {
            _ = try descriptor.writeAll(data)
            _ = try descriptor.seek(offset: 0, from: .start)
        } catch {
            try? descriptor.close()
            throw error
        }
        return descriptor
    }

    private struct CommandOutcome: Sendable {
        var status: TerminationStatus
        var errors: String
    }

    private func post(to webhook: String, body: Data) async -> NotifierFailure? {
        guard let url = URL(string: webhook) else {
            return NotifierFailure(notifier: "webhook \(webhook)", reason: "not a URL")
        }
        var request = URLRequest(url: url, timeoutInterval: timeout.timeInterval)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("modelbuild", forHTTPHeaderField: "User-Agent")
        request.httpBody = body
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            guard (200..<300).contains(status) else {
                let text = String(decoding: data.prefix(200), as: UTF8.self)
                return NotifierFailure(notifier: "webhook \(webhook)", reason: "HTTP status \(status)" + (text.isEmpty ? "" : ": \(text)"))
            }
            return nil
        } catch {
            return NotifierFailure(notifier: "webhook \(webhook)", reason: error.localizedDescription)
        }
    }

    /// The value of `task`, or `NotifierTimeout` (cancelling it) when it takes too long.
    private func withTimeout<T: Sendable>(cancelling task: Task<T, any Error>) async throws -> T {
        let timeout = timeout
        let timer = Task { () -> Bool in
            guard (try? await Task.sleep(for: timeout)) != nil else { return false }
            task.cancel()
            return true
        }
        let result = await task.result
        timer.cancel()
        if await timer.value { throw NotifierTimeout() }
        return try result.get()
    }
}

private struct NotifierTimeout: Error {}

/// A notifier that did not deliver: which one, and why.
public struct NotifierFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// `command <argv>` or `webhook <url>`.
    public let notifier: String
    public let reason: String

    public var description: String { "\(notifier): \(reason)" }
}
