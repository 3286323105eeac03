import Platform

extension Verifier {
    /// The model card and data card against the digests the manifest lists for them; a card
    /// on disk the manifest does not list is unlisted (versions from before cards have none).
    static func checkCards(of manifest: Manifest, in directory: String) -> [VerificationFailure] {
        var failures: [VerificationFailure] = []
        let listed = manifest.cards ?? []
        for card in listed {
            let path = directory + "/" + card.path
            do {
                guard try onDisk({ try FileSystem.status(path) }) != nil else {
                    failures.append(VerificationFailure(path: path, problem: .missing))
                    continue
                }
                let actual = SHA256Digest.hex(try onDisk { try FileSystem.readFile(path) })
                if actual != card.sha256 {
                    failures.append(VerificationFailure(path: path, problem: .digestMismatch(expected: card.sha256, actual: actual)))
                }
            } catch {
                failures.append(VerificationFailure(path: path, problem: .unreadable(error.reason)))
            }
        }
        for name in [ModelCard.modelCardName, ModelCard.dataCardName] where !listed.contains(where: { $0.path == name }) {
            let path = directory + "/" + name
            if (try? onDisk({ try FileSystem.status(path) })) ?? nil != nil {
                failures.append(VerificationFailure(path: path, problem: .unlisted))
            }
        }
        return failures
    }
}
