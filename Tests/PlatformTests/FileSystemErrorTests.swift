import Foundation
import Platform
import Testing

@Suite struct FileSystemErrorTests {
    @Test func openingAMissingPathNamesTheCallThePathAndENOENT() throws {
        let path = try makeTemporaryFolder() + "/missing.json"
        let error = #expect(throws: FileSystemError.self) { try FileSystem.readFile(path) }
        #expect(error?.operation == "open")
        #expect(error?.path == path)
        #expect(error?.code == FileSystemError.Code.notFound)
        #expect(error?.isNotFound == true)
        #expect(error?.description == "open \(path): No such file or directory (errno 2)")
    }

    @Test func writingToAFullDeviceIsENOSPC() throws {
        let descriptor = try FileSystem.open("/dev/full", .writeOnly)
        defer { FileSystem.close(descriptor) }
        let error = #expect(throws: FileSystemError.self) {
            try FileSystem.writeAll(descriptor, Array(repeating: 7, count: 4096), path: "/dev/full")
        }
        #expect(error?.code == FileSystemError.Code.noSpace)
        #expect(error?.description == "write /dev/full: No space left on device (errno 28)")
    }

    @Test func carriesItsCauseAsAValue() {
        struct Cause: Error, Sendable, Equatable { var detail: String }
        let error = FileSystemError(
            operation: "read", path: "/x", code: FileSystemError.Code.invalidArgument, underlying: Cause(detail: "bad"))
        #expect(error.underlying as? Cause == Cause(detail: "bad"))
        #expect(error.description.hasSuffix("because: Cause(detail: \"bad\")"))
    }

    @Test func statusOfNothingIsNil() throws {
        let folder = try makeTemporaryFolder()
        #expect(try FileSystem.status(folder + "/nothing") == nil)
        #expect(try FileSystem.status(folder)?.isDirectory == true)
    }
}
