// A map from object identities to values, for the memo tables of DAG walks (and, with no
// values, the visited sets of `IdentitySet`).
//
// Implementation notes
// --------------------
// With `Dictionary<ObjectIdentifier, _>` every lookup hashes the pointer with SipHash (about
// a fifth of all instructions when checking gram-det). Here a pointer is mixed by one
// multiplication (Fibonacci hashing: the high bits of p·⌊2⁶⁴/φ⌋ index a power-of-two table)
// and probed linearly; the table doubles when it is half full and is allocated by the first
// assignment. A live object's address is never 0, so 0 marks an empty slot. Removal
// (assigning nil) shifts the following entries of the probe run back, so no tombstones are
// needed. There is no iteration: nothing can depend on the table's order,
// and a memo answers exactly as a `Dictionary` would. Everything is `@inlinable` so that the
// table is specialised for its value type in every module (unspecialised, it was slower than
// `Dictionary`).

/// A map from `ObjectIdentifier` to `Value` with lookup, assignment and removal only (see the
/// file notes).
public struct IdentityMap<Value>: ExpressibleByDictionaryLiteral {
    @usableFromInline var keys: [UInt]
    @usableFromInline var values: [Value?]
    @usableFromInline var shift: UInt64
    @usableFromInline var storedCount = 0
    /// The number of entries.
    @inlinable public var count: Int { storedCount }

    /// An empty map. Nothing is allocated until the first entry (many memos stay empty).
    @inlinable
    public init() {
        keys = []
        values = []
        shift = 64
    }

    /// A map with the given entries (`[:]` for an empty one).
    @inlinable
    public init(dictionaryLiteral elements: (ObjectIdentifier, Value)...) {
        self.init()
        for (k, v) in elements { self[k] = v }
    }

    /// Whether the map has no entries.
    @inlinable
    public var isEmpty: Bool { count == 0 }

    @inlinable @inline(__always)
    func home(_ key: UInt) -> Int {
        Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) &>> shift)
    }

    /// The slot holding `key`, or the empty slot where it would go.
    @inlinable @inline(__always)
    func slot(of key: UInt) -> (index: Int, found: Bool) {
        keys.withUnsafeBufferPointer { table in
            let mask = table.count - 1
            var i = home(key)
            while true {
                let k = table[i]
                if k == key { return (i, true) }
                if k == 0 { return (i, false) }
                i = (i &+ 1) & mask
            }
        }
    }

    /// The value for `id`; assigning nil removes the entry.
    @inlinable
    public subscript(id: ObjectIdentifier) -> Value? {
        @inline(__always) get {
            if count == 0 { return nil }
            let (i, found) = slot(of: UInt(bitPattern: id))
            return found ? values[i] : nil
        }
        set {
            let key = UInt(bitPattern: id)
            guard let value = newValue else {
                remove(key)
                return
            }
            if keys.isEmpty { grow() }
            var (i, found) = slot(of: key)
            if found {
                values[i] = value
                return
            }
            if 2 * (count + 1) > keys.count {
                grow()
                i = slot(of: key).index
            }
            keys[i] = key
            values[i] = value
            storedCount += 1
        }
    }

    /// Stores `value` for `id` unless `id` has a value already; returns whether it stored it
    /// (one probe, for visited sets).
    @inlinable
    public mutating func insertIfAbsent(_ id: ObjectIdentifier, _ value: Value) -> Bool {
        let key = UInt(bitPattern: id)
        if keys.isEmpty { grow() }
        var (i, found) = slot(of: key)
        if found { return false }
        if 2 * (count + 1) > keys.count {
            grow()
            i = slot(of: key).index
        }
        keys[i] = key
        values[i] = value
        storedCount += 1
        return true
    }

    @inlinable
    mutating func remove(_ key: UInt) {
        if count == 0 { return }
        var (i, found) = slot(of: key)
        guard found else { return }
        let mask = keys.count - 1
        keys[i] = 0
        values[i] = nil
        storedCount -= 1
        // Backward shift: move later entries of the run into the hole when their home
        // position allows it, so that every entry stays reachable from its home.
        var j = i
        while true {
            j = (j &+ 1) & mask
            let k = keys[j]
            if k == 0 { return }
            let h = home(k)
            // The entry at j may move to i when i lies cyclically in [h, j).
            let movable = i <= j ? (h <= i || h > j) : (h <= i && h > j)
            if movable {
                keys[i] = k
                values[i] = values[j]
                keys[j] = 0
                values[j] = nil
                i = j
            }
        }
    }

    /// Allocates the first table (16 slots) or doubles it, re-placing every entry.
    @inlinable
    mutating func grow() {
        let size = keys.isEmpty ? 16 : keys.count * 2
        var newKeys = [UInt](repeating: 0, count: size)
        var newValues = [Value?](repeating: nil, count: size)
        let newShift = UInt64(64 - size.trailingZeroBitCount)
        let mask = size - 1
        keys.withUnsafeBufferPointer { oldKeys in
            values.withUnsafeMutableBufferPointer { oldValues in
                newKeys.withUnsafeMutableBufferPointer { k in
                    newValues.withUnsafeMutableBufferPointer { v in
                        for index in 0..<oldKeys.count where oldKeys[index] != 0 {
                            let key = oldKeys[index]
                            var i = Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) &>> newShift)
                            while k[i] != 0 { i = (i &+ 1) & mask }
                            k[i] = key
                            v[i] = oldValues[index].take()
                        }
                    }
                }
            }
        }
        keys = newKeys
        values = newValues
        shift = newShift
    }
}
