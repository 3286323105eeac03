import ArgumentParser
import Artifacts
import Foundation
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
            """
    )

    @Argument(help: "A version (nightly-2026-11-27, 1.4.0) or the path of a version's folder; all versions when omitted.")
    var version: String?

    @Option(help: ArgumentHelp("The public key the signature must verify with.", valueName: "path"))
    var key: String?

    @Flag(help: "Print JSON (docs/json.md), for other programs.")
    var json = false

    @OptionGroup var options: ArtifactOptions

    func run() async throws {
        let failures: [VerificationFailure]
        if let version, version.contains("/") {
            failures = try await PublishedVersions.verify(buildDirectory: version, keyPath: key)
        } else {
            failures = try await options.versions().verify(version: version, keyPath: key)
        }
        if json {
            JSONOutput.write([
                "version": version ?? NSNull(), "ok": failures.isEmpty, "failures": failures.map(\.description),
            ])
            if !failures.isEmpty { throw ExitCode(ExitStatus.failure) }
            return
        }
        for failure in failures { print("FAIL \(failure.description)") }
        if !failures.isEmpty {
            print("\(failures.count) integrity failure\(failures.count == 1 ? "" : "s")")
            throw ExitCode(ExitStatus.failure)
        }
        print("ok: \(version ?? "every version") verified")
    }
}
