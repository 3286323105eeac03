// A publisher that SIGKILLs itself right after a chosen step, as a crash or `kill -9`
// would stop it; the Artifacts tests run it to prove what a killed publisher leaves, and
// run several at once (step `none`) to prove publishers in separate processes never collide.
//
// usage: ArtifactsCrashProbe <artifacts/model folder> <sources folder> <version> <step|none>
import Artifacts
import Foundation

import Glibc

let arguments = CommandLine.arguments
guard arguments.count == 5, arguments[4] == "none" || PublishStep(rawValue: arguments[4]) != nil else {
    FileHandle.standardError.write(Data("usage: ArtifactsCrashProbe <root> <sources> <version> <step>\n".utf8))
    exit(2)
}
let killStep = PublishStep(rawValue: arguments[4])
let sources = arguments[2]
let names = (try? FileManager.default.contentsOfDirectory(atPath: sources))?.sorted() ?? []
let now = Date()
let build = FinishedBuild(
    model: "lab-model", buildName: "release", kind: .release, created: now,
    taxonomy: Manifest.Taxonomy(
        url: "https://example.com/taxonomy.git", commit: String(repeating: "c", count: 40), previousCommit: nil,
        mergedCommits: [], changedLeaves: []),
    baseModel: nil, stages: [], files: names.map { SourceFile(path: "model/" + $0, source: sources + "/" + $0) },
    metrics: ["evaluate.f1": 0.5], configDigest: String(repeating: "0", count: 64), runID: "crash-probe",
    startedOn: now, finishedOn: now)
// With MODELBUILD_PROBE_STEPS set, each step reached is appended to that file with the
// time, so a test can tell when the probe took the lock without waiting a fixed time.
let stepsFile = ProcessInfo.processInfo.environment["MODELBUILD_PROBE_STEPS"]
let publisher = Publisher(layout: ArtifactLayout(root: arguments[1])) { step, _ in
    if let stepsFile, let handle = FileHandle(forWritingAtPath: stepsFile) {
        handle.seekToEndOfFile()
        handle.write(Data("\(step.rawValue) \(Date().timeIntervalSince1970)\n".utf8))
        handle.closeFile()
    }
    if step == killStep { kill(getpid(), SIGKILL) }
}
do {
    let published = try await publisher.publish(build, version: .semantic(arguments[3]))
    print(published.version)
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
