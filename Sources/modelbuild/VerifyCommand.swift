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
            nothing unlisted or symlinked sits in the folder, the provenance field by field \
            against the manifest, the signature, that the refs point at existing versions of \
            their kind (refs/release at a release), and that published.log records each \
            version with its kind and manifest digest. A version that is signed, or must be \
            (its build has sign: true, or a build of its kind does), passes only when a \
            trusted key verifies the signature: keys given with --key, or listed under the \
            build's trusted_keys: in builds.yaml. A signed version with no trusted key fails. \
            Prints each failure with its file. Exit status 0 when all is well, 1 on any \
            integrity failure, 2 for a version that was never published or an unreadable \
            trusted_keys entry.

            A folder without manifest.json (a model signed with OpenSSF Model Signing, \
            `model_signing sign key`) is checked against its bundle, --signature or the \
            folder's model.sig, as `model_signing verify key` does: the ECDSA P-256 signature \
            by a trusted key, then every file rehashed, none missing, none added. A version \
            signed with a P-256 key also carries model.sig over its files/, checked the same way.

            With --store, rechecks the output store (.modelbuild/store) instead: every \
            entry's files rehashed against their blobs; each damaged entry is named and \
            removed (with its tree and damaged blobs), so the next build reruns the stage \
            that made it. Exit status 1 when any entry was damaged.
            """
    )

    @Argument(
        help:
            "A version (nightly-2026-11-27, 1.4.0), the path of a version's folder, or an OCI layout folder[:tag]; all versions when omitted."
    )
    var version: String?

    @Option(help: ArgumentHelp("A public key trusted to sign versions (repeatable), besides builds.yaml's trusted_keys.", valueName: "path"))
    var key: [String] = []

    @Option(
        help: ArgumentHelp(
            "The OpenSSF Model Signing bundle of a model folder given as a path (default: its model.sig).",
            valueName: "path"))
    var signature: String?

    @Flag(help: "Print JSON (docs/json.md), for other programs.")
    var json = false

    @Flag(
        help: """
            Recheck the output store instead (.modelbuild/store): rehash every entry's files, \
            name each damaged entry and remove it, so the next build reruns its stage.
            """)
    var store = false

    @OptionGroup var options: ArtifactOptions

    func validate() throws {
        if store, version != nil || !key.isEmpty || signature != nil {
            throw ValidationError("--store checks the output store: it takes no version, no --key and no --signature")
        }
        if signature != nil, version == nil {
            throw ValidationError("--signature checks a model folder: give the folder's path (modelbuild verify ./model --signature model.sig)")
        }
    }

    func run() async throws {
        if store { return try await verifyStore() }
        let failures: [VerificationFailure]
        if let version, OCILayoutVerification.isLayout(version) {
            // An OCI image layout (export --oci, skopeo copy … oci:…): its tagged version.
            let project = try? options.config.project
            let config = try project.map { _ in try options.config.load() }
            failures = try await OCILayoutVerification.verify(version, keyPaths: key, project: project, config: config)
        } else if let version, version.contains("/") || signature != nil {
            // A copied folder may be verified outside any project: then only --key is trusted.
            let project = try? options.config.project
            let config = try project.map { _ in try options.config.load() }
            let manager = FileManager.default
            if signature != nil
                || (!manager.fileExists(atPath: version + "/manifest.json") && manager.fileExists(atPath: version + "/model.sig"))
            {
                failures = try await PublishedVersions.verify(
                    modelFolder: version, signature: signature, keyPaths: key, project: project, config: config)
            } else {
                failures = try await PublishedVersions.verify(
                    buildDirectory: version, keyPaths: key, project: project, config: config)
            }
        } else {
            failures = try await options.versions().verify(version: version, keyPaths: key)
        }
        if json {
            JSONOutput.write([
                "version": version ?? NSNull(), "ok": failures.isEmpty, "failures": failures.map(\.description),
            ])
            if !failures.isEmpty { throw ExitCode(ExitStatus.failure) }
            return
        }
        // Failures name files of the folder and text of its signatures: anyone's, printed escaped.
        for failure in failures { print("FAIL \(PrintableText.escaping(failure.description))") }
        if !failures.isEmpty {
            print("\(failures.count) integrity failure\(failures.count == 1 ? "" : "s")")
            throw ExitCode(ExitStatus.failure)
        }
        print("ok: \(version ?? "every version") verified")
    }

    /// `verify --store`: one FAIL line per problem of each damaged entry, exit 1 when any.
    private func verifyStore() async throws {
        let project = try options.config.project
        guard let report = try await StoreCheck(project: project).run() else {
            print("nothing to verify: \(project.stateDirectory.path) has no store")
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
