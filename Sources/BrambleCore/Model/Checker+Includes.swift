import Foundation

/// Path handling for `include` lines.
public enum IncludePaths {
    /// Joins an include path to the including file's folder and removes `.` and `..` steps
    /// where it can, keeping the path relative when the including file's path is.
    ///
    /// The path is worked on as text, without Foundation's path methods. With Swift 6.3.1 on
    /// Linux, `NSString.deletingLastPathComponent` stopped the process on the path `o`.
    public static func resolve(_ path: String, from includer: String) -> String {
        let joined: String
        if path.hasPrefix("/") {
            joined = path
        } else {
            let folder = folder(of: includer)
            joined = folder.isEmpty ? path : folder + "/" + path
        }
        var parts: [String] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: false) {
            switch part {
            case ".": continue
            // An empty part after the first comes from a doubled or trailing slash; the first
            // marks a path from the root and is kept.
            case "" where !parts.isEmpty: continue
            case "..":
                // The root's parent is the root itself.
                if parts == [""] { continue }
                if let last = parts.last, last != ".." { parts.removeLast() } else { parts.append("..") }
            default: parts.append(String(part))
            }
        }
        return parts == [""] ? "/" : parts.joined(separator: "/")
    }

    /// Returns the folder part of a path, which is what comes before its last `/` without
    /// trailing slashes. It is `/` for a file at the root and empty for a bare file name.
    static func folder(of path: String) -> String {
        var bytes = Array(path.utf8)
        // A trailing slash does not end a name: `a/b/` is in `a`.
        while bytes.count > 1, bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        guard var end = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        while end > 0, bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
        return end == 0 ? "/" : String(decoding: bytes[..<end], as: UTF8.self)
    }
}

/// Fragment libraries: `include "path"` reads another file's fragments and mitigations, and
/// `use NAME` copies a fragment into the tree where it is written.
extension TreeBuilder {
    /// Reads every file that `include` lines name, each once, depth first, reporting files that
    /// cannot be read, include cycles with the chain of files, and chains or totals past the
    /// limits above.
    mutating func loadIncludes() {
        let rootKey = TreeBuilder.key(files[0].file.path)
        var loaded: [String: Int] = [rootKey: 0]
        // Each chain keeps the key of every file in it, so that a cycle is found without
        // working out the keys of the whole chain again for every include line.
        var stack: [(file: Int, chain: [String], keys: Set<String>)] = [(0, [files[0].file.path], [rootKey])]
        while let (file, chain, keys) = stack.popLast() {
            current = file
            var found: [(file: Int, chain: [String], keys: Set<String>)] = []
            for block in syntax.topLevel {
                let head = syntax.head(block)
                guard head.kind == .word, text(of: head) == "include" else { continue }
                rejectNested(block)
                guard let token = singleValue(block, example: "\"lib/common.bramble\"") else { continue }
                guard token.isString, !text(of: token).isEmpty else {
                    error(.unexpectedToken, at: token, "'include' takes a path in quotes, relative to this file, as in 'include \"lib/common.bramble\"'")
                    continue
                }
                let path = TreeBuilder.resolve(text(of: token), from: syntax.file.path)
                let key = TreeBuilder.key(path)
                if keys.contains(key) {
                    error(.includeCycle, at: token,
                          "include cycle: \((chain + [path]).joined(separator: " -> ")); remove one of these include lines")
                    continue
                }
                guard loaded[key] == nil else { continue }
                guard chain.count < Checker.maxIncludeDepth else {
                    error(.includeFailed, at: token,
                          "cannot include \(path): includes nest more than \(Checker.maxIncludeDepth) files deep here, starting \(chain.prefix(3).joined(separator: " -> ")); check that no path grows with each include, as 'include \"lib/x.bramble\"' does in a file inside lib/")
                    continue
                }
                guard files.count <= Checker.maxIncludedFiles else {
                    error(.includeFailed, at: token,
                          "cannot include \(path): the tree already includes \(Checker.maxIncludedFiles) files, the most that are read; merge fragment libraries into fewer files")
                    continue
                }
                guard let loader else {
                    error(.includeFailed, at: token, "cannot include \(path) here, because no file system is available; check the file with 'bramble check'")
                    continue
                }
                let source: SourceFile
                do {
                    source = try loader(path)
                } catch {
                    self.error(.includeFailed, at: token, "cannot include \(path): \(error); check the path, which is relative to this file")
                    continue
                }
                let parsed = SyntaxTree.parse(source)
                diagnostics.append(contentsOf: parsed.diagnostics)
                files.append(parsed)
                syntax = files[current]
                loaded[key] = files.count - 1
                found.append((files.count - 1, chain + [path], keys.union([key])))
            }
            // Reversed so that the first include of a file is read first.
            stack.append(contentsOf: found.reversed())
        }
        current = 0
    }

