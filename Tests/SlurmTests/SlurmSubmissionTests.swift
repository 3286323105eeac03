import Foundation
import Subprocess
import SystemPackage
import Testing
import TestSupport

import ExecutorTestKit
@testable import Runner

/// How an attempt becomes a Slurm job, without a cluster: the arguments, the script, and
/// how endings read.
struct SlurmSubmissionTests {
    @Test func resourcesNameAndLogMapToSbatchOptions() async throws {
        try await withTemporaryDirectory { root in
            let attempt = try makeAttempt(
                in: root, stage: "generate[knowledge/birds]", command: ["train.sh", "--epochs", "2"],
                timeout: .seconds(61), resources: ["gpu": 2, "cpu": 8, "memory": 4096, "nvme": 1, "unused": 0])
            let environment = try StageEnvironment(
                host: ["PATH": "/usr/bin", "HOME": "/home/lab", "SLURM_CONF": "/etc/slurm.conf", "SBATCH_QOS": "low"],
                contextFile: attempt.contextFile, secrets: [], job: attempt.job.id)
            let submission = SlurmSubmission(
                attempt: attempt, environment: environment,
                settings: SlurmSettings(partition: "gpu", account: "lab", qos: "normal", extraArguments: ["--exclusive"]),
                hostEnvironment: ["PATH": "/usr/bin", "SLURM_CONF": "/etc/slurm.conf", "SBATCH_QOS": "low", "OTHER": "x"])
            let arguments = submission.arguments
            #expect(arguments.first == "--parsable")
            #expect(arguments.contains("--job-name=run-1.generate%5Bknowledge%2Fbirds%5D"))
            #expect(arguments.contains("--comment=modelbuild:" + attempt.job.cacheKey))
            #expect(arguments.contains("--output=" + attempt.logFile.replacing("%", with: "%%")))
            #expect(arguments.contains("--chdir=" + attempt.workDirectory))
            #expect(arguments.contains("--export=ALL"))
            #expect(arguments.contains("--no-requeue"))
            #expect(arguments.contains("--time=2"))
            #expect(arguments.contains("--cpus-per-task=8"))
            #expect(arguments.contains("--mem=4096M"))
            #expect(arguments.contains("--gres=gpu:2,nvme:1"))
            #expect(!arguments.contains { $0.contains("unused") })
            #expect(
                Array(arguments.suffix(5))
                    == ["--partition=gpu", "--account=lab", "--qos=normal", "--exclusive", submission.scriptPath])
            #expect(submission.memory == 4096)
            #expect(submission.environment["SLURM_CONF"] == "/etc/slurm.conf")
            #expect(submission.environment["SBATCH_QOS"] == "low")
            #expect(submission.environment["OTHER"] == nil)
            #expect(submission.environment["MODELBUILD_CONTEXT"] == attempt.contextFile)
        }
    }

    @Test(arguments: [
        (Duration.milliseconds(500), 1), (.seconds(60), 1), (.seconds(61), 2), (.seconds(3600), 60),
        (.seconds(3600) + .milliseconds(1), 61), (.seconds(6 * 3600), 360),
    ])
    func timeLimitsRoundUpToWholeMinutes(timeout: Duration, minutes: Int) {
        #expect(SlurmSubmission.minutes(rounding: timeout) == minutes)
    }

    @Test func theBatchScriptNamesSecretsButHoldsNoValue() async throws {
        try await withTemporaryDirectory { root in
            let secret = "value-that-must-not-be-written"
            let attempt = try makeAttempt(
                in: root, command: ["sh", "-c", "echo 'it''s'; echo $API_TOKEN"], secrets: ["API_TOKEN"])
            let environment = try StageEnvironment(
                host: ["PATH": "/usr/bin", "API_TOKEN": secret], contextFile: attempt.contextFile,
                secrets: ["API_TOKEN"], job: attempt.job.id)
            let submission = SlurmSubmission(
                attempt: attempt, environment: environment, settings: SlurmSettings(), hostEnvironment: [:])
            #expect(!submission.script.text.contains(secret))
            #expect(!submission.arguments.contains { $0.contains(secret) })
            #expect(submission.arguments.contains("--export=ALL"))
            #expect(Set(submission.environment.keys) == ["API_TOKEN", "MODELBUILD_CONTEXT", "PATH"])
            #expect(submission.environment["API_TOKEN"] == secret)
            #expect(submission.script.text.contains("mask_secrets"))
            #expect(submission.script.text.contains("'sh' '-c' 'echo '\\''it'\\'''\\''s'\\''; echo $API_TOKEN'"))
        }
    }

    @Test func theBatchScriptRunsTheStageWithExactlyItsEnvironment() async throws {
        try await withTemporaryDirectory { root in
            let attempt = try makeAttempt(in: root, command: ["env"])
            let environment = try StageEnvironment(
                host: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"], contextFile: attempt.contextFile, secrets: [],
                job: attempt.job.id)
            let script = SlurmSubmission(
                attempt: attempt, environment: environment, settings: SlurmSettings(), hostEnvironment: [:]
            ).script
            let path = root.appendingPathComponent("batch.sh").path
            try Data(script.text.utf8).write(to: URL(fileURLWithPath: path))
            // Run as Slurm would, with the job's environment and more that must not pass.
            let result = try SpawnedProcess.run(
                "/bin/bash", [path],
                environment: [
                    "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "MODELBUILD_CONTEXT": attempt.contextFile,
                    "SLURM_JOB_ID": "42", "CUDA_VISIBLE_DEVICES": "0,1", "PYENV_ROOT": "/leak", "USER_LOGIN": "leak",
                ]
            ).standardOutput
            let names = Set(result.split(separator: "\n").compactMap { $0.split(separator: "=").first.map(String.init) })
            #expect(names == ["PATH", "LANG", "MODELBUILD_CONTEXT", "SLURM_JOB_ID", "CUDA_VISIBLE_DEVICES"])
        }
    }

    @Test func secretsAreMaskedByTheBatchScriptLongestFirst() async throws {
        try await withTemporaryDirectory { root in
            let attempt = try makeAttempt(
                in: root, command: ["sh", "-c", "printf 'a=%s b=%s\\nlast %s' \"$SHORT\" \"$LONG\" \"$LONG\" >&2"],
                secrets: ["SHORT", "LONG"])
            let host = ["PATH": "/usr/bin:/bin", "SHORT": "abc", "LONG": "xxabcxx"]
            let environment = try StageEnvironment(
                host: host, contextFile: attempt.contextFile, secrets: ["SHORT", "LONG"], job: attempt.job.id)
            let script = SlurmSubmission(
                attempt: attempt, environment: environment, settings: SlurmSettings(), hostEnvironment: [:]
            ).script
            let path = root.appendingPathComponent("batch.sh").path
            try Data(script.text.utf8).write(to: URL(fileURLWithPath: path))
            let output = try SpawnedProcess.run(
                "/bin/bash", [path], environment: host.merging(["MODELBUILD_CONTEXT": attempt.contextFile]) { $1 }
            ).standardOutput
            #expect(output == "a=*** b=***\nlast ***\n")
        }
    }

    /// SIGTERM reaches every process of the job, as `scancel --signal=TERM --full` sends it:
    /// the stage alone decides when to end, and what it prints meanwhile is still masked and
    /// kept. Without secrets the stage is the script's own process.
    @Test(arguments: [[], ["TOKEN"]])
    func sigtermToTheWholeJobLetsTheStageEndAsItChooses(secrets: [String]) async throws {
        try await withStateFolder { root in
            let stage = """
                trap 'echo "stopping cleanly, token $TOKEN"; exit 0' TERM
                echo ready
                sleep 100 &
                wait $!
                """
            let attempt = try makeAttempt(in: root, command: ["sh", "-c", stage], secrets: secrets)
            let host = ["PATH": "/usr/bin:/bin", "TOKEN": "s3cr3t"]
            let environment = try StageEnvironment(
                host: host, contextFile: attempt.contextFile, secrets: secrets, job: attempt.job.id)
            let script = SlurmSubmission(
                attempt: attempt, environment: environment, settings: SlurmSettings(), hostEnvironment: [:]
            ).script
            try Data(script.text.utf8).write(to: root.appendingPathComponent("batch.sh"))
            // Job control puts the script in a process group of its own, which gets SIGTERM
            // once the stage has said it is ready. Subprocess starts the driver with no
            // signal blocked, as slurmstepd starts a batch script.
            let driver = """
                set -m
                bash batch.sh > job.log 2>&1 &
                job=$!
                for _ in $(seq 600); do grep -q ready job.log && break; sleep 0.05; done
                kill -TERM -- -$job
                wait $job
                echo "status $?"
                """
            var variables: [Environment.Key: String] = ["MODELBUILD_CONTEXT": attempt.contextFile]
            for (name, value) in host { variables[Environment.Key(stringLiteral: name)] = value }
            let result = try await Subprocess.run(
                .path("/bin/bash"), arguments: ["-c", driver], environment: .custom(variables),
                workingDirectory: FilePath(root.path), input: .none, output: .string(limit: 1 << 16),
                error: .string(limit: 1 << 16))
            #expect(result.standardOutput == "status 0\n", "\(result.standardError)")
            let log = try String(contentsOfFile: root.appendingPathComponent("job.log").path, encoding: .utf8)
            // sh may also report its `sleep` as "Terminated".
            let lines = log.split(separator: "\n").map(String.init)
            #expect(lines.first == "ready")
            #expect(lines.last == "stopping cleanly, token " + (secrets.isEmpty ? "" : "***"), "\(log)")
        }
    }
}

