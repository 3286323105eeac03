import YAML

extension ConfigReader {
    /// `publish: {registries: [{url, repository, tags, username, password_env, insecure}]}`.
    func readPublish(_ node: Node, at path: KeyPath) -> [PublishRegistrySpec]? {
        guard let publish = nodes.mapping(node, at: path, allowed: ["registries"], required: ["registries"]),
            let list = publish["registries"].flatMap({ nodes.list($0, at: publish.path("registries")) })
        else { return nil }
        var registries: [PublishRegistrySpec] = []
        var complete = true
        for (index, item) in list.enumerated() {
            let itemPath = publish.path("registries").appending(index: index)
            guard
                let entry = nodes.mapping(
                    item, at: itemPath, allowed: ["url", "repository", "tags", "username", "password_env", "insecure"],
                    required: ["url", "repository"]),
                let url = entry["url"].flatMap({ nodes.nonEmptyString($0, at: entry.path("url")) }),
                let repository = entry["repository"].flatMap({ nodes.nonEmptyString($0, at: entry.path("repository")) })
            else {
                complete = false
                continue
            }
            var spec = PublishRegistrySpec(url: url, repository: repository)
            if let node = entry["tags"] {
                guard let tags = nodes.stringList(node, at: entry.path("tags")), !tags.isEmpty else {
                    nodes.error("must list at least one tag, such as \"{version}\"", at: node, path: entry.path("tags"))
                    complete = false
                    continue
                }
                spec.tags = tags
            }
            if let node = entry["username"] { spec.username = nodes.nonEmptyString(node, at: entry.path("username")) }
            if let node = entry["password_env"] {
                guard let variable = readSecrets(node, at: entry.path("password_env"))?.first else {
                    complete = false
                    continue
                }
                spec.passwordVariable = variable
            }
            if let node = entry["insecure"] { spec.insecure = nodes.bool(node, at: entry.path("insecure")) ?? false }
            registries.append(spec)
        }
        return complete ? registries : nil
    }
}
