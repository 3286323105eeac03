import Artifacts
import Platform
import Testing

/// The root digest over a statement's resources: their digests decoded from hex, in order.
@Suite struct ModelSigningStatementTests {
    @Test func theRootDigestHashesTheDecodedDigestsWhateverTheirCase() throws {
        let first = SHA256Digest.hex("a")
        let second = SHA256Digest.hex("b")
        let statement = ModelSigningStatement(modelName: "m", files: [("a.txt", first), ("b.txt", second)])
        let expected = SHA256Digest.hex(
            try #require(SHA256Digest.bytes(ofHex: first)) + (try #require(SHA256Digest.bytes(ofHex: second))))
        #expect(ModelSigningStatement.rootDigest(of: statement.predicate.resources) == expected)
        let upper = ModelSigningStatement(modelName: "m", files: [("a.txt", first.uppercased()), ("b.txt", second)])
        #expect(ModelSigningStatement.rootDigest(of: upper.predicate.resources) == expected)
        for notHex in ["abc", "zz", first + "0"] {
            let bad = ModelSigningStatement(modelName: "m", files: [("a.txt", notHex)])
            #expect(ModelSigningStatement.rootDigest(of: bad.predicate.resources) == nil, "\(notHex)")
        }
    }
}
