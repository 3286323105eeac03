/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fast generator whose output depends only
/// on its seed, never on the platform or the standard library's randomness, so generated
/// data is byte-identical everywhere. Not for cryptography.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// A number in `0..<bound`, or 0 when `bound` is not positive. Uses Lemire's multiply-shift rather than the
    /// standard library's `random(in:using:)`, whose algorithm is not promised to stay fixed.
    public mutating func next(below bound: Int) -> Int {
        guard bound > 0 else { return 0 }
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// True with probability `numerator / denominator`.
    public mutating func chance(_ numerator: Int, in denominator: Int) -> Bool {
        next(below: denominator) < numerator
    }

    /// SplitMix64's output function: a bijective avalanche of 64 bits.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A seed derived from several values, each step avalanched, so that nearby inputs
    /// (seed 1 and 2, seed example 3 and 4) give unrelated streams.
    static func derivedSeed(_ values: [UInt64]) -> UInt64 {
        values.reduce(0x6A09_E667_F3BC_C908) { mix($0 ^ mix($1)) }
    }

    /// FNV-1a over UTF-8: a stable 64-bit hash of a string (Swift's `Hasher` is seeded per
    /// process and must not feed generated data).
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
