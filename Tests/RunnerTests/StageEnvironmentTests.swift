import ExecutorTestKit
import Runner
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
