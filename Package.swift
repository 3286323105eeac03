// swift-tools-version: 6.2
import PackageDescription

/// Our own targets build in Swift 6 mode with every warning an error.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "modelbuild",
    products: [
        .executable(name: "modelbuild", targets: ["modelbuild"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CGit2", pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(
            name: "CLibYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]),

        .target(name: "CPlatform"),
        .target(
            name: "Platform",
            dependencies: ["CPlatform", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .target(name: "StageProtocol", dependencies: ["Platform"], swiftSettings: strict),
        .target(name: "Cron", dependencies: ["Platform"], swiftSettings: strict),
        .target(name: "YAML", dependencies: ["CLibYAML"], swiftSettings: strict),
        .target(name: "Git", dependencies: ["CGit2"], swiftSettings: strict),
        .target(
            name: "InstructLabValidation", dependencies: ["YAML"], swiftSettings: strict),
        .target(
            name: "Taxonomy",
            dependencies: ["InstructLabValidation", "Platform", "YAML", "Git"],
            swiftSettings: strict),
        .target(
            name: "BuildConfiguration",
            dependencies: ["Cron", "YAML", "Platform", "StageProtocol"],
            swiftSettings: strict),
        .target(name: "Store", dependencies: ["StageProtocol", "Platform"], swiftSettings: strict),
        .target(
            name: "Runner",
            dependencies: [
                "StageProtocol", "Platform", "Store",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strict),
        .target(
            name: "Artifacts",
            dependencies: ["StageProtocol", "Platform", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .target(
            name: "Registry", dependencies: ["Artifacts", "Platform"], swiftSettings: strict),
        .target(
            name: "Stages",
            dependencies: [
                "StageProtocol", "InstructLabValidation", "YAML", "Platform",
            ],
            swiftSettings: strict),
        .target(
            name: "UseCases",
            dependencies: [
                "BuildConfiguration", "Cron", "Runner", "Store", "Artifacts", "Taxonomy", "Stages", "StageProtocol", "YAML",
                "Git", "Platform", "Registry",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "modelbuild",
            dependencies: [
                "UseCases", "Artifacts", "BuildConfiguration", "Cron", "Platform", "Runner", "Taxonomy", "YAML", "Registry",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        .target(
            name: "TestSupport",
            dependencies: [
                "Git",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Tests/TestSupport", resources: [.copy("Fixtures")], swiftSettings: strict),
        .target(
            name: "ExecutorTestKit",
            dependencies: ["Runner", "Store", "Platform", "StageProtocol", "TestSupport"],
            path: "Tests/ExecutorTestKit", swiftSettings: strict),
        .testTarget(name: "PlatformTests", dependencies: ["Platform"], swiftSettings: strict),
        .testTarget(name: "StageProtocolTests", dependencies: ["StageProtocol"], swiftSettings: strict),
        .testTarget(name: "CronTests", dependencies: ["Cron"], swiftSettings: strict),
        .testTarget(name: "YAMLTests", dependencies: ["YAML", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "GitTests", dependencies: ["Git", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "InstructLabValidationTests", dependencies: ["InstructLabValidation", "YAML", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "TaxonomyTests", dependencies: ["Taxonomy", "InstructLabValidation", "Git", "YAML", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "BuildConfigurationTests", dependencies: ["BuildConfiguration", "YAML", "StageProtocol", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "RunnerTests", dependencies: ["Runner", "Store", "Platform", "StageProtocol", "TestSupport", "ExecutorTestKit"],
            swiftSettings: strict),
        .testTarget(
            name: "StoreTests", dependencies: ["Store", "Runner", "Platform", "TestSupport", "ExecutorTestKit"], swiftSettings: strict),
        .executableTarget(
            name: "ArtifactsCrashProbe", dependencies: ["Artifacts"], path: "Tests/ArtifactsCrashProbe",
            swiftSettings: strict),
        .testTarget(
            name: "ArtifactsTests",
            dependencies: ["Artifacts", "Platform", "StageProtocol", "TestSupport", "ArtifactsCrashProbe", "YAML"],
            swiftSettings: strict),
        .executableTarget(
            name: "PublishBenchmark",
            dependencies: ["Artifacts", .product(name: "Subprocess", package: "swift-subprocess")],
            path: "Benchmarks/PublishBenchmark",
            swiftSettings: strict),
        .executableTarget(
            name: "SpawnBenchmark",
            dependencies: [
                "Platform",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Benchmarks/SpawnBenchmark",
            swiftSettings: strict),
        .testTarget(
            name: "StagesTests", dependencies: ["Stages", "Platform", "StageProtocol", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "PluginTests", dependencies: ["UseCases", "BuildConfiguration", "Runner", "StageProtocol", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "SlurmTests",
            dependencies: [
                "Runner", "Store", "StageProtocol", "TestSupport", "ExecutorTestKit", "modelbuild",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "UseCasesTests",
            dependencies: [
                "UseCases", "Artifacts", "BuildConfiguration", "Cron", "Runner", "Git", "Taxonomy", "YAML", "StageProtocol", "TestSupport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "EndToEndTests", dependencies: ["TestSupport", "Git", "modelbuild"],
            swiftSettings: strict),
        .testTarget(
            name: "RegistryTests", dependencies: ["TestSupport", "Registry", "modelbuild"],
            swiftSettings: strict),
    ]
)
