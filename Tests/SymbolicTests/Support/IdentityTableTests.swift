// IdentitySet and IdentityMap against Set and Dictionary: the same answers for every insert,
// lookup, assignment and removal, through growth and backward-shift deletion.
import Symbolic
import Testing

@Suite("identity set and map")
struct IdentityTableTests {
    final class Node {}

    @Test("inserts and lookups agree with Set<ObjectIdentifier>, through growth",
          arguments: [(UInt64(1), 10), (2, 1000), (3, 20_000)])
    func agreesWithSet(seed: UInt64, objects: Int) {
        let nodes = (0..<objects).map { _ in Node() }
        var random = RandomSource(seed: seed)
        var fast = IdentitySet()
        var reference = Set<ObjectIdentifier>()
        for _ in 0..<(3 * objects) {
            let node = nodes[Int(random.next() % UInt64(objects))]
            let id = ObjectIdentifier(node)
            #expect(fast.contains(id) == reference.contains(id))
            #expect(fast.insert(id) == reference.insert(id).inserted)
            #expect(fast.count == reference.count)
        }
        for node in nodes {
            #expect(fast.contains(ObjectIdentifier(node)) == reference.contains(ObjectIdentifier(node)))
        }
    }

    @Test("a walk over a shared DAG visits each node once")
    func sharedNodesOnce() throws {
        // x + x shares one node for both children; 40 doublings would be 2^40 paths.
        var e: Expr = .symbol("x")
        for _ in 0..<40 { e = .sum([e, e]) }
        var visits = 0
        #expect(!e.containsSubexpression { _ in visits += 1; return false })
        #expect(visits == 41)
        #expect(e.freeSymbols == ["x"])
    }

    @Test("lookups, assignments and removals agree with Dictionary",
          arguments: [(UInt64(1), 8), (2, 300), (3, 5000)])
    func agreesWithDictionary(seed: UInt64, objects: Int) {
        let nodes = (0..<objects).map { _ in Node() }
        var random = RandomSource(seed: seed)
        var fast: IdentityMap<Int> = [:]
        var reference: [ObjectIdentifier: Int] = [:]
        for step in 0..<(8 * objects) {
            let id = ObjectIdentifier(nodes[Int(random.next() % UInt64(objects))])
            switch random.next() % 4 {
            case 0:
                fast[id] = nil
                reference[id] = nil
            case 1, 2:
                fast[id] = step
                reference[id] = step
            default:
                break
            }
            #expect(fast[id] == reference[id])
            #expect(fast.count == reference.count)
        }
        for node in nodes {
            #expect(fast[ObjectIdentifier(node)] == reference[ObjectIdentifier(node)])
        }
        #expect(fast.isEmpty == reference.isEmpty)
    }
}

@Suite("identity map copies")
struct IdentityMapCopyTests {
    final class Node {}

    /// A copy of a map is independent of the original through assignments, removals and
    /// growth on either side (the table is copied on write).
    @Test("copies are values: writes to one never show in the other", arguments: [UInt64(1), 2, 3])
    func valueSemantics(seed: UInt64) {
        let nodes = (0..<200).map { _ in Node() }
        var random = RandomSource(seed: seed)
        var a: IdentityMap<Int> = [:]
        var referenceA: [ObjectIdentifier: Int] = [:]
        var copies: [(IdentityMap<Int>, [ObjectIdentifier: Int])] = []
        for step in 0..<3000 {
            let id = ObjectIdentifier(nodes[Int(random.next() % 200)])
            if random.next() % 3 == 0 {
                a[id] = nil
                referenceA[id] = nil
            } else {
                a[id] = step
                referenceA[id] = step
            }
            if step % 250 == 0 { copies.append((a, referenceA)) }
            // Mutate a copy now and then: the original must not change.
            if step % 400 == 7, !copies.isEmpty {
                let k = Int(random.next() % UInt64(copies.count))
                for node in nodes.prefix(60) {
                    copies[k].0[ObjectIdentifier(node)] = -step
                    copies[k].1[ObjectIdentifier(node)] = -step
                }
            }
        }
        for node in nodes {
            let id = ObjectIdentifier(node)
            #expect(a[id] == referenceA[id])
            for (copy, reference) in copies { #expect(copy[id] == reference[id]) }
        }
        #expect(a.count == referenceA.count)
        for (copy, reference) in copies { #expect(copy.count == reference.count) }
    }

    @Test("a set's copy keeps its members")
    func setCopies() {
        let nodes = (0..<100).map { _ in Node() }
        var s = IdentitySet()
        for node in nodes.prefix(40) { s.insert(ObjectIdentifier(node)) }
        let snapshot = s
        for node in nodes { s.insert(ObjectIdentifier(node)) }
        #expect(snapshot.count == 40 && s.count == 100)
        #expect(nodes.prefix(40).allSatisfy { snapshot.contains(ObjectIdentifier($0)) })
        #expect(!nodes.dropFirst(40).contains { snapshot.contains(ObjectIdentifier($0)) })
    }
}
