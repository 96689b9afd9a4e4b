import BrambleCore

/// The parts of a remediation plan that come from outside the tree's own analysis. Each part
/// is optional, and the plan leaves out the section of a part that is absent.
public struct ReportInputs: Sendable {
    /// Mitigations that only reduce risk when they are in place together.
    public struct Group: Sendable {
        /// Indices into `AttackTree.mitigations`, in the order to show them.
        public var mitigations: [Int]
        /// Why they are needed together, shown under the group.
        public var reason: String?

        public init(mitigations: [Int], reason: String? = nil) {
            self.mitigations = mitigations
            self.reason = reason
        }
    }

    /// The comparison with the tree's previous version, from `--baseline`.
    public var baseline: BaselineComparison?
    /// Groups of mitigations needed together; empty when none are known.
    public var groups: [Group]
    /// The tree as a Mermaid flowchart, for the Markdown plan.
    public var mermaid: String?
    /// The tree as an SVG element without XML prolog, for the HTML plan.
    public var svg: String?
    /// A sentence shown under the diagram, such as why it does not draw every node.
    public var diagramNote: String?
    /// How many of the riskiest minimal attack sets the plan lists.
    public var attackLimit: Int

    public init(baseline: BaselineComparison? = nil, groups: [Group] = [], mermaid: String? = nil,
                svg: String? = nil, attackLimit: Int = 5)
    {
        self.baseline = baseline
        self.groups = groups
        self.mermaid = mermaid
        self.svg = svg
        self.attackLimit = attackLimit
    }
}
