import ArgumentParser
import Foundation
import StageProtocol
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
            let rows: [JSONValue] = summaries.map {
                .object([
                    "version": .string($0.version), "kind": .string($0.kind.rawValue), "build": .string($0.buildName),
                    "created": .string(ISO8601Text.utc($0.created)), "taxonomyCommit": .string($0.taxonomyCommit),
                    "metrics": .object($0.metrics.mapValues(JSONValue.number)), "manifestDigest": .string($0.manifestDigest),
                ])
            }
            print(String(decoding: JSONWriter.document(.array(rows)), as: UTF8.self), terminator: "")
            return
        }
        if summaries.isEmpty { print("nothing published yet in \(versions.layout.root)") }
        for summary in summaries {
            let metrics = versions.primaryMetrics.compactMap { name in
                summary.metrics[name].map { "\(name)=\(String(format: "%.3f", $0))" }
            }
            print(
                "\(summary.version)  \(summary.kind.rawValue)  \(ISO8601Text.utc(summary.created))  "
                    + "\(summary.taxonomyCommit.prefix(12))  \(metrics.joined(separator: " "))")
        }
    }
}
