import Foundation
import Platform
import Testing

@Suite struct RenameTests {
    @Test func noReplaceMovesIntoAnEmptyPlace() throws {
        let folder = try makeTemporaryFolder()
        try FileSystem.writeFile(Array("a".utf8), to: folder + "/a")
        #expect(try FileSystem.renameNoReplace(folder + "/a", folder + "/b"))
        #expect(try FileSystem.readFile(folder + "/b") == Array("a".utf8))
        #expect(!FileSystem.exists(folder + "/a"))
    }

    @Test func noReplaceRefusesAFileOrAFolderInTheWay() throws {
        let folder = try makeTemporaryFolder()
        try FileSystem.writeFile(Array("a".utf8), to: folder + "/a")
        try FileSystem.writeFile(Array("b".utf8), to: folder + "/b")
        #expect(try !FileSystem.renameNoReplace(folder + "/a", folder + "/b"))
        #expect(try FileSystem.readFile(folder + "/b") == Array("b".utf8))
        try FileSystem.makeDirectory(folder + "/staged")
        try FileSystem.makeDirectory(folder + "/published")
        #expect(try !FileSystem.renameNoReplace(folder + "/staged", folder + "/published"))
    }

    @Test func exchangeSwapsTwoPaths() throws {
        let folder = try makeTemporaryFolder()
        try FileSystem.writeFile(Array("a".utf8), to: folder + "/a")
        try FileSystem.makeDirectory(folder + "/b")
        try FileSystem.exchange(folder + "/a", folder + "/b")
        #expect(try FileSystem.status(folder + "/a")?.isDirectory == true)
        #expect(try FileSystem.readFile(folder + "/b") == Array("a".utf8))
    }

    @Test func exchangeNeedsBothPaths() throws {
        let folder = try makeTemporaryFolder()
        try FileSystem.writeFile(Array("a".utf8), to: folder + "/a")
        let error = #expect(throws: FileSystemError.self) { try FileSystem.exchange(folder + "/a", folder + "/b") }
        #expect(error?.code == FileSystemError.Code.notFound)
        #expect(error?.operation == "renameat2(RENAME_EXCHANGE)")
    }

    @Test func syncFileSystemReachesTheFolderItNames() throws {
        let folder = try makeTemporaryFolder()
        try FileSystem.syncFileSystem(folder)
        #expect(throws: FileSystemError.self) { try FileSystem.syncFileSystem(folder + "/missing") }
    }
}
