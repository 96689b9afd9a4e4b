/// Reads the file an `include` line names, given its path resolved against the including
/// file's folder. Throws an error whose description explains why the file cannot be read.
public typealias IncludeLoader = @Sendable (String) throws -> SourceFile

/// The outcome of checking a file and the files it includes.
public struct CheckResult: Sendable {
    /// The checked tree, or nil when there are errors.
    public let tree: AttackTree?
    public let diagnostics: DiagnosticList
    /// Every file read: the checked file first, then the included ones.
    public let files: [SourceFile]
}

/// Turns the syntax of a file into a checked `AttackTree`, reporting every problem it finds.
///
/// The checker never stops at the first problem: each statement is checked on its own, so one
/// run lists everything there is to fix. A tree is returned only when there are no errors.
public enum Checker {
    /// The deepest chain of includes that is read, counting the tree's own file. Fragment
    /// libraries nest a few files deep. A longer chain is almost certainly a path that grows
    /// with each include, such as `include "lib/x.bramble"` in a file inside `lib/`.
    public static let maxIncludeDepth = 64

    /// The maximum number of files that one tree includes in all, so that includes fanning out
    /// through many directories cannot read without end.
    public static let maxIncludedFiles = 1_000

    /// Checks a file and the files it includes, read with `loader`. Without a loader, an
    /// `include` line is an error. `today` (`YYYY-MM-DD`, default the current UTC date) is the
    /// date that due dates are compared with.
    /// - Complexity: O(n log n) in the number of statements (children are sorted by id).
    ///
    /// With `warnings` false, only errors are looked for and reported: the tree is the same, and
    /// a caller that shows no warnings, such as a comparison of two trees, saves their cost.
    public static func check(
        _ file: SourceFile, today: String? = nil, loader: IncludeLoader?, warnings: Bool = true
    ) -> CheckResult {
        var builder = TreeBuilder(syntax: SyntaxTree.parse(file), loader: loader)
        builder.reportsWarnings = warnings
        let tree = builder.build(today: today ?? TreeBuilder.today())
        return CheckResult(tree: tree, diagnostics: builder.diagnostics, files: builder.files.map(\.file))
    }

    /// Checks a parsed file that includes no other file.
    public static func check(_ syntax: SyntaxTree, today: String? = nil) -> (tree: AttackTree?, diagnostics: DiagnosticList) {
        var builder = TreeBuilder(syntax: syntax, loader: nil)
        let tree = builder.build(today: today ?? TreeBuilder.today())
        return (tree, builder.diagnostics)
    }

    /// Reads, parses and checks source text that includes no other file.
    public static func check(_ file: SourceFile, today: String? = nil) -> (tree: AttackTree?, diagnostics: DiagnosticList) {
        check(SyntaxTree.parse(file), today: today)
    }
}

/// The checking facts about a draft that its node does not keep, stored beside
/// `TreeBuilder.nodes` by index. Rare facts (`use` lines, fragment chains, the N of `K of N`)
/// are in tables of their own, so the record is 24 bytes.
struct DraftFacts {
    /// The token of the gate, for warnings about it.
    var gateToken: SourceToken?
    var idWasWritten: Bool
    /// Whether the node's children are in id order, found while they are read. It is cleared by
    /// `TreeBuilder.markUnsorted`, which lists the draft for sorting.
    var childrenInIDOrder = true
}

/// A token together with the file it comes from. Some tokens are read again after the builder
/// has moved on to another file, because a node copied from a fragment of an included file is
/// checked with the tree's own nodes.
struct SourceToken {
    private let fileIndex: Int32
    let token: Token

    init(file: Int, token: Token) {
        fileIndex = Int32(file)
        self.token = token
    }

    /// The index of the file in `TreeBuilder.files`.
    var file: Int { Int(fileIndex) }
}

/// A mitigation as read, before its coverage is known.
struct MitigationDraft {
    var name: String
    var title: String
    var status: MitigationStatus?
    var effectiveness: Effectiveness?
    var owner: String?
    var cost: Amount?
    var effort: Amount?
    var ticket: String?
    var due: String?
    var description: String?
    var justification: String?
    var references: [Reference] = []
    var tags: [String] = []
    var location: SourceLocation
}

