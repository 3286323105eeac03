import Foundation

/// The OpenSSF Model Signing reference tool (`model_signing`, PyPI model-signing 1.x) that
/// the interop tests sign and verify with: `$MODELBUILD_TEST_MODEL_SIGNING` (scripts/test
/// sets it), else the virtual environment scripts/install-model-signing makes.
public enum ModelSigningTool {
    /// The executable's path.
    public static var path: String {
        toolPath(environment: "MODELBUILD_TEST_MODEL_SIGNING", fallback: ".build/venv-model-signing/bin/model_signing")
    }

    /// Whether it is there to run.
    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// Why the interop tests are skipped when it is not.
    public static var skipReason: String {
        "model_signing is not installed at \(path): scripts/install-model-signing installs it, and leaves it out only when PyPI cannot be reached"
    }

    /// Runs `model_signing` with `arguments` in `directory`.
    public static func run(_ arguments: [String], in directory: URL) async throws -> CommandResult {
        try await runProgram(path, arguments, in: directory)
    }

    /// Writes a small model folder, `directory/model`: weights, a nested config and a
    /// tokenizer; returns its path.
    public static func makeModelFolder(in directory: URL) throws -> String {
        let model = directory.path + "/model"
        let files = [
            "model.safetensors": String(repeating: "weights ", count: 4096),
            "config/params.json": "{\"layers\": 2}\n",
            "tokenizer.json": "{\"vocab\": [\"a\", \"b\"]}\n",
        ]
        for (path, contents) in files {
            let url = URL(fileURLWithPath: model + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
        return model
    }
}
