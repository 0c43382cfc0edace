// Arbitrary-precision signed integers: the type, its storage and its basic properties.
//
// Implementation notes
// --------------------
// A `BigInt` is either `.small(Int)` — the fast path, used whenever the value fits in a
// machine word — or `.large(negative:limbs:)`, a sign and a little-endian array of 64-bit
// limbs holding the magnitude (see `Magnitude`). The representation is canonical:
//
// * `.large` is used *only* when the value does not fit in `Int` (so `Int.min` is small,
//   and `-Int.min` = 2^63 is large), and
// * its limbs are non-empty with no most-significant zero limb.
//
// So two equal values always have the same storage, and `==` and hashing are structural.
// Every `.large` value is built by `normalized(negative:limbs:)`, which establishes the
// invariant; `hasCanonicalStorage` checks it (debug `assert`s and the tests use it).
//
// Operations on `.small` operands are `@inlinable` and use the overflow-reporting
// operations of `Int`, falling back to the limb algorithms only on overflow; nothing traps.
// Division by zero is reported as `nil`, never as a trap.
//
// The operations are spread over `BigInt+Arithmetic` (ring operations, powers, shifts),
// `BigInt+Division`, `BigInt+GCD`, `BigInt+Roots`, `BigInt+Text` and
// `FloatingPointConversion`.

/// An arbitrary-precision signed integer.
///
/// Values that fit in `Int` are stored inline; larger ones on the heap. No operation traps
/// on any value: overflow moves to the big representation and division by zero returns
/// `nil`. The representation of a value is unique, so `==` and `stableHash` are cheap.
public struct BigInt: Sendable {
    @usableFromInline
    enum Storage: Sendable {
        case small(Int)
        /// Invariant: the value does not fit in `Int`; `limbs` is non-empty and has no
        /// leading (most significant) zero limb.
        case large(negative: Bool, limbs: [UInt])
    }

    @usableFromInline
    var storage: Storage

    @inlinable
    init(storage: Storage) { self.storage = storage }

    /// Creates a big integer from a machine integer.
    @inlinable
    public init(_ value: Int) { storage = .small(value) }

    /// Creates a big integer from any binary integer.
    public init<T: BinaryInteger>(_ value: T) {
        if let small = Int(exactly: value) {
            storage = .small(small)
        } else {
            self = BigInt.normalized(negative: value < 0, limbs: Array(value.magnitude.words))
        }
    }

    /// Zero.
    public static let zero = BigInt(0)
    /// One.
    public static let one = BigInt(1)

    /// Builds the canonical representation of `±limbs` (limbs may carry leading zeros).
    @usableFromInline
    static func normalized(negative: Bool, limbs: [UInt]) -> BigInt {
        var limbs = limbs
        Magnitude.normalize(&limbs)
        if limbs.count <= 1 {
            return BigInt(negative: negative, magnitude: limbs.first ?? 0)
        }
        let result = BigInt(storage: .large(negative: negative, limbs: limbs))
        assert(result.hasCanonicalStorage)
        return result
    }

    /// The canonical representation of `±magnitude`.
    @usableFromInline
    init(negative: Bool, magnitude: UInt) {
        if magnitude <= UInt(Int.max) {
            let v = Int(bitPattern: magnitude)
            storage = .small(negative ? -v : v)
        } else if negative && magnitude == Int.min.magnitude {
            storage = .small(Int.min)
        } else {
            storage = .large(negative: negative, limbs: [magnitude])
        }
    }

    /// The sign and magnitude limbs of any value (allocates for small values).
    @usableFromInline
    var signAndLimbs: (negative: Bool, limbs: [UInt]) {
        switch storage {
        case .small(let v):
            if v == 0 { return (false, []) }
            return (v < 0, [v.magnitude])
        case .large(let negative, let limbs):
            return (negative, limbs)
        }
    }

    /// The magnitude's limbs, little-endian, without leading zeros (`[]` for zero).
    @usableFromInline
    var magnitudeLimbs: [UInt] {
        switch storage {
        case .small(let v): return v == 0 ? [] : [v.magnitude]
        case .large(_, let limbs): return limbs
        }
    }

    /// Whether the storage is canonical: `.large` only for values outside `Int`, with
    /// normalised limbs. Always true; used by debug assertions and tests.
    var hasCanonicalStorage: Bool {
        switch storage {
        case .small:
            return true
        case .large(let negative, let limbs):
            guard let top = limbs.last, top != 0 else { return false }
            if limbs.count > 1 { return true }
            return top > UInt(Int.max) && !(negative && top == Int.min.magnitude)
        }
    }

