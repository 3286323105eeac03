import Foundation
import StageProtocol
import InstructLabValidation

/// `builtin/validate`: checks the changed leaves (every leaf with `with: {all: true}`)
/// the way InstructLab does. A changed leaf the snapshot lacks is an error too. Any error
/// fails the stage; the located messages go to its log and to `validation.json`.
enum ValidateStage {
    static func run(_ context: StageContext, print: (String) -> Void) throws(BuiltinStageError) -> Bool {
        let output = URL(fileURLWithPath: context.output)
        guard let taxonomy = context.taxonomy else {
            print("no taxonomy: nothing to validate")
            try write(.object(["leaves": .array([])]), to: output)
            return true
        }
        let snapshot = SnapshotLeaves(path: taxonomy.path)
        let all = snapshot.all()
        let present = Set(all)
        let missing = taxonomy.changedLeaves.filter { !present.contains($0) }
        let validateAll = (context.params[BuiltinStageParameters.Validate.all.name] ?? BuiltinStageParameters.Validate.all.defaultValue) == .bool(true)
        let leaves = validateAll ? (all + missing).sorted() : taxonomy.changedLeaves
        print("validating \(leaves.count) \(validateAll ? "" : "changed ")leaves of \(all.count) at \(taxonomy.commit)")
        var mode = LeafValidationOptions.Reference.ilab
        if case .string(let name) = context.params[BuiltinStageParameters.Validate.mode.name], let given = LeafValidationOptions.Reference(rawValue: name) {
            mode = given
        }
        let validator = LeafValidator(options: LeafValidationOptions(reference: mode))
        let formatter = LeafDiagnosticFormatter(format: .text)
        var entries: [JSONValue] = []
        var errors = 0
        for (index, leaf) in leaves.enumerated() {
            let report =
                present.contains(leaf) ? validator.validate(try snapshot.source(leaf)) : snapshot.missingLeafReport(leaf)
            let messages = formatter.format(report)
            messages.forEach(print)
            errors += report.errors.count
            entries.append(
                .object([
                    "path": .string(leaf), "valid": .bool(report.isValid), "errors": .integer(report.errors.count),
                    "warnings": .integer(report.warnings.count), "messages": .array(messages.map(JSONValue.string)),
                ]))
            print("::progress \(Double(index + 1) / Double(max(leaves.count, 1))) \(leaf)")
        }
        try write(.object(["leaves": .array(entries), "errors": .integer(errors)]), to: output)
        print("::metric errors=\(errors)")
        print(errors == 0 ? "all \(leaves.count) leaves valid" : "\(errors) error\(errors == 1 ? "" : "s") in the taxonomy")
        return errors == 0
    }

    /// `validation.json`, by modelbuild's one JSON writer.
    private static func write(_ report: JSONValue, to output: URL) throws(BuiltinStageError) {
        do {
            try FileBytes.write(JSONWriter.document(report), to: output.appendingPathComponent("validation.json"))
        } catch {
            throw BuiltinStageError("cannot write validation.json in \(output.path): \(error.reason)", retryable: true)
        }
    }
}
