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
            // Without the kill, a publisher that simply finished would pass every check below
            // for the late steps: nothing after this proves anything unless it died there.
            try #require(result.status == 128 + 9, "the probe should die by SIGKILL after \(step): \(result.standardError)")

            let published = try fixture.catalog.versionNames()
            let renamed = step.isAtOrAfter(.versionRenamed)
            #expect(published == (renamed ? ["1.0.0", "1.1.0"] : ["1.0.0"]))
            let staging = try SystemFolder.names(layout.staging)
            #expect(staging.count == (step.isAtOrAfter(.stagingWritten) && !renamed ? 1 : 0))
            #expect(try fixture.catalog.ref("release")?.version == (step.isAtOrAfter(.refsMoved) ? "1.1.0" : "1.0.0"))
            #expect(await Verifier(layout: layout, policy: .unsignedReleasesAllowed).verifyAll().map(\.description) == [])

            let retry = fixture.publisher
            let next = try await retry.publish(try fixture.build(kind: .release), version: .bump(.minor))
            #expect(next.version == (renamed ? "1.2.0" : "1.1.0"))
            #expect(try SystemFolder.names(layout.staging).isEmpty)
            #expect(try Self.temporaryFiles(in: layout) == [])
            #expect(await Verifier(layout: layout, policy: .unsignedReleasesAllowed).verifyAll().map(\.description) == [])
        }
    }

    /// A writer killed inside an atomic write (after its temporary file was made, before
    /// the rename) leaves `.tmp-*` beside the refs, the index or the blobs: the next
    /// publisher, holding the lock, removes every one. The kill inside that window is
    /// simulated by leaving the files exactly as `AtomicFile` names them.
    @Test func theNextPublisherRemovesTemporaryFilesOfKilledWriters() async throws {
        try await withFixture { fixture in
            let layout = fixture.layout
            _ = try await fixture.publisher.publish(try fixture.build(kind: .release), version: .semantic("1.0.0"))
            let planted = [
                layout.refs + "/.tmp-1234-abcd-release", layout.root + "/.tmp-1234-abcd-index.html",
                layout.root + "/.tmp-1234-abcd-index.json", layout.blobs + "/.tmp-1234-abcd-" + String(repeating: "e", count: 64),
            ]
            for path in planted { try Data("half".utf8).write(to: URL(fileURLWithPath: path)) }
            try FileManager.default.createDirectory(
                atPath: layout.staging + "/0b1c", withIntermediateDirectories: true)
            #expect(try Self.temporaryFiles(in: layout).count == planted.count)

            _ = try await fixture.publisher.publish(try fixture.build(kind: .release), version: .bump(.minor))
            #expect(try Self.temporaryFiles(in: layout) == [])
            #expect(try SystemFolder.names(layout.staging).isEmpty)
            #expect(await Verifier(layout: layout, policy: .unsignedReleasesAllowed).verifyAll().map(\.description) == [])
        }
    }

    /// Every `.tmp-*` file beside the refs, the index and the blobs.
    static func temporaryFiles(in layout: ArtifactLayout) throws -> [String] {
        try [layout.root, layout.refs, layout.blobs].flatMap { folder in
            try SystemFolder.names(folder).filter { $0.hasPrefix(".tmp-") }.map { folder + "/" + $0 }
        }
    }
}

/// Publishers in separate processes, at once.
@Suite struct ConcurrentProcessTests {
    @Test func twoProcessesPublishingTheSameVersionHaveExactlyOneWinner() async throws {
        try await withFixture { fixture in
            var folders: [String] = []
            for index in 0..<2 {
                let sources = fixture.directory.appendingPathComponent("sources-\(index)")
                try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
                try Data("weights of process \(index)\n".utf8).write(to: sources.appendingPathComponent("model.bin"))
                folders.append(sources.path)
            }
            let root = fixture.layout.root
            let results = try await withThrowingTaskGroup(of: CommandResult.self) { group in
                for sources in folders {
                    group.addTask {
                        try await runProgram(CrashTests.probe, [root, sources, "3.0.0", "none"], in: fixture.directory)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.map(\.status).sorted() == [0, 1], "\(results.map(\.standardError))")
            let loser = try #require(results.first { $0.status == 1 })
            #expect(loser.standardError.contains("version 3.0.0 is already published"))
            #expect(try fixture.catalog.versionNames() == ["3.0.0"])
            #expect(await Verifier(layout: fixture.layout, policy: .unsignedReleasesAllowed).verifyAll().isEmpty)
        }
    }

    /// The probe finds the lock taken while this test holds it, and takes it only after
    /// the test lets go: its own record of the steps says when.
    @Test func aPublisherInAnotherProcessWaitsForTheLock() async throws {
        try await withFixture { fixture in
            let sources = fixture.directory.appendingPathComponent("sources")
            try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
            try Data("weights\n".utf8).write(to: sources.appendingPathComponent("model.bin"))
            let steps = fixture.directory.appendingPathComponent("probe-steps").path
            try Data().write(to: URL(fileURLWithPath: steps))
            let lock = try await PublishLock.acquire(fixture.layout)
            let root = fixture.layout.root
            let probe = Task {
                try await runProgram(
                    CrashTests.probe, [root, sources.path, "1.0.0", "none"], in: fixture.directory,
                    environment: ["MODELBUILD_PROBE_STEPS": steps])
            }
            // Its first try found the lock taken: it is in the lock's wait loop.
            let waiting = try await eventually(timeout: .seconds(300)) {
                try String(contentsOfFile: steps, encoding: .utf8).contains("waitingForLock ")
            }
            #expect(waiting, "the probe never reached the publish lock")
            #expect(try fixture.catalog.versionNames().isEmpty, "the other process must not publish while we hold the lock")
            let released = Date().timeIntervalSince1970
            lock.release()
            let result = try await probe.value
            #expect(result.status == 0, "\(result.standardError)")
            #expect(try fixture.catalog.versionNames() == ["1.0.0"])
            let acquired = try String(contentsOfFile: steps, encoding: .utf8).split(separator: "\n")
                .first { $0.hasPrefix("lockAcquired ") }.flatMap { Double($0.split(separator: " ")[1]) }
            #expect(try #require(acquired) >= released, "the probe took the lock before this test let go of it")
        }
    }
}

extension PublishStep {
    func isAtOrAfter(_ other: PublishStep) -> Bool {
        let steps = PublishStep.allCases
        return steps.firstIndex(of: self)! >= steps.firstIndex(of: other)!
    }
}