struct TreeBuilder {
    /// The checked file first, then every included file once.
    var files: [SyntaxTree]
    /// The index in `files` of the file whose blocks are being read.
    var current = 0 {
        didSet { if current != oldValue { syntax = files[current] } }
    }
    /// The file whose blocks are being read, kept as a stored copy of `files[current]` because
    /// reading it from the array on every access copies the whole struct.
    var syntax: SyntaxTree
    let loader: IncludeLoader?
    /// Whether warnings are looked for. Errors always are.
    var reportsWarnings = true
    /// A spare list for the attributes of the node being read, kept to reuse its storage.
    var attributesSeen: [Token] = []
    /// A spare list for the line kinds of the node being read, kept to reuse its storage.
    var bodyLineKinds: [BodyLine] = []
    /// Fragments by name: the file and block that define them.
    var fragments: [String: (file: Int, block: Int)] = [:]
    var diagnostics: DiagnosticList
    var info = TreeInfo()
    var likelihoodScale = Scale.defaultLikelihood
    var impactScale = Scale.defaultImpact
    var riskScale = Scale.defaultRisk
    var skillScale = Scale.defaultSkill
    var mitigations: [MitigationDraft] = []
    var profiles: [AttackerProfile] = []
    var mitigationIndex: [String: Int] = [:]
    /// The nodes as read, in pre-order of where they are written: the drafts. Each becomes the
    /// checked tree's node, moved as it is when the order needs no change. Their indices are
    /// draft indices, which child and parent links use until assembly.
    var nodes: [Node] = []
    /// The other facts about each draft, by draft index.
    var drafts: [DraftFacts] = []
    /// The path of each file in `files`, shared by the boxes of the nodes read from it.
    var sourcePaths: [Node.SourcePath] = []
    /// The `use ID` lines of the drafts that have them, which make other nodes their children.
    var usesByDraft: [Int: [(id: NodeID, token: Token)]] = [:]
    /// The fragments a draft was copied from, outermost first, for drafts inside fragments.
    var fragmentChains: [Int: [String]] = [:]
    /// For a `K of N` gate, the token of N, checked against the number of children.
    var childCountTokens: [Int: SourceToken] = [:]
    /// Each mitigation named by a node, with the node's draft, in the order read.
    var mitigationUses: [(mitigation: Int, draft: Int)] = []
    /// Draft indices by id, filled by `indexIDsIfNeeded()` once every node is read, and only
    /// when ids may repeat or `use` lines look ids up. It stays empty otherwise.
    var nodeIndex: [NodeID: Int] = [:]
    /// Whether two drafts may have the same id. Each node is numbered under its parent, so ids
    /// can repeat only when siblings are out of order or a file has more than one goal.
    var idsMayRepeat = false
    /// The drafts whose children are not in id order, each once; assembly sorts them.
    var unsortedDrafts: [Int] = []
    /// The drafts with `use ID` lines, each once. Their children are complete only once the
    /// uses are resolved, so their structure is checked then. Every other draft's structure is
    /// checked as soon as its body is read, while the draft is still in the cache.
    var usingDrafts: [Int] = []
    /// The number of drafts whose structure has been checked, to confirm that none is missed.
    var structureChecked = 0
    /// The distinct units of step costs in the order the steps were read, "" for none.
    var costUnitsRead: [String] = []
    /// Whether each mitigation, by index, is attached to some node.
    var mitigationUsed: [Bool] = []
    var goals: [Int] = []
    /// In a library (a file with fragments and no goal), the hidden node that every fragment is
    /// copied under so that it is checked.
    var libraryRoot: Int?

    init(syntax: SyntaxTree, loader: IncludeLoader?) {
        self.files = [syntax]
        self.syntax = syntax
        self.loader = loader
        self.diagnostics = syntax.diagnostics
    }

    // MARK: Driving

