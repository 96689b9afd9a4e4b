import Testing
import BrambleCore

/// Ids of up to 15 components below 256 are packed into two words, and all others keep an
/// array. These tests check that both forms parse, print, order, hash and relate the same way.
@Suite struct NodeIDTests {
    /// Ids on both sides of every packing limit: a component of 255 or 256, 15 or 16
    /// components, and nine-digit numbers.
    static let samples: [[Int]] = [
        [1], [2], [10], [255], [256], [1, 1], [1, 2], [1, 10], [1, 255], [1, 256], [1, 2, 3],
        [2, 1], [1, 999_999_999], [255, 255], [256, 1],
        Array(repeating: 1, count: 15), Array(repeating: 1, count: 16), Array(repeating: 1, count: 14) + [256],
        Array(1...15), Array(1...16), Array(repeating: 200, count: 15), Array(repeating: 200, count: 15) + [1],
    ]

    @Test func parsesAndPrintsEveryForm() throws {
        for components in Self.samples {
            let text = components.map(String.init).joined(separator: ".")
            let id = try #require(NodeID(parsing: text))
            #expect(id.components == components)
            #expect(id.description == text)
            #expect(id == NodeID(components))
            #expect(id.hashValue == NodeID(components).hashValue)
            #expect(id.depth == components.count)
            #expect(id.last == components.last)
        }
    }

    @Test func rejectsMalformedText() {
        for text in ["", ".", "1.", ".1", "1..2", "0", "1.0", "01", "1.02", "1.a", "1 2", "1234567890", "-1"] {
            #expect(NodeID(parsing: text) == nil, "\(text) should be rejected")
        }
    }

    @Test func ordersNumberByNumberAcrossForms() {
        let ids = Self.samples.map(NodeID.init)
        for a in Self.samples {
            for b in Self.samples {
                let expected = a.lexicographicallyPrecedes(b)
                #expect((NodeID(a) < NodeID(b)) == expected, "\(a) < \(b)")
                #expect((NodeID(a) == NodeID(b)) == (a == b), "\(a) == \(b)")
            }
        }
        #expect(Set(ids).count == Set(Self.samples).count)
    }

    @Test func ordersRandomIdsAsTheirComponents() {
        var generator = SeededGenerator(seed: 7)
        let lists: [[Int]] = (0..<400).map { _ in
            let count = generator.int(18) + 1
            return (0..<count).map { _ in
                generator.int(5) == 0 ? generator.int(400) + 1 : generator.int(4) + 1
            }
        }
        let sortedByID = lists.map(NodeID.init).sorted().map(\.components)
        let sortedByComponents = lists.sorted { $0.lexicographicallyPrecedes($1) }
        #expect(sortedByID == sortedByComponents)
    }

    @Test func childrenAndParentsAcrossTheLimits() {
        for components in Self.samples {
            let id = NodeID(components)
            for number in [1, 2, 255, 256, 1000] {
                let child = id.child(number)
                #expect(child.components == components + [number])
                #expect(child.isChild(of: id))
                #expect(!id.isChild(of: child))
                #expect(child.parent == id)
                #expect(!child.child(1).isChild(of: id))
            }
        }
        #expect(!NodeID([1, 3]).isChild(of: NodeID([2])))
        #expect(!NodeID([2, 1]).isChild(of: NodeID([1])))
        #expect(NodeID([1]).parent == nil)
    }
}
