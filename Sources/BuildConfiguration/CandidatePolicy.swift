/// `candidates:` — how a pull request's candidate build is judged against the model it
/// would change.
public struct CandidatePolicy: Sendable, Hashable {
    /// The base model's F1 on a pull request's own questions at or above which the model
    /// already knows what it teaches (`known_threshold`, 0.8 unless set).
    public var knownThreshold: Double
    /// How far another leaf's F1 may fall before the candidate regresses it
    /// (`max_regression`, 0.05 unless set).
    public var maxRegression: Double

    /// InstructLab's triage defaults.
    public static let standard = CandidatePolicy(knownThreshold: 0.8, maxRegression: 0.05)

    public init(knownThreshold: Double, maxRegression: Double) {
        self.knownThreshold = knownThreshold
        self.maxRegression = maxRegression
    }
}
