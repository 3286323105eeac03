import Foundation
import Git
import TestSupport
import Testing
import YAML

@testable import Taxonomy

/// Knowledge leaves' documents: fetched into the cache and read at the exact commit.
@Suite struct KnowledgeDocumentTests {
    /// A documents repository with two commits: `first` and `second` (which edits a.md).
    struct DocumentsRepository {
        let fixture: GitFixture
        let first: ObjectID
        let second: ObjectID

        init(at directory: URL) throws {
            fixture = try GitFixture(at: directory)
            try fixture.write("a.md", "# A, first\n")
            try fixture.write("manual.pdf", "%PDF-1.4 not really\n")
            try fixture.write("notes.txt", "not a document kind InstructLab reads\n")
            try fixture.write("guides/deep/c.md", "# C\n")
            try fixture.write(".hidden.md", "# hidden\n")
            first = try fixture.commitAll("Documents")
            try fixture.write("a.md", "# A, second\n")
            second = try fixture.commitAll("Edit A")
        }
    }

    private func leaf(repo: String, commit: String, patterns: [String]) -> [UInt8] {
        let list = patterns.map { "    - \"\($0)\"" }.joined(separator: "\n")
        return Array("version: 3\ndomain: tests\ndocument:\n  repo: \(repo)\n  commit: \(commit)\n  patterns:\n\(list)\n".utf8)
    }

