import Foundation
import TestSupport
import Testing

/// Knowledge documents on a night their repositories cannot be reached: the failure is a
/// recorded run listing every failing leaf and what to do; a commit already cached is read
/// from the cache; `taxonomy.documents` serves them from a mirror folder or rewritten URLs;
/// `documents import` fills the cache; and a git `insteadOf` rule is shown.
@Suite struct KnowledgeDocumentSourcesTests {
    static let remote = "https://docs.example.invalid/modelbuild/sample-documents"

    @Test func anUnreachableRepositoryIsARecordedRunListingEveryFailingLeaf() async throws {
        try await withTemporaryDirectory { directory in
            let project = try SampleTaxonomyProject.make(in: directory)
            try FileManager.default.moveItem(at: project.documents, to: directory.appendingPathComponent("moved-away"))

            // A nightly skips the two leaves (its default) and builds the rest.
            let skipping = try await project.run(["build", "nightly", "--no-publish"])
            #expect(skipping.status == 0, "\(skipping.standardOutput)\(skipping.standardError)")
            for leaf in SampleTaxonomyProject.knowledgeLeaves {
                #expect(skipping.standardOutput.contains("documents \(leaf)"), "\(skipping.standardOutput)")
            }

            try project.editConfig(
                replacing: "  folders: [compositional_skills, knowledge]", with: "  folders: [compositional_skills, knowledge]\n  on_invalid: fail")
            let build = try await project.run(["build", "nightly", "--no-publish"])
            #expect(build.status == 1, "\(build.standardOutput)\(build.standardError)")
            #expect(build.standardOutput.contains("the documents of 2 knowledge leaves cannot be read"), "\(build.standardOutput)")
            for leaf in SampleTaxonomyProject.knowledgeLeaves {
                #expect(build.standardOutput.contains("\(leaf)/qna.yaml:"))
            }
            #expect(build.standardOutput.contains("modelbuild documents fetch"))
            #expect(build.standardOutput.contains("failed: taxonomy: "))

            let status = try await project.run(["status", "--json"])
            #expect(status.standardOutput.contains("\"failed\""), "\(status.standardOutput)")
            let logs = try await project.run(["logs", "taxonomy"])
            #expect(logs.standardOutput.contains("cannot fetch the document repository"), "\(logs.standardOutput)\(logs.standardError)")

            let json = try await project.run(["build", "nightly", "--no-publish", "--json"])
            #expect(json.status == 1)
            let events = json.standardOutput.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            let failed = try #require(events.first { $0["event"] as? String == "job.failed" })
            #expect(failed["job"] as? String == "taxonomy")
            #expect("\(failed)".contains("cannot fetch the document repository"))
            #expect(events.contains { $0["event"] as? String == "run.finished" })
        }
    }

    @Test func aCommitAlreadyCachedIsReadWhenTheRepositoryIsGone() async throws {
        try await withTemporaryDirectory { directory in
            let project = try SampleTaxonomyProject.make(in: directory)
            let first = try await project.run(["build", "nightly", "--no-publish"])
            #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
            try FileManager.default.moveItem(at: project.documents, to: directory.appendingPathComponent("moved-away"))
            try project.taxonomy.write("compositional_skills/writing/release_notes/attribution.txt", "Title of work: notes, again\n")
            try project.taxonomy.commitAll("Touch a skill")

            let second = try await project.run(["build", "nightly", "--no-publish"])
            #expect(second.status == 0, "\(second.standardOutput)\(second.standardError)")

            // Filling the cache ahead says the repository is gone, and that its commit is cached.
            let fetch = try await project.run(["documents", "fetch"])
            #expect(fetch.status == 0, "\(fetch.standardOutput)\(fetch.standardError)")
            #expect(fetch.standardOutput.contains("is in the cache, and builds read it from there"), "\(fetch.standardOutput)")
        }
    }

