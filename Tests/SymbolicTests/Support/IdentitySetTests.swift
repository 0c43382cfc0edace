// IdentitySet against Set<ObjectIdentifier>: the same answers for every insert and lookup.
import Symbolic
import Testing

@Suite("identity set")
struct IdentitySetTests {
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
}