    /// The value as an `Int`, or `nil` if it does not fit.
    @inlinable
    public var asInt: Int? {
        if case .small(let v) = storage { return v }
        return nil
    }

    /// Whether the value is zero.
    @inlinable
    public var isZero: Bool {
        if case .small(0) = storage { return true }
        return false
    }

    /// Whether the value is one.
    @inlinable
    public var isOne: Bool {
        if case .small(1) = storage { return true }
        return false
    }

    /// Whether the value is negative.
    @inlinable
    public var isNegative: Bool {
        switch storage {
        case .small(let v): return v < 0
        case .large(let negative, _): return negative
        }
    }

    /// Whether the value is even.
    @inlinable
    public var isEven: Bool {
        switch storage {
        case .small(let v): return v & 1 == 0
        case .large(_, let limbs): return limbs[0] & 1 == 0
        }
    }

    /// -1, 0 or 1 according to the sign.
    @inlinable
    public func signum() -> Int {
        switch storage {
        case .small(let v): return v.signum()
        case .large(let negative, _): return negative ? -1 : 1
        }
    }

    /// The absolute value.
    @inlinable
    public var magnitude: BigInt {
        switch storage {
        case .small(let v):
            if v >= 0 { return self }
            return BigInt(negative: false, magnitude: v.magnitude)
        case .large(_, let limbs):
            return BigInt(storage: .large(negative: false, limbs: limbs))
        }
    }

    /// The number of bits in the magnitude (0 for zero): `⌊log2 |self|⌋ + 1`.
    public var bitWidth: Int {
        switch storage {
        case .small(let v):
            return UInt.bitWidth - v.magnitude.leadingZeroBitCount
        case .large(_, let limbs):
            return Magnitude.bitWidth(limbs)
        }
    }

    /// The number of trailing zero bits of the magnitude: the largest `k` with `2^k`
    /// dividing `self`, or 0 for zero.
    public var trailingZeroBitCount: Int {
        switch storage {
        case .small(let v):
            return v == 0 ? 0 : v.trailingZeroBitCount
        case .large(_, let limbs):
            return Magnitude.trailingZeroBitCount(limbs)
        }
    }
}

// MARK: - Equality, hashing, order

extension BigInt: Equatable, Hashable, Comparable {
    /// Value equality (structural, as the representation is canonical).
    @inlinable
    public static func == (lhs: BigInt, rhs: BigInt) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case (.small(let a), .small(let b)): return a == b
        case (.large(let na, let la), .large(let nb, let lb)): return na == nb && la == lb
        case (.small, .large), (.large, .small): return false  // canonical storage
        }
    }

    /// Hashes `stableHash`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(stableHash)
    }

    /// A hash that is the same in every process (unlike `hashValue`), for caches keyed on content.
    public var stableHash: UInt64 {
        switch storage {
        case .small(let v):
            return StableHash.mix(UInt64(bitPattern: Int64(v)))
        case .large(let negative, let limbs):
            var h = StableHash.seed ^ (negative ? 0x9e37_79b9 : 0)
            for limb in limbs { h = StableHash.combine(h, UInt64(limb)) }
            return h
        }
    }

    /// Numeric order.
    @inlinable
    public static func < (lhs: BigInt, rhs: BigInt) -> Bool {
        if case .small(let a) = lhs.storage, case .small(let b) = rhs.storage { return a < b }
        return compare(lhs, rhs) < 0
    }

    /// Three-way comparison: -1, 0 or 1 as `lhs` is below, equal to or above `rhs`.
    @inlinable
    public static func compare(_ lhs: BigInt, _ rhs: BigInt) -> Int {
        if case .small(let a) = lhs.storage, case .small(let b) = rhs.storage {
            return a < b ? -1 : (a == b ? 0 : 1)
        }
        return slowCompare(lhs, rhs)
    }

    @usableFromInline
    static func slowCompare(_ lhs: BigInt, _ rhs: BigInt) -> Int {
        switch (lhs.storage, rhs.storage) {
        case (.small(let a), .small(let b)):
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.small, .large(let nb, _)):
            return nb ? 1 : -1
        case (.large(let na, _), .small):
            return na ? -1 : 1
        case (.large(let na, let la), .large(let nb, let lb)):
            if na != nb { return na ? -1 : 1 }
            let c = Magnitude.compare(la, lb)
            return na ? -c : c
        }
    }
}
