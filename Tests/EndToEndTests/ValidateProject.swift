import Foundation
import TestSupport

/// A project folder whose builds.yaml runs only `builtin/validate`, on a taxonomy in `tax/`
/// holding a skill leaf of `size` bytes (with its attribution) at each path of `leaves`,
/// committed with `message`.
func makeValidateProject(in directory: URL, leaves: [(path: String, size: Int)], message: String) throws -> GitFixture {
    let taxonomy = try GitFixture(at: directory.appendingPathComponent("tax"))
    for (path, size) in leaves {
        try taxonomy.write(path + "/qna.yaml", skillLeaf(ofSize: size))
        try taxonomy.write(path + "/attribution.txt", "Title of work: \(path)\n")
    }
    try taxonomy.commitAll(message)
    let config = """
        version: 1
        model: {name: lab-model}
        taxonomy: {url: tax, branch: main}
        stages:
          validate: {uses: builtin/validate}
        builds:
          nightly: {}

        """
    try config.write(to: directory.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
    return taxonomy
}
