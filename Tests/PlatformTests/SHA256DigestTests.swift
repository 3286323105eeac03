import Platform
import Testing

/// The one digest against FIPS 180-2's test vectors, and its hex spelling both ways.
@Suite struct SHA256DigestTests {
    @Test func knownVectors() {
        #expect(SHA256Digest.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256Digest.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func hexSpellsEveryByteAndReadsBack() {
        let bytes = (0...255).map(UInt8.init)
        let text = SHA256Digest.hex(of: bytes)
        #expect(text.count == 512)
        #expect(text.hasPrefix("000102030405060708090a0b0c0d0e0f10"))
        #expect(text.hasSuffix("fcfdfeff"))
        #expect(SHA256Digest.bytes(ofHex: text) == bytes)
        #expect(SHA256Digest.hex(of: []) == "")
    }
}
