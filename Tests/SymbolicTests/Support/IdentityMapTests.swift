// IdentityMap against Dictionary<ObjectIdentifier, Int>: the same answers under a random mix
// of lookups, assignments and removals, through growth and backward-shift deletion.
import Symbolic
import Testing

@Suite("identity map")
struct IdentityMapTests {
    final class Node {}

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
