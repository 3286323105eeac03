/// A question (and its user's context) read into ``Tokenizer`` terms once, to be asked of
/// several indexes: the evaluation asks the trained model and its base the same question.
///
/// An index matches the question's terms against its question field, and the question's
/// terms followed by the context's against its context field: the terms of the question
/// and the context joined by a newline, since a newline ends a word.
public struct QuestionTerms: Sendable {
    /// The question's terms, in order, repeats kept.
    let question: [String]
    /// The context's terms, in order; none without a context.
    let context: [String]

    public init(question: String, context: String?) {
        let tokenizer = Tokenizer()
        self.question = tokenizer.terms(question)
        self.context = context.map(tokenizer.terms) ?? []
    }
}
