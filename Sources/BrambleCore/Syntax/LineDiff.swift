/// A line-based unified diff, as `diff -u` writes it, for showing what the formatter would
/// change.
public enum LineDiff {
    /// The largest comparison table, in cells (old lines x new lines after the common start and
    /// end are set aside), that the diff builds. Larger differences are shown as one replacement.
    static let maximumTableCells = 4_000_000

    /// Returns the unified diff from `old` to `new` with `context` unchanged lines around each
    /// change, or an empty string when the texts are equal. Lines are compared whole, including
    /// whether they end in a line feed; a last line without one is marked
    /// `\ No newline at end of file`.
    public static func unified(old: String, new: String, oldLabel: String, newLabel: String, context: Int = 3) -> String {
        let oldLines = lines(of: old)
        let newLines = lines(of: new)
        let edits = editScript(numbered(oldLines, newLines))
        guard edits.contains(where: { $0 != .keep }) else { return "" }
        var text = "--- \(oldLabel)\n+++ \(newLabel)\n"
        var oldIndex = 0
        var newIndex = 0
        var position = 0
        for hunk in hunks(edits, context: context) {
            while position < hunk.lowerBound {
                if edits[position] != .insert { oldIndex += 1 }
                if edits[position] != .delete { newIndex += 1 }
                position += 1
            }
            let oldCount = edits[hunk].count { $0 != .insert }
            let newCount = edits[hunk].count { $0 != .delete }
            text += "@@ -\(range(start: oldIndex, count: oldCount)) +\(range(start: newIndex, count: newCount)) @@\n"
            for edit in edits[hunk] {
                switch edit {
                case .keep:
                    text += line(" ", oldLines[oldIndex])
                    oldIndex += 1
                    newIndex += 1
                case .delete:
                    text += line("-", oldLines[oldIndex])
                    oldIndex += 1
                case .insert:
                    text += line("+", newLines[newIndex])
                    newIndex += 1
                }
            }
            position = hunk.upperBound
        }
        return text
    }

    enum Edit: Equatable {
        case keep, delete, insert
    }

    /// Splits text into lines that keep their line feed.
    static func lines(of text: String) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        var index = start
        while index < text.endIndex {
            let next = text.index(after: index)
            // "\r\n" is one Character; it ends a line too.
            if text[index] == "\n" || text[index] == "\r\n" {
                result.append(text[start..<next])
                start = next
            }
            index = next
        }
        if start < text.endIndex { result.append(text[start...]) }
        return result
    }

    /// Returns both line lists with each distinct line replaced by a number, so that the
    /// comparison table compares integers.
    static func numbered(_ old: [Substring], _ new: [Substring]) -> (old: [Int], new: [Int]) {
        var numbers: [Substring: Int] = [:]
        func number(_ line: Substring) -> Int {
            if let known = numbers[line] { return known }
            numbers[line] = numbers.count
            return numbers.count - 1
        }
        return (old.map(number), new.map(number))
    }

    /// Returns the edits that turn `old` into `new`, from a longest common subsequence of lines.
    /// - Complexity: O(n x m) time and space in the lines between the common start and end,
    ///   capped by `maximumTableCells`.
    static func editScript(_ lines: (old: [Int], new: [Int])) -> [Edit] {
        let (old, new) = lines
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
              old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
        {
            suffix += 1
        }
        let a = Array(old[prefix..<old.count - suffix])
        let b = Array(new[prefix..<new.count - suffix])
        var middle: [Edit] = []
        if (a.count + 1) * (b.count + 1) > maximumTableCells {
            // NOTE: past the table limit the changed region is shown as a whole replacement,
            // which is a correct diff but not the smallest one.
            middle = Array(repeating: .delete, count: a.count) + Array(repeating: .insert, count: b.count)
        } else {
            middle = lcsEdits(a, b)
        }
        return Array(repeating: .keep, count: prefix) + middle + Array(repeating: .keep, count: suffix)
    }

    /// Returns the edits from the classic dynamic-programming table, where `length[i][j]` is the
    /// length of the longest common subsequence of `a[i...]` and `b[j...]`.
    private static func lcsEdits(_ a: [Int], _ b: [Int]) -> [Edit] {
        let width = b.count + 1
        var length = [Int32](repeating: 0, count: (a.count + 1) * width)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                length[i * width + j] = a[i] == b[j]
                    ? length[(i + 1) * width + j + 1] + 1
                    : max(length[(i + 1) * width + j], length[i * width + j + 1])
            }
        }
        var edits: [Edit] = []
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                edits.append(.keep)
                i += 1
                j += 1
            } else if j == b.count || (i < a.count && length[(i + 1) * width + j] >= length[i * width + j + 1]) {
                edits.append(.delete)
                i += 1
            } else {
                edits.append(.insert)
                j += 1
            }
        }
        return edits
    }

    /// Groups the changes into hunks: ranges of `edits` with up to `context` kept lines on each
    /// side, merged when the context of two changes would overlap or touch.
    static func hunks(_ edits: [Edit], context: Int) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for (index, edit) in edits.enumerated() where edit != .keep {
            let start = max(0, index - context)
            let end = min(edits.count, index + 1 + context)
            if let last = result.last, start <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<end
            } else {
                result.append(start..<end)
            }
        }
        return result
    }

    /// Formats a hunk range as diff does: `start,count`, `start` alone for one line, and the
    /// line before the hunk for an empty range.
    private static func range(start: Int, count: Int) -> String {
        switch count {
        case 0: "\(start),0"
        case 1: "\(start + 1)"
        default: "\(start + 1),\(count)"
        }
    }

    private static func line(_ marker: String, _ text: Substring) -> String {
        if text.hasSuffix("\n") || text.hasSuffix("\r\n") { return marker + text }
        return marker + text + "\n\\ No newline at end of file\n"
    }
}
