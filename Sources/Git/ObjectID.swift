import CGit2

/// The 20-byte SHA-1 name of a git object (commit, tree or blob).
///
/// Stored as three integers so that millions of them hash and compare without
/// allocating; `hex` gives the familiar 40-character form.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible {
    private let head: UInt64
    private let middle: UInt64
    private let tail: UInt32

    init(_ oid: git_oid) {
        (head, middle, tail) = withUnsafeBytes(of: oid.id) { bytes in
            (
                bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
            )
        }
    }

    /// Parses a full 40-digit hexadecimal id (either case); nil when `hex` is anything else.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 40 else { return nil }
        var oid = git_oid()
        let parsed = withUnsafeMutableBytes(of: &oid.id) { bytes -> Bool in
            for index in 0..<20 {
                guard let high = Self.nibble(digits[2 * index]),
                    let low = Self.nibble(digits[2 * index + 1])
                else { return false }
                bytes[index] = high << 4 | low
            }
            return true
        }
        guard parsed else { return nil }
        self.init(oid)
    }

    /// The libgit2 form of this id.
    var gitOID: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { bytes in
            bytes.storeBytes(of: head, toByteOffset: 0, as: UInt64.self)
            bytes.storeBytes(of: middle, toByteOffset: 8, as: UInt64.self)
            bytes.storeBytes(of: tail, toByteOffset: 16, as: UInt32.self)
        }
        return oid
    }

    /// True for the all-zero id git uses to mean "no object".
    public var isZero: Bool { head == 0 && middle == 0 && tail == 0 }

    /// The 40-character lowercase hexadecimal form.
    public var hex: String {
        let oid = gitOID
        return withUnsafeBytes(of: oid.id) { bytes in
            String(unsafeUninitializedCapacity: 40) { output in
                for index in 0..<20 {
                    output[2 * index] = Self.hexDigit(bytes[index] >> 4)
                    output[2 * index + 1] = Self.hexDigit(bytes[index] & 0x0f)
                }
                return 40
            }
        }
    }

    /// The same as `hex`.
    public var description: String { hex }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension ObjectID {
    /// Calls `body` with a pointer to the libgit2 form of this id, valid only during the call.
    func withGitOID<Result, Failure: Error>(
        _ body: (UnsafePointer<git_oid>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        var oid = gitOID
        return try body(&oid)
    }
}