    mutating func build(today: String) -> AttackTree? {
        // The generated benchmark trees have a node every 2.9 logical lines and the registry
        // tree one every 8, so half the lines is enough for both. A low estimate costs one
        // more growth of the arrays and a rehash of every id. A high one reserves memory that
        // is never used.
        let estimate = files[0].lines.count / 2
        nodes.reserveCapacity(estimate)
        drafts.reserveCapacity(estimate)
        loadIncludes()

        // Sort the top-level statements of every file by kind.
        var headers: [Int] = []
        var mitigationBlocks: [(file: Int, block: Int)] = []
        var nodeBlocks: [Int] = []
        for file in files.indices {
            current = file
            for block in syntax.topLevel {
                let head = syntax.head(block)
                let word = head.kind == .word ? text(of: head) : ""
                switch word {
                case "tree" where file == 0: headers.append(block)
                case "mitigation": mitigationBlocks.append((file, block))
                case "fragment": registerFragment(block)
                case "include": break
                default:
                    if word == "tree" || isNodeLine(block) {
                        if file == 0 {
                            nodeBlocks.append(block)
                        } else {
                            error(.misplacedAttribute, at: head,
                                  "an included file holds fragments and mitigations only; move this \(word == "tree" ? "header" : "node") to the tree that includes the file, or make it a fragment")
                        }
                    } else {
                        reportUnknownTopLevel(head)
                    }
                }
            }
        }
        current = 0

        // The header first, because nodes use its scales, then mitigations, which nodes name.
        for (position, block) in headers.enumerated() {
            if position == 0 {
                readHeader(block)
            } else {
                error(.duplicateHeader, at: syntax.head(block),
                      "a file has one tree header; merge this one into the first",
                      notes: [DiagnosticNote(at: syntax.location(syntax.head(headers[0])), "the first header is here")])
            }
        }
        for entry in mitigationBlocks {
            current = entry.file
            readMitigation(entry.block)
        }
        current = 0

        if nodeBlocks.isEmpty, headers.isEmpty, !fragments.isEmpty {
            checkLibrary()
            return nil
        }
        for block in nodeBlocks { readGoal(block) }
        indexIDsIfNeeded()
        current = 0

        // Checks that need every node.
        checkGoals()
        resolveUses()
        checkStructure()
        if reportsWarnings {
            checkMitigationUse()
            checkDueDates(today: today)
        }
        guard !diagnostics.hasErrors, let goal = goals.first else { return nil }

        let tree = assemble(goal: goal)
        if reportsWarnings {
            checkUnmitigatedRisk(tree)
            checkCostUnits(tree)
            checkProfileUnits(tree)
        }
        return tree
    }

    /// Returns whether a block's line declares a node: it starts with an id, a gate or a title.
    /// The first bytes of the gate words.
    static let gateInitials: [UInt8] = Keywords.gates.compactMap(\.utf8.first)

    func isNodeLine(_ block: Int) -> Bool { bodyLine(block) == .child }

    /// The kind of a line inside a node.
    enum BodyLine: UInt8 {
        case attribute
        /// A child node: it starts with an id, a gate or a title.
        case child
        /// `use ID` or `use NAME`.
        case use
    }

    /// Returns the kind of a block's line, read as a line inside a node.
    func bodyLine(_ block: Int) -> BodyLine {
        let head = syntax.head(block)
        if head.isString { return .child }
        guard let first = syntax.firstByte(ofWord: head) else { return .attribute }
        if first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") { return .child }
        // Most attribute lines are recognised by their first byte, before any string compare.
        if first == UInt8(ascii: "u") { return syntax.isWord(head, "use") ? .use : .attribute }
        guard TreeBuilder.gateInitials.contains(first) else { return .attribute }
        let isGate = syntax.isWord(head, "and") || syntax.isWord(head, "or") || syntax.isWord(head, "sand")
        return isGate ? .child : .attribute
    }

    private mutating func reportUnknownTopLevel(_ head: Token) {
        let suggestion = Suggestions.didYouMean(text(of: head), among: Keywords.topLevel + Keywords.gates)
        if Keywords.node.contains(text(of: head)) || Keywords.mitigation.contains(text(of: head)) {
            error(.misplacedAttribute, at: head,
                  "'\(text(of: head))' is an attribute and must be indented under the node or mitigation it describes")
        } else {
            error(.unknownKeyword, at: head,
                  "unknown keyword '\(text(of: head))'\(suggestion); a top-level line is a node, 'tree' or 'mitigation'")
        }
    }

    // MARK: Diagnostics

    mutating func error(_ code: DiagnosticCode, at token: Token, _ message: String, notes: [DiagnosticNote] = []) {
        report(code, .error, at: token, message, notes: notes)
    }

