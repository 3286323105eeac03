import ArgumentParser
import Foundation
import Platform
import UseCases

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List the recorded runs, oldest first.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let history = RunHistory(project: try options.project)
        let runs = try history.runs()
        if runs.isEmpty { print("no runs yet") }
        for (directory, summary) in runs {
            let reused = summary.jobs.filter(\.wasReused).count
            let wall = summary.wallTime.map(EventText.duration) ?? "-"
            print(
                "\(directory.id)  \(summary.start?.buildName ?? "?")  \(history.status(of: directory, summary))  "
                    + "\(summary.jobs.count) stages (\(reused) reused)  \(wall)")
        }
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show one run's stages: state, attempts, duration, cache hits.")

    @Argument(help: "The run id, or a unique prefix of it; the latest run when omitted.")
    var runID: String?

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let history = RunHistory(project: try options.project)
        let directory = try history.run(runID)
        let summary = try history.summary(of: directory)
        print(
            "run \(directory.id): build \(summary.start?.buildName ?? "?"), \(summary.status?.rawValue ?? "running")"
        )
        let width = summary.jobs.map(\.id.count).max() ?? 0
        for job in summary.jobs {
            let name = job.id.padding(toLength: width, withPad: " ", startingAt: 0)
            let attempts = job.attempts.count > 1 ? "  \(job.attempts.count) attempts" : ""
            let duration = job.attempts.isEmpty ? "" : "  " + EventText.duration(job.duration)
            let skipped = job.skippedBecause.map { "  (needs \($0.need))" } ?? ""
            print("  \(name)  \(job.state.rawValue)\(duration)\(attempts)\(skipped)")
        }
        print(BuildSummaryText.render(summary, runID: directory.id), terminator: "")
    }
}

struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs", abstract: "Print a stage's log from a run.")

    @Argument(help: "The run id, or a unique prefix of it.")
    var runID: String

    @Argument(help: "The stage (instance) name, as modelbuild status shows it.")
    var stage: String

    @Option(help: "The attempt; the last one when omitted.")
    var attempt: Int?

    @Flag(help: "Keep printing as the log grows, until the run finishes.")
    var follow = false

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        var log = try RunHistory(project: try options.project).log(run: runID, stage: stage, attempt: attempt)
        while true {
            let bytes = try log.readNew()
            bytes.withUnsafeBytes { StandardStream.output.write($0.bindMemory(to: UInt8.self)) }
            guard follow, !log.runIsFinished else { return }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