/// `SlurmJobStatus`: reading squeue, and the endings it stands for.
struct SlurmJobStatusTests {
    @Test func squeueLinesAreRead() {
        let output = """
            12|RUNNING|0|node[01-02]|None
            13|FAILED|768|node03|NonZeroExitCode
            14|CANCELLED by 0|15|node04|None
            garbage
            """
        let statuses = SlurmJobStatus.parse(squeueOutput: output)
        #expect(statuses.count == 3)
        #expect(statuses["12"] == SlurmJobStatus(jobID: "12", state: "RUNNING", waitStatus: 0, nodes: "node[01-02]", reason: "None"))
        #expect(statuses["13"]?.waitStatus == 768)
        #expect(statuses["14"]?.state == "CANCELLED")
        #expect(statuses["12"]?.hasEnded == false)
        #expect(statuses["13"]?.hasEnded == true)
    }

    @Test(arguments: [
        ("COMPLETED", 0, nil, AttemptOutcome.succeeded),
        ("FAILED", 3 << 8, nil, .failed(exitStatus: 3)),
        ("FAILED", 11, nil, .signalled(11)),
        ("CANCELLED", 15, SlurmCancellation.build, .cancelled),
        ("CANCELLED", 15, .timeout, .timedOut),
        // Sent SIGTERM, the stage ended by itself within its grace period.
        ("COMPLETED", 0, .timeout, .timedOut),
        ("FAILED", 143 << 8, .build, .cancelled),
        ("FAILED", 15, .timeout, .timedOut),
        ("TIMEOUT", 0, nil, .timedOut),
    ] as [(String, Int32, SlurmCancellation?, AttemptOutcome)])
    func endingsMapToOutcomes(state: String, waitStatus: Int32, cancellation: SlurmCancellation?, outcome: AttemptOutcome) {
        let status = SlurmJobStatus(jobID: "7", state: state, waitStatus: waitStatus, nodes: "n1", reason: "")
        #expect(status.outcome(cancelledBy: cancellation, memory: nil) == outcome)
    }

