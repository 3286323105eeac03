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
        abstract: "Write a new ed25519 key pair: PATH (private, mode 0600) and PATH.pub.")

    @Argument(help: "Where to write the private key; the public key goes beside it with .pub.")
    var path: String = ".modelbuild/keys/release.key"

    func run() throws {
        let keyID = try SigningKeyFiles.generate(at: path)
        print("wrote \(path) and \(path).pub (key id \(keyID))")
    }
}
