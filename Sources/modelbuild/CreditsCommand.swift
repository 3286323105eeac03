import ArgumentParser
import Artifacts
import Foundation
import UseCases

struct CreditsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credits",
        abstract: "List every contributor and source of a published version, with what each contributed.")

    @Argument(help: "The published version (modelbuild list lists them).")
    var version: String

    @Flag(help: "Print JSON (docs/json.md), for other programs.")
    var json = false

    @OptionGroup var options: ArtifactOptions

    func run() throws {
        let credits = try options.versions().credits(of: version)
        if json {
            JSONOutput.write(Self.json(credits))
            return
        }
        if credits.contributors.isEmpty {
            print("\(credits.version) records no contributions (it was published before modelbuild recorded them)")
            return
        }
        print("Contributors of \(credits.version):")
        for person in credits.contributors {
            let requests = person.pullRequests.isEmpty ? "" : " (" + person.pullRequests.map { "#\($0)" }.joined(separator: ", ") + ")"
            print("  \(person.name): \(person.leaves.count) leaves\(requests)")
            for leaf in person.leaves { print("    \(leaf)") }
        }
        if !credits.sources.isEmpty { print("Sources:") }
        for source in credits.sources {
            var line = "  \"\(source.title ?? "untitled")\""
            if let creator = source.creator { line += " by \(creator)" }
            line += " (\(source.license ?? "licence unknown"))"
            if let link = source.link { line += " \(link)" }
            print(line + ": " + source.leaves.joined(separator: ", "))
        }
        if !credits.documents.isEmpty { print("Knowledge documents:") }
        for documents in credits.documents {
            print(
                "  \(documents.repository) at \(documents.commit.prefix(12)), \(documents.files.count) files"
                    + " (\(documents.license ?? "licence unknown")): " + documents.leaves.joined(separator: ", "))
        }
    }

    static func json(_ credits: Credits) -> [String: Any] {
        func optional(_ text: String?) -> Any { text ?? NSNull() }
        return [
            "version": credits.version,
            "contributors": credits.contributors.map {
                ["name": $0.name, "leaves": $0.leaves, "pullRequests": $0.pullRequests] as [String: Any]
            },
            "sources": credits.sources.map {
                [
                    "title": optional($0.title), "link": optional($0.link), "license": optional($0.license),
                    "creator": optional($0.creator), "leaves": $0.leaves,
                ] as [String: Any]
            },
            "documents": credits.documents.map {
                [
                    "repository": $0.repository, "commit": $0.commit, "license": optional($0.license), "leaves": $0.leaves,
                    "files": $0.files.map { ["path": $0.path, "sha256": $0.sha256] },
                ] as [String: Any]
            },
            "licenses": credits.licenses,
        ]
    }
}
