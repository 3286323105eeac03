import Foundation
import Platform
import Testing

@Suite struct DirectoryEntriesTests {
    /// Each entry's kind is the one `lstat` gives its name: a link is a link, whatever it
    /// points to.
    @Test func entriesHaveTheKindLstatGives() throws {
        let folder = try makeTemporaryFolder()
        try FileSystem.writeFile(Array("a".utf8), to: folder + "/file")
        try FileSystem.makeDirectory(folder + "/folder")
        try FileSystem.makeDirectory(folder + "/.hidden")
        try FileSystem.makeSymbolicLink(target: "folder", at: folder + "/link-to-folder")
        try FileSystem.makeSymbolicLink(target: "nowhere", at: folder + "/dangling")
        #expect(mkfifo(folder + "/fifo", 0o600) == 0)
        let entries = try FileSystem.listDirectoryEntries(folder).sorted { $0.name < $1.name }
        #expect(entries.map(\.name) == [".hidden", "dangling", "fifo", "file", "folder", "link-to-folder"])
        for entry in entries {
            #expect(entry.kind == (try FileSystem.status(folder + "/" + entry.name))?.kind, "\(entry.name)")
        }
        #expect(entries.map(\.name).sorted() == (try FileSystem.listDirectory(folder)).sorted())
    }

    @Test func aMissingFolderIsAnError() throws {
        let folder = try makeTemporaryFolder()
        #expect(throws: FileSystemError.self) { try FileSystem.listDirectoryEntries(folder + "/missing") }
        try FileSystem.writeFile([], to: folder + "/file")
        #expect(throws: FileSystemError.self) { try FileSystem.listDirectoryEntries(folder + "/file") }
    }
}
