import ArgumentParser
import Foundation
import Platform
import UseCases
import BuildConfiguration
import Runner

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Run a build: its stages as worker processes, reusing what is cached.",
        discussion: """
            Stages run as soon as what they need is done, up to executor.workers at once and \
            within the executor's capacity. A stage whose cache key is in the store is reused, \
            not run. A failed stage stops the stages that need it; the others finish unless \
            --fail-fast is given. Ctrl-C or SIGTERM stops every running stage and exits 130.

            A build does nothing when every stage's cache key is the one its last published \
            run built (no leaf changed, builds.yaml plans the same); modelbuild plan says so \
            first. A build whose files equal the latest published version's publishes no new \
            version unless --force is given. --only and --until build part of the graph and \
            never publish.

            On a terminal the stages show live (redrawn a few times a second, fitted to the \
            window, coloured unless NO_COLOR is set), with a line per finished stage and a \
            failed stage's last log lines; otherwise one line per event (--progress plain), or \
            JSON lines with --json. Everything is recorded in .modelbuild/runs/<run-id>/.

            One build of a name runs at a time: a second `build nightly` started while one \
            runs exits 1 at once, naming the holder (pid, run, since when). Stages a killed \
            modelbuild left running are stopped (SIGTERM, grace, SIGKILL) before anything starts.
            """
    )

    @Argument(
        help: "The build to run, as named under builds: in builds.yaml (for example nightly).",
        completion: CompletionCandidates.builds)
    var build: String

    @OptionGroup var options: ConfigOptions

    @OptionGroup var forcing: ForceOptions

    @OptionGroup var partial: PartialBuildOptions

    @Flag(help: "Stop everything at the first failure.")
    var failFast = false

    @Flag(help: "Print the events as JSON lines, for other programs (the same as --progress json).")
    var json = false

    @Option(help: "How to show progress: auto (live on a terminal, plain otherwise), tty, plain or json.")
    var progress: ProgressStyle = .auto

    @Flag(help: "Do not publish the build to artifacts/.")
    var noPublish = false

    @Flag(
        help: "Keep every attempt's context.json under .modelbuild/runs/<run>/contexts/ (a succeeded attempt's is removed by default; a failed one's is always kept).")
    var keepContexts = false

    @Option(
        help: ArgumentHelp(
            "The private key (ed25519, or ECDSA P-256, which also writes model.sig) that signs the manifest; default (when the build signs): .modelbuild/keys/release.key.",
            valueName: "path"))
    var signKey: String?

    func run() async throws {
        let (config, session) = try options.session()
        let view = BuildProgressView(json ? .json : progress, project: try options.project)
        let key = try SigningKeyFiles.signingKey(
            named: signKey, for: noPublish ? nil : config.build(named: build), project: try options.project)
        var options = BuildOptions(
            build: build, force: forcing.selection, failFast: failFast, publish: !noPublish, signingKey: key)
        options.targets = partial.targets
        options.keepsContexts = keepContexts
        try await BuildRunning.run(session: session, options: options, config: config, view: view)
    }
}