    private func reference(repo: String, commit: String, patterns: [String]) throws -> KnowledgeDocumentReference {
        try #require(
            try KnowledgeDocumentReference.parse(
                leaf(repo: repo, commit: commit, patterns: patterns), file: "knowledge/tests/qna.yaml"))
    }

    private func cache(_ directory: URL) -> KnowledgeDocumentCache {
        KnowledgeDocumentCache(directory: directory.appendingPathComponent("documents"), retry: .never)
    }

    @Test func documentsAreReadAtTheNamedCommitWithTheirDigests() async throws {
        try await withTemporaryDirectory { directory in
            let documents = try DocumentsRepository(at: directory.appendingPathComponent("docs"))
            let cache = cache(directory)
            let url = "file://" + documents.fixture.directory.path

            let atFirst = try await cache.documents(
                for: reference(repo: url, commit: documents.first.hex, patterns: ["*.md", "*.pdf", "*.txt"]))
            #expect(atFirst.commit == documents.first)
            #expect(atFirst.files.map(\.path) == ["a.md", "manual.pdf"])
            #expect(atFirst.files.first?.bytes == Array("# A, first\n".utf8))
            #expect(atFirst.files.first?.sha256 == sha256Hex("# A, first\n"))

            let atSecond = try await cache.documents(
                for: reference(repo: url, commit: documents.second.hex, patterns: ["*.md", "*.pdf"]))
            #expect(atSecond.files.first?.bytes == Array("# A, second\n".utf8))
            #expect(atSecond.documentsDigest != atFirst.documentsDigest)
            #expect(atSecond.documentsDigest.count == 64)

            let recursive = try await cache.documents(
                for: reference(repo: url, commit: documents.first.hex, patterns: ["**/*.md"]))
            #expect(recursive.files.map(\.path) == ["a.md", "guides/deep/c.md"])
        }
    }

    @Test func cachedCommitsAreReadWithoutTheRemote() async throws {
        try await withTemporaryDirectory { directory in
            let documents = try DocumentsRepository(at: directory.appendingPathComponent("docs"))
            let cache = cache(directory)
            let ref = try reference(repo: documents.fixture.directory.path, commit: documents.first.hex, patterns: ["a.md"])
            let fetched = try await cache.documents(for: ref)
            try FileManager.default.removeItem(at: documents.fixture.directory)
            let cached = try await cache.documents(for: ref)
            #expect(cached == fetched)
            #expect(FileManager.default.fileExists(atPath: cache.mirrorDirectory(for: ref.repository).path))
        }
    }

    @Test func percentEncodedFileURLsAreFetched() async throws {
        try await withTemporaryDirectory { directory in
            let documents = try DocumentsRepository(at: directory.appendingPathComponent("my docs #1"))
            let encoded = "file://" + documents.fixture.directory.path
                .replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "#", with: "%23")
            #expect(KnowledgeDocumentCache.fetchLocation(for: encoded) == documents.fixture.directory.path)
            let set = try await cache(directory).documents(
                for: reference(repo: encoded, commit: documents.first.hex, patterns: ["a.md"]))
            #expect(set.repository == encoded)
            #expect(set.files.map(\.path) == ["a.md"])
        }
    }

    @Test func patternsMatchingNoDocumentGiveInstructLabsError() async throws {
        try await withTemporaryDirectory { directory in
            let documents = try DocumentsRepository(at: directory.appendingPathComponent("docs"))
            let error = await #expect(throws: KnowledgeDocumentError.self) {
                try await cache(directory).documents(
                    for: reference(repo: documents.fixture.directory.path, commit: documents.first.hex, patterns: ["*.txt", "nothing/*"]))
            }
            #expect(error?.kind == .noDocuments)
            let diagnostic = try #require(error?.diagnostics.first)
            #expect(diagnostic.location == SourceLocation(file: "knowledge/tests/qna.yaml", line: 7, column: 5))
            #expect(diagnostic.path.description == "document.patterns")
            #expect(diagnostic.message.hasPrefix("Couldn't find any valid knowledge documents."))
        }
    }

    @Test func aCommitThatDoesNotExistIsLocatedOnTheCommitKey() async throws {
        try await withTemporaryDirectory { directory in
            let documents = try DocumentsRepository(at: directory.appendingPathComponent("docs"))
            let missing = String(repeating: "0123456789", count: 4)
            let error = await #expect(throws: KnowledgeDocumentError.self) {
                try await cache(directory).documents(
                    for: reference(repo: documents.fixture.directory.path, commit: missing, patterns: ["*.md"]))
            }
            #expect(error?.kind == .commitNotFound)
            let diagnostic = try #require(error?.diagnostics.first)
            #expect(diagnostic.location.line == 5)
            #expect(diagnostic.message.contains("commit \(missing) does not exist in"))
        }
    }

    @Test func anUnfetchableRepositoryIsLocatedOnTheRepoKey() async throws {
        try await withTemporaryDirectory { directory in
            let missing = directory.appendingPathComponent("gone").path
            let error = await #expect(throws: KnowledgeDocumentError.self) {
                try await cache(directory).documents(
                    for: reference(repo: "file://" + missing, commit: String(repeating: "a", count: 40), patterns: ["*.md"]))
            }
            #expect(error?.kind == .repositoryUnavailable)
            let diagnostic = try #require(error?.diagnostics.first)
            #expect(diagnostic.location.line == 4)
            #expect(diagnostic.path.description == "document.repo")
            #expect(diagnostic.message.contains("cannot fetch the document repository file://\(missing)"))
        }
    }

    @Test func documentsOverTheSizeLimitAreRefused() async throws {
        try await withTemporaryDirectory { directory in
            let documents = try DocumentsRepository(at: directory.appendingPathComponent("docs"))
            let small = KnowledgeDocumentCache(
                directory: directory.appendingPathComponent("documents"), retry: .never, maxDocumentBytes: 5)
            let error = await #expect(throws: KnowledgeDocumentError.self) {
                try await small.documents(
                    for: reference(repo: documents.fixture.directory.path, commit: documents.first.hex, patterns: ["a.md"]))
            }
            #expect(error?.kind == .documentTooLarge)
        }
    }

    // MARK: - The document section

    @Test func aLeafWithoutDocumentHasNoReference() throws {
        #expect(try KnowledgeDocumentReference.parse(Array("version: 3\n".utf8), file: "k/qna.yaml") == nil)
    }

    @Test func malformedDocumentSectionsAreLocated() throws {
        let text = "document:\n  repo: [not, a, string]\n  commit: abc\n"
        let error = try #require(throws: KnowledgeDocumentError.self) {
            try KnowledgeDocumentReference.parse(Array(text.utf8), file: "knowledge/x/qna.yaml")
        }
        #expect(error.kind == .invalidReference)
        #expect(
            error.diagnostics.map(\.description) == [
                "knowledge/x/qna.yaml:2:3: error: document: missing required key \"patterns\"",
                "knowledge/x/qna.yaml:2:9: error: document.repo: expected a string, found a list",
            ])
    }

    @Test func patternsThatClimbOutAreRefused() throws {
        let error = try #require(throws: KnowledgeDocumentError.self) {
            try KnowledgeDocumentReference.parse(
                leaf(repo: "https://example.com/docs", commit: "abc", patterns: ["ok.md", "../../etc/*.md"]),
                file: "knowledge/x/qna.yaml")
        }
        #expect(error.kind == .invalidPattern)
        #expect(error.diagnostics.map(\.path.description) == ["document.patterns[1]"])
    }

    @Test(arguments: [
        ("*.md", "a.md", true), ("*.md", "guides/a.md", false), ("*.md", ".hidden.md", false),
        (".*.md", ".hidden.md", true), ("guides/*/c.md", "guides/deep/c.md", true),
        ("**/*.md", "a.md", true), ("**/*.md", "guides/deep/c.md", true), ("**/*.md", ".git/x.md", false),
        ("guides/**", "guides/deep/c.md", true), ("?.md", "a.md", true), ("?.md", "ab.md", false),
        ("[ab].md", "b.md", true), ("[!ab].md", "b.md", false), ("[a-c].md", "c.md", true),
        ("[.md", "[.md", true), ("A.md", "a.md", false), ("./a.md", "a.md", true), ("*", "a.md", true),
        ("a*b*c.md", "axxbyyc.md", true), ("a*b*c.md", "axxbyy.md", false),
    ] as [(String, String, Bool)])
    func patternsMatchLikePythonsGlob(pattern: String, path: String, expected: Bool) throws {
        let compiled = try #require(KnowledgeDocumentPattern(pattern))
        #expect(compiled.matches(path) == expected, "\(pattern) ~ \(path)")
    }

    @Test(arguments: ["", "/etc/*.md", "../x.md", "a/../../x.md", "."])
    func unsafePatternsDoNotParse(pattern: String) {
        #expect(KnowledgeDocumentPattern(pattern) == nil)
    }
}

private func sha256Hex(_ text: String) -> String {
    // The digest the cache records, computed independently with the sha256sum tool.
    let result = try? SpawnedProcess.run(
        "sha256sum", [], environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"],
        standardInput: Array(text.utf8))
    return String(result?.standardOutput.prefix(64) ?? "")
}
