/// Generates attack trees of a given size for the render benchmark, from a fixed seed so that
/// every run draws the same trees.
///
/// Gates are `or` (60%), `and` (25%), `sand` (10%) and `2 of N` (5%) with 2 to 4 children;
/// steps have a likelihood level, 40% a cost, 30% a reference and 10% a mitigation from a pool
/// of one mitigation per 50 nodes. No node is shared.
struct RenderTreeGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// Returns a number in `0..<bound` from a 64-bit linear congruential generator (Knuth's
    /// MMIX constants), using its high bits.
    private mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }

    /// Returns the source text of a tree with exactly `nodes` nodes.
    mutating func source(nodes: Int) -> String {
        // Grow the shape breadth first: each expanded leaf gets 2 to 4 children.
        var children: [[Int]] = [[]]
        var frontier = [0]
        var head = 0
        while children.count < nodes, head < frontier.count {
            let remaining = nodes - children.count
            // A single remaining node joins the previous gate, because a gate needs two children.
            let parent = remaining == 1 ? frontier[head - 1] : frontier[head]
            if remaining > 1 { head += 1 }
            let count = remaining == 1 ? 1 : min(2 + next(3), remaining)
            for _ in 0..<count {
                children[parent].append(children.count)
                frontier.append(children.count)
                children.append([])
            }
        }
        let mitigationCount = max(1, nodes / 50)
        var lines = ["tree \"Generated tree of \(nodes) nodes\"", "  version \"1\""]
        writeNode(0, id: "1", depth: 0, children: children, mitigations: mitigationCount, lines: &lines)
        for index in 0..<mitigationCount {
            let status = ["implemented", "planned", "accepted"][index % 3]
            lines.append("")
            lines.append("mitigation control-\(index) \"Control number \(index) for the generated tree\"")
            lines.append("  status \(status)")
            if status == "accepted" {
                lines.append("  justification \"Accepted for the benchmark.\"")
            } else {
                lines.append("  effectiveness \(20 + next(70))%")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private mutating func writeNode(_ index: Int, id: String, depth: Int, children: [[Int]], mitigations: Int, lines: inout [String]) {
        let indent = String(repeating: "  ", count: depth)
        let words = ["Obtain", "the", "deploy", "key", "from", "a", "leaked", "backup", "of", "build", "server", "credentials"]
        let title = (0..<(3 + next(6))).map { _ in words[next(words.count)] }.joined(separator: " ")
        let kids = children[index]
        if kids.isEmpty {
            lines.append("\(indent)\(id) \"\(title)\"")
            lines.append("\(indent)  likelihood \(["rare", "unlikely", "possible", "likely"][next(4)])")
            if next(10) < 4 { lines.append("\(indent)  cost \(10 * (1 + next(500))) EUR") }
            if next(10) < 3 { lines.append("\(indent)  ref CWE-\(20 + next(900))") }
            if next(10) < 1 { lines.append("\(indent)  mitigated-by control-\(next(mitigations))") }
        } else {
            let roll = next(100)
            let gate: String
            switch roll {
            case 0..<60: gate = "or"
            case 60..<85: gate = "and"
            case 85..<95: gate = "sand"
            default: gate = "2 of \(kids.count)"
            }
            lines.append("\(indent)\(id) \(gate) \"\(title)\"")
            if depth == 0 { lines.append("\(indent)  impact high") }
        }
        for (offset, child) in kids.enumerated() {
            writeNode(child, id: "\(id).\(offset + 1)", depth: depth + 1, children: children, mitigations: mitigations, lines: &lines)
        }
    }
}
