/// Whether to colour what goes to a terminal: never when `NO_COLOR` is set (to anything
/// but the empty string, as no-color.org asks) or `TERM` is `dumb`.
public enum TerminalColour {
    /// Whether a terminal whose environment is `environment` gets colour.
    public static func isWanted(environment: [String: String]) -> Bool {
        if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }
}
