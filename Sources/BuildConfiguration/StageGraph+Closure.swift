extension StageGraph {
    /// `targets` and every stage they need, directly or not (what `ninja target` builds):
    /// the stages a partial build runs. Names the graph does not hold are left out.
    public func upstreamClosure(of targets: Set<String>) -> Set<String> {
        var closure = Set<String>()
        var stack = targets.filter { index(of: $0) != nil }.sorted()
        while let name = stack.popLast() {
            guard closure.insert(name).inserted, let position = index(of: name) else { continue }
            stack += needs(at: position).map { names[$0] }
        }
        return closure
    }
}
