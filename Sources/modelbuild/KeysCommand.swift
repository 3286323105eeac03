import ArgumentParser
import Artifacts
import Foundation

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
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let key = SigningKey()
        try key.write(to: path)
        print("wrote \(path) and \(path).pub (key id \(key.publicKey.keyID))")
    }
}
