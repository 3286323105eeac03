import ArgumentParser
import Artifacts
import Foundation
import Platform
import UseCases

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recheck a published version: every file's hash, the root digest, provenance, signature, refs.",
        discussion: """
            Checks every file's size and sha256 against the manifest, the root digest, that \
            nothing unlisted or symlinked sits in the folder, the provenance subject, the \
            signature (when present, or required with --key), and that the refs point at \
            existing versions. Prints each failure with its file. Exit status 0 when all is \
            well, 1 on any integrity failure, 2 for a version that was never published.

            With --store, rechecks the output store (.modelbuild/store) instead: every \
            entry's files rehashed against their blobs; each damaged entry is named and \
            removed (with its tree and damaged blobs), so the next build reruns the stage \
            that made it. Exit status 1 when any entry was damaged.
            """
    )

    @Argument(help: "A version (nightly-2026-11-27, 1.4.0) or the path of a version's folder; all versions when omitted.")
    var version: String?

    @Option(help: ArgumentHelp("The public key the signature must verify with.", valueName: "path"))
    var key: String?

    @Flag(
        help: """
            Recheck the output store instead (.modelbuild/store): rehash every entry's files, \
            name each damaged entry and remove it, so the next build reruns its stage.
            """)
    var store = false

    @OptionGroup var options: ArtifactOptions

    func validate() throws {
        if store, version != nil || key != nil {
            throw ValidationError("--store checks the output store: it takes no version and no --key")
        }
    }

    func run() async throws {
        if store { return try await verifyStore() }
        let failures: [VerificationFailure]
        if let version, version.contains("/") {
            failures = try await PublishedVersions.verify(buildDirectory: version, keyPath: key)
        } else {
            failures = try await options.versions().verify(version: version, keyPath: key)
        }
        for failure in failures { print("FAIL \(failure.description)") }
        if !failures.isEmpty {
            print("\(failures.count) integrity failure\(failures.count == 1 ? "" : "s")")
            throw ExitCode(ExitStatus.failure)
        }
        print("ok: \(version ?? "every version") verified")
    }

    /// `verify --store`: one FAIL line per problem of each damaged entry, exit 1 when any.
    private func verifyStore() async throws {
        guard let report = try await StoreCheck(project: options.config.project).run() else {
            print("nothing to verify: \(options.config.project.stateDirectory.path) has no store")
            return
        }
        for entry in report.damaged {
            let job = entry.job.map { " (stage \(PrintableText.escaping($0)))" } ?? ""
            for problem in entry.problems {
                print("FAIL store entry \(entry.key)\(job): \(PrintableText.escaping(problem))")
            }
            print("removed store entry \(entry.key): the next build reruns its stage")
        }
        let checked = "\(report.entriesChecked) entr\(report.entriesChecked == 1 ? "y" : "ies"), \(report.blobsChecked) blob\(report.blobsChecked == 1 ? "" : "s")"
        if !report.damaged.isEmpty {
            print("\(report.damaged.count) damaged store entr\(report.damaged.count == 1 ? "y" : "ies") of \(checked)")
            throw ExitCode(ExitStatus.failure)
        }
        print("ok: the store verified (\(checked))")
    }
}
