import Foundation

/// Where builds.yaml is, found like cargo finds Cargo.toml and git finds .git: the file
/// named with `-c` or `MODELBUILD_CONFIG`, else the first `builds.yaml` in the starting
/// folder or a folder above it.
public enum ConfigFileSearch {
    /// The file name searched for.
    public static let fileName = "builds.yaml"

    /// The configuration file's path as messages should spell it: as given when named,
    /// `builds.yaml` when found in `start` itself, the absolute path when found above.
    /// - Parameters:
    ///   - named: `-c FILE`, which wins over `environment`.
    ///   - environment: `MODELBUILD_CONFIG`.
    ///   - start: the folder to search from (`-C DIR`, or the working directory).
    ///   - workingDirectory: the process's working directory, which relative names are read from.
    /// - Throws: `RequestError(.usage)` naming every folder it looked in.
    public static func locate(
        named: String?, environment: String?, start: String?, workingDirectory: String
    ) throws -> String {
        let base = start.map { absolute($0, from: workingDirectory) } ?? workingDirectory
        if let given = named ?? environment.flatMap({ $0.isEmpty ? nil : $0 }) {
            guard start != nil else { return given }
            return absolute(given, from: base)
        }
        var folder = URL(fileURLWithPath: base).standardizedFileURL
        var looked: [String] = []
        while true {
            let candidate = folder.appendingPathComponent(fileName).path
            looked.append(folder.path)
            if FileManager.default.fileExists(atPath: candidate) {
                return start == nil && folder.path == URL(fileURLWithPath: workingDirectory).standardizedFileURL.path
                    ? fileName : candidate
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path || looked.count > 256 { break }
            folder = parent
        }
        throw RequestError(
            .usage,
            "no \(fileName) in \(looked.first ?? base) or any folder above it (looked in \(looked.joined(separator: ", "))); "
                + "name one with -c FILE or MODELBUILD_CONFIG, or start from its folder with -C DIR")
    }

    private static func absolute(_ path: String, from base: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: base).appendingPathComponent(path).standardizedFileURL.path
    }
}
