import ArgumentParser
import Foundation
import UseCases

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the published versions: kind, date, taxonomy commit, key metrics.")

    @OptionGroup var options: ArtifactOptions

    @Flag(help: "Print the list as JSON.")
    var json = false

    func run() throws {
        let versions = try options.versions()
        let summaries = try versions.summaries()
        if json {
            let rows: [[String: Any]] = summaries.map {
                [
                    "version": $0.version, "kind": $0.kind.rawValue, "build": $0.buildName,
                    "created": ISO8601DateFormatter().string(from: $0.created), "taxonomyCommit": $0.taxonomyCommit,
                    "metrics": $0.metrics, "manifestDigest": $0.manifestDigest,
                ]
            }
            let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        if summaries.isEmpty { print("nothing published yet in \(versions.layout.root)") }
        for summary in summaries {
            let metrics = ["evaluate.f1", "evaluate.exact_match"].compactMap { name in
                summary.metrics[name].map { "\(name)=\(String(format: "%.3f", $0))" }
            }
            print(
                "\(summary.version)  \(summary.kind.rawValue)  \(ISO8601DateFormatter().string(from: summary.created))  "
                    + "\(summary.taxonomyCommit.prefix(12))  \(metrics.joined(separator: " "))")
        }
    }
}
