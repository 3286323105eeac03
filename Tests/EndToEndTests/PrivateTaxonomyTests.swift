import Foundation
import TestSupport
import Testing

/// A private taxonomy over https, served by a real `git http-backend` that requires
/// basic authentication: the token comes from a secret (an environment variable named in
/// builds.yaml, through libgit2's credentials callback), and neither it nor a token
/// written into the URL ever reaches a file, a published version or a printed line.
@Suite struct PrivateTaxonomyTests {
    static let token = "s3cret-token-42"

    /// A bare copy of the sample taxonomy under `repos/`, and a project folder.
    private func makeRepositories(in directory: URL) async throws -> (repos: URL, project: URL) {
        let work = directory.appendingPathComponent("taxonomy")
        let made = try await runProgram(
            packageRoot.appendingPathComponent("scripts/sample-taxonomy").path, [work.path], in: directory)
        try #require(made.status == 0, "\(made.standardError)")
        let repos = directory.appendingPathComponent("repos")
        try FileManager.default.createDirectory(at: repos, withIntermediateDirectories: true)
        let cloned = try await runProgram(
            "git", ["clone", "--quiet", "--bare", work.path, repos.appendingPathComponent("taxonomy.git").path],
            in: directory)
        try #require(cloned.status == 0, "\(cloned.standardError)")
        let project = directory.appendingPathComponent("project")
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        return (repos, project)
    }

    private func writeConfig(_ project: URL, taxonomy: String) throws {
        let config = """
            version: 1
            model: {name: lab-model}
            taxonomy: \(taxonomy)
            stages:
              validate: {uses: builtin/validate}
            builds:
              nightly: {version: "nightly-{date}"}
            """
        try config.write(to: project.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
    }

    /// Every file under `folder` whose bytes contain `secret`, by path.
    private func filesHolding(_ secret: String, under folder: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        var found: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            guard url.lastPathComponent != "builds.yaml", let data = try? Data(contentsOf: url) else { continue }
            if data.range(of: Data(secret.utf8)) != nil { found.append(url.path) }
        }
        return found
    }

    @Test func aTokenFromTheEnvironmentOpensThePrivateTaxonomy() async throws {
        try await withTemporaryDirectory { directory in
            let (repos, project) = try await makeRepositories(in: directory)
            try await withGitHTTPServer(serving: repos, username: "bot", password: Self.token) { server in
                try writeConfig(
                    project,
                    taxonomy: "{url: \"\(server.url("taxonomy.git"))\", credentials: {username: bot, password_env: TAXONOMY_TOKEN}}")

                let unset = try await runModelbuild(["build", "nightly"], in: project)
                #expect(unset.status == 2, "\(unset.standardError)")
                #expect(unset.standardError.contains("taxonomy.credentials.password_env names TAXONOMY_TOKEN, which is not set"))

                let wrong = try await runModelbuild(
                    ["build", "nightly"], in: project, environment: ["TAXONOMY_TOKEN": "not-the-token"])
                #expect(wrong.status == 1, "\(wrong.standardError)")
                #expect(wrong.standardError.contains("refused the credentials"), "\(wrong.standardError)")

                let built = try await runModelbuild(
                    ["build", "nightly"], in: project, environment: ["TAXONOMY_TOKEN": Self.token])
                #expect(built.status == 0, "\(built.standardOutput)\(built.standardError)")
                #expect(built.standardOutput.contains("published lab-model nightly-"))
                #expect(server.log.contains("authorised"))
                #expect(filesHolding(Self.token, under: project).isEmpty)
            }
        }
    }

    @Test func aTokenWrittenIntoTheURLIsUsedButNeverRecordedOrPrinted() async throws {
        try await withTemporaryDirectory { directory in
            let (repos, project) = try await makeRepositories(in: directory)
            try await withGitHTTPServer(serving: repos, username: "bot", password: Self.token) { server in
                let url = server.url("taxonomy.git").replacingOccurrences(of: "http://", with: "http://bot:\(Self.token)@")
                try writeConfig(project, taxonomy: "{url: \"\(url)\"}")
                let built = try await runModelbuild(["build", "nightly"], in: project)
                #expect(built.status == 0, "\(built.standardOutput)\(built.standardError)")
                #expect(!(built.standardOutput + built.standardError).contains(Self.token))
                #expect(filesHolding(Self.token, under: project).isEmpty)
                let manifests = project.appendingPathComponent("artifacts/lab-model/builds")
                let version = try #require(try FileManager.default.contentsOfDirectory(atPath: manifests.path).first)
                let manifest = try String(
                    contentsOf: manifests.appendingPathComponent(version).appendingPathComponent("manifest.json"),
                    encoding: .utf8)
                #expect(manifest.contains(server.url("taxonomy.git")))
            }
        }
    }
}
