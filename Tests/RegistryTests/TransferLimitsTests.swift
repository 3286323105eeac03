import Testing

@testable import Registry

/// The transfer's knobs as the environment sets them.
@Suite struct TransferLimitsTests {
    @Test func theEnvironmentOverridesTheDefaults() throws {
        #expect(try RegistryTransferLimits.fromEnvironment([:]) == .standard)
        let limits = try RegistryTransferLimits.fromEnvironment(
            ["MODELBUILD_REGISTRY_TIMEOUT": "0.5", "MODELBUILD_REGISTRY_UPLOADS": "8", "MODELBUILD_REGISTRY_CHUNK_MIB": "64"])
        #expect(limits == RegistryTransferLimits(idleTimeout: .milliseconds(500), concurrentUploads: 8, chunkBytes: 64 << 20))
        #expect(try RegistryTransferLimits.fromEnvironment(["MODELBUILD_REGISTRY_CHUNK_MIB": "0"]).chunkBytes == nil)
        #expect(limits.idleTimeoutText == "0.5 s")
        #expect(RegistryTransferLimits.standard.idleTimeoutText == "120 s")
    }

    @Test(arguments: [
        ("MODELBUILD_REGISTRY_UPLOADS", "0"), ("MODELBUILD_REGISTRY_UPLOADS", "33"), ("MODELBUILD_REGISTRY_UPLOADS", "four"),
        ("MODELBUILD_REGISTRY_TIMEOUT", "soon"), ("MODELBUILD_REGISTRY_TIMEOUT", "0"), ("MODELBUILD_REGISTRY_TIMEOUT", "-3"),
        ("MODELBUILD_REGISTRY_CHUNK_MIB", "-1"), ("MODELBUILD_REGISTRY_CHUNK_MIB", "1.5"),
    ])
    func malformedValuesAreUsageErrors(name: String, value: String) {
        #expect {
            _ = try RegistryTransferLimits.fromEnvironment([name: value])
        } throws: { error in
            guard let error = error as? RegistryError else { return false }
            return error.kind == .usage && error.url == name && error.message.hasPrefix("\"\(value)\"")
        }
    }
}
