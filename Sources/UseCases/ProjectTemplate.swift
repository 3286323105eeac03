import Foundation
import Git
import Platform

/// The project `modelbuild init` makes in a folder: a minimal builds.yaml, the sample
/// plugin `plugins/example`, and a sample taxonomy git repository (`taxonomy/`, two
/// skill leaves committed one after the other on `main`), so that `modelbuild build
/// nightly` works at once, with nothing from the network.
public enum ProjectTemplate {
    /// What `init` made, relative to the folder.
    public static let madePaths = [ConfigFileSearch.fileName, "plugins/example", "taxonomy"]

    /// Makes the project in `folder` (made when missing); returns the model's name. Refuses,
    /// before writing anything, a folder that has a builds.yaml or any other path it
    /// would make.
    @discardableResult
    public static func write(into folder: URL, now: Date = Date()) throws -> String {
        let config = folder.appendingPathComponent(ConfigFileSearch.fileName)
        if FileSystem.exists(config.path) {
            throw RequestError(
                .usage, "\(config.path) exists already: this folder is a modelbuild project (modelbuild init makes new ones)")
        }
        for path in madePaths.dropFirst() where FileSystem.exists(folder.appendingPathComponent(path).path) {
            throw RequestError(
                .usage, "\(folder.appendingPathComponent(path).path) exists already; modelbuild init would make it (move it away first)")
        }
        let model = modelName(for: folder)
        try FileSystem.makeDirectories(folder.path)
        try writeTaxonomy(into: folder.appendingPathComponent("taxonomy", isDirectory: true), now: now)
        try PluginTemplate.write(name: "example", in: Project(configPath: config.path))
        try FileSystem.writeNewFile(Array(configuration(model: model).utf8), to: config.path)
        return model
    }

    /// The folder's name as a model name (`[a-z0-9][a-z0-9._-]*`): lower-cased, other
    /// characters as `-`; `my-model` when nothing is left.
    static func modelName(for folder: URL) -> String {
        let lowered = folder.standardizedFileURL.lastPathComponent.lowercased().map { character -> Character in
            character.isASCII && (character.isLetter || character.isNumber || "._-".contains(character)) ? character : "-"
        }
        let name = String(lowered.drop { !($0.isLetter || $0.isNumber) })
        return name.isEmpty ? "my-model" : name
    }

    /// The taxonomy repository: a README first, then one commit per leaf, an hour apart.
    private static func writeTaxonomy(into folder: URL, now: Date) throws {
        let repository = try Repository.create(at: folder, branch: "main")
        var date = now.addingTimeInterval(-Double(SampleTaxonomyFiles.leaves.count + 1) * 3600)
        func signature() -> CommitSignature {
            date += 3600
            return CommitSignature(name: "modelbuild init", email: "init@modelbuild.invalid", date: date)
        }
        try FileSystem.writeNewFile(Array(SampleTaxonomyFiles.readme.utf8), to: folder.appendingPathComponent("README.md").path)
        try repository.commitWorkTree(message: "Start the taxonomy", signature: signature())
        for leaf in SampleTaxonomyFiles.leaves {
            let leafFolder = folder.appendingPathComponent(leaf.path, isDirectory: true)
            try FileSystem.makeDirectories(leafFolder.path)
            for file in leaf.files {
                try FileSystem.writeNewFile(Array(file.text.utf8), to: leafFolder.appendingPathComponent(file.name).path)
            }
            try repository.commitWorkTree(message: "Add the \(leaf.path) skill", signature: signature())
        }
    }

    static func configuration(model: String) -> String {
        """
        # A modelbuild project, made by `modelbuild init`. docs/configuration.md in the
        # modelbuild repository explains every key.
        version: 1

        model:
          name: \(model)
          base: previous               # each build starts from the previous build's model

        taxonomy:
          url: taxonomy                # the sample repository beside this file; or, for example,
                                       # https://github.com/instructlab/taxonomy.git
          branch: main
          folders: [compositional_skills, knowledge]

        executor:
          kind: local
          workers: 2

        stages:
          validate:
            uses: builtin/validate     # the changed leaves, checked as InstructLab does
          generate:
            uses: builtin/generate     # training data from each leaf's seed examples
            needs: [validate]
            foreach: leaves
          train:
            uses: builtin/train
            needs: [generate]
          evaluate:
            uses: builtin/evaluate
            needs: [train, generate]
          summary:
            uses: example              # plugins/example: a plugin stage of your own
            needs: [generate]
            with: {greeting: hello}

        builds:
          nightly:
            schedule: "0 2 * * *"      # modelbuild schedule runs it at 02:00 UTC
            version: nightly-{date}
            keep: 14
          release:
            version: semver            # modelbuild keys generate, then modelbuild release 1.0.0
            gates:
              - {metric: evaluate.f1, min: 0.5}
              - {no_regression: evaluate.f1}
            sign: true

        """
    }
}
