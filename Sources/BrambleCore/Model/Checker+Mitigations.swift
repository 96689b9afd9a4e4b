/// Reading `mitigation` blocks and checking how they are used.
extension TreeBuilder {
    mutating func readMitigation(_ block: Int) {
        let tokens = syntax.tokens(block)
        let keyword = tokens[0]
        guard tokens.count > 1, tokens[1].kind == .word, Values.isName(text(of: tokens[1])) else {
            error(.missingValue, at: tokens.count > 1 ? tokens[1] : keyword,
                  "a mitigation needs a name and a title, as in 'mitigation block-public-access \"Block public access\"'; a name is letters, digits, '-' and '_'")
            return
        }
        let nameToken = tokens[1]
        var title = ""
        if tokens.count > 2, tokens[2].isString, !text(of: tokens[2]).isEmpty {
            title = text(of: tokens[2])
            if tokens.count > 3 {
                error(.unexpectedToken, at: tokens[3], "a mitigation line takes a name and one title; put the rest in 'description'")
            }
        } else {
            error(.missingTitle, at: tokens.count > 2 ? tokens[2] : nameToken,
                  "mitigation '\(text(of: nameToken))' needs a title in quotes, as in 'mitigation \(text(of: nameToken)) \"Block public access\"'")
        }

        var draft = MitigationDraft(name: text(of: nameToken), title: title, location: syntax.location(keyword))
        var seen: [Token] = []
        for child in syntax.children(block) {
            readMitigationAttribute(child, into: &draft, seen: &seen)
        }
        checkMitigationCompleteness(draft, keyword: keyword)

        if let existing = mitigationIndex[draft.name] {
            error(.duplicateMitigation, at: nameToken, "mitigation '\(draft.name)' is defined twice; rename one or merge them",
                  notes: [DiagnosticNote(at: mitigations[existing].location, "first defined here")])
            return
        }
        mitigationIndex[draft.name] = mitigations.count
        mitigations.append(draft)
    }

    private mutating func readMitigationAttribute(_ block: Int, into draft: inout MitigationDraft, seen: inout [Token]) {
        let keyword = syntax.head(block)
        guard keyword.kind == .word, Keywords.mitigation.contains(text(of: keyword)) else {
            if Keywords.node.contains(text(of: keyword)) {
                error(.misplacedAttribute, at: keyword,
                      "'\(text(of: keyword))' describes a node, not a mitigation; move it to the node, and attach the mitigation there with 'mitigated-by \(draft.name)'")
            } else {
                error(.unknownAttribute, at: keyword,
                      "unknown mitigation attribute '\(text(of: keyword))'\(Suggestions.didYouMean(text(of: keyword), among: Keywords.mitigation)); a mitigation takes \(Keywords.mitigation.joined(separator: ", "))")
            }
            return
        }
        rejectNested(block)
        guard checkOnce(keyword, repeatable: TreeBuilder.repeatableMitigationAttributes, seen: &seen) else { return }
        switch text(of: keyword) {
        case "status":
            guard let token = singleValue(block, example: "implemented") else { return }
            if let status = MitigationStatus(rawValue: text(of: token)) {
                draft.status = status
            } else {
                error(.invalidStatus, at: token,
                      "unknown status '\(text(of: token))'\(Suggestions.didYouMean(text(of: token), among: Keywords.statuses)); use one of \(Keywords.statuses.joined(separator: ", "))")
            }
        case "effectiveness":
            guard let token = singleValue(block, example: "90%") else { return }
            draft.effectiveness = readEffectiveness(token)
        case "owner": draft.owner = text(block, example: "platform-team")
        case "ticket": draft.ticket = text(block, example: "SEC-142")
        case "cost": draft.cost = readAmount(block)
        case "effort": draft.effort = readAmount(block)
        case "tag": draft.tags += readTags(block)
        case "description": draft.description = quotedText(block, example: "\"What the control does\"")
        case "justification": draft.justification = quotedText(block, example: "\"Why the risk is accepted\"")
        case "ref": draft.references += readReferences(block)
        case "due":
            guard let token = singleValue(block, example: "2027-03-31") else { return }
            if Values.isDate(text(of: token)) { draft.due = text(of: token) } else {
                error(.invalidDate, at: token, "invalid date '\(text(of: token))'; write YYYY-MM-DD, as in 2027-03-31")
            }
        default: break
        }
    }

    private mutating func readEffectiveness(_ token: Token) -> Effectiveness? {
        if text(of: token) == "blocks" { return .blocks }
        guard token.kind == .word, let value = Values.fraction(text(of: token)) else {
            error(.invalidNumber, at: token,
                  "invalid effectiveness '\(text(of: token))'; write a percentage such as 90%, a fraction such as 0.9, or 'blocks' for a control that stops the attack")
            return nil
        }
        guard value <= 1 else {
            error(.valueOutOfRange, at: token, "effectiveness \(text(of: token)) is above 100%; use 'blocks' for a control that stops the attack")
            return nil
        }
        return .fraction(value)
    }

    private mutating func checkMitigationCompleteness(_ draft: MitigationDraft, keyword: Token) {
        guard !draft.title.isEmpty else { return }
        guard let status = draft.status else {
            error(.missingValue, at: keyword,
                  "mitigation '\(draft.name)' has no status; add 'status' with one of \(Keywords.statuses.joined(separator: ", "))")
            return
        }
        if (status == .implemented || status == .planned), draft.effectiveness == nil {
            error(.missingEffectiveness, at: keyword,
                  "\(status.rawValue) mitigation '\(draft.name)' has no effectiveness, so its effect cannot be scored; add 'effectiveness' with a percentage or 'blocks'")
        }
        if status == .accepted, draft.justification == nil {
            report(.missingJustification, .warning, at: keyword,
                   "accepted risk '\(draft.name)' has no justification; add 'justification \"...\"' saying why the risk is accepted and who decided")
        }
    }

    /// Warns about mitigations that no node uses.
    mutating func checkMitigationUse() {
        // The builder marks each mitigation as a node names it, so no pass over the nodes is
        // needed. A name is marked at its first definition, which a repeated one shares.
        for mitigation in mitigations {
            if let first = mitigationIndex[mitigation.name], first < mitigationUsed.count, mitigationUsed[first] { continue }
            warning(.unusedMitigation, at: mitigation.location,
                    "mitigation '\(mitigation.name)' is attached to no node, so it changes no score; add 'mitigated-by \(mitigation.name)' to the steps it reduces or remove it")
        }
    }
}
