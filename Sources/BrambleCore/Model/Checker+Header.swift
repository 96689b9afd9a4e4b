/// Reading the `tree` header: title, metadata and scales.
extension TreeBuilder {
    mutating func readHeader(_ block: Int) {
        let tokens = syntax.tokens(block)
        if tokens.count > 1, tokens[1].isString {
            info.title = text(of: tokens[1])
            if tokens.count > 2 {
                error(.unexpectedToken, at: tokens[2], "the tree line takes one title; put the rest in 'description'")
            }
        } else {
            error(.missingTitle, at: tokens[0], "the tree header needs a title in quotes, as in 'tree \"Compromise the registry\"'")
        }

        var seen: [Token] = []
        var declaredScales: [String: Token] = [:]
        var profileBlocks: [Int] = []
        for child in syntax.children(block) {
            let keyword = syntax.head(child)
            guard keyword.kind == .word, Keywords.header.contains(text(of: keyword)) else {
                reportUnknownHeaderAttribute(keyword)
                continue
            }
            if text(of: keyword) == "profile" {
                profileBlocks.append(child)
                continue
            }
            rejectNested(child)
            guard checkOnce(keyword, repeatable: ["author", "scale"], seen: &seen) else { continue }
            switch text(of: keyword) {
            case "version": info.version = text(child, example: "\"1.4\"")
            case "author": if let author = quotedText(child, example: "\"A. Reviewer\"") { info.authors.append(author) }
            case "scope": info.scope = quotedText(child, example: "\"Production registry, EU region\"")
            case "description": info.description = quotedText(child, example: "\"What this tree covers\"")
            case "date":
                if let token = singleValue(child, example: "2026-12-04") {
                    if Values.isDate(text(of: token)) { info.date = text(of: token) } else {
                        error(.invalidDate, at: token, "invalid date '\(text(of: token))'; write YYYY-MM-DD, as in 2026-12-04")
                    }
                }
            case "scale": readScale(child, declared: &declaredScales)
            default: break
            }
        }
        // Profiles come last, because `max-skill` names a level of the skill scale.
        var declaredProfiles: [String: Token] = [:]
        for child in profileBlocks { readProfile(child, declared: &declaredProfiles) }
    }

    /// Reads `profile NAME ["title"]` and its limits.
    private mutating func readProfile(_ block: Int, declared: inout [String: Token]) {
        let tokens = Array(values(block))
        let keyword = syntax.head(block)
        guard let nameToken = tokens.first, nameToken.kind == .word, Values.isName(text(of: nameToken)) else {
            let found = tokens.first.map { " '\(text(of: $0))'" } ?? ""
            error(tokens.isEmpty ? .missingValue : .unexpectedToken, at: tokens.first ?? keyword,
                  "expected a profile name\(found); write 'profile NAME' with a name of letters, digits, '-' and '_', as in 'profile script-kiddie'")
            return
        }
        var title: String?
        if tokens.count > 1 {
            if tokens[1].isString { title = text(of: tokens[1]) } else {
                error(.unexpectedToken, at: tokens[1], "a profile takes a name and an optional title in quotes, as in 'profile insider \"Disgruntled administrator\"'")
            }
            if tokens.count > 2 {
                error(.unexpectedToken, at: tokens[2], "a profile takes a name and one title; put the rest in 'description'")
            }
        }
        if let first = declared[text(of: nameToken)] {
            error(.duplicateProfile, at: nameToken, "profile '\(text(of: nameToken))' is declared twice; rename or remove one",
                  notes: [DiagnosticNote(at: syntax.location(first), "first declared here")])
            return
        }
        declared[text(of: nameToken)] = nameToken

        var seen: [Token] = []
        var maxCost: Amount?
        var maxSkill: ScaledValue?
        var maxTime: Duration?
        var description: String?
        for child in syntax.children(block) {
            let attribute = syntax.head(child)
            guard attribute.kind == .word, Keywords.profile.contains(text(of: attribute)) else {
                error(.unknownAttribute, at: attribute,
                      "unknown profile attribute '\(text(of: attribute))'\(Suggestions.didYouMean(text(of: attribute), among: Keywords.profile)); a profile takes \(Keywords.profile.joined(separator: ", "))")
                continue
            }
            rejectNested(child)
            guard checkOnce(attribute, repeatable: [], seen: &seen) else { continue }
            switch text(of: attribute) {
            case "max-cost": maxCost = readAmount(child)
            case "max-skill":
                maxSkill = readScaled(child, scale: skillScale, example: "proficient", parse: { _ in nil },
                                      range: 0...0, rangeText: nil)
            case "max-time": maxTime = readDuration(child)
            default: description = quotedText(child, example: "\"Uses public exploits only\"")
            }
        }
        profiles.append(AttackerProfile(name: text(of: nameToken), title: title, maxCost: maxCost, maxSkill: maxSkill,
                                        maxTime: maxTime, description: description,
                                        location: syntax.location(nameToken)))
    }