    static func resolve(_ path: String, from includer: String) -> String {
        IncludePaths.resolve(path, from: includer)
    }

    /// Returns the absolute, standardised form of a path, for telling whether two paths name
    /// one file.
    static func key(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Records a `fragment NAME ...` block of the current file.
    mutating func registerFragment(_ block: Int) {
        let tokens = syntax.tokens(block)
        guard tokens.count > 1, tokens[1].kind == .word, Values.isName(text(of: tokens[1])) else {
            error(.missingValue, at: tokens.count > 1 ? tokens[1] : tokens[0],
                  "a fragment needs a name, then an optional gate and a title, as in 'fragment steal-token or \"Steal a CI token\"'")
            return
        }
        let name = text(of: tokens[1])
        if let existing = fragments[name] {
            let first = files[existing.file]
            error(.duplicateFragment, at: tokens[1], "fragment '\(name)' is defined twice; rename one",
                  notes: [DiagnosticNote(at: first.location(first.tokens(existing.block)[1]), "first defined here")])
            return
        }
        fragments[name] = (current, block)
    }

    /// Copies fragment `token.text` into the tree as the next child of `parent`, returning the
    /// copy as a node still to read. Reports unknown fragments and fragments that use themselves.
    mutating func instantiateFragment(_ token: Token, parent: Int, lastNumber: inout Int) -> PendingNode? {
        let name = text(of: token)
        guard let fragment = fragments[name] else {
            error(.unknownFragment, at: token,
                  "unknown fragment '\(name)'\(Suggestions.didYouMean(name, among: fragments.keys.sorted())); define it with 'fragment \(name) \"Title\"' here or in an included file")
            return nil
        }
        let chain = fragmentChains[parent] ?? []
        if chain.contains(name) {
            error(.fragmentCycle, at: token,
                  "fragment '\(name)' uses itself: \((chain + [name]).joined(separator: " -> ")); remove one of these use lines")
            return nil
        }
        let user = current
        current = fragment.file
        let head = readNodeHead(fragment.block, from: 2)
        if let idToken = head.idToken {
            error(.misplacedID, at: idToken, "a fragment has no id, because each copy is numbered where it is used; remove \(text(of: idToken))")
        }
        let id = nodes[parent].id.child(lastNumber + 1)
        lastNumber += 1
        current = user
        return PendingNode(file: fragment.file, block: fragment.block, head: head, id: id, idWasWritten: false,
                           parent: parent, fragmentChain: chain + [name])
    }

    /// Checks a library: every fragment of the checked file is copied under a hidden root and
    /// read, so that its problems are reported without a tree to use it in.
    mutating func checkLibrary() {
        let anchor = syntax.head(syntax.topLevel[0])
        let root = nodes.count
        _ = addDraft(id: NodeID([1]), title: "library", gate: .or, gateToken: nil, parent: nil,
                     idWasWritten: false, location: syntax.location(anchor))
        libraryRoot = root
        var lastNumber = 0
        var work: [PendingNode] = []
        for (name, fragment) in fragments.sorted(by: { $0.value.block < $1.value.block }) where fragment.file == 0 {
            let token = files[0].tokens(fragment.block)[1]
            guard text(of: token) == name, let copy = instantiateFragment(token, parent: root, lastNumber: &lastNumber) else { continue }
            work.append(copy)
        }
        readPendingNodes(&work)
        current = 0
        resolveUses()
        checkStructure()
    }
}