    /// Reports a warning at a location. The message is an autoclosure because past the limit
    /// per code a diagnostic is only counted, and a large tree can draw tens of thousands of
    /// the same warning.
    mutating func warning(_ code: DiagnosticCode, at location: SourceLocation, _ message: @autoclosure () -> String) {
        guard reportsWarnings else { return }
        guard diagnostics.accepts(code) else {
            diagnostics.drop(code, .warning)
            return
        }
        diagnostics.append(Diagnostic(code, .warning, at: location, message()))
    }

    /// Reports a diagnostic at a token of any file that has been read.
    mutating func report(_ code: DiagnosticCode, _ severity: Severity, at token: SourceToken, _ message: String) {
        let reading = current
        current = token.file
        report(code, severity, at: token.token, message)
        current = reading
    }

    mutating func report(
        _ code: DiagnosticCode, _ severity: Severity, at token: Token, _ message: String,
        notes: [DiagnosticNote] = []
    ) {
        if severity == .warning, !reportsWarnings { return }
        // A dropped diagnostic needs no location, which costs time proportional to the line.
        guard diagnostics.accepts(code) else {
            diagnostics.drop(code, severity)
            return
        }
        let length = token.kind == .blockString ? 3 : syntax.file.text(token.range).unicodeScalars.count
        diagnostics.append(Diagnostic(code, severity, at: syntax.location(token), length: length, message, notes: notes))
    }

    // MARK: Attribute helpers

    /// Returns the value of a token of the file being read.
    func text(of token: Token) -> String { syntax.text(token) }

    /// Returns the value of a token of any file that has been read.
    func text(of token: SourceToken) -> String { files[token.file].text(token.token) }

    /// Returns the value tokens of an attribute line, without the keyword.
    func values(_ block: Int) -> Slice<TokenSpan> { syntax.tokens(block).dropFirst() }

    /// Returns the single value of an attribute, reporting a missing or extra value.
    mutating func singleValue(_ block: Int, example: String) -> Token? {
        let tokens = values(block)
        let keyword = syntax.head(block)
        guard let first = tokens.first else {
            error(.missingValue, at: keyword, "'\(text(of: keyword))' needs a value, as in '\(text(of: keyword)) \(example)'")
            return nil
        }
        if tokens.count > 1 {
            error(.unexpectedToken, at: tokens[tokens.startIndex + 1],
                  "'\(text(of: keyword))' takes one value; put text with spaces in quotes")
        }
        return first
    }

    /// Returns the values of a list attribute (`a, b, c`), with the commas skipped. The values
    /// are read from the line's tokens in place, so no list is made for them.
    mutating func listValues(_ block: Int, example: String) -> LazyFilterSequence<Slice<TokenSpan>> {
        let items = values(block).lazy.filter { $0.kind != .comma }
        if items.first(where: { _ in true }) == nil {
            let keyword = syntax.head(block)
            error(.missingValue, at: keyword, "'\(text(of: keyword))' needs a value, as in '\(text(of: keyword)) \(example)'")
        }
        return items
    }

    /// Reports blocks nested under an attribute line, where nothing may be nested.
    mutating func rejectNested(_ block: Int) {
        for child in syntax.children(block) {
            error(.unexpectedToken, at: syntax.head(child),
                  "nothing may be nested under '\(text(of: syntax.head(block)))'; move this line left to its parent's level")
        }
    }

    /// The attributes that a mitigation may give more than once. They are stored once, because
    /// an array literal in the call would be allocated again for every attribute line.
    static let repeatableMitigationAttributes = ["ref", "tag"]

    /// Tracks attributes that may appear once per block and reports a second occurrence.
    mutating func checkOnce(_ keyword: Token, repeatable: [String], seen: inout [Token]) -> Bool {
        checkOnce(keyword, repeatable: repeatable.contains(text(of: keyword)), seen: &seen)
    }

    /// Checks that an attribute that may be given once is not given again, as the other
    /// `checkOnce` does, for a caller that has already found whether the attribute is repeatable.
    mutating func checkOnce(_ keyword: Token, repeatable: Bool, seen: inout [Token]) -> Bool {
        guard !repeatable else { return true }
        // A block has a handful of attributes, so a linear search beats hashing.
        if let first = seen.first(where: { syntax.sameText($0, keyword) }) {
            error(.duplicateAttribute, at: keyword, "'\(text(of: keyword))' is given twice; keep one",
                  notes: [DiagnosticNote(at: syntax.location(first), "first given here")])
            return false
        }
        seen.append(keyword)
        return true
    }

