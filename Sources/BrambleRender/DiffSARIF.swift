import BrambleCore

/// Writes a `TreeDiff` as SARIF 2.1.0 for code scanning: one result per change, located at the
/// line of the new tree file where the changed node or mitigation is written.
///
/// A removed node has no line in the new file, so it is located at the line of its old
/// parent's partner, or at line 1 when that is gone too, and its message states where. Removed
/// mitigations, attack sets and gates are located at the goal's line.
public enum DiffSARIF {
    /// A rule: its id, a one-line description and its default level.
    struct Rule {
        let id: String
        let text: String
        let level: String
    }

    static let rules: [Rule] = [
        Rule(id: "node-added", text: "A node was added to the tree.", level: "note"),
        Rule(id: "node-removed", text: "A node was removed from the tree.", level: "note"),
        Rule(id: "renumbered", text: "A node's id changed.", level: "note"),
        Rule(id: "moved", text: "A node is written under another parent.", level: "note"),
        Rule(id: "retitled", text: "A node's title changed.", level: "note"),
        Rule(id: "gate-changed", text: "A node's gate changed.", level: "note"),
        Rule(id: "attribute-changed", text: "A node's attribute changed.", level: "note"),
        Rule(id: "mitigation-added", text: "A mitigation was added.", level: "note"),
        Rule(id: "mitigation-removed", text: "A mitigation was removed.", level: "note"),
        Rule(id: "mitigation-changed", text: "A mitigation's status, effectiveness, coverage or another field changed.", level: "note"),
        Rule(id: "risk-increased", text: "A node's residual risk rose.", level: "warning"),
        Rule(id: "risk-changed", text: "A node's risk or band changed without a rise in residual risk.", level: "note"),
        Rule(id: "attack-set-appeared", text: "A minimal attack set of the goal appeared.", level: "warning"),
        Rule(id: "attack-set-disappeared", text: "A minimal attack set of the goal disappeared.", level: "note"),
        Rule(id: "gate-tripped", text: "A CI gate of bramble diff tripped.", level: "error"),
    ]

    /// Returns the SARIF log. `uri` turns a source path of the new tree into the artifact URI.
    public static func make(_ diff: TreeDiff, gates: [GateResult], version: String, uri: @escaping (String) -> String) -> JSONValue {
        var writer = Writer(diff: diff, uri: uri)
        writer.addResults(gates: gates)
        let driverRules: [JSONValue] = rules.map { rule in
            .object([
                ("id", .string(rule.id)),
                ("shortDescription", .object([("text", .string(rule.text))])),
                ("defaultConfiguration", .object([("level", .string(rule.level))])),
            ])
        }
        return .object([
            ("$schema", "https://json.schemastore.org/sarif-2.1.0.json"),
            ("version", "2.1.0"),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", "bramble"),
                    ("version", .string(version)),
                    ("rules", .array(driverRules)),
                ]))])),
                ("results", .array(writer.results)),
            ])])),
        ])
    }

    /// Collects the results in the order of the diff: nodes, mitigations, risks, attack sets,
    /// then gates.
    private struct Writer {
        let diff: TreeDiff
        let uri: (String) -> String
        let describer: DiffDescriber
        var results: [JSONValue] = []

        init(diff: TreeDiff, uri: @escaping (String) -> String) {
            self.diff = diff
            self.uri = uri
            describer = DiffDescriber(diff: diff, escape: { $0 }, arrow: "->")
        }

        mutating func addResults(gates: [GateResult]) {
            let goal = diff.new.goal.location
            for change in diff.nodes {
                let title = describer.value(describer.title(change), quoted: true)
                switch change.kind {
                case .added:
                    add("node-added", "Node \(describer.id(change)) \(title) was added (\(describer.placement(change))).", at: nodeLocation(change))
                case .removed:
                    add("node-removed", "Node \(describer.id(change)) \(title) was removed (\(describer.placement(change)))\(removedNote(change.old!)).", at: nodeLocation(change))
                case .changed:
                    for detail in change.details {
                        add(detail.kind, "Node \(describer.id(change)) \(title): \(describer.describe(detail)).", at: nodeLocation(change))
                    }
                }
            }
            for change in diff.mitigations {
                let location = change.new.map { diff.new.mitigations[$0].location } ?? goal
                switch change.kind {
                case .added:
                    add("mitigation-added", "Mitigation \(change.name) was added (\(describer.summary(diff.new.mitigations[change.new!]))).", at: location)
                case .removed:
                    add("mitigation-removed", "Mitigation \(change.name) was removed (was \(describer.summary(diff.old.mitigations[change.old!]))); it has no line in the new file, so it is shown at the goal.", at: location)
                case .changed:
                    for detail in change.details {
                        add("mitigation-changed", "Mitigation \(change.name): \(describer.describe(detail)).", at: location)
                    }
                }
            }
            for change in diff.risks {
                let views = change.views.filter(\.isChanged).map(describer.describe).joined(separator: "; ")
                let rule = change.view(.residual).risk == .up ? "risk-increased" : "risk-changed"
                let node = change.new.map { diff.new.nodes[$0] } ?? diff.old.nodes[change.old!]
                let location = change.new.map { diff.new.nodes[$0].location } ?? removedLocation(change.old!)
                let note = change.new == nil ? removedNote(change.old!) : ""
                add(rule, "Risk of \(describer.id(change)) \(describer.value(node.title, quoted: true)): \(views)\(note).", at: location)
            }
            if case .compared(_, _, let appeared, let disappeared) = diff.attackSets {
                for set in appeared {
                    add("attack-set-appeared", "Minimal attack set \(describer.set(set)) appeared in the \(AttackSetComparison.view.rawValue) view.", at: goal)
                }
                for set in disappeared {
                    add("attack-set-disappeared", "Minimal attack set \(describer.set(set)) disappeared in the \(AttackSetComparison.view.rawValue) view.", at: goal)
                }
            }
            for result in gates where result.tripped {
                add("gate-tripped", "Gate \(result.gate) tripped: \(result.message).", at: goal)
            }
        }

        private func nodeLocation(_ change: NodeChange) -> SourceLocation {
            if let index = change.new { return diff.new.nodes[index].location }
            return removedLocation(change.old!)
        }

        /// Returns where a removed node is shown: at its old parent's partner, or at line 1.
        private func removedLocation(_ oldIndex: Int) -> SourceLocation {
            if let parent = diff.old.nodes[oldIndex].parent, let partner = diff.matching.newIndex(ofOld: parent) {
                return diff.new.nodes[partner].location
            }
            return SourceLocation(path: diff.new.path, line: 1, column: 1, offset: 0)
        }

        private func removedNote(_ oldIndex: Int) -> String {
            if let parent = diff.old.nodes[oldIndex].parent, diff.matching.newIndex(ofOld: parent) != nil {
                return "; it has no line in the new file, so it is shown at its parent's line"
            }
            return "; it has no line in the new file, so it is shown at the start of the file"
        }

        private mutating func add(_ ruleID: String, _ message: String, at location: SourceLocation) {
            let index = DiffSARIF.rules.firstIndex { $0.id == ruleID }!
            results.append(.object([
                ("ruleId", .string(ruleID)),
                ("ruleIndex", .number(Double(index))),
                ("level", .string(DiffSARIF.rules[index].level)),
                ("message", .object([("text", .string(message))])),
                ("locations", .array([.object([
                    ("physicalLocation", .object([
                        ("artifactLocation", .object([("uri", .string(uri(location.path)))])),
                        ("region", .object([("startLine", .number(Double(location.line)))])),
                    ])),
                ])])),
            ]))
        }
    }
}
