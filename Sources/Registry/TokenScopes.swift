/// The access a bearer token is asked for: every scope the registry's challenges named so
/// far (`repository:<name>:<actions>`), the actions of one resource united. A token asked
/// for all of them serves every request seen so far, so a push fetches a new one only when
/// a challenge names something new (the first upload's `push`, a mount's source).
struct TokenScopes: Sendable, Hashable {
    /// `type:name` → its actions, in the order first named.
    private var actions: [String: [String]] = [:]
    private var order: [String] = []

    /// Adds the scopes of a challenge's `scope` parameter (several, space-separated, as
    /// distribution joins them); returns whether it named an action not asked for before.
    mutating func add(_ parameter: String) -> Bool {
        var grew = false
        for scope in parameter.split(separator: " ") {
            // type:name:actions, where the name may hold colons (a registry's port).
            guard let first = scope.firstIndex(of: ":"), let last = scope.lastIndex(of: ":"), first != last else { continue }
            let resource = String(scope[..<last])
            if actions[resource] == nil {
                actions[resource] = []
                order.append(resource)
            }
            for action in scope[scope.index(after: last)...].split(separator: ",").map(String.init)
            where !(actions[resource] ?? []).contains(action) {
                actions[resource, default: []].append(action)
                grew = true
            }
        }
        return grew
    }

    /// One `scope` query parameter per resource, as a token service reads them.
    var parameters: [String] {
        order.map { "\($0):\((actions[$0] ?? []).joined(separator: ","))" }
    }
}
