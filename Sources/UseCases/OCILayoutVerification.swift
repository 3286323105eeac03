import Artifacts
import BuildConfiguration
import Foundation
import Platform

/// `modelbuild verify <oci-layout>[:<tag>]`: the version an OCI image layout holds (what
/// `export --oci` or `skopeo copy docker://… oci:…` wrote), checked as a version folder is.
/// The tagged manifest's and its config's bytes are checked against their digests, the
/// artifact is laid out in a temporary folder (`OCIUnpacker`, blobs hard-linked), and
/// `Verifier` checks it: every file, provenance, the signature against trusted keys.
public enum OCILayoutVerification {
    /// Whether `path` (optionally ending in `:<tag>`) names an OCI image layout folder.
    public static func isLayout(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: split(path).folder + "/oci-layout")
    }

    /// Verifies the version at `path` (`<folder>` with one tagged manifest, or
    /// `<folder>:<tag>`); failures name `<folder>:<tag>/<path in the version>`.
    public static func verify(
        _ path: String, keyPaths: [String], project: Project?, config: BuildConfig?
    ) async throws -> [VerificationFailure] {
        let (folder, tag) = split(path)
        let indexPath = folder + "/index.json"
        let index: OCIImageIndex
        do {
            index = try JSONFile.read(OCIImageIndex.self, at: indexPath)
        } catch {
            throw RequestError(.usage, error.description)
        }
        let tagged = index.manifests.filter { $0.annotations?[OCIExporter.refNameAnnotation] != nil }
        let chosen = tag.map { tag in tagged.filter { $0.annotations?[OCIExporter.refNameAnnotation] == tag } } ?? tagged
        guard chosen.count == 1, let entry = chosen.first else {
            let names = tagged.compactMap { $0.annotations?[OCIExporter.refNameAnnotation] }.sorted()
            throw RequestError(
                .usage,
                "\(indexPath): \(tag.map { "no manifest tagged \($0)" } ?? "\(tagged.count) tagged manifests"); name one as \(folder):<tag> (tags: \(names.joined(separator: ", ")))"
            )
        }
        let name = folder + ":" + (entry.annotations?[OCIExporter.refNameAnnotation] ?? "")
        let blobs = folder + "/blobs/sha256"
        func blob(_ digest: String) throws -> [UInt8] {
            let path = blobs + "/" + digest.dropFirst("sha256:".count)
            let bytes = try FileSystem.readFile(path)
            guard "sha256:" + SHA256Digest.hex(bytes) == digest else {
                throw RequestError(.failed, "\(path): its bytes do not have the digest \(digest) the layout names it by")
            }
            return bytes
        }
        let manifest = try JSONDecoder().decode(OCIImageManifest.self, from: Data(try blob(entry.digest)))
        _ = try blob(manifest.config.digest)
        let temporary = NSTemporaryDirectory() + "/modelbuild-verify-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        try FileSystem.makeNewDirectory(temporary, permissions: 0o700)
        defer { try? FileSystem.removeTree(temporary) }
        let unpacked = temporary + "/version"
        do {
            try OCIUnpacker.unpack(manifest, blobs: blobs, into: unpacked)
        } catch {
            return [VerificationFailure(path: name, problem: .unreadable(error.reason))]
        }
        return try await PublishedVersions.verify(buildDirectory: unpacked, keyPaths: keyPaths, project: project, config: config)
            .map { VerificationFailure(path: $0.path.replacingOccurrences(of: unpacked, with: name), problem: $0.problem) }
    }

    private static func split(_ path: String) -> (folder: String, tag: String?) {
        if let colon = path.lastIndex(of: ":"), !path[colon...].contains("/") {
            let folder = String(path[..<colon])
            if FileManager.default.fileExists(atPath: folder + "/oci-layout") {
                return (folder, String(path[path.index(after: colon)...]))
            }
        }
        return (path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path, nil)
    }
}
