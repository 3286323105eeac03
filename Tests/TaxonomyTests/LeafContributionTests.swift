import Foundation
import Git
import TestSupport
import Testing

@testable import Taxonomy

/// Each leaf's contribution record: the commit (and pull request) that last changed it,
/// `created_by`, and its parsed `attribution.txt`.
@Suite struct LeafContributionTests {
    @Test func eachLeafNamesTheMergeThatLastChangedItAndItsAttribution() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            try fixture.writeLeaf(
                "knowledge/science/birds", "birds",
                attribution: """
                    Title of work: The Birds of Europe
                    Link to work: https://example.org/birds
                    Revision: 2
                    License of the work: CC-BY-SA-4.0
                    Creator names: Ann Example

                    """)
            try fixture.writeLeaf("compositional_skills/writing/haiku", "haiku")
            let first = try fixture.commitAll("Merge pull request #7 from ada/first")
            try fixture.write("compositional_skills/writing/haiku/qna.yaml", "version: 3\ncreated_by: bob\ntask_description: better\n")
            let second = try fixture.commitAll("Merge pull request #9 from bob/haiku")
            try fixture.write("README.md", "outside every leaf\n")
            _ = try fixture.commitAll("Docs only")

            let repository = try fixture.repository()
            let head = try fixture.id("HEAD")
            let tree = try TaxonomyTree(reading: repository, at: head, folders: ["compositional_skills", "knowledge"])
            let records = try LeafContribution.read(tree, from: repository, documents: [:])
            #expect(records.map(\.path) == ["compositional_skills/writing/haiku", "knowledge/science/birds"])

            let haiku = records[0]
            #expect(haiku.lastChange?.id == second)
            #expect(haiku.lastChange?.pullRequestNumber == 9)
            #expect(haiku.createdBy == "bob")
            #expect(haiku.kind == .skill)

            let birds = records[1]
            #expect(birds.lastChange?.id == first)
            #expect(birds.lastChange?.pullRequestNumber == 7)
            #expect(birds.createdBy == "ada")
            #expect(
                birds.attribution
                    == LeafAttribution(
                        title: "The Birds of Europe", link: "https://example.org/birds", revision: "2",
                        license: "CC-BY-SA-4.0", creator: "Ann Example"))
        }
    }

    @Test func unknownAttributionLinesAreKept() {
        let attribution = LeafAttribution(parsing: Array("title: A\nsomething else\nLicence: MIT\n".utf8))
        #expect(attribution.title == "A")
        #expect(attribution.license == "MIT")
        #expect(attribution.other == ["something else"])
    }
}
