import ArgumentParser
import Foundation
import Platform
import StageProtocol
import UseCases

/// The shapes `modelbuild candidate` prints its report in.
enum CandidateFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, github, json
}

struct CandidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "candidate",
        abstract: "Build pull requests into a candidate model and report what they would do, before they are merged.",
        discussion: """
            The pull requests' heads (taxonomy.pull_requests, refs/pull/*/head unless set) are \
            fetched into the mirror and merged in memory into the taxonomy commit of the latest \
            published version of --on (nightly unless given); nothing is checked out. Only their \
            leaves are generated; everything else is reused from the cache, and training starts \
            from that version's model. Before training, the base model answers the pull \
            requests' held-out questions: at or above candidates.known_threshold the model \
            already knows them. Each pull request gets a verdict: improves, no-gain, \
            already-known, regresses, invalid or conflict.

            The report is written to .modelbuild/candidates/<id>/ and, unless --no-publish, \
            published under artifacts/<model>/candidates/<id>/ with the model, a manifest and \
            provenance. No ref moves and no version is published. Exits 0 when every verdict \
            is improves or no-gain, 1 otherwise.
            """
    )

    @Argument(help: "The pull requests, by number; several build one combined candidate.")
    var pullRequests: [Int]

    @Option(help: ArgumentHelp("The build whose latest published version is the base (default: nightly).", valueName: "build"))
    var on: String?

    @Flag(help: "Also build each pull request alone and report leaves that score differently alone and together.")
    var each = false

    @Option(help: "How to print the report: text, markdown (a pull-request comment), github (check-run summary and annotations) or json.")
    var format: CandidateFormat = .text

    @Flag(help: "Write the report under .modelbuild/candidates/ only; publish nothing to artifacts/.")
    var noPublish = false

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let (config, session) = try options.session()
        let outcome = try await CandidateSession(builds: session).run(
            CandidateOptions(pullRequests: pullRequests, on: on, each: each, publish: !noPublish), config: config,
            onEvent: { record in
                if let line = EventText.line(record) { StandardStream.error.write(line + "\n") }
            },
            note: { StandardStream.error.write($0 + "\n") })
        let report = outcome.report
        switch format {
        case .text:
            print(report.text, terminator: "")
            print("report: \(outcome.reportDirectory)/report.md")
            if let published = outcome.published { print("published: \(published)") }
        case .markdown: print(report.markdown, terminator: "")
        case .github: print(report.github, terminator: "")
        case .json: print(String(decoding: try JSONWriter.document(report), as: UTF8.self), terminator: "")
        }
        if !report.isAcceptable { throw ExitCode(1) }
    }
}

struct CandidatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "candidates",
        abstract: "List the published candidate builds of pull requests, newest first.")

    @Flag(help: "Print the list as JSON (docs/json.md).")
    var json = false

    @OptionGroup var options: ArtifactOptions

    func run() throws {
        let manifests = try CandidateCatalog(layout: options.versions().layout).manifests()
        if json {
            print(String(decoding: try JSONWriter.document(manifests), as: UTF8.self), terminator: "")
            return
        }
        if manifests.isEmpty { print("no candidates published yet") }
        for manifest in manifests {
            let verdicts = manifest.pullRequests.map { "#\($0.number) \($0.verdict.rawValue)" }.joined(separator: ", ")
            print("\(manifest.id)  \(manifest.created)  on \(manifest.base.version)  \(verdicts)")
        }
    }
}
