import StageProtocol

/// `provenance.json` against `manifest.json`, field by field: everything the statement says
/// about the build's inputs and outputs must be what the manifest says, so a statement
/// copied from another build, or edited after publishing, is caught by the field it lies
/// in. Only what the manifest does not record (the run's id and times, the configuration
/// digest, internal parameters) is taken as written.
enum ProvenanceCheck {
    /// One field that differs: its JSON path in the statement, what the manifest implies,
    /// and what the statement says.
    struct Mismatch: Sendable, Hashable {
        var field: String
        var expected: String
        var actual: String
    }

    static func mismatches(
        _ statement: ProvenanceStatement, against manifest: Manifest, builderIDs: Set<String>
    ) -> [Mismatch] {
        var found: [Mismatch] = []
        func expect(_ field: String, _ expected: String, _ actual: String) {
            if expected != actual { found.append(Mismatch(field: field, expected: expected, actual: actual)) }
        }
        expect("_type", ProvenanceStatement.statementType, statement.type)
        expect("predicateType", ProvenanceStatement.slsaPredicateType, statement.predicateType)
        expect("subject.count", "1", String(statement.subject.count))
        expect("subject[0].name", "\(manifest.name)@\(manifest.version)", statement.subject.first?.name ?? "(none)")
        expect(
            "subject[0].digest", render(["sha256": manifest.rootDigest]),
            statement.subject.first.map { render($0.digest) } ?? "(none)")

        let definition = statement.predicate.buildDefinition
        expect("predicate.buildDefinition.buildType", ProvenanceStatement.buildType, definition.buildType)
        let external: [(String, String)] = [
            ("build", manifest.build.name), ("kind", manifest.build.kind.rawValue), ("version", manifest.version),
        ]
        for (name, value) in external {
            expect(
                "predicate.buildDefinition.externalParameters.\(name)", value,
                text(definition.externalParameters[name]))
        }
        compare(
            "predicate.buildDefinition.resolvedDependencies", ProvenanceStatement.resolvedDependencies(of: manifest),
            definition.resolvedDependencies, into: &found)

        let details = statement.predicate.runDetails
        if !builderIDs.contains(details.builder.id) {
            found.append(
                Mismatch(
                    field: "predicate.runDetails.builder.id", expected: builderIDs.sorted().joined(separator: " or "),
                    actual: details.builder.id))
        }
        if details.metadata.startedOn > details.metadata.finishedOn {
            found.append(
                Mismatch(
                    field: "predicate.runDetails.metadata", expected: "startedOn no later than finishedOn",
                    actual: "\(details.metadata.startedOn) after \(details.metadata.finishedOn)"))
        }
        compare(
            "predicate.runDetails.byproducts", ProvenanceStatement.byproducts(of: manifest), details.byproducts,
            into: &found)
        return found
    }

    private static func compare(
        _ field: String, _ expected: [ProvenanceStatement.ResourceDescriptor],
        _ actual: [ProvenanceStatement.ResourceDescriptor], into found: inout [Mismatch]
    ) {
        if expected.count != actual.count {
            found.append(Mismatch(field: field + ".count", expected: String(expected.count), actual: String(actual.count)))
        }
        for (index, (want, have)) in zip(expected, actual).enumerated() where want != have {
            found.append(Mismatch(field: "\(field)[\(index)]", expected: render(want), actual: render(have)))
        }
    }

    private static func render(_ descriptor: ProvenanceStatement.ResourceDescriptor) -> String {
        "{name: \(descriptor.name ?? "-"), uri: \(descriptor.uri ?? "-"), digest: \(render(descriptor.digest))}"
    }

    private static func render(_ digest: [String: String]) -> String {
        digest.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",")
    }

    private static func text(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text): text
        case nil: "(none)"
        case .some(let other): "\(other)"
        }
    }
}
