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
            """)

    @Argument(help: "The version to push.")
    var version: String

    @Argument(help: ArgumentHelp("Where: <registry>/<repository>[:<tag>].", valueName: "destination"))
    var destination: String

    @Option(
        help: ArgumentHelp(
            "Another repository of the same registry to mount blobs from instead of uploading them (repeatable).",
            valueName: "repository"))
    var mountFrom: [String] = []

    @OptionGroup var login: RegistryLoginOptions

    @Flag(help: "Print JSON (docs/json.md), for other programs.")
    var json = false

    @OptionGroup var options: ArtifactOptions

    func run() async throws {
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
}
