import ArgumentParser
import UseCases

/// How `push` and `pull` log in to a registry, and whether plain http is allowed.
struct RegistryLoginOptions: ParsableArguments {
    @Option(help: "The registry user name (the password comes from --password-env).")
    var username: String?

    @Option(
        help: ArgumentHelp(
            "The environment variable holding the registry password or token.", valueName: "variable"))
    var passwordEnv = "MODELBUILD_REGISTRY_PASSWORD"

    @Flag(help: "Speak plain http, not https: only to a registry on this machine (127.0.0.1, localhost, [::1]).")
    var insecure = false

    var login: RegistryTransfer.Login { RegistryTransfer.Login(username: username, passwordVariable: passwordEnv) }
}
