import Foundation
import TestSupport
import Testing

/// `modelbuild credits` on a nightly of the sample taxonomy: each leaf's contributor, its
/// attribution.txt and its knowledge documents, from the published manifest; the model card
/// and data card beside it pass `verify`, and a release promoted from the nightly keeps them.
@Suite(.serialized) struct CreditsCommandTests {
    @Test func creditsNameEachLeafsContributorSourceAndDocuments() async throws {
        try await withTemporaryDirectory { directory in
            let project = try NightlyBuildTests.makeProject(in: directory)
            let nightly = try await runModelbuild(["build", "nightly"], in: project)
            #expect(nightly.status == 0, "\(nightly.standardOutput)\(nightly.standardError)")
            let list = try await runModelbuild(["list", "--json"], in: project)
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
            let version = try #require(rows.first?["version"] as? String)

            let credits = try await runModelbuild(["credits", version, "--json"], in: project)
            #expect(credits.status == 0, "\(credits.standardError)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(credits.standardOutput.utf8)) as? [String: Any])
            let sources = try #require(json["sources"] as? [[String: Any]])
            let unitConversion = try #require(
                sources.first { ($0["leaves"] as? [String])?.contains("compositional_skills/reasoning/unit_conversion") == true })
            #expect(unitConversion["title"] as? String == "modelbuild sample skill: unit conversion")
            #expect(unitConversion["license"] as? String == "CC-BY-4.0")
            #expect(unitConversion["creator"] as? String == "modelbuild authors")
            let contributors = try #require(json["contributors"] as? [[String: Any]])
            let contributor = try #require(
                contributors.first { ($0["leaves"] as? [String])?.contains("compositional_skills/reasoning/unit_conversion") == true })
            #expect(contributor["name"] as? String == "contributor-2")
            #expect((contributor["pullRequests"] as? [Int])?.isEmpty == false)
            let documents = try #require(json["documents"] as? [[String: Any]])
            #expect(documents.first?["repository"] as? String == "file://\(directory.path)/sample-documents")
            #expect((documents.first?["files"] as? [[String: Any]])?.isEmpty == false)

            let text = try await runModelbuild(["credits", version], in: project)
            #expect(text.standardOutput.contains("contributor-2: "))
            #expect(text.standardOutput.contains("\"modelbuild sample skill: unit conversion\" by modelbuild authors (CC-BY-4.0)"))

            let folder = project.appendingPathComponent("artifacts/lab-model/builds/\(version)")
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("README.md").path))
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("DATACARD.md").path))
            let verified = try await runModelbuild(["verify", version], in: project)
            #expect(verified.status == 0, "\(verified.standardOutput)")

            let unknown = try await runModelbuild(["credits", "nightly-1999-01-01"], in: project)
            #expect(unknown.status == 2)
            #expect(unknown.standardError.contains("no version \"nightly-1999-01-01\""))
        }
    }
}
