import Foundation
import TestSupport
import Testing

/// The manifest and provenance of a real build of the sample taxonomy, checked against
/// the schema in the repository (docs/manifest.schema.json) and the in-toto/SLSA shape.
@Suite struct ManifestSchemaTests {
    static let validator = """
        import json, sys
        from jsonschema import Draft202012Validator
        schema = json.load(open(sys.argv[1]))
        Draft202012Validator.check_schema(schema)
        errors = list(Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))
        for error in errors:
            print("/".join(map(str, error.absolute_path)) + ": " + error.message)
        sys.exit(1 if errors else 0)
        """

    @Test func theSampleBuildsManifestMatchesTheSchemaAndItsProvenanceNamesItsInputs() async throws {
        try await withTemporaryDirectory { directory in
            let probe = try? await runProgram("python3", ["-c", "import jsonschema"], in: directory)
            guard probe?.status == 0 else {
                try Test.cancel("python3 with jsonschema is not installed (Debian: python3-jsonschema)")
            }
            let project = try NightlyBuildTests.makeProject(in: directory)
            let build = try await runModelbuild(["build", "nightly"], in: project)
            #expect(build.status == 0, "\(build.standardError)")
            let builds = project.appendingPathComponent("artifacts/lab-model/builds")
            let version = try #require(try FileManager.default.contentsOfDirectory(atPath: builds.path).first)
            let folder = builds.appendingPathComponent(version)
            let manifestPath = folder.appendingPathComponent("manifest.json").path
            let schema = packageRoot.appendingPathComponent("docs/manifest.schema.json").path
            let checked = try await runProgram("python3", ["-c", Self.validator, schema, manifestPath], in: directory)
            #expect(checked.status == 0, "\(checked.standardOutput)\(checked.standardError)")

            let manifest = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifestPath)))
                    as? [String: Any])
            let taxonomy = try #require(manifest["taxonomy"] as? [String: Any])
            let commit = try #require(taxonomy["commit"] as? String)
            let merged = try #require(taxonomy["mergedCommits"] as? [[String: Any]])
            #expect(merged.contains { $0["pullRequest"] as? Int == 7 })
            let provenance = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("provenance.json")))
                    as? [String: Any])
            #expect(provenance["_type"] as? String == "https://in-toto.io/Statement/v1")
            #expect(provenance["predicateType"] as? String == "https://slsa.dev/provenance/v1")
            let subject = try #require((provenance["subject"] as? [[String: Any]])?.first)
            let digest = try #require(subject["digest"] as? [String: String])
            #expect(digest["sha256"] == (manifest["rootDigest"] as? String)?.replacingOccurrences(of: "sha256:", with: ""))
            let predicate = try #require(provenance["predicate"] as? [String: Any])
            let definition = try #require(predicate["buildDefinition"] as? [String: Any])
            let dependencies = try #require(definition["resolvedDependencies"] as? [[String: Any]])
            #expect(dependencies.contains { ($0["digest"] as? [String: String])?["gitCommit"] == commit })
        }
    }
}
