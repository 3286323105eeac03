import ArgumentParser
import Artifacts
import Foundation
import Platform
import UseCases

struct ReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Cut a release: build (or promote a nightly), check the gates, sign, publish.",
        discussion: """
            Uses builds.yaml's release build (version: semver). The version is given \
            (modelbuild release 1.4.0) or bumped from the last release (--bump minor). With \
            --from, a published nightly is promoted without rebuilding when its stage keys \
            equal what the release would run; otherwise the release is rebuilt at the \
            nightly's taxonomy commit. --commit builds a given taxonomy commit. The gates \
            must pass or the release is refused with the numbers. A version that exists is \
            an error: versions are immutable. One release runs at a time: a second started \
            meanwhile exits 1 naming the holder, so two --bump patch never publish two versions. \
            Before anything is fetched, the key (--sign-key, else .modelbuild/keys/release.key \
            when the build signs) must be readable and trusted, and the version must not exist. \
            Every gate prints with its value and threshold, passed or not.
            """
    )

    @Argument(help: "The semantic version to publish (1.4.0, 2.0.0-rc.1).")
    var version: String?

    @Option(help: "Bump the last release instead: major, minor or patch.")
    var bump: SemanticVersion.Component?

    @Option(help: ArgumentHelp("Promote this published nightly.", valueName: "nightly-version"))
    var from: String?

    @Option(help: ArgumentHelp("Build this taxonomy commit.", valueName: "sha"))
    var commit: String?

    @Option(
        help: ArgumentHelp(
            "The private key (ed25519, or ECDSA P-256, which also writes model.sig) that signs the manifest; default: .modelbuild/keys/release.key, where keys generate writes it.",
            valueName: "path"))
    var signKey: String?

    @OptionGroup var options: ConfigOptions

    func validate() throws {
        if (version == nil) == (bump == nil) { throw ValidationError("give a version (release 1.4.0) or --bump, not both") }
        if from != nil, commit != nil { throw ValidationError("--from and --commit cannot go together") }
    }

    func run() async throws {
        let (config, session) = try options.session()
        let key = try SigningKeyFiles.signingKey(
            named: signKey, for: config.builds.first { $0.kind == .release }, project: try options.project)
        let request = ReleaseRequest(
            version: version.map { .semantic($0) } ?? .bump(bump!), from: from, commit: commit, signingKey: key)
        let view = BuildProgressView(.auto, project: try options.project)
        let task = Task { try await session.release(request, config: config, onEvent: view.show, note: view.note) }
        let signals = SignalCancellation(cancelling: task)
        defer { signals.stop() }
        let outcome = try await task.value
        switch outcome {
        case .promoted(let published, let nightly):
            view.note("released \(config.model.name) \(published.version) from \(nightly)\(published.signed ? " (signed)" : "")")
        case .built(let build):
            try BuildRunning.finish(build, config: config, view: view)
        }
    }
}

extension SemanticVersion.Component: ExpressibleByArgument {}
