/// `modelbuild -C DIR build nightly` as git and cargo take it: the project options may
/// come before the subcommand, and are moved after it, where the command's parser reads them.
enum LeadingProjectOptions {
    private static let optionsWithValue: Set<String> = ["-C", "-c", "--config"]

    /// `arguments` (without the program) with leading `-C DIR`, `-c FILE` and
    /// `--config FILE` (or `--config=FILE`) moved to the end.
    static func moved(_ arguments: [String]) -> [String] {
        var rest = arguments[...]
        var leading: [String] = []
        while let first = rest.first {
            if optionsWithValue.contains(first), rest.count >= 2 {
                leading += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if first.hasPrefix("--config=") {
                leading.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        return Array(rest) + leading
    }
}
