import Foundation
import TestSupport
import Testing

/// Issue #13 item 9: builds on a real full disk (a small tmpfs, filled to leave less and
/// less room): whatever write fails, no half-written version is ever visible, every
/// version there verifies, the output says what was published, no raw Foundation error
/// is printed, and once there is room again the next build and `prune` leave nothing over.
/// Needs root to mount the tmpfs; without it the test says so and checks nothing.
@Suite(.serialized) struct FullDiskTests {
    @Test func aFullDiskNeverLeavesAHalfVersionAndTheMessageSaysWhatWasPublished() async throws {
        try await withTemporaryDirectory { directory in
            let disk = directory.appendingPathComponent("disk")
            try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
            // Room for every version and store entry the sweep below leaves (each build of
            // --no-cache writes a new 400 KB model), so the last build has room once the
            // filler goes.
            let mounted = try SpawnedProcess.run(
                "/bin/mount", ["-t", "tmpfs", "-o", "size=128m", "tmpfs", disk.path], environment: [:])
            guard mounted.status == 0 else {
                print("FullDiskTests skipped: mounting a tmpfs was refused (\(mounted.standardError)); needs root")
                return
            }
            defer { _ = try? SpawnedProcess.run("/bin/umount", ["-l", disk.path], environment: [:]) }
            let project = BuildProject(directory: disk.appendingPathComponent("project"))
            try FileManager.default.createDirectory(at: project.directory, withIntermediateDirectories: true)
            let writer = try project.writeScript(
                "writer.sh",
                #"""
                out=$(sed -n 's/^  "output" : "\(.*\)",\{0,1\}$/\1/p' "$MODELBUILD_CONTEXT")
                head -c 400000 /dev/urandom > "$out/model.bin"
                """#)
            let reader = try project.writeScript(
                "reader.sh",
                #"""
                set -e
                input=$(sed -n 's/^    "train" : "\(.*\)",\{0,1\}$/\1/p' "$MODELBUILD_CONTEXT")
                out=$(sed -n 's/^  "output" : "\(.*\)",\{0,1\}$/\1/p' "$MODELBUILD_CONTEXT")
                wc -c < "$input/model.bin" > "$out/size"
                """#)
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                stages:
                  train: {run: [sh, "\(writer)"]}
                  evaluate: {run: [sh, "\(reader)"], needs: [train]}
                builds:
                  nightly: {}
                """)
            let filler = disk.appendingPathComponent("filler")
            // Coarse steps of room until a build publishes, then every 4 KiB below that:
            // the writes that fail there are the publisher's (staging, the log, the refs,
            // the index), the ones that used to fail after the version was in place.
            var room = 0
            var succeeded: Int?
            while succeeded == nil, room <= 4096 {
                if try await buildOnAFullDisk(project, disk, filler, room: room) { succeeded = room }
                room += 64
            }
            let first = try #require(succeeded, "no build succeeded even with 4 MiB free")
            for fine in stride(from: max(0, first - 128), to: first, by: 4) {
                _ = try await buildOnAFullDisk(project, disk, filler, room: fine)
            }
            let last = try await project.build(["nightly", "--no-cache"])
            #expect(last.status == 0, "\(last.standardOutput)\(last.standardError)")
            let verified = try await runModelbuild(["verify"], in: project.directory)
            #expect(verified.status == 0, "\(verified.standardOutput)\(verified.standardError)")
            let pruned = try await runModelbuild(["prune"], in: project.directory)
            #expect(pruned.status == 0, "\(pruned.standardOutput)\(pruned.standardError)")
            let state = project.stateDirectory.path
            let left = project.stateFiles().map { String($0.dropFirst(state.count)) }
                .filter { $0.contains("/.tmp-") || $0.contains(".partial-") || $0.hasPrefix("/store/tmp/") }
            #expect(left == [])
            let artifacts = project.artifactsDirectory.path
            for folder in [artifacts, artifacts + "/refs", artifacts + "/blobs/sha256", artifacts + "/.staging"] {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
                #expect(names.filter { $0.hasPrefix(".tmp-") || folder.hasSuffix(".staging") } == [], "\(folder)")
            }
        }
    }

    /// One `build nightly --no-cache` with about `room` KiB free, and what must hold
    /// whatever write failed. Returns whether it succeeded.
    private func buildOnAFullDisk(_ project: BuildProject, _ disk: URL, _ filler: URL, room: Int) async throws -> Bool {
        let before = Set(try project.publishedVersions())
        try fill(disk, with: filler, leaving: room * 1024)
        let result = try await project.build(["nightly", "--no-cache"])
        try? FileManager.default.removeItem(at: filler)
        let output = result.standardOutput + result.standardError
        #expect(!output.contains("NSCocoaErrorDomain") && !output.contains("Error Domain="), "\(room) KiB: \(output)")
        let after = Set(try project.publishedVersions())
        let added = after.subtracting(before)
        #expect(added.count <= 1)
        if let version = added.first {
            #expect(output.contains("published") && output.contains(version), "\(room) KiB: \(output)")
        } else {
            #expect(result.status != 0, "\(room) KiB: a build that published nothing succeeded: \(output)")
            #expect(!output.contains("published lab-model"), "\(room) KiB: \(output)")
        }
        for version in added {
            let verified = try await runModelbuild(["verify", version], in: project.directory)
            #expect(verified.status == 0, "\(room) KiB: \(version): \(verified.standardOutput)\(verified.standardError)")
        }
        return result.status == 0
    }

    /// Writes `filler` so that about `bytes` stay free on the file system of `disk`. The
    /// file is opened close-on-exec: a process another test starts meanwhile must not
    /// inherit it, or its space would stay taken after the test removes it.
    private func fill(_ disk: URL, with filler: URL, leaving bytes: Int) throws {
        let free = try #require(
            try FileManager.default.attributesOfFileSystem(forPath: disk.path)[.systemFreeSize] as? NSNumber
        ).intValue
        let size = max(0, free - bytes)
        let descriptor = open(filler.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        try #require(descriptor >= 0, "cannot open \(filler.path): errno \(errno)")
        defer { close(descriptor) }
        let chunk = [UInt8](repeating: 0, count: 1 << 20)
        var written = 0
        while written < size {
            let part = min(chunk.count, size - written)
            let count = chunk.withUnsafeBytes { write(descriptor, $0.baseAddress, part) }
            guard count > 0 else { break }
            written += count
        }
    }
}
