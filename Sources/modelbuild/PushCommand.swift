import ArgumentParser
import Foundation
import UseCases

struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Push a published version to an OCI registry (docs/registry.md).",
        discussion: """
            Sends the version as an OCI artifact (the layout export --oci writes: manifest.json \
            as the config, one layer per file, provenance and signatures as layers and as an \
            OCI 1.1 referrer), only the blobs the repository lacks, and tags it last: with the \
            tag given, else with the version. A second push of the same version sends 0 bytes.

            With --pending, retries the pushes to builds.yaml's publish: registries that \
            failed after a publish (.modelbuild/registry-pending.json).
            """)

    @Argument(help: "The version to push.")
    var version: String?

    @Argument(help: ArgumentHelp("Where: <registry>/<repository>[:<tag>].", valueName: "destination"))
    var destination: String?

    @Flag(help: "Retry the pushes to builds.yaml's registries that failed after a publish.")
    var pending = false

    @Option(
        help: ArgumentHelp(
            "Another repository of the same registry to mount blobs from instead of uploading them (repeatable).",
            valueName: "repository"))
    var mountFrom: [String] = []

    @OptionGroup var login: RegistryLoginOptions

    @Flag(help: "Print JSON (docs/json.md), for other programs.")
    var json = false

    @OptionGroup var options: ArtifactOptions

    func validate() throws {
        if pending, version != nil || destination != nil {
            throw ValidationError("--pending retries the recorded pushes: it takes no version and no destination")
        }
        if !pending, version == nil || destination == nil {
            throw ValidationError("name the version and the destination: modelbuild push <version> <registry>/<repository>[:<tag>]")
        }
    }

    func run() async throws {
        if pending { return try await retryPending() }
        guard let version, let destination else { return }
        let report = try await RegistryTransfer.push(
            version: version, of: try options.versions(), to: destination, login: login.login, insecure: login.insecure,
            mountFrom: mountFrom)
        if json {
            JSONOutput.write([
                "version": version, "repository": report.repository, "manifestDigest": report.manifestDigest,
                "recordsDigest": report.recordsDigest, "tags": report.tags, "uploadedBlobs": report.uploadedBlobs,
                "mountedBlobs": report.mountedBlobs, "presentBlobs": report.presentBlobs,
                "uploadedBytes": report.uploadedBytes, "referrersTag": report.referrersTag ?? NSNull(),
            ])
            return
        }
        let blobs = report.uploadedBlobs + report.mountedBlobs + report.presentBlobs
        print(
            "pushed \(version) to \(report.repository):\(report.tags.joined(separator: ",")) (manifest \(report.manifestDigest)): "
                + "\(report.uploadedBytes) bytes in \(report.uploadedBlobs) of \(blobs) blobs uploaded, "
                + "\(report.presentBlobs) already there, \(report.mountedBlobs) mounted")
    }

    /// `push --pending`: one line per retried push; exit 1 while any still fails.
    private func retryPending() async throws {
        let publication = RegistryPublication(project: try options.config.project, versions: try options.versions())
        let (done, failed) = try await publication.retryPending()
        if json {
            JSONOutput.write([
                "pushed": done.map { ["version": $0.version, "repository": $0.url + "/" + $0.repository, "tags": $0.tags] },
                "pending": failed.map {
                    ["version": $0.version, "repository": $0.url + "/" + $0.repository, "tags": $0.tags, "reason": $0.reason]
                },
            ])
        } else {
            for entry in done { print("pushed \(entry.version) to \(entry.url)/\(entry.repository):\(entry.tags.joined(separator: ","))") }
            for entry in failed { print("FAIL \(entry.version) to \(entry.url)/\(entry.repository): \(entry.reason)") }
            if done.isEmpty && failed.isEmpty { print("nothing pending") }
        }
        if !failed.isEmpty { throw ExitCode(ExitStatus.failure) }
    }
}
