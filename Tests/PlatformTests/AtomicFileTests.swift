import Foundation
import Platform
import Testing

@Suite struct AtomicFileTests {
    @Test func replacesTheWholeFileAndLeavesNoTemporaryFile() throws {
        let folder = try makeTemporaryFolder()
        let path = folder + "/state.json"
        try AtomicFile.write(Array("a much longer first version".utf8), to: path)
        try AtomicFile.write(Array("short".utf8), to: path)
        #expect(try FileSystem.readFile(path) == Array("short".utf8))
        #expect(try FileSystem.listDirectory(folder) == ["state.json"])
    }

    @Test func givesExactPermissions() throws {
        let folder = try makeTemporaryFolder()
        let path = folder + "/blob"
        try AtomicFile.write(Array("x".utf8), to: path, permissions: 0o444)
        #expect(try FileSystem.status(path)?.permissions == 0o444)
    }

    @Test func noReplaceRefusesAnExistingFileAndKeepsIt() throws {
        let folder = try makeTemporaryFolder()
        let path = folder + "/manifest.json"
        try AtomicFile.write(Array("first".utf8), to: path, placement: .noReplace)
        let error = #expect(throws: FileSystemError.self) {
            try AtomicFile.write(Array("second".utf8), to: path, placement: .noReplace)
        }
        #expect(error?.code == FileSystemError.Code.exists)
        #expect(error?.path == path)
        #expect(try FileSystem.readFile(path) == Array("first".utf8))
        #expect(try FileSystem.listDirectory(folder) == ["manifest.json"])
    }

    @Test func aMissingFolderIsAnErrorNamingThePath() throws {
        let folder = try makeTemporaryFolder()
        let error = #expect(throws: FileSystemError.self) {
            try AtomicFile.write(Array("x".utf8), to: folder + "/missing/file")
        }
        #expect(error?.code == FileSystemError.Code.notFound)
        #expect(error?.path.hasPrefix(folder + "/missing/") == true)
    }

    @Test func copiesByTheSamePolicyThroughAGivenTemporaryFolder() throws {
        let folder = try makeTemporaryFolder()
        try FileSystem.makeDirectory(folder + "/tmp")
        try FileSystem.makeDirectory(folder + "/blobs")
        try FileSystem.writeFile(Array("content".utf8), to: folder + "/source")
        try AtomicFile.copy(folder + "/source", to: folder + "/blobs/b", permissions: 0o444, temporaryFolder: folder + "/tmp")
        #expect(try FileSystem.readFile(folder + "/blobs/b") == Array("content".utf8))
        #expect(try FileSystem.status(folder + "/blobs/b")?.permissions == 0o444)
        let error = #expect(throws: FileSystemError.self) {
            try AtomicFile.copy(folder + "/source", to: folder + "/blobs/b", placement: .noReplace)
        }
        #expect(error?.code == FileSystemError.Code.exists)
        #expect(try FileSystem.listDirectory(folder + "/blobs") == ["b"])
        #expect(try FileSystem.listDirectory(folder + "/tmp").isEmpty)
    }
}
