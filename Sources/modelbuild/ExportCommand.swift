import ArgumentParser
import Foundation
import UseCases

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a published version as an OCI image layout (skopeo, oras and registries read it).")

    @Argument(help: "The version to export.")
    var version: String

    @Option(help: ArgumentHelp("The OCI layout folder to write (created when missing).", valueName: "dir"))
    var oci: String

    @OptionGroup var options: ArtifactOptions

    func run() throws {
        let digest = try options.versions().exportOCI(version: version, to: oci)
        print("exported \(version) to \(oci) (manifest \(digest)); try: skopeo inspect --raw oci:\(oci):\(version)")
    }
}
