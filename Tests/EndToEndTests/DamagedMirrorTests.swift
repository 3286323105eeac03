import Foundation
import TestSupport
import Testing

/// Issue #13 item 9: a taxonomy mirror damaged on disk (a pack cut short by a kill or a
/// full disk) is detected and cloned again, instead of "no branch 'main' … (it has main)".
@Suite struct DamagedMirrorTests {
    @Test func aTruncatedPackIsDetectedAndTheMirrorClonedAgain() async throws {
        try await withTemporaryDirectory { directory in
            let made = try await runProgram(
                packageRoot.appendingPathComponent("scripts/sample-taxonomy").path,
                [directory.appendingPathComponent("tax").path], in: directory)
            try #require(made.status == 0, "\(made.standardError)")
            let config = "version: 1\nmodel: {name: lab-model}\ntaxonomy: {url: tax, branch: main}\n"
                + "stages:\n  validate: {uses: builtin/validate}\nbuilds:\n  nightly: {}\n"
            try config.write(to: directory.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
            let first = try await runModelbuild(["taxonomy", "sync"], in: directory)
            try #require(first.status == 0, "\(first.standardOutput)\(first.standardError)")

            // Every object file of the mirror cut to half its length, as a kill mid-write leaves it.
            let objects = directory.appendingPathComponent(".modelbuild/taxonomy.git/objects")
            var damaged = 0
            let enumerator = FileManager.default.enumerator(atPath: objects.path)
            while let relative = enumerator?.nextObject() as? String {
                let path = objects.appendingPathComponent(relative).path
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                    !relative.hasSuffix(".idx"), !relative.hasPrefix("info")
                else { continue }
                try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
                let handle = try #require(FileHandle(forWritingAtPath: path))
                try handle.truncate(atOffset: try handle.seekToEnd() / 2)
                try handle.close()
                damaged += 1
            }
            try #require(damaged > 0)

            let second = try await runModelbuild(["taxonomy", "sync"], in: directory)
            #expect(second.status == 0, "\(second.standardOutput)\(second.standardError)")
            #expect((second.standardOutput + second.standardError).contains("is damaged"), "\(second.standardError)")
            #expect(!second.standardError.contains("no branch 'main'"))
            let plan = try await runModelbuild(["plan", "nightly"], in: directory)
            #expect(plan.status == 0, "\(plan.standardOutput)\(plan.standardError)")
            let leftovers = try FileManager.default.contentsOfDirectory(
                atPath: directory.appendingPathComponent(".modelbuild").path
            ).filter { $0.contains(".damaged-") || $0.contains(".partial-") }
            #expect(leftovers == [])
        }
    }
}
