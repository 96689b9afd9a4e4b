import BrambleCore
import BrambleRender

/// `bramble score`: the probability and risk of every node.
enum ScoreCommand: Command {
    static let spec = CommandSpec(
        name: "score",
        summary: "Score a tree: probability and risk of every node, inherent, residual and projected.",
        positionalUsage: "FILE",
        minimumPositionals: 1, maximumPositionals: 1,
        options: [
            OptionSpec("format", value: "FORMAT", choices: ["text", "json"], help: "Output format (default text)."),
            OptionSpec("max-order", value: "K", help: "Leave out minimal attack sets of more than K steps (default: no limit)."),
            OptionSpec("max-sets", value: "N", help: "List at most N minimal attack sets, smallest first; all are still counted (default 100)."),
            OptionSpec("view", value: "VIEW", choices: View.allCases.map(\.rawValue),
                       help: "The view of the attack sets, their ranking and the importance of each step (default residual)."),
            OptionSpec("top", value: "K", help: "Rank the K most likely and the K cheapest minimal attack sets (default 5)."),
            OptionSpec("profile", value: "NAME", help: "Score the tree as the attacker profile NAME, declared in the tree header, sees it."),
            OptionSpec("budget", value: "AMOUNT", help: "Find the planned mitigations that lower the residual goal risk most within AMOUNT, such as '10 person-days'."),
            OptionSpec("budget-by", value: "FIELD", choices: BudgetMeasure.allCases.map(\.rawValue),
                       help: "The mitigation field that --budget spends: cost or effort (default cost)."),
            CommandContext.outputOption,
            CommandContext.colorOption,
        ],
        discussion: """
        The rules behind every figure are in docs/semantics.md. Exit status: 0 on success, 64 for
        bad options (an unknown profile, a malformed budget), 65 when the tree has errors, 66 when
        it cannot be read.
        """)

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let path = arguments.positionals[0]
        let maxOrder = try positiveInteger(arguments, "max-order")
        let maxSets = try positiveInteger(arguments, "max-sets") ?? 100
        let top = try positiveInteger(arguments, "top") ?? 5
        let view = arguments.value("view").flatMap(View.init(rawValue:)) ?? .residual
        let budget = try arguments.value("budget").map(budgetAmount)
        let measure = arguments.value("budget-by").flatMap(BudgetMeasure.init(rawValue:)) ?? .cost
        if budget == nil, arguments.value("budget-by") != nil {
            throw CommandFailure(.usage, "'--budget-by' needs '--budget', as in '--budget \"10 person-days\" --budget-by effort'")
        }
        let loaded = try TreeLoader.loadValid(path, context: context)
        var tree = loaded
        var profile: (profile: AttackerProfile, beyondReach: [Int])?
        if let name = arguments.value("profile") {
            guard let chosen = loaded.profile(named: name) else {
                let names = loaded.profiles.map(\.name)
                let known = names.isEmpty ? "the tree declares no profile" : "the tree declares \(names.joined(separator: ", "))"
                throw CommandFailure(.usage, "unknown profile '\(name)'\(Suggestions.didYouMean(name, among: names)); \(known)")
            }
            profile = (chosen, loaded.stepsBeyondReach(of: chosen))
            tree = loaded.restricted(to: chosen)
        }
        let analysis = Analysis(tree)
        let attackSets = AttackSetSummary(tree, view: view, maxOrder: maxOrder, maxSets: maxSets)
        var sections = ScoreSections.compute(analysis, view: view, maxOrder: maxOrder, top: top,
                                             budget: budget.map { ($0, measure) })
        sections.profile = profile
        if case .failure(let failure) = sections.budget, failure.needsUnit {
            throw CommandFailure(.usage, "cannot plan '--budget \(arguments.value("budget") ?? "")': \(failure)")
        }
        let text = arguments.value("format") == "json"
            ? ScoreJSON.make(analysis, attackSets: attackSets, sections: sections).serialized()
            : ScoreTable.make(analysis, attackSets: attackSets, sections: sections)
        try OutputFile.write(Array(text.utf8), to: arguments.value("output"), console: context.console, inputs: [path])
        return .success
    }

    /// Reads a budget: a non-negative number and an optional unit, as in `10 person-days`.
    static func budgetAmount(_ text: String) throws -> Amount {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard (1...2).contains(parts.count), parts[0].allSatisfy({ ("0"..."9").contains($0) || $0 == "." }),
              parts[0].first.map { ("0"..."9").contains($0) } == true, parts[0].last.map { ("0"..."9").contains($0) } == true,
              parts[0].filter({ $0 == "." }).count <= 1, let value = Double(parts[0])
        else {
            throw CommandFailure(.usage, "invalid value '\(text)' for '--budget'; give a non-negative number and an optional unit, as in '--budget \"10 person-days\"'")
        }
        return Amount(value: value, unit: parts.count == 2 ? String(parts[1]) : nil)
    }

    /// Reads an option that must be a whole number from 1, or nil when it is absent.
    static func positiveInteger(_ arguments: ParsedArguments, _ name: String) throws -> Int? {
        guard let text = arguments.value(name) else { return nil }
        guard let value = Int(text), value >= 1 else {
            throw CommandFailure(.usage, "invalid value '\(text)' for '--\(name)'; give a whole number from 1")
        }
        return value
    }
}
