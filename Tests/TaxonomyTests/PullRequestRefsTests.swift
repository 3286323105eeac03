import Foundation
import Git
import TestSupport
import Taxonomy
import Testing

/// Pull-request heads (issue 15): numbers read from reference names, fetched into the
/// mirror on demand and pruned when the remote drops them.
@Suite struct PullRequestRefsTests {
    @Test(arguments: [
        ("refs/pull/*/head", "refs/pull/42/head", 42 as Int?), ("refs/pull/*/head", "refs/pull/42/merge", nil),
        ("refs/merge-requests/*/head", "refs/merge-requests/7/head", 7), ("refs/pull/*/head", "refs/pull/x/head", nil),
        ("refs/pull/*/head", "refs/pull//head", nil),
    ])
    func numbersAreReadFromReferenceNames(pattern: String, reference: String, number: Int?) {
        let refs = PullRequestRefs(pattern: pattern)
        #expect(refs.number(in: reference) == number)
        if let number { #expect(refs.reference(number) == reference) }
    }

    @Test func headsAreFetchedIntoTheMirrorAndPrunedWhenGone() async throws {
        try await withTemporaryDirectory { directory in
            let upstream = try GitFixture(at: directory.appendingPathComponent("upstream"))
            try upstream.write("compositional_skills/a/qna.yaml", "a\n")
            let first = try upstream.commitAll("Start")
            try upstream.git("update-ref", "refs/pull/1/head", first.hex)
            try upstream.git("update-ref", "refs/pull/2/head", first.hex)
            let sync = TaxonomySync(
                remoteURL: upstream.directory.path, branch: "main",
                state: TaxonomyStateLayout(root: directory.appendingPathComponent(".modelbuild")), retry: .never)
            _ = try await sync.synchronize()
            let refs = PullRequestRefs(pattern: "refs/pull/*/head")
            #expect(try refs.heads(in: sync.openMirror()).isEmpty, "a plain sync fetches no pull request")
            #expect(try await sync.fetchPullRequests(refs) == [1: first, 2: first])
            try upstream.git("update-ref", "-d", "refs/pull/2/head")
            #expect(try await sync.fetchPullRequests(refs) == [1: first])
            _ = try await sync.synchronize()
            #expect(try refs.heads(in: sync.openMirror()) == [1: first], "a branch sync leaves pull requests alone")
        }
    }
}