    @Test func aMirrorFolderAndRewritesServeTheDocuments() async throws {
        try await withTemporaryDirectory { directory in
            let project = try SampleTaxonomyProject.make(in: directory)
            try project.pointKnowledgeLeaves(at: Self.remote)
            let mirror = directory.appendingPathComponent("mirrors/docs.example.invalid/modelbuild")
            try FileManager.default.createDirectory(at: mirror, withIntermediateDirectories: true)
            try FileManager.default.moveItem(at: project.documents, to: mirror.appendingPathComponent("sample-documents"))
            try project.editConfig(
                replacing: "  folders: [compositional_skills, knowledge]",
                with: "  folders: [compositional_skills, knowledge]\n  documents: {mirror: ../mirrors}")

            let mirrored = try await project.run(["build", "nightly", "--no-publish"])
            #expect(mirrored.status == 0, "\(mirrored.standardOutput)\(mirrored.standardError)")

            // A fresh cache, and the documents behind a rewritten URL instead.
            try FileManager.default.removeItem(at: project.project.appendingPathComponent(".modelbuild/documents"))
            try project.editConfig(
                replacing: "documents: {mirror: ../mirrors}",
                with: "documents: {rewrite: {'https://docs.example.invalid/': '\(directory.path)/mirrors/docs.example.invalid/'}}")
            try project.taxonomy.write("compositional_skills/writing/release_notes/attribution.txt", "Title of work: notes, again\n")
            try project.taxonomy.commitAll("Touch a skill")
            let rewritten = try await project.run(["build", "nightly", "--no-publish"])
            #expect(rewritten.status == 0, "\(rewritten.standardOutput)\(rewritten.standardError)")
        }
    }

    @Test func documentsImportAndFetchFillTheCache() async throws {
        try await withTemporaryDirectory { directory in
            let project = try SampleTaxonomyProject.make(in: directory)
            try project.pointKnowledgeLeaves(at: Self.remote)

            let missing = try await project.run(["documents", "fetch", "--json"])
            #expect(missing.status == 1, "\(missing.standardOutput)\(missing.standardError)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(missing.standardOutput.utf8)) as? [String: Any])
            #expect(report["failed"] as? Int == 2)

            let imported = try await project.run(["documents", "import", Self.remote, project.documents.path])
            #expect(imported.status == 0, "\(imported.standardOutput)\(imported.standardError)")
            let fetched = try await project.run(["documents", "fetch"])
            #expect(fetched.status == 0, "\(fetched.standardOutput)\(fetched.standardError)")
            #expect(fetched.standardOutput.contains("2 knowledge leaves: 2 cached, 0 failed"))

            try FileManager.default.moveItem(at: project.documents, to: directory.appendingPathComponent("moved-away"))
            let build = try await project.run(["build", "nightly", "--no-publish"])
            #expect(build.status == 0, "\(build.standardOutput)\(build.standardError)")
        }
    }

    @Test func aGitInsteadOfRuleIsShownWithTheWrittenURL() async throws {
        try await withTemporaryDirectory { directory in
            let project = try SampleTaxonomyProject.make(in: directory)
            try project.pointKnowledgeLeaves(at: Self.remote)
            try project.editConfig(
                replacing: "  folders: [compositional_skills, knowledge]", with: "  folders: [compositional_skills, knowledge]\n  on_invalid: fail")
            // A git configuration of the test's own, in place of the machine's.
            let home = directory.appendingPathComponent("home")
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            try "[url \"\(directory.path)/nowhere/\"]\n\tinsteadOf = https://docs.example.invalid/\n"
                .write(to: home.appendingPathComponent(".gitconfig"), atomically: true, encoding: .utf8)
            let environment = ["HOME": home.path, "XDG_CONFIG_HOME": home.appendingPathComponent(".config").path]

            let build = try await project.run(["build", "nightly", "--no-publish"], environment: environment)
            #expect(build.status == 1)
            #expect(build.standardOutput.contains(Self.remote), "\(build.standardOutput)")
            #expect(build.standardOutput.contains("rewritten by the git configuration's url.insteadOf to \(directory.path)/nowhere/modelbuild/sample-documents"))
        }
    }

    @Test func aDocumentFetchRetriesAsTheTaxonomyFetchDoesWithTheHostsCredentials() async throws {
        try await withTemporaryDirectory { directory in
            let project = try SampleTaxonomyProject.make(in: directory)
            let served = directory.appendingPathComponent("served")
            try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
            try GitFixture(existingAt: directory).git(
                "clone", "--quiet", "--bare", project.documents.path, served.appendingPathComponent("docs.git").path)
            try await withGitHTTPServer(serving: served, username: "bot", password: "s3cret", unavailableRequests: 1) {
                server in
                try project.pointKnowledgeLeaves(at: server.url("docs.git"))
                try project.editConfig(
                    replacing: "  folders: [compositional_skills, knowledge]",
                    with: "  folders: [compositional_skills, knowledge]\n  on_invalid: fail\n"
                        + "  documents: {credentials: {127.0.0.1: {username: bot, password_env: DOCS_TOKEN}}}")
                let build = try await project.run(["build", "nightly", "--no-publish"], environment: ["DOCS_TOKEN": "s3cret"])
                #expect(build.status == 0, "\(build.standardOutput)\(build.standardError)")
                #expect(server.log.hasPrefix("GET /docs.git/info/refs?service=git-upload-pack unavailable\n"), "\(server.log)")
                #expect(server.log.contains("authorised"))
            }
        }
    }
}
