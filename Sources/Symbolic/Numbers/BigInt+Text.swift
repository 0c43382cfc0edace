// Printing and parsing `BigInt` in radix 2...36.
//
// Implementation notes
// --------------------
// Values that fit in `Int` use the standard library. Longer ones use
// `Magnitude.digits(_:radix:)` and `Magnitude.fromDigits(_:radix:)`, which are linear for
// power-of-two radices and divide-and-conquer (subquadratic) otherwise. The accepted
// syntax is deliberately strict: an optional `+` or `-`, then at least one ASCII digit of
// the radix (letters in either case); nothing else, not even spaces or `_`.

extension BigInt: CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// Creates a value from an integer literal.
    @inlinable
    public init(integerLiteral value: Int) { self.init(value) }

    /// Decimal digits with a leading `-` for negative values.
    public var description: String { toString(radix: 10) }

    /// The digits of the value in `radix` (2...36, lowercase letters), with a leading `-`
    /// for negative values. A radix outside 2...36 is a programming error (precondition).
    public func toString(radix: Int = 10) -> String {
        precondition((2...36).contains(radix), "radix must be in 2...36")
        switch storage {
        case .small(let v):
            return String(v, radix: radix)
        case .large(let negative, let limbs):
            var text = Magnitude.digits(limbs, radix: radix)
            if negative { text.insert(UInt8(ascii: "-"), at: 0) }
            return String(decoding: text, as: UTF8.self)
        }
    }

    /// Parses an optional sign (`+` or `-`) followed by one or more digits in `radix`
    /// (2...36; letters in either case). Returns `nil` for any other text, including the
    /// empty string, a lone sign, spaces, and a radix outside 2...36. Leading zeros are
    /// allowed.
    public init?<S: StringProtocol>(_ text: S, radix: Int = 10) {
        guard (2...36).contains(radix) else { return nil }
        var digits: [UInt8] = []
        digits.reserveCapacity(text.utf8.count)
        var negative = false
        var first = true
        for byte in text.utf8 {
            if first {
                first = false
                if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") {
                    negative = byte == UInt8(ascii: "-")
                    continue
                }
            }
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            if Int(digit) >= radix { return nil }
            digits.append(digit)
        }
        if digits.isEmpty { return nil }
        self.init(negative: negative, digits: digits, radix: radix)
    }

    /// The value `±digits` for validated digit values (most significant first).
    init(negative: Bool, digits: [UInt8], radix: Int) {
        var start = 0
        while start < digits.count - 1 && digits[start] == 0 { start += 1 }
        let significant = digits.count - start
        if significant <= Magnitude.chunkPower(radix: radix).digits {
            var v: UInt = 0
            for d in digits[start...] { v = v * UInt(radix) + UInt(d) }
            self.init(negative: negative, magnitude: v)
        } else {
            self = BigInt.normalized(negative: negative,
                                     limbs: Magnitude.fromDigits(Array(digits[start...]), radix: radix))
        }
    }
}