    private mutating func reportUnknownHeaderAttribute(_ keyword: Token) {
        if Keywords.node.contains(text(of: keyword)) {
            error(.misplacedAttribute, at: keyword,
                  "'\(text(of: keyword))' describes a node, not the tree; move it under the goal or a step")
        } else if text(of: keyword) == "mitigation" || (keyword.kind == .word && text(of: keyword).first?.isASCIIDigit == true) {
            error(.misplacedAttribute, at: keyword,
                  "nodes and mitigations are written at the left margin, not indented under the tree header")
        } else {
            error(.unknownAttribute, at: keyword,
                  "unknown tree attribute '\(text(of: keyword))'\(Suggestions.didYouMean(text(of: keyword), among: Keywords.header)); the header takes \(Keywords.header.joined(separator: ", "))")
        }
    }

    /// Reads `scale NAME level=value ...`. Levels are listed from lowest to highest and their
    /// values must increase.
    private mutating func readScale(_ block: Int, declared: inout [String: Token]) {
        let tokens = Array(values(block)).filter { $0.kind != .comma }
        guard let nameToken = tokens.first else {
            error(.missingValue, at: syntax.head(block), "'scale' needs a name and levels, as in 'scale likelihood rare=0.05 likely=0.8'")
            return
        }
        guard Keywords.scales.contains(text(of: nameToken)) else {
            error(.invalidScale, at: nameToken,
                  "unknown scale '\(text(of: nameToken))'\(Suggestions.didYouMean(text(of: nameToken), among: Keywords.scales)); the scales are \(Keywords.scales.joined(separator: ", "))")
            return
        }
        if let first = declared[text(of: nameToken)] {
            error(.duplicateAttribute, at: nameToken, "scale '\(text(of: nameToken))' is declared twice; keep one",
                  notes: [DiagnosticNote(at: syntax.location(first), "first declared here")])
            return
        }
        declared[text(of: nameToken)] = nameToken

        var levels: [Scale.Level] = []
        var failed = false
        for token in tokens.dropFirst() {
            guard let level = readLevel(token, scale: text(of: nameToken), previous: levels) else {
                failed = true
                continue
            }
            levels.append(level)
        }
        if levels.isEmpty, !failed {
            error(.invalidScale, at: nameToken, "scale '\(text(of: nameToken))' has no levels; list them as name=value, lowest first")
        }
        guard !failed, !levels.isEmpty else { return }
        let scale = Scale(name: text(of: nameToken), levels: levels)
        switch text(of: nameToken) {
        case "likelihood": likelihoodScale = scale
        case "impact": impactScale = scale
        case "skill": skillScale = scale
        default: riskScale = scale
        }
    }

    private mutating func readLevel(_ token: Token, scale: String, previous: [Scale.Level]) -> Scale.Level? {
        let parts = text(of: token).split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard token.kind == .word, parts.count == 2, Values.isName(String(parts[0])) else {
            error(.invalidScale, at: token, "invalid scale level '\(text(of: token))'; write name=value without spaces, as in likely=0.8")
            return nil
        }
        let name = String(parts[0])
        let valueText = String(parts[1])
        let parsed = scale == "likelihood" ? Values.fraction(valueText) : Values.decimal(parts[1])
        guard let value = parsed else {
            error(.invalidNumber, at: token, "invalid value '\(valueText)' for level '\(name)'; write a non-negative number\(scale == "likelihood" ? " between 0 and 1 or a percentage" : "")")
            return nil
        }
        if scale == "likelihood", value > 1 {
            error(.valueOutOfRange, at: token, "likelihood level '\(name)' is \(valueText); a likelihood is between 0 and 1 (or 0% and 100%)")
            return nil
        }
        if previous.contains(where: { $0.name == name }) {
            error(.invalidScale, at: token, "level '\(name)' is listed twice in scale '\(scale)'; keep one")
            return nil
        }
        if let last = previous.last, value <= last.value {
            error(.invalidScale, at: token, "level '\(name)' is not above '\(last.name)'; list levels from lowest to highest with increasing values")
            return nil
        }
        return Scale.Level(name: name, value: value)
    }
}
