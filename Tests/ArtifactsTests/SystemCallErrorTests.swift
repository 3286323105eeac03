import Artifacts
import Foundation
import Platform
import Testing
import TestSupport

@Suite struct SystemCallErrorTests {
    @Test func aMissingKeyFileCarriesTheFailedCallAsItsCause() async throws {
        await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("missing.key").path
            let error = #expect(throws: ArtifactsError.self) { try SigningKey(contentsOf: path) }
            #expect(error?.code == .systemCall)
            #expect(error?.path == path)
            #expect(error?.cause?.operation == "open")
            #expect(error?.cause?.code == FileSystemError.Code.notFound)
            #expect(error?.reason == "open failed: No such file or directory (errno 2)")
        }
    }

    @Test func anExistingKeyIsRefusedWithEEXIST() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("release.key").path
            try SigningKey().write(to: path)
            let error = #expect(throws: ArtifactsError.self) { try SigningKey().write(to: path) }
            #expect(error?.cause?.code == FileSystemError.Code.exists)
        }
    }
}
