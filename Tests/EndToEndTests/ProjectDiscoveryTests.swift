import Foundation
import TestSupport
import Testing

/// builds.yaml found as cargo finds Cargo.toml: upward from the working folder, or from
/// `-C DIR`, or named by `-c FILE` or `MODELBUILD_CONFIG`; not found, the error says where
/// it looked.
@Suite struct ProjectDiscoveryTests {
    private static let config = """
        version: 1
        model: {name: lab-model}
        stages:
          work: {run: [sh, -c, "echo built"]}
        builds:
          nightly: {}
        """

    private func makeProject(_ directory: URL) throws -> URL {
        try Self.config.write(to: directory.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
        let deep = directory.appendingPathComponent("taxonomy/knowledge")
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        return deep
    }

    @Test func aSubfolderFindsTheProjectAbove() async throws {
        try await withTemporaryDirectory { directory in
            let deep = try makeProject(directory)
            let validate = try await runModelbuild(["validate"], in: deep)
            #expect(validate.status == 0, "\(validate.standardError)")
            #expect(validate.standardOutput.contains("ok (model lab-model"))
            let build = try await runModelbuild(["build", "nightly", "--no-publish"], in: deep)
            #expect(build.status == 0, "\(build.standardError)")
            // The run lives in the project, not in the subfolder.
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(".modelbuild/runs").path))
            #expect(!FileManager.default.fileExists(atPath: deep.appendingPathComponent(".modelbuild").path))
            let runs = try await runModelbuild(["runs"], in: deep)
            #expect(runs.standardOutput.contains("  nightly  succeeded"), "\(runs.standardOutput)")
        }
    }

    @Test func noProjectAnywhereSaysWhereItLookedAndExitsTwo() async throws {
        try await withTemporaryDirectory { directory in
            let empty = directory.appendingPathComponent("empty")
            try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
            for command in [["runs"], ["validate"], ["status"]] {
                let result = try await runModelbuild(command, in: empty)
                #expect(result.status == 2, "\(command): \(result.standardOutput)")
                #expect(result.standardError.contains("no builds.yaml in \(empty.path) or any folder above it"))
                #expect(result.standardError.contains("looked in \(empty.path), \(directory.path),"))
                #expect(!result.standardOutput.contains("no runs yet"))
            }
        }
    }

    @Test(arguments: ["-C", "-c", "MODELBUILD_CONFIG", "leading -C"])
    func theProjectCanBeNamed(how: String) async throws {
        try await withTemporaryDirectory { directory in
            let project = directory.appendingPathComponent("project")
            let elsewhere = directory.appendingPathComponent("elsewhere")
            for folder in [project, elsewhere] {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            }
            _ = try makeProject(project)
            let file = project.appendingPathComponent("builds.yaml").path
            let result: CommandResult
            switch how {
            case "-C": result = try await runModelbuild(["validate", "-C", project.path], in: elsewhere)
            case "-c": result = try await runModelbuild(["validate", "-c", file], in: elsewhere)
            case "leading -C": result = try await runModelbuild(["-C", project.path, "validate"], in: elsewhere)
            default: result = try await runModelbuild(["validate"], in: elsewhere, environment: ["MODELBUILD_CONFIG": file])
            }
            #expect(result.status == 0, "\(how): \(result.standardError)")
            #expect(result.standardOutput.contains("ok (model lab-model"))
        }
    }
}
