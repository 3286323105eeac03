import Foundation

/// InstructLab's own test data and taxonomy samples (Apache-2.0, see
/// `Fixtures/instructlab/NOTICE.md`), kept in this repository as resources of this
/// target so that a clean clone runs every test that reads them.
public enum InstructLabFixtures {
    /// The folder holding `schema/testdata` and `taxonomy-samples`.
    public static var root: URL {
        // The resources are copied with the build; their absence is a broken build, not input.
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/instructlab")
    }

    /// instructlab-schema's test leaves: `compositional_skills/…` and `knowledge/…`.
    public static var schemaTestdata: URL { root.appendingPathComponent("schema/testdata") }

    /// Leaves of the public InstructLab taxonomy: skills, a knowledge leaf and a
    /// `foundational_skills` leaf (which validation ignores), each with its attribution.
    public static var taxonomySamples: URL { root.appendingPathComponent("taxonomy-samples") }
}
