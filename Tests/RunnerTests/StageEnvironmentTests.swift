import ExecutorTestKit
import Runner
import StageProtocol
import Testing

@Suite struct StageEnvironmentTests {
    private let host = [
        "PATH": "/usr/bin:/bin", "HOME": "/home/ci", "LANG": "C.UTF-8",
        "AWS_SECRET_ACCESS_KEY": "not-for-stages", "HF_TOKEN": "hf_abc", "EDITOR": "vi",
    ]

    @Test func onlyAllowlistedVariablesAndTheContextPassThrough() throws {
        let environment = try StageEnvironment(
            host: host, contextFile: "/runs/r1/contexts/train.1.json", secrets: [], job: "train")
        #expect(
            environment.variables == [
                "PATH": "/usr/bin:/bin", "HOME": "/home/ci", "LANG": "C.UTF-8",
                "MODELBUILD_CONTEXT": "/runs/r1/contexts/train.1.json",
            ])
        #expect(environment.secretValues.isEmpty)
    }

    @Test func aNamedSecretIsPassedAndRememberedForMasking() throws {
        let environment = try StageEnvironment(
            host: host, contextFile: "/c.json", secrets: ["HF_TOKEN"], job: "train")
        #expect(environment.variables["HF_TOKEN"] == "hf_abc")
        #expect(environment.variables["AWS_SECRET_ACCESS_KEY"] == nil)
        #expect(environment.secretValues == ["hf_abc"])
    }

    @Test func aMissingSecretIsAnErrorNamingItAndTheJob() {
        #expect(throws: StageEnvironmentError.missingSecret(name: "WANDB_API_KEY", job: "train")) {
            try StageEnvironment(
                host: host, contextFile: "/c.json", secrets: ["WANDB_API_KEY"], job: "train")
        }
        let message = StageEnvironmentError.missingSecret(name: "WANDB_API_KEY", job: "train")
            .description
        #expect(message.contains("WANDB_API_KEY") && message.contains("train"))
    }
}

/// A train stage over a thousand leaves has a thousand inputs: their list must not make
/// the stage unstartable (E2BIG from posix_spawn); context.json still lists them.
@Suite struct StageEnvironmentInputsTests {
    static func context(inputs: Int) -> StageContext {
        StageContext(
            runID: "r1", stage: "train", attempt: 1, build: .init(name: "nightly", kind: "nightly", version: nil, model: "m"),
            inputs: Dictionary(uniqueKeysWithValues: (0..<inputs).map {
                ("generate[compositional_skills/bench/group/leaf\($0)]",
                 "/srv/project/.modelbuild/runs/20261207T054420.470Z-ad8234/attempts/train.1/generate[compositional_skills/bench/group/leaf\($0)]")
            }),
            output: "/out")
    }

    @Test func aFewInputsAreListedInTheVariable() throws {
        let environment = try StageEnvironment(
            host: [:], contextFile: "/c.json", secrets: [], job: "train", context: Self.context(inputs: 2))
        let inputs = try #require(environment.variables[StageEnvironment.inputsVariable])
        #expect(inputs.split(separator: "\n").count == 2)
        #expect(inputs.hasPrefix("generate[compositional_skills/bench/group/leaf0]=/srv/project/"))
    }

    @Test func tooManyInputsForOneVariableGoInAFileTheVariableNames() throws {
        let environment = try StageEnvironment(
            host: [:], contextFile: "/c.json", secrets: [], job: "train", context: Self.context(inputs: 1000))
        #expect(environment.variables[StageEnvironment.inputsVariable] == nil)
        #expect(environment.variables[StageEnvironment.inputsFileVariable] == StageEnvironment.inputsFile(contextFile: "/c.json"))
        #expect(environment.variables[StageEnvironment.outputVariable] == "/out")
        // Linux refuses a `NAME=value` string over 32 pages (MAX_ARG_STRLEN) with E2BIG.
        for (name, value) in environment.variables {
            #expect(name.utf8.count + 1 + value.utf8.count < 32 * 4096)
        }
    }
}
