import Foundation
import Platform

/// The digest of a plugin folder, the `plugin <name>@sha256:…` part of a plugin stage's
/// cache key: editing any file of a plugin, or its executable bit, reruns its stages.
///
/// SHA-256 over every regular file under the folder, in the byte order of their relative
/// paths: for each, the path, whether it is executable, its size and its contents.
/// Directories count only through the files in them (an empty one changes nothing).
/// `__pycache__` folders and `.pyc` files are left out: Python writes them beside a
/// plugin's modules when it runs, and they say nothing the sources do not.
/// Symbolic links are refused rather than followed: what a link points to can change
/// without the folder changing, and a link out of the folder would escape the digest.
public enum PluginFolderDigest {
    /// Bumped when the encoding changes.
    static let formatTag = "modelbuild plugin folder digest 1\n"

    /// `sha256:<64 hex>` of the folder at `folder`.
    public static func compute(folder: URL) throws(PluginDigestError) -> String {
        var files: [(path: [UInt8], name: String, url: URL)] = []
        try collect(folder.standardizedFileURL, relative: "", into: &files)
        files.sort { $0.path.lexicographicallyPrecedes($1.path) }
        var hasher = SHA256Digest()
        hasher.update(formatTag.utf8)
        for file in files {
            let executable = FileManager.default.isExecutableFile(atPath: file.url.path)
            guard let handle = FileHandle(forReadingAtPath: file.url.path) else {
                throw PluginDigestError(path: file.name, reason: "cannot be read")
            }
            defer { try? handle.close() }
            var contents = SHA256Digest()
            var size = 0
            do {
                while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                    contents.update(chunk)
                    size += chunk.count
                }
            } catch {
                throw PluginDigestError(path: file.name, reason: "cannot be read (\(error.localizedDescription))")
            }
            hasher.update(file.path + [0])
            hasher.update("\(executable ? "x" : "-") \(size)\n".utf8)
            hasher.update(contents.finalize())
        }
        return "sha256:" + hasher.finalizeHex()
    }

    private static func collect(
        _ directory: URL, relative: String, into files: inout [(path: [UInt8], name: String, url: URL)]
    ) throws(PluginDigestError) {
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw PluginDigestError(path: relative.isEmpty ? "." : relative, reason: "cannot be listed")
        }
        for entry in entries {
            let name = relative.isEmpty ? entry : relative + "/" + entry
            let url = directory.appendingPathComponent(entry)
            let type = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.type] as? FileAttributeType
            switch type {
            case .typeDirectory?:
                if entry == "__pycache__" { continue }
                try collect(url, relative: name, into: &files)
            case .typeRegular?:
                if entry.hasSuffix(".pyc") { continue }
                files.append((Array(name.utf8), name, url))
            case .typeSymbolicLink?:
                throw PluginDigestError(
                    path: name, reason: "is a symbolic link; plugin folders hold real files (copy the file in)")
            default:
                throw PluginDigestError(path: name, reason: "is not a regular file or a folder")
            }
        }
    }
}

/// Why a plugin folder's digest could not be computed.
public struct PluginDigestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The entry concerned, relative to the plugin folder.
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path) \(reason)" }
}
