// Hash tables for differentiation: hash-consing by structure and memos by node identity.
//
// Implementation notes
// --------------------
// Both are open-addressing tables with linear probing over power-of-two arrays, grown at
// half load. The intern table probes with the node's precomputed structural hash (no
// `Hasher` round per lookup), and compares candidates by that hash first and by `==` (one
// level deep for interned children) second. The identity memo keys on the node's address,
// mixed with splitmix64. Nothing is ever ordered by these hashes; they only find slots.

/// A set of interned nodes, found by structure.
struct InternTable {
    private var slots: [Expr?] = Array(repeating: nil, count: 256)
    private var count = 0

    /// The stored node equal to `e`, or `nil` after inserting `e`.
    @inline(__always)
    mutating func existingOrInsert(_ e: Expr) -> Expr? {
        let hash = e.node.hash
        var mask = slots.count &- 1
        var i = Int(truncatingIfNeeded: StableHash.mix(hash)) & mask
        while let candidate = slots[i] {
            if candidate.node.hash == hash && candidate == e { return candidate }
            i = (i &+ 1) & mask
        }
        if (count &+ 1) &* 2 > slots.count {
            grow()
            mask = slots.count &- 1
            i = Int(truncatingIfNeeded: StableHash.mix(hash)) & mask
            while slots[i] != nil { i = (i &+ 1) & mask }
        }
        slots[i] = e
        count &+= 1
        return nil
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: nil, count: old.count &* 2)
        let mask = slots.count &- 1
        for case let e? in old {
            var i = Int(truncatingIfNeeded: StableHash.mix(e.node.hash)) & mask
            while slots[i] != nil { i = (i &+ 1) & mask }
            slots[i] = e
        }
    }
}

/// A map from nodes (by identity) to expressions. Keys must stay alive while the table is
/// used (they are interned nodes, kept by the `InternTable`, or nodes of the input).
struct IdentityMemo {
    private var keys: [UInt] = Array(repeating: 0, count: 256)
    private var values: [Expr?] = Array(repeating: nil, count: 256)
    private var count = 0

    @inline(__always)
    private static func address(_ e: Expr) -> UInt {
        UInt(bitPattern: ObjectIdentifier(e.node))
    }

    @inline(__always)
    private static func slot(_ key: UInt, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: StableHash.mix(UInt64(key))) & mask
    }

    @inline(__always)
    subscript(_ e: Expr) -> Expr? {
        get {
            let key = IdentityMemo.address(e)
            let mask = keys.count &- 1
            var i = IdentityMemo.slot(key, mask)
            while keys[i] != 0 {
                if keys[i] == key { return values[i] }
                i = (i &+ 1) & mask
            }
            return nil
        }
        set {
            guard let value = newValue else { return }
            let key = IdentityMemo.address(e)
            if (count &+ 1) &* 2 > keys.count { grow() }
            let mask = keys.count &- 1
            var i = IdentityMemo.slot(key, mask)
            while keys[i] != 0 {
                if keys[i] == key {
                    values[i] = value
                    return
                }
                i = (i &+ 1) & mask
            }
            keys[i] = key
            values[i] = value
            count &+= 1
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = Array(repeating: 0, count: oldKeys.count &* 2)
        values = Array(repeating: nil, count: oldKeys.count &* 2)
        let mask = keys.count &- 1
        for (k, v) in zip(oldKeys, oldValues) where k != 0 {
            var i = IdentityMemo.slot(k, mask)
            while keys[i] != 0 { i = (i &+ 1) & mask }
            keys[i] = k
            values[i] = v
        }
    }
}
