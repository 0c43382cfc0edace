// Arbitrary-precision signed integers.
//
// Implementation notes
// --------------------
// A `BigInt` is either `.small(Int)` — the fast path, used whenever the value fits in a
// machine word — or `.large(negative:limbs:)`, a sign and a little-endian array of 64-bit
// limbs holding the magnitude. The representation is canonical: `.large` is used *only*
// when the value does not fit in `Int`, and its limbs have no leading zero limb. So two
// equal values always have the same storage, and `==`/`hash` can be structural.
//
// Arithmetic on `.small` operands uses the overflow-reporting operations of `Int` and falls
// back to the limb algorithms only on overflow; nothing here traps. Division by zero is
// reported as `nil` (see `quotientAndRemainder(dividingBy:)`), never as a trap.
//
// The limb algorithms (schoolbook and Karatsuba multiplication, Knuth's algorithm D for
// division) live in `BigInt+Magnitude.swift`.

/// An arbitrary-precision signed integer.
///
/// Values that fit in `Int` are stored inline; larger ones on the heap. No operation traps:
/// overflow moves to the big representation and division by zero returns `nil`.
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
            let negative = value < 0
            var magnitude = value.magnitude
            var limbs: [UInt] = []
            while magnitude != 0 {
                limbs.append(UInt(truncatingIfNeeded: magnitude))
                magnitude >>= UInt.bitWidth
            }
            self = BigInt.normalized(negative: negative, limbs: limbs)
        }
    }

    /// Zero.
    public static let zero = BigInt(0)
    /// One.
    public static let one = BigInt(1)

    /// Builds the canonical representation of `±limbs`.
    @usableFromInline
    static func normalized(negative: Bool, limbs: [UInt]) -> BigInt {
        var limbs = limbs
        while let last = limbs.last, last == 0 { limbs.removeLast() }
        if limbs.isEmpty { return BigInt(0) }
        if limbs.count == 1 {
            let m = limbs[0]
            if !negative, m <= UInt(Int.max) { return BigInt(Int(m)) }
            if negative, m <= UInt(Int.max) { return BigInt(-Int(m)) }
            if negative, m == UInt(Int.max) + 1 { return BigInt(Int.min) }
        }
        return BigInt(storage: .large(negative: negative, limbs: limbs))
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
    public var magnitude: BigInt {
        switch storage {
        case .small(let v):
            if v == Int.min { return BigInt.normalized(negative: false, limbs: [Int.min.magnitude]) }
            return BigInt(abs(v))
        case .large(_, let limbs):
            return BigInt(storage: .large(negative: false, limbs: limbs))
        }
    }

    /// The number of bits in the magnitude (0 for zero).
    public var bitWidth: Int {
        switch storage {
        case .small(let v):
            return UInt.bitWidth - v.magnitude.leadingZeroBitCount
        case .large(_, let limbs):
            return limbs.count * UInt.bitWidth - limbs[limbs.count - 1].leadingZeroBitCount
        }
    }

    /// The nearest `Double` (correctly rounded is not guaranteed beyond 53 bits of the top
    /// limbs; infinite for magnitudes beyond the `Double` range).
    public var doubleValue: Double {
        switch storage {
        case .small(let v):
            return Double(v)
        case .large(let negative, let limbs):
            let bits = bitWidth
            if bits > 1100 { return negative ? -.infinity : .infinity }
            // Take the top 64 bits (plus a sticky bit) and scale.
            let shift = bits - 64
            let top = Magnitude.shiftedRight(limbs, by: shift)
            var head = top.isEmpty ? 0 : top[0]
            // sticky bit: any nonzero bit below the window makes rounding correct enough
            if shift > 0, Magnitude.hasNonzeroBits(limbs, below: shift) { head |= 1 }
            let d = Double(head) * Double(sign: .plus, exponent: shift, significand: 1)
            return negative ? -d : d
        }
    }
}

// MARK: - Equality, hashing, order

