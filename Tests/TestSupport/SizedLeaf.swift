/// A valid schema-3 skill `qna.yaml` of exactly `size` bytes: five seed examples after a
/// comment line that pads it (yamllint's line-length rule is off for the taxonomy), for
/// tests at the leaf size limit.
public func skillLeaf(ofSize size: Int) -> String {
    let examples = (1...5).map { "  - question: What is question \($0)?\n    answer: It is answer \($0).\n" }
    let body = "version: 3\ncreated_by: ada\ntask_description: A leaf at the size limit.\nseed_examples:\n"
        + examples.joined()
    let padding = size - body.utf8.count - "# \n".utf8.count
    precondition(padding >= 0, "a skill leaf needs at least \(body.utf8.count + 3) bytes")
    return "# " + String(repeating: "x", count: padding) + "\n" + body
}
