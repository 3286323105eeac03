import ArgumentParser
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
        abstract: "Write a new ed25519 key pair: PATH (private, mode 0600) and PATH.pub.",
        discussion: """
            Without PATH the key goes to .modelbuild/keys/release.key beside builds.yaml (found \
            as every command finds it; the working folder when there is none), where build and \
            release look for it when no --sign-key is given.
            """)

    @Argument(help: "Where to write the private key; the public key goes beside it with .pub.")
    var path: String?

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let path = path ?? SigningKeyFiles.defaultPath(in: options.projectOrWorkingFolder)
        let keyID = try SigningKeyFiles.generate(at: path)
        print("wrote \(path) and \(path).pub (key id \(keyID))")
    }
}
