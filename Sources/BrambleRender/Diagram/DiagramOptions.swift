import BrambleCore

/// Options that change what a diagram shows, shared by the DOT and Mermaid writers.
public struct DiagramOptions: Sendable {
    /// A colour scheme for the whole diagram.
    public enum Theme: String, Sendable, CaseIterable {
        /// Dark text on a white background.
        case light
        /// Light text and lines on a dark background, for dark editor and slide themes.
        case dark
        /// Greys and line styles only, for black-and-white printers.
        case print
    }

    /// The attack drawn as a highlighted path.
    public enum Highlight: String, Sendable, CaseIterable {
        /// The minimal attack set with the highest probability in the view.
        case likely
        /// The minimal attack set with the lowest total cost to the attacker.
        case cheapest
        /// No highlighted path.
        case none
    }

    /// The view whose figures and risk bands colour the nodes.
    public var view: View = .residual
    /// Whether mitigations are drawn as their own nodes.
    public var showMitigations = true
    /// Whether the diagram is laid out top to bottom (`TB`) or left to right (`LR`). Any other
    /// value is drawn left to right.
    public var direction = "LR"
    public var theme: Theme = .light
    public var highlight: Highlight = .likely
    /// The node drawn at the top, with its subtree; nil draws the whole tree.
    public var root: NodeID?
    /// The number of levels drawn below the root; deeper nodes are collapsed into one
    /// "+N more" node under their last drawn ancestor. Nil draws every level.
    public var depth: Int?

    public init() {}

    /// Returns the largest depth below the goal whose levels hold at most `limit` nodes, for a
    /// diagram that must stay small enough to draw, or nil when the whole tree fits. A node's
    /// level is its shortest distance from the goal, as the diagram counts it.
    public static func depth(fitting limit: Int, in tree: AttackTree) -> Int? {
        guard tree.nodes.count > limit else { return nil }
        var level = [Int?](repeating: nil, count: tree.nodes.count)
        level[0] = 0
        var perLevel = [1]
        var queue = [0]
        var head = 0
        while head < queue.count {
            let index = queue[head]
            head += 1
            for child in tree.nodes[index].children where level[child] == nil {
                let childLevel = level[index]! + 1
                level[child] = childLevel
                if childLevel == perLevel.count { perLevel.append(0) }
                perLevel[childLevel] += 1
                queue.append(child)
            }
        }
        var drawn = 0
        for (depth, count) in perLevel.enumerated() {
            drawn += count
            if drawn > limit { return max(0, depth - 1) }
        }
        return nil
    }
}
