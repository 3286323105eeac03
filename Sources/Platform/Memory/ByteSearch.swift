import Glibc

/// Finding a byte in memory with `memchr`, which stays fast even in debug builds, where a
/// generic search does not.
public enum ByteSearch {
    /// The offset of the first `byte` in `buffer` at or after `start`; nil when there is none.
    public static func firstIndex(of byte: UInt8, in buffer: UnsafeRawBufferPointer, from start: Int = 0) -> Int? {
        guard let base = buffer.baseAddress, start < buffer.count,
            let found = memchr(base + start, Int32(byte), buffer.count - start)
        else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }
}
