import ArgumentParser
import Foundation
import Runner
import UseCases

/// What the shell completes from the project the cursor is in: build names and stage
/// names from builds.yaml, plugin names from `plugins/`, run ids from `.modelbuild/runs/`. Anything that fails to load
/// completes nothing: a completion never prints an error.
enum CompletionCandidates {
    static let builds = CompletionKind.custom { _, _, prefix in
        names(prefix) { project in (try? project.loadConfig())?.builds.map(\.name) ?? [] }
    }

    static let stages = CompletionKind.custom { _, _, prefix in
        names(prefix) { project in (try? project.loadConfig())?.stages.map(\.name) ?? [] }
    }

    /// Run ids, newest first, then stage names (for `logs [RUN] STAGE`).
    static let runsAndStages = CompletionKind.custom { _, _, prefix in
        names(prefix) { project in
            let runs = (try? RunHistory(project: project).state.runs().map(\.id).reversed()) ?? []
            let stages = (try? project.loadConfig())?.stages.map(\.name) ?? []
            return Array(runs) + stages
        }
    }

    /// The plugins in `plugins/` (for `plugins run` and `plugins check`).
    static let plugins = CompletionKind.custom { _, _, prefix in
        names(prefix) { project in project.loadPlugins().all.map(\.name) }
    }

    static let runs = CompletionKind.custom { _, _, prefix in
        names(prefix) { project in (try? RunHistory(project: project).state.runs().map(\.id).reversed()).map(Array.init) ?? [] }
    }

    private static func names(_ prefix: String, _ candidates: (Project) -> [String]) -> [String] {
        let environment = ProcessInfo.processInfo.environment
        guard
            let path = try? ConfigFileSearch.locate(
                named: nil, environment: environment["MODELBUILD_CONFIG"], start: nil,
                workingDirectory: FileManager.default.currentDirectoryPath)
        else { return [] }
        return candidates(Project(configPath: path)).filter { $0.hasPrefix(prefix) }
    }
}
