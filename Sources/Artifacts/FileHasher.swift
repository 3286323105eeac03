import Crypto

#if canImport(Glibc)
import Glibc
#endif

/// The size and SHA-256 of one file's bytes.
public struct FileDigest: Sendable, Hashable {
    public var size: Int64
    /// Lower-case hex, as `sha256sum` prints it.
    public var sha256: String

    public init(size: Int64, sha256: String) {
        self.size = size
        self.sha256 = sha256
    }
}

/// Hashes files with SHA-256, streaming 1 MiB reads, several files at once.
public enum FileHasher {
    /// The read size: large enough that system calls cost nothing next to hashing.
    public static let chunkSize = 1 << 20

    /// Hashes one file.
    public static func digest(ofFileAt path: String) throws(ArtifactsError) -> FileDigest {
        let descriptor = try SystemCalls.open(path, O_RDONLY)
        defer { SystemCalls.close(descriptor) }
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 4096)
        defer { buffer.deallocate() }
        var hash = SHA256()
        var size: Int64 = 0
        while true {
            let count = read(descriptor, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemCalls.failure("read", path)
            }
            if count == 0 { break }
            hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            size += Int64(count)
        }
        return FileDigest(size: size, sha256: hex(hash.finalize()))
    }

    /// Hashes every file of `paths` in parallel, at most `width` at a time (one per core
    /// by default), and returns the digests in the order of `paths`.
    public static func digests(
        ofFilesAt paths: [String], width: Int = defaultWidth
    ) async throws(ArtifactsError) -> [FileDigest] {
        var results = [FileDigest?](repeating: nil, count: paths.count)
        do {
            try await withThrowingTaskGroup(of: (Int, FileDigest).self) { group in
                var next = 0
                func startNext() {
                    let index = next
                    let path = paths[index]
                    group.addTask { (index, try digest(ofFileAt: path)) }
                    next += 1
                }
                while next < min(max(width, 1), paths.count) { startNext() }
                while let (index, digest) = try await group.next() {
                    results[index] = digest
                    if next < paths.count { startNext() }
                }
            }
        } catch let error as ArtifactsError {
            throw error
        } catch {
            throw ArtifactsError(.systemCall, path: paths.first ?? "", reason: "hashing stopped: \(error)")
        }
        return results.map { $0! }
    }

    /// One hashing task per processor.
    public static var defaultWidth: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// SHA-256 of bytes, as lower-case hex.
    public static func sha256(_ bytes: some Sequence<UInt8>) -> String {
        hex(SHA256.hash(data: Array(bytes)))
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
