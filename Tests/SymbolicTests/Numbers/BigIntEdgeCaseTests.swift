// Edge cases of BigInt as tables: parsing, Int.min and the Int boundary, shifts of negative
// values, rounding to Double, division by zero.
import Testing
@testable import Symbolic

struct BigIntEdgeCaseTests {
    static let twoTo63 = BigInt.one.shifted(by: 63)
    static let twoTo64 = BigInt.one.shifted(by: 64)

    @Test("parsing: accepted and rejected texts", arguments: [
        ("0", 10, "0"), ("-0", 10, "0"), ("+0", 10, "0"), ("0007", 10, "7"), ("-0007", 10, "-7"),
        ("+42", 10, "42"), ("00000000000000000000000000000000000001", 10, "1"),
        ("9223372036854775807", 10, "9223372036854775807"), ("9223372036854775808", 10, "9223372036854775808"),
        ("-9223372036854775808", 10, "-9223372036854775808"), ("-9223372036854775809", 10, "-9223372036854775809"),
        ("18446744073709551616", 10, "18446744073709551616"),
        ("ff", 16, "255"), ("FF", 16, "255"), ("-fF", 16, "-255"), ("10", 2, "2"), ("z", 36, "35"), ("Z", 36, "35"),
        ("-8000000000000000", 16, "-9223372036854775808"), ("10000000000000000", 16, "18446744073709551616"),
        ("", 10, nil), ("+", 10, nil), ("-", 10, nil), ("+-1", 10, nil), ("--1", 10, nil), ("-+1", 10, nil),
        (" 1", 10, nil), ("1 ", 10, nil), ("1_000", 10, nil), ("12a", 10, nil), ("2", 2, nil), ("g", 16, nil),
        ("1.0", 10, nil), ("1e3", 10, nil), ("٣", 10, nil), ("1", 1, nil), ("1", 37, nil), ("1", 0, nil),
        ("0x10", 16, nil), ("1-", 10, nil),
    ] as [(String, Int, String?)])
    func parsing(text: String, radix: Int, expected: String?) {
        let value = BigInt(text, radix: radix)
        #expect(value?.description == expected)
        if let value { #expect(value.hasCanonicalStorage) }
    }

    @Test("huge inputs parse, print and round-trip")
    func hugeText() {
        let digits = String(repeating: "9876543210", count: 5_000)  // 50 000 digits
        let value = BigInt("-" + digits)!
        #expect(value.description == "-" + digits)
        #expect(value == -(BigInt(digits)!))
        #expect(BigInt(String(repeating: "0", count: 10_000) + "5") == BigInt(5))
        let hex = value.toString(radix: 16)
        #expect(BigInt(hex, radix: 16) == value)
        #expect(value.bitWidth == 166_097)
    }

    @Test("Int.min and the Int boundary are exact and canonical")
    func intBoundary() {
        let minimum = BigInt(Int.min), maximum = BigInt(Int.max)
        #expect(-minimum == Self.twoTo63)
        #expect(minimum.magnitude == Self.twoTo63 && minimum.magnitude.asInt == nil)
        #expect(-Self.twoTo63 == minimum && (-Self.twoTo63).asInt == Int.min)
        #expect(Self.twoTo63 - .one == maximum && (Self.twoTo63 - .one).asInt == Int.max)
        #expect(maximum + .one == Self.twoTo63 && minimum - .one == -(Self.twoTo63 + .one))
        #expect(minimum * BigInt(-1) == Self.twoTo63 && minimum * minimum == BigInt.one.shifted(by: 126))
        #expect(minimum + minimum == -Self.twoTo64)
        #expect(minimum.quotientAndRemainder(dividingBy: BigInt(-1))! == (Self.twoTo63, .zero))
        #expect(minimum.flooredDivision(by: BigInt(-1))! == (Self.twoTo63, .zero))
        #expect(minimum.quotientAndRemainder(dividingBy: BigInt(2))! == (BigInt(Int.min / 2), .zero))
        #expect(minimum.quotientAndRemainder(dividingBy: Self.twoTo63)! == (BigInt(-1), .zero))
        #expect(minimum.quotientAndRemainder(dividingBy: -Self.twoTo63 - .one)! == (.zero, minimum))
        #expect(BigInt.gcd(minimum, .zero) == Self.twoTo63 && BigInt.gcd(minimum, minimum) == Self.twoTo63)
        #expect(BigInt.gcd(minimum, BigInt(6)) == BigInt(2) && BigInt.gcd(minimum, maximum) == .one)
        #expect(BigInt.lcm(minimum, BigInt(3)) == Self.twoTo63 * BigInt(3))
        #expect(minimum.shifted(by: -1) == BigInt(Int.min / 2) && minimum.shifted(by: -63) == BigInt(-1))
        #expect(minimum.shifted(by: -64) == BigInt(-1) && minimum.shifted(by: 1) == -Self.twoTo64)
        #expect(minimum.power(2) == BigInt.one.shifted(by: 126) && minimum.power(3) == -BigInt.one.shifted(by: 189))
        #expect(minimum.squareRoot() == nil && Self.twoTo63.squareRoot() == BigInt(3_037_000_499))
        #expect(maximum.squareRoot() == BigInt(3_037_000_499))
        #expect(minimum.doubleValue == -0x1p63 && Self.twoTo63.doubleValue == 0x1p63)
        #expect(minimum.description == "-9223372036854775808" && Self.twoTo63.description == "9223372036854775808")
        #expect(minimum.residue(modulo: 7) == 6 && minimum.residue(modulo: UInt64.max) == UInt64.max - (1 << 63))
        #expect(minimum.isEven && minimum.bitWidth == 64 && minimum.trailingZeroBitCount == 63)
        #expect(BigInt(UInt64.max) == Self.twoTo64 - .one && BigInt(Int8.min) == BigInt(-128))
        for v in [-minimum, minimum.magnitude, -Self.twoTo63, Self.twoTo63 - .one, minimum - .one, minimum.shifted(by: 1)] {
            #expect(v.hasCanonicalStorage)
        }
    }

    @Test("right shifts round toward −∞ (floor), like Python's >>", arguments: [
        (-5, -1, "-3"), (-4, -1, "-2"), (-1, -1, "-1"), (-1, -100, "-1"), (5, -100, "0"), (5, -1, "2"),
        (-1, Int.min, "-1"), (7, Int.min, "0"), (1, 64, "18446744073709551616"), (-3, 70, "-3541774862152233910272"),
        (1, 62, "4611686018427387904"), (1, 63, "9223372036854775808"), (-1, 63, "-9223372036854775808"),
    ] as [(Int, Int, String)])
    func shifts(value: Int, shift: Int, expected: String) {
        let result = BigInt(value).shifted(by: shift)
        #expect(result.description == expected)
        #expect(result.hasCanonicalStorage)
    }

    @Test("right shifts of large negative values")
    func largeNegativeShifts() {
        let p = BigInt.one.shifted(by: 200)
        #expect((-p).shifted(by: -200) == BigInt(-1))
        #expect((-p - .one).shifted(by: -200) == BigInt(-2))
        #expect((-p).shifted(by: -201) == BigInt(-1))
        #expect((-p).shifted(by: -1000) == BigInt(-1) && p.shifted(by: -1000) == .zero)
        #expect((-p).shifted(by: -137) == -BigInt.one.shifted(by: 63))
    }

    @Test("division by zero is a value, not a trap")
    func divisionByZero() {
        for a in [BigInt.zero, BigInt(5), BigInt(Int.min), Self.twoTo64] {
            #expect(a.quotientAndRemainder(dividingBy: .zero) == nil)
            #expect(a.flooredDivision(by: .zero) == nil)
            #expect(a.exactlyDivided(by: .zero) == nil)
            #expect(a.isMultiple(of: .zero) == a.isZero)
        }
    }

    @Test("doubleValue rounds half to even and overflows to infinity", arguments: [
        // (2^e·m + adjustment) → expected double
        (0, 53, 1, 0x1p53), (0, 53, 3, 0x1p53 + 4), (0, 53, 2, 0x1p53 + 2), (0, 64, -1, 0x1p64),
        (1, 64, -1, -0x1p64), (0, 1024, 0, .infinity), (1, 1024, 0, -.infinity), (0, 1023, 0, 0x1p1023),
        (0, 2000, 0, .infinity),
    ] as [(Int, Int, Int, Double)])
    func doubleRounding(negative: Int, exponent: Int, adjustment: Int, expected: Double) {
        let magnitude = BigInt.one.shifted(by: exponent) + BigInt(adjustment)
        let value = negative == 1 ? -magnitude : magnitude
        #expect(value.doubleValue == expected)
    }

    @Test("doubleValue at the overflow threshold 2^1024 − 2^970")
    func overflowThreshold() {
        let threshold = BigInt.one.shifted(by: 1024) - BigInt.one.shifted(by: 970)
        #expect(threshold.doubleValue == .infinity)
        #expect((threshold - .one).doubleValue == .greatestFiniteMagnitude)
        #expect((-threshold + .one).doubleValue == -.greatestFiniteMagnitude)
    }

    @Test("exact conversion from Double", arguments: [
        (0.0, "0"), (-0.0, "0"), (1.0, "1"), (-2.0, "-2"), (0x1p63, "9223372036854775808"), (-0x1p63, "-9223372036854775808"),
        (0x1p64, "18446744073709551616"), (1e20, "100000000000000000000"), (4503599627370497, "4503599627370497"),
        (0.5, nil), (-1.5, nil), (.leastNonzeroMagnitude, nil), (.nan, nil), (.infinity, nil), (-.infinity, nil),
    ] as [(Double, String?)])
    func fromDouble(value: Double, expected: String?) {
        #expect(BigInt(exactly: value)?.description == expected)
    }

    @Test("powers: special bases and limits")
    func powers() throws {
        #expect(BigInt(0).power(0) == .one && BigInt(0).power(5) == .zero && BigInt(-1).power(Int.max) == BigInt(-1))
        #expect(BigInt(1).power(Int.max) == .one && BigInt(-1).power(1 << 40) == .one)
        #expect(BigInt(-2).power(65) == -BigInt.one.shifted(by: 65) && BigInt(3).power(-1) == nil)
        var limits = Limits()
        limits.maxIntegerBits = 1000
        #expect(try BigInt(2).power(999, limits: limits) == BigInt.one.shifted(by: 999))
        #expect(throws: LimitExceeded.self) { try BigInt(2).power(1000, limits: limits) }
        #expect(throws: LimitExceeded.self) { try BigInt(3).power(Int.max, limits: limits) }
        #expect(try BigInt(-1).power(Int.max, limits: limits) == BigInt(-1))
    }
}
