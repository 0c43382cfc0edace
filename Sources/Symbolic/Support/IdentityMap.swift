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
//
// The table lives in a class (`IdentityTable`) holding two raw buffers, copied on write when
// shared. Two `Array`s were simpler, but allocating an array of `Value?` for a value type the
// standard library has not prespecialised looks its storage class's metadata up at run time
// (about 480 instructions per allocation on Swift 6.3, 4–6 % of checking a derivation, since
// many short-lived memos grow a few times); allocating an instance of a specialised generic
// class uses a cached metadata accessor.

/// The slots of an `IdentityMap`: keys (0 = empty) and values, `capacity` of each.
@usableFromInline
final class IdentityTable<Value> {
    @usableFromInline let capacity: Int
    @usableFromInline let keys: UnsafeMutablePointer<UInt>
    @usableFromInline let values: UnsafeMutablePointer<Value?>
    /// Deinitialises the values; made where the table is created, so it is specialised for
    /// `Value` (the generic `deinit` would look `Optional<Value>`'s metadata up at run time).
    @usableFromInline let destroyValues: (UnsafeMutableRawPointer, Int) -> Void

    /// An empty table of `capacity` slots.
    @inlinable
    init(capacity: Int) {
        self.capacity = capacity
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: 0, count: capacity)
        values = .allocate(capacity: capacity)
        values.initialize(repeating: nil, count: capacity)
        destroyValues = { pointer, count in
            pointer.assumingMemoryBound(to: Optional<Value>.self).deinitialize(count: count)
        }
    }

    /// A copy of this table (for copy on write).
    @inlinable
    func copy() -> IdentityTable {
        let t = IdentityTable(capacity: capacity)
        t.keys.update(from: keys, count: capacity)
        t.values.update(from: values, count: capacity)
        return t
    }

    deinit {
        destroyValues(UnsafeMutableRawPointer(values), capacity)
        UnsafeMutableRawPointer(values).deallocate()
        UnsafeMutableRawPointer(keys).deallocate()
    }
}

/// A map from `ObjectIdentifier` to `Value` with lookup, assignment and removal only (see the
/// file notes).
public struct IdentityMap<Value>: ExpressibleByDictionaryLiteral {
    /// The slots; `nil` until the first entry (many memos stay empty).
    @usableFromInline var table: IdentityTable<Value>?
    /// The number of slots (0 without a table; else a power of two): `table?.capacity`, kept
    /// here because every probe reads it (deriving it cost 0.8 % of checking gram-det).
    @usableFromInline var capacity = 0
    @usableFromInline var shift: UInt64
    @usableFromInline var storedCount = 0
    /// The number of entries.
    @inlinable public var count: Int { storedCount }

    /// An empty map. Nothing is allocated until the first entry (many memos stay empty).
    @inlinable
    public init() {
        table = nil
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

    /// The slot holding `key`, or the empty slot where it would go (a table must exist).
    @inlinable @inline(__always)
    func slot(of key: UInt) -> (index: Int, found: Bool) {
        let keys = table.unsafelyUnwrapped.keys
        let mask = capacity - 1
        var i = home(key)
        while true {
            let k = keys[i]
            if k == key { return (i, true) }
            if k == 0 { return (i, false) }
            i = (i &+ 1) & mask
        }
    }

    /// Makes the table this map's own before a write (copy on write).
    @inlinable @inline(__always)
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&table) { table = table?.copy() }
    }

    /// The value for `id`; assigning nil removes the entry.
    @inlinable
    public subscript(id: ObjectIdentifier) -> Value? {
        @inline(__always) get {
            if count == 0 { return nil }
            let (i, found) = slot(of: UInt(bitPattern: id))
            return found ? table.unsafelyUnwrapped.values[i] : nil
        }
        set {
            let key = UInt(bitPattern: id)
            guard let value = newValue else {
                remove(key)
                return
            }
            if capacity == 0 { grow() } else { makeUnique() }
            var (i, found) = slot(of: key)
            if found {
                table.unsafelyUnwrapped.values[i] = value
                return
            }
            if 2 * (count + 1) > capacity {
                grow()
                i = slot(of: key).index
            }
            let t = table.unsafelyUnwrapped
            t.keys[i] = key
            t.values[i] = value
            storedCount += 1
        }
    }

    /// Stores `value` for `id` unless `id` has a value already; returns whether it stored it
    /// (one probe, for visited sets).
    @inlinable
    public mutating func insertIfAbsent(_ id: ObjectIdentifier, _ value: Value) -> Bool {
        let key = UInt(bitPattern: id)
        if capacity == 0 { grow() }
        var (i, found) = slot(of: key)
        if found { return false }
        if 2 * (count + 1) > capacity {
            grow()
            i = slot(of: key).index
        } else {
            makeUnique()
        }
        let t = table.unsafelyUnwrapped
        t.keys[i] = key
        t.values[i] = value
        storedCount += 1
        return true
    }

    @inlinable
    mutating func remove(_ key: UInt) {
        if count == 0 { return }
        var (i, found) = slot(of: key)
        guard found else { return }
        makeUnique()
        let t = table.unsafelyUnwrapped
        let keys = t.keys, values = t.values
        let mask = capacity - 1
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
                values[i] = values[j].take()
                keys[j] = 0
                i = j
            }
        }
    }

    /// Allocates the first table (16 slots) or doubles it, re-placing every entry (into a new
    /// table, so a table shared with a copy of the map is left as it is).
    @inlinable
    mutating func grow() {
        let size = capacity == 0 ? 16 : capacity * 2
        let new = IdentityTable<Value>(capacity: size)
        let newShift = UInt64(64 - size.trailingZeroBitCount)
        let mask = size - 1
        // Entries move out of a table no copy of the map shares (checked before `old`
        // holds a second reference).
        let unique = isKnownUniquelyReferenced(&table)
        if let old = table {
            let k = new.keys, v = new.values
            for index in 0 ..< capacity where old.keys[index] != 0 {
                let key = old.keys[index]
                var i = Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) &>> newShift)
                while k[i] != 0 { i = (i &+ 1) & mask }
                k[i] = key
                v[i] = unique ? old.values[index].take() : old.values[index]
            }
        }
        table = new
        capacity = size
        shift = newShift
    }
}
