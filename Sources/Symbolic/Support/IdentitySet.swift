// A set of object identities for the visited sets of expression walks.
//
// Implementation notes
// --------------------
// Walks over an `Expr` DAG keep the nodes they have seen so that a shared subtree is visited
// once. With `Set<ObjectIdentifier>` every visit hashes the pointer with SipHash (about a
// fifth of all instructions when checking gram-det). Here a pointer is mixed by one
// multiplication (Fibonacci hashing: the high bits of p·⌊2⁶⁴/φ⌋ index a power-of-two table)
// and probed linearly; the table doubles when it is half full. A live object's address is
// never 0, so 0 marks an empty slot. Only membership is offered — no iteration — so nothing
// can depend on the order of the table, and the result of a walk is the same as with `Set`.

/// A set of `ObjectIdentifier`s with insertion and membership only (see the file notes).
public struct IdentitySet {
    private var slots: [UInt]
    private var shift: UInt64
    /// The number of identities in the set.
    public private(set) var count = 0

    /// An empty set with room for about `capacity` identities before it grows.
    public init(capacity: Int = 16) {
        var size = 16
        while size < 2 * capacity { size *= 2 }
        slots = [UInt](repeating: 0, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always)
    private func home(_ key: UInt) -> Int {
        Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) &>> shift)
    }

    /// Whether `id` is in the set.
    @inline(__always)
    public func contains(_ id: ObjectIdentifier) -> Bool {
        let key = UInt(bitPattern: id)
        return slots.withUnsafeBufferPointer { table in
            let mask = table.count - 1
            var i = home(key)
            while true {
                let k = table[i]
                if k == key { return true }
                if k == 0 { return false }
                i = (i &+ 1) & mask
            }
        }
    }

    /// Inserts `id`; returns whether it was new.
    @inline(__always)
    @discardableResult
    public mutating func insert(_ id: ObjectIdentifier) -> Bool {
        let key = UInt(bitPattern: id)
        if 2 * (count + 1) > slots.count { grow() }
        let h = home(key)
        let inserted: Bool = slots.withUnsafeMutableBufferPointer { table in
            let mask = table.count - 1
            var i = h
            while true {
                let k = table[i]
                if k == key { return false }
                if k == 0 {
                    table[i] = key
                    return true
                }
                i = (i &+ 1) & mask
            }
        }
        if inserted { count += 1 }
        return inserted
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt](repeating: 0, count: old.count * 2)
        shift -= 1
        let mask = slots.count - 1
        for key in old where key != 0 {
            var i = home(key)
            while slots[i] != 0 { i = (i &+ 1) & mask }
            slots[i] = key
        }
    }
}