extension BigInt: Equatable, Hashable, Comparable {
    @inlinable
    public static func == (lhs: BigInt, rhs: BigInt) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case (.small(let a), .small(let b)): return a == b
        case (.large(let na, let la), .large(let nb, let lb)): return na == nb && la == lb
        default: return false  // canonical representation: small never equals large
        }
    }

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

    public static func < (lhs: BigInt, rhs: BigInt) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// Three-way comparison: negative, zero or positive.
    public static func compare(_ lhs: BigInt, _ rhs: BigInt) -> Int {
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

// MARK: - Arithmetic

extension BigInt {
    @inlinable
    public static func + (lhs: BigInt, rhs: BigInt) -> BigInt {
        if case .small(let a) = lhs.storage, case .small(let b) = rhs.storage {
            let (s, o) = a.addingReportingOverflow(b)
            if !o { return BigInt(s) }
        }
        return slowAdd(lhs, rhs, negateRight: false)
    }

    @inlinable
    public static func - (lhs: BigInt, rhs: BigInt) -> BigInt {
        if case .small(let a) = lhs.storage, case .small(let b) = rhs.storage {
            let (s, o) = a.subtractingReportingOverflow(b)
            if !o { return BigInt(s) }
        }
        return slowAdd(lhs, rhs, negateRight: true)
    }

    @inlinable
    public static prefix func - (value: BigInt) -> BigInt {
        switch value.storage {
        case .small(let v):
            if v != Int.min { return BigInt(-v) }
            return BigInt.normalized(negative: false, limbs: [Int.min.magnitude])
        case .large(let negative, let limbs):
            return normalized(negative: !negative, limbs: limbs)
        }
    }

    @inlinable
    public static func * (lhs: BigInt, rhs: BigInt) -> BigInt {
        if case .small(let a) = lhs.storage, case .small(let b) = rhs.storage {
            let (p, o) = a.multipliedReportingOverflow(by: b)
            if !o { return BigInt(p) }
        }
        return slowMultiply(lhs, rhs)
    }

    public static func += (lhs: inout BigInt, rhs: BigInt) { lhs = lhs + rhs }
    public static func -= (lhs: inout BigInt, rhs: BigInt) { lhs = lhs - rhs }
    public static func *= (lhs: inout BigInt, rhs: BigInt) { lhs = lhs * rhs }

    @usableFromInline
    static func slowAdd(_ lhs: BigInt, _ rhs: BigInt, negateRight: Bool) -> BigInt {
        let (na, la) = lhs.signAndLimbs
        var (nb, lb) = rhs.signAndLimbs
        if negateRight { nb.toggle() }
        if la.isEmpty { return normalized(negative: nb, limbs: lb) }
        if lb.isEmpty { return normalized(negative: na, limbs: la) }
        if na == nb {
            return normalized(negative: na, limbs: Magnitude.add(la, lb))
        }
        let c = Magnitude.compare(la, lb)
        if c == 0 { return .zero }
        if c > 0 { return normalized(negative: na, limbs: Magnitude.subtract(la, lb)) }
        return normalized(negative: nb, limbs: Magnitude.subtract(lb, la))
    }

    @usableFromInline
    static func slowMultiply(_ lhs: BigInt, _ rhs: BigInt) -> BigInt {
        let (na, la) = lhs.signAndLimbs
        let (nb, lb) = rhs.signAndLimbs
        if la.isEmpty || lb.isEmpty { return .zero }
        return normalized(negative: na != nb, limbs: Magnitude.multiply(la, lb))
    }

    /// Truncating division: `quotient` rounds toward zero and `remainder` has the sign of
    /// `self`, so `self == quotient * divisor + remainder`. Returns `nil` when `divisor` is 0.
    public func quotientAndRemainder(dividingBy divisor: BigInt) -> (quotient: BigInt, remainder: BigInt)? {
        if divisor.isZero { return nil }
        if case .small(let a) = storage, case .small(let b) = divisor.storage {
            if !(a == Int.min && b == -1) {
                return (BigInt(a / b), BigInt(a % b))
            }
        }
        let (na, la) = signAndLimbs
        let (nb, lb) = divisor.signAndLimbs
        if Magnitude.compare(la, lb) < 0 { return (.zero, self) }
        let (q, r) = Magnitude.divide(la, lb)
        return (BigInt.normalized(negative: na != nb, limbs: q), BigInt.normalized(negative: na, limbs: r))
    }

    /// Floor division: the quotient rounds toward −∞ and the remainder has the sign of the
    /// divisor (Python's `divmod`). Returns `nil` when `divisor` is 0.
    public func flooredDivision(by divisor: BigInt) -> (quotient: BigInt, modulus: BigInt)? {
        guard var (q, r) = quotientAndRemainder(dividingBy: divisor) else { return nil }
        if !r.isZero && (r.isNegative != divisor.isNegative) {
            q = q - .one
            r = r + divisor
        }
        return (q, r)
    }

    /// The exact quotient `self / divisor`, or `nil` if `divisor` is zero or does not divide `self`.
    public func exactlyDivided(by divisor: BigInt) -> BigInt? {
        guard let (q, r) = quotientAndRemainder(dividingBy: divisor), r.isZero else { return nil }
        return q
    }

    /// `self` raised to a non-negative power. Returns `nil` for a negative exponent.
    public func power(_ exponent: Int) -> BigInt? {
        if exponent < 0 { return nil }
        var result = BigInt.one
        var base = self
        var e = exponent
        while e > 0 {
            if e & 1 == 1 { result = result * base }
            e >>= 1
            if e > 0 { base = base * base }
        }
        return result
    }

    /// The greatest common divisor, always non-negative; `gcd(0, 0) == 0`.
    public static func gcd(_ a: BigInt, _ b: BigInt) -> BigInt {
        if case .small(let x) = a.storage, case .small(let y) = b.storage,
           x != Int.min, y != Int.min {
            var u = abs(x), v = abs(y)
            while v != 0 { (u, v) = (v, u % v) }
            return BigInt(u)
        }
        var u = a.magnitude, v = b.magnitude
        while !v.isZero {
            let r = u.quotientAndRemainder(dividingBy: v)!.remainder
            u = v
            v = r
            if case .small(let x) = u.storage, case .small(let y) = v.storage {
                var s = x, t = y
                while t != 0 { (s, t) = (t, s % t) }
                return BigInt(s)
            }
        }
        return u
    }

    /// The least common multiple, non-negative; 0 if either argument is 0.
    public static func lcm(_ a: BigInt, _ b: BigInt) -> BigInt {
        if a.isZero || b.isZero { return .zero }
        let g = gcd(a, b)
        return (a.magnitude.exactlyDivided(by: g)!) * b.magnitude
    }

    /// The residue of `self` modulo `modulus` (> 0), in `0..<modulus`.
    public func residue(modulo modulus: UInt64) -> UInt64 {
        precondition(modulus > 0, "modulus must be positive")
        switch storage {
        case .small(let v):
            let m = v.magnitude % UInt(modulus)
            if v < 0 && m != 0 { return modulus - UInt64(m) }
            return UInt64(m)
        case .large(let negative, let limbs):
            var r: UInt = 0
            for limb in limbs.reversed() {
                r = UInt(modulus).dividingFullWidth((r, limb)).remainder
            }
            if negative && r != 0 { return modulus - UInt64(r) }
            return UInt64(r)
        }
    }

    /// `self * 2^shift` for `shift >= 0`, or the floor of `self / 2^(-shift)` for a negative shift.
    public func shifted(by shift: Int) -> BigInt {
        if shift == 0 || isZero { return self }
        let (negative, limbs) = signAndLimbs
        if shift > 0 {
            return BigInt.normalized(negative: negative, limbs: Magnitude.shiftedLeft(limbs, by: shift))
        }
        let down = Magnitude.shiftedRight(limbs, by: -shift)
        var result = BigInt.normalized(negative: negative, limbs: down)
        if negative && Magnitude.hasNonzeroBits(limbs, below: -shift) { result = result - .one }
        return result
    }

    /// The integer square root ⌊√self⌋ for `self >= 0`; `nil` for negative values.
    public func squareRoot() -> BigInt? {
        if isNegative { return nil }
        if isZero { return .zero }
        // Newton's iteration from above.
        var x = BigInt.one.shifted(by: (bitWidth + 1) / 2 + 1)
        while true {
            let y = (x + self.quotientAndRemainder(dividingBy: x)!.quotient).shifted(by: -1)
            if y >= x { return x }
            x = y
        }
    }
}

// MARK: - Text

extension BigInt: CustomStringConvertible, ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }

    /// Decimal digits with a leading `-` for negative values.
    public var description: String { toString(radix: 10) }

    /// The digits of the value in `radix` (2...36), with a leading `-` for negative values.
    public func toString(radix: Int = 10) -> String {
        precondition((2...36).contains(radix), "radix must be in 2...36")
        switch storage {
        case .small(let v):
            return String(v, radix: radix)
        case .large(let negative, let limbs):
            // Peel off chunks of `chunkDigits` digits by dividing by radix^chunkDigits.
            var chunkDigits = 0
            var chunk: UInt = 1
            while true {
                let (p, o) = chunk.multipliedReportingOverflow(by: UInt(radix))
                if o { break }
                chunk = p
                chunkDigits += 1
            }
            var parts: [String] = []
            var rest = limbs
            while !rest.isEmpty {
                let (q, r) = Magnitude.divideBySmall(rest, chunk)
                rest = q
                parts.append(String(r, radix: radix))
            }
            var text = negative ? "-" : ""
            text += parts.last!
            for part in parts.dropLast().reversed() {
                text += String(repeating: "0", count: chunkDigits - part.count) + part
            }
            return text
        }
    }

    /// Parses an optional sign followed by digits in `radix`. Returns `nil` on any other text.
    public init?<S: StringProtocol>(_ text: S, radix: Int = 10) {
        precondition((2...36).contains(radix), "radix must be in 2...36")
        var utf8 = Substring(text).utf8[...]
        var negative = false
        if let first = utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            utf8 = utf8.dropFirst()
        }
        if utf8.isEmpty { return nil }
        var limbs: [UInt] = []
        var chunkValue: UInt = 0
        var chunkScale: UInt = 1
        for byte in utf8 {
            let digit: UInt
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = UInt(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = UInt(byte - UInt8(ascii: "A")) + 10
            default: return nil
            }
            if digit >= UInt(radix) { return nil }
            let (scaled, overflow) = chunkScale.multipliedReportingOverflow(by: UInt(radix))
            if overflow {
                limbs = Magnitude.multiplyAddSmall(limbs, chunkScale, chunkValue)
                chunkValue = digit
                chunkScale = UInt(radix)
            } else {
                chunkValue = chunkValue * UInt(radix) + digit
                chunkScale = scaled
            }
        }
        limbs = Magnitude.multiplyAddSmall(limbs, chunkScale, chunkValue)
        self = BigInt.normalized(negative: negative, limbs: limbs)
    }
}

/// A small, fast, process-independent hash used for content-addressed caches.
public enum StableHash {
    /// The initial state.
    public static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Finalises a 64-bit value (splitmix64's mixer).
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Combines a running hash with one more value; order matters.
    @inlinable
    public static func combine(_ hash: UInt64, _ value: UInt64) -> UInt64 {
        mix(hash ^ (value &+ 0x9e37_79b9_7f4a_7c15 &+ (hash << 6) &+ (hash >> 2)))
    }

    /// Hashes the UTF-8 bytes of a string.
    public static func of(_ text: String) -> UInt64 {
        var h = seed
        for byte in text.utf8 {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return mix(h)
    }
}
