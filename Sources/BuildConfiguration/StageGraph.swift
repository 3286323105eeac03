/// The stages of one build as a dependency graph: the order they can run in, and the
/// cycles that stop them running at all. Linear in stages plus edges.
public struct StageGraph: Sendable {
    /// Stage names in builds.yaml order.
    public let names: [String]
    private let needs: [[Int]]
    private let index: [String: Int]

    /// A graph of `stages`; `needs` naming stages outside the list are ignored (the
    /// loader reports them).
    public init(_ stages: [StageSpec]) {
        names = stages.map(\.name)
        let index = Dictionary(stages.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.index = index
        needs = stages.map { $0.needs.compactMap { index[$0] } }
    }

    func index(of name: String) -> Int? { index[name] }

    func needs(at position: Int) -> [Int] { needs[position] }

    /// A dependency cycle, as the path that closes it (`generate → train → generate`
    /// is `["generate", "train", "generate"]`), or nil when there is none.
    public func cycle() -> [String]? {
        enum Mark { case unvisited, active, done }
        var marks = [Mark](repeating: .unvisited, count: names.count)
        for start in names.indices where marks[start] == .unvisited {
            // Iterative depth-first search: (node, next need to look at).
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            marks[start] = .active
            while let top = stack.last {
                if top.next < needs[top.node].count {
                    stack[stack.count - 1].next += 1
                    let need = needs[top.node][top.next]
                    switch marks[need] {
                    case .active:
                        let from = stack.firstIndex { $0.node == need }!
                        let loop = stack[from...].map { names[$0.node] } + [names[need]]
                        return loop.reversed()
                    case .unvisited:
                        marks[need] = .active
                        stack.append((need, 0))
                    case .done:
                        break
                    }
                } else {
                    marks[top.node] = .done
                    stack.removeLast()
                }
            }
        }
        return nil
    }

    /// Stages in layers that can run in parallel: each layer needs only earlier ones.
    /// Within a layer, builds.yaml order. Stages on a cycle are left out.
    public func layers() -> [[String]] {
        var dependants = [[Int]](repeating: [], count: names.count)
        var remaining = needs.map(\.count)
        for (node, nodeNeeds) in needs.enumerated() {
            for need in nodeNeeds { dependants[need].append(node) }
        }
        var layer = names.indices.filter { remaining[$0] == 0 }
        var result: [[String]] = []
        while !layer.isEmpty {
            result.append(layer.map { names[$0] })
            var next: [Int] = []
            for node in layer {
                for dependant in dependants[node] {
                    remaining[dependant] -= 1
                    if remaining[dependant] == 0 { next.append(dependant) }
                }
            }
            layer = next.sorted()
        }
        return result
    }
}
