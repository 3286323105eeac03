import Foundation
import TestSupport
import Testing
@testable import Taxonomy

/// `taxonomy.documents`: which location a document repository is fetched from.
@Suite struct KnowledgeDocumentLocationTests {
    @Test func rewritesTakeTheLongestPrefix() {
        let sources = KnowledgeDocumentSources(
            rewrites: ["https://github.com/": "/srv/github/", "https://github.com/org/": "/srv/org/"])
        #expect(sources.location(for: "https://github.com/org/docs") == "/srv/org/docs")
        #expect(sources.location(for: "https://github.com/other/docs") == "/srv/github/other/docs")
        #expect(sources.location(for: "https://gitlab.com/org/docs") == "https://gitlab.com/org/docs")
    }

    @Test(arguments: [
        ("https://github.com/org/docs", "github.com/org/docs"),
        ("https://github.com/org/docs.git", "github.com/org/docs"),
        ("https://user:token@GitHub.com/org/docs/", "github.com/org/docs"),
        ("git@github.com:org/docs.git", "github.com/org/docs"),
    ])
    func mirrorPaths(url: String, path: String) {
        #expect(KnowledgeDocumentSources.mirrorPath(of: url) == path)
    }

    @Test func unsafeOrLocalURLsHaveNoMirrorPath() {
        #expect(KnowledgeDocumentSources.mirrorPath(of: "/srv/docs") == nil)
        #expect(KnowledgeDocumentSources.mirrorPath(of: "https://github.com/org/../../etc") == nil)
    }

    @Test func aMirrorCopyIsUsedOnlyWhenItExists() async throws {
        try await withTemporaryDirectory { directory in
            let copy = directory.appendingPathComponent("github.com/org/docs.git")
            try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
            let sources = KnowledgeDocumentSources(mirror: directory)
            #expect(sources.location(for: "https://github.com/org/docs") == copy.path)
            #expect(sources.location(for: "https://github.com/org/other") == "https://github.com/org/other")
        }
    }
}