    /// Reads text given as a quoted string, a block string or a single word.
    mutating func text(_ block: Int, example: String) -> String? {
        guard let token = singleValue(block, example: example) else { return nil }
        if token.kind == .comma {
            error(.unexpectedToken, at: token, "expected a value, not a comma")
            return nil
        }
        return text(of: token)
    }

    /// Reads a quoted or block string, reporting a bare word.
    mutating func quotedText(_ block: Int, example: String) -> String? {
        guard let token = singleValue(block, example: example) else { return nil }
        guard token.isString else {
            error(.unexpectedToken, at: token, "'\(text(of: syntax.head(block)))' takes text in quotes, as in '\(text(of: syntax.head(block))) \(example)'")
            return nil
        }
        return text(of: token)
    }

    /// Reads a list of tags: names of letters, digits, `-` and `_`.
    mutating func readTags(_ block: Int) -> [String] {
        var tags: [String] = []
        for token in listValues(block, example: "cloud, misconfiguration") {
            if token.kind == .word, Values.isName(text(of: token)) {
                tags.append(text(of: token))
            } else {
                error(.invalidTag, at: token, "invalid tag '\(text(of: token))'; a tag is letters, digits, '-' and '_', starting with a letter")
            }
        }
        return tags
    }

    mutating func readReferences(_ block: Int) -> [Reference] {
        let tokens = listValues(block, example: "CWE-732, T1530")
        var references: [Reference] = []
        // Values are separated by commas, so a well-formed line has this many.
        references.reserveCapacity((values(block).count + 1) / 2)
        for token in tokens {
            if let reference = Values.reference(text(of: token)) {
                references.append(reference)
            } else {
                error(.invalidReference, at: token,
                      "invalid reference '\(text(of: token))'; write CWE-<number>, CAPEC-<number>, an ATT&CK technique such as T1530 or T1078.004, or an http(s) URL")
            }
        }
        return references
    }

    /// Reads an amount: a non-negative number, then an optional unit or currency.
    mutating func readAmount(_ block: Int) -> Amount? {
        let keyword = syntax.head(block)
        let tokens = values(block)
        guard let number = tokens.first else {
            error(.missingValue, at: keyword, "'\(text(of: keyword))' needs a number and an optional unit, as in '\(text(of: keyword)) 500 USD'")
            return nil
        }
        guard number.kind == .word, let value = Values.decimal(Substring(text(of: number))) else {
            error(.invalidNumber, at: number,
                  "invalid amount '\(text(of: number))'; write a non-negative number, then an optional unit, as in '\(text(of: keyword)) 500 USD' or '\(text(of: keyword)) 3 person-days'")
            return nil
        }
        if tokens.count > 2 {
            error(.unexpectedToken, at: tokens[tokens.startIndex + 2], "'\(text(of: keyword))' takes a number and one unit; join words of the unit with '-'")
        }
        let unit = tokens.count > 1 ? text(of: tokens[tokens.startIndex + 1]) : nil
        return Amount(value: value, unit: unit)
    }

    /// Reads a value that is a level of `scale` or a number accepted by `parse`. With no
    /// `rangeText`, only levels are accepted.
    mutating func readScaled(
        _ block: Int, scale: Scale, example: String, parse: (String) -> Double?,
        range: ClosedRange<Double>, rangeText: String?
    ) -> ScaledValue? {
        guard let token = singleValue(block, example: example) else { return nil }
        if let value = scale.value(of: text(of: token)) {
            return ScaledValue(value: value, level: text(of: token))
        }
        if let rangeText, token.kind == .word, let value = parse(text(of: token)) {
            guard range.contains(value) else {
                error(.valueOutOfRange, at: token, "\(scale.name) \(text(of: token)) is out of range; \(rangeText)")
                return nil
            }
            return ScaledValue(value: value)
        }
        let levels = scale.levels.map(\.name)
        let suggestion = Suggestions.didYouMean(text(of: token), among: levels)
        let alternative = rangeText.map { " or \($0)" } ?? ""
        error(.unknownLevel, at: token,
              "unknown \(scale.name) level '\(text(of: token))'\(suggestion); use one of \(levels.joined(separator: ", "))\(alternative)")
        return nil
    }
}
