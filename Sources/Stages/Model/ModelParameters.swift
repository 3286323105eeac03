import StageProtocol

/// The lexical model's training params (`builtin/train`'s `with:`).
///
/// Scores are Okapi BM25 with Lucene's always-positive IDF,
/// `idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5))`, and per matched term
/// `idf · tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen))`. An example's score is its question
/// field's score plus `context_weight` times its context's score (see ``QAIndex``).
public struct ModelParameters: Sendable, Hashable {
    /// `k1`: term-frequency saturation. 1.2 is the usual default.
    public var k1: Double
    /// `b`: length normalisation, 0 (none) to 1 (full). 0.75 is the usual default.
    public var b: Double
    /// `context_weight`: how much the context field counts against the question field.
    public var contextWeight: Double

    public init(
        k1: Double = BuiltinStageParameters.Train.k1.defaultNumber, b: Double = BuiltinStageParameters.Train.b.defaultNumber,
        contextWeight: Double = BuiltinStageParameters.Train.contextWeight.defaultNumber
    ) {
        self.k1 = k1
        self.b = b
        self.contextWeight = contextWeight
    }

    /// Reads `k1`, `b` and `context_weight` from a stage's params; absent ones keep their
    /// defaults, unknown ones are errors.
    public init(params: [String: JSONValue]) throws(ParameterError) {
        self.init()
        var reader = ParameterReader(params: params, stage: "builtin/train")
        k1 = try reader.number(BuiltinStageParameters.Train.k1)
        b = try reader.number(BuiltinStageParameters.Train.b)
        contextWeight = try reader.number(BuiltinStageParameters.Train.contextWeight)
        try reader.rejectUnknown()
    }
}
