import Platform

/// Everything under an attempt's output directory, found with `lstat` (links are not
/// followed), with each path relative to the output directory.
struct OutputScan {
    struct File {
        var path: String
        var status: FileStatus
    }

    var files: [File] = []
    var symbolicLinks: [String: String] = [:]
    /// Parents before children.
    var directories: [String] = []

    init(root: String) throws(OutputStoreError) {
        do {
            guard try FileSystem.status(root)?.kind == .directory else {
                throw OutputStoreError.outputDirectoryMissing(path: root)
            }
            var pending: [String] = [""]
            while let relative = pending.popLast() {
                let absolute = relative.isEmpty ? root : root + "/" + relative
                for name in try FileSystem.listDirectory(absolute).sorted().reversed() {
                    let path = relative.isEmpty ? name : relative + "/" + name
                    guard let status = try FileSystem.status(root + "/" + path) else { continue }
                    switch status.kind {
                    case .regular:
                        files.append(File(path: path, status: status))
                    case .directory:
                        directories.append(path)
                        pending.append(path)
                    case .symbolicLink:
                        let target = try FileSystem.readSymbolicLink(root + "/" + path)
                        guard Self.staysInside(link: path, target: target) else {
                            throw OutputStoreError.symbolicLinkEscapes(path: root + "/" + path, target: target)
                        }
                        symbolicLinks[path] = target
                    case .other:
                        throw OutputStoreError.unsupportedFile(path: root + "/" + path)
                    }
                }
            }
        } catch let error as OutputStoreError {
            throw error
        } catch let error as FileSystemError {
            throw .system(error)
        } catch {
            throw .system(FileSystemError(operation: "scan", path: root, code: 0))
        }
        directories.sort()
    }

    /// Whether a link at relative path `link` with `target` resolves, lexically, to a path
    /// inside the root. Absolute targets never do.
    static func staysInside(link: String, target: String) -> Bool {
        guard !target.hasPrefix("/"), !target.isEmpty else { return false }
        var components = link.split(separator: "/").dropLast().map(String.init)
        for component in target.split(separator: "/") {
            switch component {
            case ".": continue
            case "..":
                if components.isEmpty { return false }
                components.removeLast()
            default: components.append(String(component))
            }
        }
        return true
    }
}
