import ArgumentParser
import Foundation
import UseCases

struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Pull a version from an OCI registry into a new folder, verified (docs/registry.md).",
        discussion: """
            Fetches the version's manifest, files, provenance and signatures, checks every \
            digest, then verifies the whole folder as `modelbuild verify` does (the signature \
            against the keys given with --key, and builds.yaml's trusted_keys inside a \
            project) before the folder gets its name. On any failure nothing is left there.
            """)

    @Argument(help: ArgumentHelp("What: <registry>/<repository>:<tag> or …@sha256:<hex>.", valueName: "source"))
    var source: String

    @Argument(help: ArgumentHelp("The new folder to write the version to.", valueName: "dir"))
    var directory: String

    @Option(help: ArgumentHelp("A public key trusted to sign versions (repeatable).", valueName: "path"))
    var key: [String] = []

    @OptionGroup var login: RegistryLoginOptions

    @Flag(help: "Print JSON (docs/json.md), for other programs.")
    var json = false

    @OptionGroup var options: ArtifactOptions

    func run() async throws {
        // Outside any project only --key is trusted, as for `verify <folder>`.
        let project = try? options.config.project
        let config = try project.map { _ in try options.config.load() }
        let report = try await RegistryTransfer.pull(
            source, into: directory, login: login.login, insecure: login.insecure, keyPaths: key, project: project,
            config: config)
        if json {
            JSONOutput.write([
                "source": source, "directory": directory, "version": report.version,
                "manifestDigest": report.manifestDigest, "files": report.files, "bytes": report.bytes,
                "records": report.records,
            ])
            return
        }
        print(
            "pulled \(report.version) (manifest \(report.manifestDigest)) into \(directory): \(report.files) files, "
                + "\(report.bytes) bytes, \(report.records.joined(separator: ", ")); verified")
    }
}
