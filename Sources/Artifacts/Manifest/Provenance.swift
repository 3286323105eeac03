import Foundation
import StageProtocol

/// `builds/<version>/provenance.json`: an in-toto Statement v1 whose subject is the build's
/// root digest, with a SLSA provenance v1 predicate.
public struct ProvenanceStatement: Sendable, Hashable, Codable {
    /// in-toto's `_type`.
    public static let statementType = "https://in-toto.io/Statement/v1"
    /// The SLSA provenance v1 predicate type.
    public static let slsaPredicateType = "https://slsa.dev/provenance/v1"
    /// Our `buildType`: what `externalParameters` and `internalParameters` mean.
    public static let buildType = "https://modelbuild.dev/build-types/taxonomy-model/v1"
    /// The builder id unless the caller names one.
    public static let defaultBuilderID = "https://modelbuild.dev/builders/local/v1"

    public var type: String
    public var subject: [Subject]
    public var predicateType: String
    public var predicate: Predicate

    enum CodingKeys: String, CodingKey {
        case type = "_type"
        case subject, predicateType, predicate
    }

    /// What the statement is about: the build, by its root digest.
    public struct Subject: Sendable, Hashable, Codable {
        /// `<model>@<version>`.
        public var name: String
        /// `{"sha256": <root digest>}`.
        public var digest: [String: String]
    }

    /// The SLSA provenance predicate.
    public struct Predicate: Sendable, Hashable, Codable {
        public var buildDefinition: BuildDefinition
        public var runDetails: RunDetails
    }

    /// The inputs: parameters and resolved dependencies (taxonomy, base model).
    public struct BuildDefinition: Sendable, Hashable, Codable {
        public var buildType: String
        public var externalParameters: [String: JSONValue]
        public var internalParameters: [String: JSONValue]
        public var resolvedDependencies: [ResourceDescriptor]
    }

    /// An in-toto ResourceDescriptor.
    public struct ResourceDescriptor: Sendable, Hashable, Codable {
        public var uri: String?
        public var name: String?
        public var digest: [String: String]
    }

    /// Who built it, when, and what else it produced.
    public struct RunDetails: Sendable, Hashable, Codable {
        public var builder: Builder
        public var metadata: Metadata
        /// The stage logs, with their digests.
        public var byproducts: [ResourceDescriptor]
    }

    /// The builder's id (a URI).
    public struct Builder: Sendable, Hashable, Codable {
        public var id: String
    }

    /// The run's id and times.
    public struct Metadata: Sendable, Hashable, Codable {
        public var invocationId: String
        public var startedOn: Date
        public var finishedOn: Date
    }

    /// The statement for `manifest`, built by `build`, on `builderID`.
    public init(manifest: Manifest, build: FinishedBuild, builderID: String) {
        type = Self.statementType
        predicateType = Self.slsaPredicateType
        subject = [Subject(name: "\(manifest.name)@\(manifest.version)", digest: ["sha256": manifest.rootDigest])]
        let dependencies = Self.resolvedDependencies(of: manifest)
        let external: [String: JSONValue] = [
            "build": .string(manifest.build.name),
            "kind": .string(manifest.build.kind.rawValue),
            "version": .string(manifest.version),
            "configDigest": .string(build.configDigest),
        ]
        predicate = Predicate(
            buildDefinition: BuildDefinition(
                buildType: Self.buildType, externalParameters: external,
                internalParameters: build.internalParameters, resolvedDependencies: dependencies),
            runDetails: RunDetails(
                builder: Builder(id: builderID),
                metadata: Metadata(invocationId: build.runID, startedOn: build.startedOn, finishedOn: build.finishedOn),
                byproducts: Self.byproducts(of: manifest)))
    }

    /// The inputs `manifest` records, as provenance names them: the taxonomy commit, the
    /// base model when there is one, then each knowledge document repository at its commit.
    public static func resolvedDependencies(of manifest: Manifest) -> [ResourceDescriptor] {
        var dependencies = [
            ResourceDescriptor(
                uri: "git+\(manifest.taxonomy.url)", name: "taxonomy",
                digest: ["gitCommit": manifest.taxonomy.commit])
        ]
        if let base = manifest.baseModel {
            dependencies.append(
                ResourceDescriptor(uri: base.uri, name: base.name, digest: base.digest.map { ["sha256": $0] } ?? [:]))
        }
        var seen = Set<String>()
        for documents in (manifest.contributions ?? []).compactMap(\.documents)
        where seen.insert(documents.repository + "@" + documents.commit).inserted {
            dependencies.append(
                ResourceDescriptor(
                    uri: "git+\(documents.repository)", name: "knowledge-documents",
                    digest: ["gitCommit": documents.commit]))
        }
        return dependencies
    }

    /// The stage logs `manifest` publishes, with their digests.
    public static func byproducts(of manifest: Manifest) -> [ResourceDescriptor] {
        manifest.stages.compactMap { stage in
            stage.log.map { ResourceDescriptor(uri: nil, name: "files/" + $0.path, digest: ["sha256": $0.sha256]) }
        }
    }
}
