import Platform

/// Lays a model artifact (`OCIArtifact`) out as a version folder that `Verifier` checks:
/// the config as `manifest.json`, each file layer as `files/<title>`, each record layer as
/// `<title>`. Used by `pull` (blobs fetched from a registry) and by `verify` on an OCI
/// layout (blobs of the layout). It trusts no title: each must be a relative path without
/// `.`, `..` or empty components, and a record's a single name; the digests are the
/// caller's to check (the blobs' file names are their digests).
public enum OCIUnpacker {
    /// Whether `manifest` is a modelbuild model artifact.
    public static func isModelArtifact(_ manifest: OCIImageManifest) -> Bool {
        manifest.artifactType == OCIArtifact.artifactType || manifest.config.mediaType == OCIArtifact.configMediaType
    }

    /// Makes the version folder `folder` (which must not exist) from `manifest`, taking each
    /// blob from `blobs/<hex>`, hard-linked when on the same file system, else copied.
    public static func unpack(_ manifest: OCIImageManifest, blobs: String, into folder: String) throws(ArtifactsError) {
        guard isModelArtifact(manifest) else {
            throw ArtifactsError(
                .malformedJSON, path: folder,
                reason: "not a modelbuild version: artifactType \(manifest.artifactType ?? "none"), config \(manifest.config.mediaType)")
        }
        try onDisk {
            try FileSystem.makeNewDirectory(folder)
            try FileSystem.makeDirectory(folder + "/files")
        }
        try place(manifest.config.digest, blobs: blobs, at: folder + "/manifest.json")
        for layer in manifest.layers {
            guard let title = layer.title else {
                throw ArtifactsError(.invalidFilePath, path: folder, reason: "layer \(layer.digest) has no title")
            }
            let components = title.split(separator: "/", omittingEmptySubsequences: false)
            guard !title.hasPrefix("/"), components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
                throw ArtifactsError(.invalidFilePath, path: folder, reason: "layer \(layer.digest) has the unsafe title \"\(title)\"")
            }
            if layer.mediaType == OCIArtifact.layerMediaType {
                var parent = folder + "/files"
                for component in components.dropLast() {
                    parent += "/" + component
                    if try onDisk({ try FileSystem.status(parent) }) == nil {
                        try onDisk { try FileSystem.makeDirectory(parent) }
                    }
                }
                try place(layer.digest, blobs: blobs, at: folder + "/files/" + title)
            } else {
                guard components.count == 1, OCIArtifact.isRecord(title) else {
                    throw ArtifactsError(.invalidFilePath, path: folder, reason: "record layer \(layer.digest) has the title \"\(title)\"")
                }
                try place(layer.digest, blobs: blobs, at: folder + "/" + title)
            }
        }
    }

    private static func place(_ digest: String, blobs: String, at path: String) throws(ArtifactsError) {
        guard digest.hasPrefix("sha256:") else {
            throw ArtifactsError(.invalidFilePath, path: path, reason: "unsupported digest \(digest)")
        }
        let source = blobs + "/" + digest.dropFirst("sha256:".count)
        try onDisk {
            if (try? FileSystem.hardLink(source, path)) == true { return }
            try AtomicFile.copy(source, to: path, permissions: 0o444, placement: .noReplace)
        }
    }
}
