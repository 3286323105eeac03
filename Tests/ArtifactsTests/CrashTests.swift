import Artifacts
import Foundation
import Testing
import TestSupport

/// A real publisher process, SIGKILLed right after each step: what it leaves must verify,
/// and the next publisher must clean up and succeed.
@Suite struct CrashTests {
    static let probe = buildProductsFolder + "/ArtifactsCrashProbe"

    @Test(arguments: [
        PublishStep.filesHashed, .lockAcquired, .blobsStored, .stagingWritten, .versionRenamed, .versionLogged, .refsMoved,
    ])
    func aKilledPublisherLeavesNothingHalfWritten(at step: PublishStep) async throws {
        try await withFixture { fixture in
            let layout = fixture.layout
            _ = try await fixture.publisher.publish(try fixture.build(kind: .release), version: .semantic("1.0.0"))
            let sources = fixture.directory.appendingPathComponent("probe-sources")
            try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
            for index in 0..<3 {
                try Data("probe weights \(index)\n".utf8).write(to: sources.appendingPathComponent("part\(index).bin"))
            }

            let result = try await runProgram(
                Self.probe, [layout.root, sources.path, "1.1.0", step.rawValue], in: fixture.directory)
            #expect(result.status == 128 + 9, "the probe should die by SIGKILL: \(result.standardError)")

            let published = try fixture.catalog.versionNames()
            let renamed = step.isAtOrAfter(.versionRenamed)
            #expect(published == (renamed ? ["1.0.0", "1.1.0"] : ["1.0.0"]))
            let staging = try SystemFolder.names(layout.staging)
            #expect(staging.count == (step.isAtOrAfter(.stagingWritten) && !renamed ? 1 : 0))
            #expect(try fixture.catalog.ref("release")?.version == (step.isAtOrAfter(.refsMoved) ? "1.1.0" : "1.0.0"))
            #expect(await Verifier(layout: layout).verifyAll().map(\.description) == [])

            let retry = fixture.publisher
            let next = try await retry.publish(try fixture.build(kind: .release), version: .bump(.minor))
            #expect(next.version == (renamed ? "1.2.0" : "1.1.0"))
            #expect(try SystemFolder.names(layout.staging).isEmpty)
            #expect(await Verifier(layout: layout).verifyAll().map(\.description) == [])
        }
    }
}

extension PublishStep {
    func isAtOrAfter(_ other: PublishStep) -> Bool {
        let steps = PublishStep.allCases
        return steps.firstIndex(of: self)! >= steps.firstIndex(of: other)!
    }
}
