// The free symbols of large expressions, remembered per node.
//
// Implementation notes
// --------------------
// `freeSymbols` walks the whole DAG. A step about an 8 × 8 determinant asks it of the same
// expansion (thousands of nodes) from the numeric setup, the substitutions, the matrix
// configuration and the closed-form search, and of sums and differences that share it. The
// answer is a pure function of the node, so nodes of at least `minimumTreeSize` keep theirs
// in a direct-mapped table indexed by the node's address. A slot holds the node weakly: the
// table never keeps an expression alive, and a slot whose node was freed reads as empty, so
// an address reused by a later node never returns a stale answer (the identity check
// compares the live weak reference with the node asked about). A colliding node simply
// replaces the slot. A hit gives exactly what the walk would: the memo changes time, never
// results. Thread-safe (a mutex around the table; the walk itself runs outside it).

/// The free symbols of large expressions, by node (see the file notes).
final class FreeSymbolMemo: @unchecked Sendable {
    /// The one table of the process.
    static let shared = FreeSymbolMemo()

    /// Nodes with fewer tree nodes than this are walked every time (cheaper than the lock).
    static let minimumTreeSize = 256

    /// The number of slots (a power of two).
    static let slotCount = 4096

    private struct Slot {
        weak var node: ExprNode?
        var symbols: Set<Symbol>
        var sorted: [Symbol]
    }

    private var slots: [Slot?] = Array(repeating: nil, count: FreeSymbolMemo.slotCount)
    private let mutex = PosixMutex()

    private init() {}

    private static func slot(of node: ExprNode) -> Int {
        // The address itself (not `hashValue`, which goes through a seeded Hasher), mixed:
        // allocations are 16-byte aligned and clustered.
        let address = UInt(bitPattern: ObjectIdentifier(node))
        let mixed = (UInt64(address) >> 4) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 52) & (slotCount - 1)
    }

    /// The remembered free symbols of `node` (as a set and sorted by name), if any.
    func symbols(of node: ExprNode) -> (set: Set<Symbol>, sorted: [Symbol])? {
        let i = Self.slot(of: node)
        return mutex.withLock {
            guard let slot = slots[i], let kept = slot.node, kept === node else { return nil }
            return (slot.symbols, slot.sorted)
        }
    }

    /// Remembers the free symbols of `node`.
    func remember(_ symbols: Set<Symbol>, of node: ExprNode) {
        let i = Self.slot(of: node)
        let sorted = symbols.sorted()
        mutex.withLock { slots[i] = Slot(node: node, symbols: symbols, sorted: sorted) }
    }
}