    @Test(arguments: [
        ("NODE_FAIL", true, "node failed"), ("PREEMPTED", true, "preempted"), ("BOOT_FAIL", true, "boot"),
        ("OUT_OF_MEMORY", false, "ran out of memory on n1 (it asked for --mem=512M"),
        ("CANCELLED", false, "cancelled outside modelbuild"), ("SPECIAL_EXIT", false, "SPECIAL_EXIT"),
    ])
    func lostJobsSayWhyAndWhetherToRetry(state: String, retryable: Bool, words: String) {
        let status = SlurmJobStatus(jobID: "7", state: state, waitStatus: 0, nodes: "n1", reason: "")
        guard case .lost(let reason, let isRetryable) = status.outcome(cancelledBy: nil, memory: 512) else {
            Issue.record("\(state) should be lost")
            return
        }
        #expect(reason.contains(words))
        #expect(isRetryable == retryable)
    }
}

extension SlurmJobStatusTests {
    @Test func aJobThatCouldNotLaunchSaysTheNodesMustShareTheStateDirectory() {
        let status = SlurmJobStatus(
            jobID: "7", state: "FAILED", waitStatus: 4021, nodes: "n1", reason: "JobLaunchFailure")
        guard case .lost(let reason, false) = status.outcome(cancelledBy: nil, memory: nil) else {
            Issue.record("a launch failure is lost for good")
            return
        }
        #expect(reason.contains("could not launch job 7 on n1"))
        let signalled = SlurmJobStatus(jobID: "8", state: "FAILED", waitStatus: 11, nodes: "n1", reason: "JobLaunchFailure")
        #expect(signalled.outcome(cancelledBy: nil, memory: nil) == .signalled(11))
    }
}
