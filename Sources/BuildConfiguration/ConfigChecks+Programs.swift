import Foundation
import YAML

extension ConfigChecks {
    /// Every `run:` program given as a path (`./scripts/prepare.sh`) exists, read from
    /// `folder` (the one holding builds.yaml) as the build will run it, so a missing script
    /// is a located configuration error rather than a stage failing in its work folder.
    func checkPrograms(_ stages: [StageSpec], folder: String) {
        for stage in stages {
            guard case .command(let arguments) = stage.implementation, let program = arguments.first,
                program.contains("/")
            else { continue }
            let path = program.hasPrefix("/") ? program : folder + "/" + program
            guard !FileManager.default.fileExists(atPath: path) else { continue }
            let at = KeyPath().appending("stages").appending(stage.name).appending("run")
            nodes.error(
                "program \(program) is not found (\(path)); a relative program is read from the folder holding builds.yaml",
                at: located(at), path: at)
        }
    }
}
