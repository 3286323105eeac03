import Foundation
import Platform
import Testing

/// Copies that share nothing with their source: what stages are given to read, and what
/// the store and the publisher keep.
@Suite struct CopyTests {
    @Test func aCopiedFileHasItsOwnInodeAndItsBytes() throws {
        let folder = try makeTemporaryFolder()
        let bytes = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try FileSystem.writeFile(bytes, to: folder + "/source")
        try FileSystem.copyFile(folder + "/source", to: folder + "/copy", permissions: 0o444)
        #expect(try FileSystem.readFile(folder + "/copy") == bytes)
        let source = try #require(try FileSystem.status(folder + "/source"))
        let copy = try #require(try FileSystem.status(folder + "/copy"))
        #expect(source.inode != copy.inode)
        #expect(copy.permissions == 0o444)
        try FileSystem.writeFile(Array("changed".utf8), to: folder + "/source")
        #expect(try FileSystem.readFile(folder + "/copy") == bytes)
    }

    /// A file swapped for a link to a secret, or for a FIFO, between a scan and the copy
    /// (as a stage's leftover process could do to its output folder) is refused: the copy
    /// never reads through the link, and never waits on the FIFO.
    @Test func aSourceThatIsALinkOrAFIFOIsRefusedNotFollowed() throws {
        let folder = try makeTemporaryFolder()
        try FileSystem.writeFile(Array("secret\n".utf8), to: folder + "/secret", permissions: 0o600)
        try FileSystem.makeSymbolicLink(target: folder + "/secret", at: folder + "/model.bin")
        #expect(throws: FileSystemError.self) {
            try FileSystem.copyFile(folder + "/model.bin", to: folder + "/copy", permissions: 0o444)
        }
        #expect(!FileSystem.exists(folder + "/copy"))

        #expect(mkfifo(folder + "/pipe", 0o644) == 0)
        do {
            try FileSystem.copyFile(folder + "/pipe", to: folder + "/copy", permissions: 0o444)
            Issue.record("a FIFO was copied")
        } catch {
            #expect(error.code == EINVAL, "\(error)")
        }
        #expect(!FileSystem.exists(folder + "/copy"))
    }

    @Test func aReadOnlyTreeCopyKeepsLinksDropsWriteBitsAndChangesNothingBack() throws {
        let folder = try makeTemporaryFolder()
        let source = folder + "/snapshot"
        try FileSystem.makeDirectories(source + "/knowledge/birds")
        try FileSystem.writeFile(Array("q: 1\n".utf8), to: source + "/knowledge/birds/qna.yaml", permissions: 0o644)
        try FileSystem.writeFile(Array("#!/bin/sh\n".utf8), to: source + "/run.sh", permissions: 0o755)
        try FileSystem.makeSymbolicLink(target: "knowledge", at: source + "/latest")

        let copy = folder + "/copy"
        try FileSystem.copyTreeReadOnly(source, to: copy)
        #expect(try FileSystem.status(copy)?.permissions == 0o555)
        #expect(try FileSystem.status(copy + "/knowledge/birds")?.permissions == 0o555)
        #expect(try FileSystem.status(copy + "/knowledge/birds/qna.yaml")?.permissions == 0o444)
        #expect(try FileSystem.status(copy + "/run.sh")?.permissions == 0o555)
        #expect(try FileSystem.readSymbolicLink(copy + "/latest") == "knowledge")

        try FileSystem.changePermissions(copy + "/knowledge/birds/qna.yaml", 0o644)
        try FileSystem.append(Array("EVIL\n".utf8), to: copy + "/knowledge/birds/qna.yaml")
        #expect(try FileSystem.readFile(source + "/knowledge/birds/qna.yaml") == Array("q: 1\n".utf8))
        try FileSystem.removeTree(copy)
        #expect(!FileSystem.exists(copy))
    }

    @Test func aFoundationFileErrorBecomesAFileSystemErrorWithItsErrno() {
        let full = CocoaError(.fileWriteOutOfSpace, userInfo: [NSFilePathErrorKey: "/data/x"])
        let error = FileSystemError(foundation: full)
        #expect(error?.code == ENOSPC)
        #expect(error?.path == "/data/x")
        #expect(error?.description == "write /data/x: No space left on device (errno 28)")
        #expect(FileSystemError(foundation: CancellationError()) == nil)
    }
}
