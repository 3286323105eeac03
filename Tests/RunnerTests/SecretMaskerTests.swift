import Foundation
import ExecutorTestKit
import Runner
import Testing

@Suite struct SecretMaskerTests {
    @Test func everyOccurrenceOfEverySecretIsReplaced() {
        let masker = SecretMasker(secretValues: ["hunter2", "s3cr3t"])
        #expect(
            masker.mask("user hunter2 with s3cr3t and hunter2 again")
                == "user *** with *** and *** again")
    }

    @Test func aSecretContainingAnotherIsMaskedWhole() {
        let masker = SecretMasker(secretValues: ["abc", "abcdef"])
        #expect(masker.mask("x abcdef y abc z") == "x *** y *** z")
    }

    @Test func withoutSecretsOrWithEmptyValuesNothingChanges() {
        #expect(SecretMasker(secretValues: []).mask("token abc") == "token abc")
        #expect(SecretMasker(secretValues: [""]).mask("token abc") == "token abc")
        #expect(SecretMasker(secretValues: [""]).longestSecretLength == 0)
    }

    @Test func bytesThatAreNotUTF8AreKeptAroundAMaskedSecret() {
        let masker = SecretMasker(secretValues: ["key"])
        let line: [UInt8] = [0xFF, 0xFE] + Array("key".utf8) + [0xC3]
        #expect(masker.mask(line) == [0xFF, 0xFE] + Array("***".utf8) + [0xC3])
    }

    @Test func aSecretMadeOfTheReplacementCharacterIsMaskedOnce() {
        #expect(SecretMasker(secretValues: ["*"]).mask("a*b") == "a***b")
    }
}

@Suite struct MaskedLineSplitterTests {
    private func text(_ lines: [[UInt8]]) -> [String] {
        lines.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func aSecretSplitAcrossChunksIsMasked() {
        var splitter = MaskedLineSplitter(masker: SecretMasker(secretValues: ["topsecret"]))
        var lines: [[UInt8]] = []
        for byte in "key=topsecret ok\nnext topsecret\n".utf8 {
            lines += splitter.append([byte])
        }
        #expect(text(lines) == ["key=*** ok", "next ***"])
        #expect(splitter.finish() == nil)
    }

    @Test func aFinalLineWithoutNewlineIsFlushedMasked() {
        var splitter = MaskedLineSplitter(masker: SecretMasker(secretValues: ["pw"]))
        #expect(text(splitter.append(Array("one\ntwo pw".utf8))) == ["one"])
        #expect(splitter.finish().map { String(decoding: $0, as: UTF8.self) } == "two ***")
        #expect(splitter.finish() == nil)
    }

    @Test func emptyLinesAreKept() {
        var splitter = MaskedLineSplitter(masker: SecretMasker(secretValues: []))
        #expect(text(splitter.append(Array("a\n\nb\n".utf8))) == ["a", "", "b"])
    }

    /// A line longer than the limit is cut into pieces; wherever the secret sits relative
    /// to the cut, no piece shows it.
    @Test(arguments: 0..<12)
    func anOverlongLineIsNeverCutInsideASecret(secretOffset: Int) {
        let secret = "SECRET"
        let line =
            String(repeating: "x", count: secretOffset) + secret + String(repeating: "y", count: 20)
        var splitter = MaskedLineSplitter(
            masker: SecretMasker(secretValues: [secret]), maximumLineLength: 8)
        var pieces = text(splitter.append(Array(line.utf8)))
        if let last = splitter.finish() { pieces.append(String(decoding: last, as: UTF8.self)) }
        #expect(pieces.count > 1)
        #expect(pieces.allSatisfy { !$0.contains("SEC") && !$0.contains("RET") })
        #expect(pieces.joined() == line.replacingOccurrences(of: secret, with: "***"))
    }

    @Test func aSecretLongerThanTheLineLimitIsStillMaskedWhole() {
        let secret = String(repeating: "k", count: 20)
        var splitter = MaskedLineSplitter(
            masker: SecretMasker(secretValues: [secret]), maximumLineLength: 4)
        var pieces = text(splitter.append(Array((secret + "tail").utf8)))
        if let last = splitter.finish() { pieces.append(String(decoding: last, as: UTF8.self)) }
        #expect(pieces.first == "***")
        #expect(pieces.joined() == "***tail")
    }
}
