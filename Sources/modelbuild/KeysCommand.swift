import ArgumentParser
import Artifacts
import Foundation
import UseCases

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage the keys that sign release manifests.",
        subcommands: [GenerateKeyCommand.self])
}

struct GenerateKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a new key pair: PATH (private, mode 0600) and PATH.pub.",
        discussion: """
            Without PATH the key goes to .modelbuild/keys/release.key beside builds.yaml (found \
            as every command finds it; the working folder when there is none), where build and \
            release look for it when no --sign-key is given.

            Both files are PEM that OpenSSL reads. An ecdsa-p256 key also signs each version's \
            model.sig, the OpenSSF Model Signing bundle that `model_signing verify key \
            --public_key PATH.pub` checks (docs/publishing.md).
            """)

    @Argument(help: "Where to write the private key; the public key goes beside it with .pub.")
    var path: String?

    @Option(help: "The key's algorithm: ed25519 or ecdsa-p256.")
    var algorithm: KeyAlgorithm = .ed25519

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let path = path ?? SigningKeyFiles.defaultPath(in: options.projectOrWorkingFolder)
        let keyID = try SigningKeyFiles.generate(at: path, algorithm: algorithm)
        print("wrote \(path) and \(path).pub (\(algorithm.rawValue) key id \(keyID))")
    }
}

extension KeyAlgorithm: ExpressibleByArgument {}
