// Printing and parsing `Rational`.
//
// Implementation notes
// --------------------
// The parser is a single pass over the UTF-8 bytes with the grammar
//
//     rational := sign? ( digits "/" digits | mantissa exponent? )
//     mantissa := digits ( "." digits? )? | "." digits
//     exponent := ("e" | "E") sign? digits
//     sign     := "+" | "-"          digits := one or more ASCII 0-9
//
// (Python's `fractions.Fraction` syntax without its spaces and `_` separators). A decimal
// `m.f·10^e` becomes the integer `mf` times `10^(e − len(f))`; trailing zeros of `mf` are
// dropped first, so `"1.2500"` costs no big gcd. The written exponent is bounded by
// `Rational.maxDecimalExponent` so that a short text cannot ask for a gigantic number.

extension Rational: ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// Creates an integer-valued rational from a literal.
    @inlinable
    public init(integerLiteral value: Int) { self.init(value) }

    /// `n` for integers, `n/d` otherwise (the form `Fraction.__str__` uses).
    public var description: String {
        denominator.isOne ? numerator.description : "\(numerator)/\(denominator)"
    }

    /// The largest magnitude of a written decimal exponent accepted by `init?(parsing:)`.
    public static let maxDecimalExponent = 100_000

    /// Parses an integer (`-12`), a fraction (`3/4`, `-6/8`; no sign after the slash), or a
    /// decimal literal (`-0.125`, `.5`, `5.`, `1.5e-3`, `2E+10`) as an exact value in lowest
    /// terms. Returns `nil` on malformed text (including spaces), a zero denominator, or a
    /// written exponent beyond ``maxDecimalExponent``.
    public init?(parsing text: String) {
        let bytes = Array(text.utf8)
        let n = bytes.count
        var i = 0
        func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        func scanDigits() -> ArraySlice<UInt8> {
            let start = i
            while i < n && isDigit(bytes[i]) { i += 1 }
            return bytes[start..<i]
        }
        func values(_ digits: ArraySlice<UInt8>) -> [UInt8] { digits.map { $0 - UInt8(ascii: "0") } }

        var negative = false
        if i < n && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        let integerDigits = scanDigits()
        if i < n && bytes[i] == UInt8(ascii: "/") {
            i += 1
            let denominatorDigits = scanDigits()
            guard !integerDigits.isEmpty, !denominatorDigits.isEmpty, i == n else { return nil }
            self.init(numerator: BigInt(negative: negative, digits: values(integerDigits), radix: 10),
                      denominator: BigInt(negative: false, digits: values(denominatorDigits), radix: 10))
            return
        }
        var fractionDigits: ArraySlice<UInt8> = []
        if i < n && bytes[i] == UInt8(ascii: ".") {
            i += 1
            fractionDigits = scanDigits()
        }
        guard !integerDigits.isEmpty || !fractionDigits.isEmpty else { return nil }
        var exponent = 0
        if i < n && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            var exponentNegative = false
            if i < n && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            let exponentDigits = scanDigits()
            guard !exponentDigits.isEmpty else { return nil }
            for d in exponentDigits {
                exponent = exponent * 10 + Int(d - UInt8(ascii: "0"))
                if exponent > Rational.maxDecimalExponent { return nil }
            }
            if exponentNegative { exponent = -exponent }
        }
        guard i == n else { return nil }

        var digits = values(integerDigits) + values(fractionDigits)
        var scale = exponent - fractionDigits.count
        while digits.count > 1 && digits[digits.count - 1] == 0 {
            digits.removeLast()
            scale += 1
        }
        let mantissa = BigInt(negative: negative, digits: digits, radix: 10)
        if mantissa.isZero {
            self = .zero
        } else if scale >= 0 {
            self.init(mantissa * Rational.powerOfTen(scale))
        } else {
            guard let value = Rational(numerator: mantissa, denominator: Rational.powerOfTen(-scale)) else {
                return nil
            }
            self = value
        }
    }

    /// `10^exponent` for `exponent >= 0`.
    static func powerOfTen(_ exponent: Int) -> BigInt {
        BigInt(10).power(exponent) ?? .one
    }
}
