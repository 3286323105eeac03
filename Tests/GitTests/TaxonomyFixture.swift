import Foundation
import Git
import TestSupport

/// A small taxonomy-shaped upstream repository: two knowledge leaves, one skill, docs.
///
/// History on `main` (oldest first): "Initial taxonomy", then the merge of PR #12 from
/// branch `add-dogs`, then the squash commit "Add birds (#13)".
struct TaxonomyFixture {
    let upstream: GitFixture
    let initial: ObjectID
    let mergeOfPullRequest12: ObjectID
    let squashOfPullRequest13: ObjectID

    static let catsLeaf = "knowledge/animals/cats/qna.yaml"
    static let dogsLeaf = "knowledge/animals/dogs/qna.yaml"
    static let birdsLeaf = "knowledge/animals/birds/qna.yaml"
    static let poemLeaf = "compositional_skills/writing/poem/qna.yaml"

    init(at directory: URL) throws {
        let upstream = try GitFixture(at: directory)
        try upstream.write(Self.catsLeaf, "version: 3\ndomain: cats\n")
        try upstream.write(Self.poemLeaf, "version: 2\ntask_description: poems\n")
        try upstream.write("docs/README.md", "# Taxonomy\n")
        initial = try upstream.commitAll("Initial taxonomy")

        try upstream.git("checkout", "--quiet", "-b", "add-dogs")
        try upstream.write(Self.dogsLeaf, "version: 3\ndomain: dogs\n")
        try upstream.commitAll("Add dogs")
        try upstream.write(Self.dogsLeaf, "version: 3\ndomain: dogs\ncreated_by: ada\n")
        try upstream.commitAll("Credit the dogs author")
        try upstream.git("checkout", "--quiet", "main")
        mergeOfPullRequest12 = try upstream.mergeNoFastForward(
            "add-dogs", message: "Merge pull request #12 from a/b\n\nAdd dogs")

        try upstream.write(Self.birdsLeaf, "version: 3\ndomain: birds\n")
        squashOfPullRequest13 = try upstream.commitAll("Add birds (#13)\n\n* Add birds\n* Fix typo")
        self.upstream = upstream
    }
}
