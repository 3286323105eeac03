import ArgumentParser
import Artifacts
import Foundation

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a published version as an OCI image layout (skopeo, oras and registries read it).")

    @Argument(help: "The version to export.")
    var version: String

    @Option(help: ArgumentHelp("The OCI layout folder to write (created when missing).", valueName: "dir"))
    var oci: String

    @OptionGroup var options: ArtifactOptions

    func run() async throws {
        let (_, layout) = try options.layout()
        let digest = try await reportingArtifactErrors { try OCIExporter(layout: layout).export(version: version, to: oci) }
        print("exported \(version) to \(oci) (manifest \(digest)); try: skopeo inspect --raw oci:\(oci):\(version)")
    }
}
