import ArgumentParser
import Foundation

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check builds.yaml and report every problem, located.",
        discussion: """
            Every key is checked before anything runs: unknown keys, wrong types, names, \
            durations, cron schedules, stage references and cycles, resources beyond the \
            executor's capacity, unknown stage kinds. Errors print as \
            file:line:column: error: key.path: message. Exit status 2 when there are any.
            """
    )

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let config = try options.load()
        print(
            "\(try options.configPath): ok (model \(config.model.name), \(config.stages.count) stages, \(config.builds.count) builds)"
        )
    }
}
