import Foundation
import BuildConfiguration
import Platform

/// builds.yaml as a running scheduler rereads it. Each reading hashes the bytes, so an
/// unchanged file costs one read and a digest, and the builds are loaded from the very
/// bytes that were hashed (an edit between the two cannot slip by).
public struct ScheduleConfigFile: Sendable {
    /// One reading of the file: its digest, and its bytes when it could be read.
    struct Reading: Sendable {
        let digest: String
        let bytes: [UInt8]?
    }

    public let project: Project

    public init(project: Project) {
        self.project = project
    }

    func read() -> Reading {
        guard let data = FileManager.default.contents(atPath: project.configPath) else {
            return Reading(digest: "unreadable", bytes: nil)
        }
        let digest = SHA256Digest.hex(data)
        return Reading(digest: digest, bytes: Array(data))
    }

    /// The scheduled builds of `reading`.
    /// - Throws: `ScheduleConfigError` with every located error when the file does not load.
    func builds(from reading: Reading) throws(ScheduleConfigError) -> [ScheduledBuild] {
        guard let bytes = reading.bytes else {
            throw ScheduleConfigError(errors: ["\(project.configPath): cannot be read"])
        }
        let config: BuildConfig
        do {
            config = try BuildConfigLoader(plugins: project.loadPlugins()).load(bytes, file: project.configPath)
        } catch {
            throw ScheduleConfigError(errors: error.diagnostics.map(\.description))
        }
        do {
            return try ScheduledBuild.all(in: config, workingDirectory: project.root.path)
        } catch {
            throw ScheduleConfigError(errors: ["\(project.configPath): \(error)"])
        }
    }
}

/// builds.yaml changed but does not load; the scheduler keeps the schedules it had.
public struct ScheduleConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Each error, located (`builds.yaml:14:7 ...`).
    public let errors: [String]

    public var description: String { errors.joined(separator: "\n") }
}
