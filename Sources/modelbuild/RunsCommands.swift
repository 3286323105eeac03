import ArgumentParser
import Foundation
import Platform
import UseCases

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List the recorded runs, oldest first.")

    @Flag(help: "Print JSON (docs/json.md), for other programs.")
    var json = false

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let history = RunHistory(project: try options.project)
        let runs = try history.runs()
        if json {
            JSONOutput.write([
                "runs": runs.map { directory, summary in
                    [
                        "id": directory.id, "build": summary.start?.buildName ?? NSNull(),
                        "candidate": summary.start?.candidate ?? NSNull(),
                        "status": history.status(of: directory, summary), "started": JSONOutput.time(summary.startedAt),
                        "stages": summary.jobs.count, "reused": summary.jobs.filter(\.wasReused).count,
                        "wallSeconds": JSONOutput.seconds(summary.wallTime),
                    ] as [String: Any]
                }
            ])
            return
        }
        if runs.isEmpty { print("no runs yet") }
        for (directory, summary) in runs {
            let reused = summary.jobs.filter(\.wasReused).count
            let wall = summary.wallTime.map(EventText.duration) ?? "-"
            print(
                "\(directory.id)  \(summary.start?.name ?? "?")  \(history.status(of: directory, summary))  "
                    + "\(summary.jobs.count) stages (\(reused) reused)  \(wall)")
        }
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show one run's stages: state, attempts, duration, cache hits.")

    @Argument(
        help: "The run id, or a unique prefix of it; the latest run when omitted.", completion: CompletionCandidates.runs)
    var runID: String?

    @Flag(help: "Print JSON (docs/json.md), for other programs.")
    var json = false

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let history = RunHistory(project: try options.project)
        let directory = try history.run(runID)
        let summary = try history.summary(of: directory)
        if json {
            JSONOutput.write([
                "run": directory.id, "build": summary.start?.buildName ?? NSNull(),
                "candidate": summary.start?.candidate ?? NSNull(),
                "status": history.status(of: directory, summary), "started": JSONOutput.time(summary.startedAt),
                "finished": JSONOutput.time(summary.finishedAt), "summary": JSONOutput.summary(summary),
                "jobs": summary.jobs.map(JSONOutput.job),
            ])
            return
        }
        print(
            "run \(directory.id): \(summary.start?.subject ?? "build ?"), \(summary.status?.rawValue ?? "running")"
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
        commandName: "logs", abstract: "Print a stage's log from a run (the latest run by default).",
        discussion: """
            modelbuild logs train prints train's log from the latest run; modelbuild logs RUN \
            train from that run. A foreach stage's name (generate) prints every instance's log \
            under a ==> generate[…] <== header. The worker protocol's ::progress and ::metric \
            lines are left out unless --raw is given; an empty log says (no output).
            """)

    @Argument(help: ArgumentHelp("[RUN] STAGE: the run id (or a unique prefix; the latest run when omitted) and the stage or instance name, as modelbuild status shows it.", valueName: "run-or-stage"),
        completion: CompletionCandidates.runsAndStages)
    var words: [String] = []

    @Option(help: "The attempt; the last one when omitted.")
    var attempt: Int?

    @Flag(help: "Keep printing as the log grows, until the run finishes.")
    var follow = false

    @Flag(help: "Keep the ::progress and ::metric protocol lines.")
    var raw = false

    @OptionGroup var options: ConfigOptions

    func validate() throws {
        guard (1...2).contains(words.count) else {
            throw ValidationError("give a stage, or a run and a stage (modelbuild logs [RUN] STAGE)")
        }
    }

    func run() async throws {
        let runID = words.count == 2 ? words[0] : nil
        let found = try RunHistory(project: try options.project).logs(run: runID, stage: words[words.count - 1], attempt: attempt)
        if follow, found.logs.count > 1 {
            throw RequestError(.usage, "--follow takes one instance; \(words.last ?? "") has \(found.logs.count): name one")
        }
        for (index, entry) in found.logs.enumerated() {
            if found.logs.count > 1 {
                StandardStream.output.write((index > 0 ? "\n" : "") + "==> \(PrintableText.escaping(entry.stage)) <==\n")
            }
            try await print(entry.log)
        }
    }

    /// Prints one log, following it while the run goes on when asked.
    private func print(_ log: RunLog) async throws {
        var log = log
        var filter = ProtocolLineFilter()
        var printedAny = false
        while true {
            let bytes = try log.readNew()
            let shown = raw ? bytes : filter.filter(bytes)
            if !shown.isEmpty { printedAny = true }
            shown.withUnsafeBytes { StandardStream.output.write($0.bindMemory(to: UInt8.self)) }
            guard follow, !log.runIsFinished else { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let rest = raw ? Data() : filter.flush()
        if !rest.isEmpty { printedAny = true }
        rest.withUnsafeBytes { StandardStream.output.write($0.bindMemory(to: UInt8.self)) }
        if !printedAny { StandardStream.output.write("(no output)\n") }
    }
}
