import Artifacts
import Foundation
import Testing
import TestSupport

/// Validates real manifests against `docs/manifest.schema.json` with Python's `jsonschema`
/// (Debian: python3-jsonschema; pip: jsonschema).
@Suite struct SchemaTests {
    static let schema = packageRoot.appendingPathComponent("docs/manifest.schema.json").path
    static let validator = """
        import json, sys
        from jsonschema import Draft202012Validator, FormatChecker
        schema = json.load(open(sys.argv[1]))
        Draft202012Validator.check_schema(schema)
        errors = list(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(json.load(open(sys.argv[2]))))
        for error in errors:
            print("/".join(map(str, error.absolute_path)) + ": " + error.message)
        sys.exit(1 if errors else 0)
        """

    func validate(_ manifest: String, in directory: URL) async throws -> CommandResult {
        let probe = try? await runProgram("python3", ["-c", "import jsonschema"], in: directory)
        guard probe?.status == 0 else {
            try Test.cancel("python3 with jsonschema is not installed (Debian: python3-jsonschema; pip install jsonschema)")
        }
        return try await runProgram("python3", ["-c", Self.validator, Self.schema, manifest], in: directory)
    }

    @Test func aPublishedManifestMatchesTheSchema() async throws {
        try await withFixture { fixture in
            let build = try fixture.build()
            let published = try await fixture.publisher.publish(build, version: .semantic("1.0.0-rc.1"))
            let result = try await validate(fixture.layout.manifest(published.version), in: fixture.directory)
            #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        }
    }

    @Test func aBrokenManifestDoesNot() async throws {
        try await withFixture { fixture in
            let published = try await fixture.publisher.publish(try fixture.build(), version: .semantic("1.0.0"))
            var manifest = published.manifest
            manifest.files[0].sha256 = "not-a-digest"
            manifest.files[1].path = "../escape"
            let path = fixture.directory.appendingPathComponent("broken.json").path
            try Data(try JSONFile.encode(manifest, path: path)).write(to: URL(fileURLWithPath: path))
            let result = try await validate(path, in: fixture.directory)
            #expect(result.status == 1)
            #expect(result.standardOutput.contains("files/0/sha256"))
            #expect(result.standardOutput.contains("files/1/path"))
        }
    }
}
