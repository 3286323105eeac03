import Foundation
import TestSupport
import Testing

/// The systemd units and the crontab line in contrib/ (shown in the README) are valid.
@Suite struct ScheduleUnitFileTests {
    static let systemdAnalyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// `systemd-analyze verify` (Debian package `systemd`) on copies of the units whose
    /// paths point at this build's binary and a temporary folder; it must say nothing.
    @Test(.enabled(if: systemdAnalyze != nil, "systemd-analyze is not installed (Debian package systemd)"))
    func systemdUnitsVerify() async throws {
        try await withTemporaryDirectory { directory in
            let source = packageRoot.appendingPathComponent("contrib/systemd")
            let names = try FileManager.default.contentsOfDirectory(atPath: source.path).sorted()
            #expect(names == ["modelbuild-once.service", "modelbuild-once.timer", "modelbuild-schedule.service"])
            for name in names {
                let text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
                    .replacingOccurrences(of: "/usr/local/bin/modelbuild", with: modelbuildBinary)
                    .replacingOccurrences(of: "/srv/modelbuild", with: directory.path)
                try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            let result = try await runProgram(
                try #require(Self.systemdAnalyze), ["verify"] + names.map { "./" + $0 }, in: directory,
                environment: ["SYSTEMD_LOG_LEVEL": "warning"])
            #expect(result.status == 0)
            #expect(result.standardError == "", "systemd-analyze verify complained")
        }
    }

    /// The crontab's lines have schedules builds.yaml accepts; the first runs
    /// `modelbuild schedule --once`, the second `modelbuild prune`.
    @Test func crontabLinesAreValidSchedulesAndCommands() async throws {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("contrib/crontab"), encoding: .utf8)
        let entries = text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(entries.count == 2)
        let commands = ["modelbuild schedule --once", "modelbuild prune"]
        for (entry, command) in zip(entries, commands) {
            let fields = entry.split(separator: " ", maxSplits: 5)
            #expect(fields.count == 6)
            #expect(fields.last?.contains(command) == true)
            try await expectValidSchedule(fields.prefix(5).joined(separator: " "))
        }
    }

    private func expectValidSchedule(_ schedule: String) async throws {
        try await withTemporaryDirectory { directory in
            let config = """
                version: 1
                model: {name: lab-model}
                stages:
                  work: {run: [sh, -c, "true"]}
                builds:
                  nightly: {schedule: "\(schedule)"}
                """
            try config.write(to: directory.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
            let result = try await runModelbuild(["validate"], in: directory)
            #expect(result.status == 0, "\(result.standardError)")
        }
    }
}

/// Both services stop as the scheduler expects: SIGTERM to modelbuild alone (it stops its
/// stages itself), and a stop timeout longer than its 30-minute drain.
@Suite struct ScheduleUnitStopTests {
    @Test(arguments: ["modelbuild-once.service", "modelbuild-schedule.service"])
    func servicesSignalModelbuildAloneAndOutwaitItsDrain(_ name: String) throws {
        let text = try String(
            contentsOf: packageRoot.appendingPathComponent("contrib/systemd/\(name)"), encoding: .utf8)
        let settings = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(settings.contains("KillMode=mixed"))
        let timeout = try #require(settings.first { $0.hasPrefix("TimeoutStopSec=") })
        let minutes = try #require(Int(timeout.dropFirst("TimeoutStopSec=".count).replacingOccurrences(of: "min", with: "")))
        #expect(minutes > 30)
    }
}
