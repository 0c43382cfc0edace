// Rational: field laws and invariants on seeded random values, and edge-case tables.
import Testing
@testable import Symbolic

struct RationalTests {
    static func nextRational(_ rng: inout RandomSource, maxBits: Int = 200) -> Rational {
        RationalDifferentialTests.nextRational(&rng, maxBits: maxBits).0
    }

    @Test("field laws, canonical form and order", arguments: [301, 302, 303] as [UInt64])
    func fieldLaws(seed: UInt64) {
        var rng = RandomSource(seed: seed)
        for _ in 0..<300 {
            let a = Self.nextRational(&rng), b = Self.nextRational(&rng), c = Self.nextRational(&rng)
            #expect(a + b == b + a && a * b == b * a)
            #expect((a + b) + c == a + (b + c))
            #expect((a * b) * c == a * (b * c))
            #expect(a * (b + c) == a * b + a * c)
            #expect(a - a == .zero && a + .zero == a && a * .one == a)
            #expect((a - b) + b == a)
            if let inverse = a.reciprocal {
                #expect(a * inverse == .one)
                #expect(a.dividing(by: a) == .one)
            } else {
                #expect(a.isZero && b.dividing(by: a) == nil)
            }
            #expect(Rational.compare(a, b) == (a - b).signum())
            #expect((a < b) == ((a - b).isNegative))
            #expect(a.squared() == a * a && a.power(3) == a * a * a)
            let integer = c.numerator
            #expect(a.adding(integer) == a + Rational(integer))
            #expect(a.multiplied(by: integer) == a * Rational(integer))
            for r in [a + b, a - b, a * b, a.dividing(by: b) ?? .zero, a.squared(), a.adding(integer), a.multiplied(by: integer)] {
                #expect(r.hasCanonicalForm)
            }
        }
    }

    @Test("floor, ceiling and truncation bracket the value", arguments: [304, 305] as [UInt64])
    func rounding(seed: UInt64) {
        var rng = RandomSource(seed: seed)
        for _ in 0..<300 {
            let a = Self.nextRational(&rng)
            let f = Rational(a.floor), c = Rational(a.ceiling), t = Rational(a.truncated)
            #expect(f <= a && a < f + .one)
            #expect(c >= a && a > c - .one)
            #expect(a.isInteger == (f == c))
            #expect(t == (a.isNegative ? c : f))
        }
    }

    @Test("Double → Rational → Double round-trips every finite bit pattern", arguments: [306, 307] as [UInt64])
    func doubleRoundTrip(seed: UInt64) {
        var rng = RandomSource(seed: seed)
        for i in 0..<2000 {
            // Random bit patterns, half of them with a small exponent field (subnormals).
            var pattern = rng.next()
            if i % 2 == 0 { pattern &= 0x800F_FFFF_FFFF_FFFF | (rng.next() & 0x0030_0000_0000_0000) }
            let d = Double(bitPattern: pattern)
            guard d.isFinite, let exact = Rational(exactly: d) else {
                #expect(!d.isFinite)
                continue
            }
            #expect(exact.hasCanonicalForm)
            #expect(exact.doubleValue == d)
            #expect(exact.doubleValue.sign == d.sign || d == 0)
        }
    }

    @Test("exact values of doubles", arguments: [
        (0.1, "3602879701896397/36028797018963968"), (-0.0, "0"), (0.0, "0"), (2.5, "5/2"), (-0.75, "-3/4"),
        (.leastNonzeroMagnitude, "1/" + BigInt.one.shifted(by: 1074).description),
        (.leastNormalMagnitude, "1/" + BigInt.one.shifted(by: 1022).description),
        (0x1.8p-1070, "3/" + BigInt.one.shifted(by: 1071).description),
        (.greatestFiniteMagnitude, (BigInt.one.shifted(by: 1024) - BigInt.one.shifted(by: 971)).description),
        (1e22, "10000000000000000000000"),
    ] as [(Double, String)])
    func exactDoubles(value: Double, expected: String) {
        #expect(Rational(exactly: value)?.description == expected)
    }

    @Test("NaN and infinities have no exact value")
    func nonFinite() {
        #expect(Rational(exactly: .nan) == nil)
        #expect(Rational(exactly: .infinity) == nil && Rational(exactly: -.infinity) == nil)
    }

    @Test("doubleValue: subnormal results, ties and overflow", arguments: [
        ("1/3", 1.0 / 3.0), ("-2/3", -2.0 / 3.0),
        ("1/" + BigInt.one.shifted(by: 1074).description, .leastNonzeroMagnitude),
        ("1/" + BigInt.one.shifted(by: 1075).description, 0),                          // tie → even (0)
        ("3/" + BigInt.one.shifted(by: 1076).description, .leastNonzeroMagnitude),      // 0.75 ulp → 1 ulp
        ("-3/" + BigInt.one.shifted(by: 1075).description, -2 * .leastNonzeroMagnitude), // 1.5 ulp tie → 2
        ("1/" + BigInt.one.shifted(by: 1076).description, 0),
        (BigInt.one.shifted(by: 1100).description + "/3", .infinity),
        ("-" + BigInt.one.shifted(by: 1100).description + "/3", -.infinity),
        (BigInt.one.shifted(by: 1025).description + "/3", (4.0 / 3.0) * 0x1p1023),
        ("9007199254740993/" + BigInt.one.shifted(by: 200).description, 0x1p-147),    // (2^53+1)/2^200: tie → even
    ] as [(String, Double)])
    func doubleValues(text: String, expected: Double) {
        let value = Rational(parsing: text)!
        #expect(value.doubleValue == expected)
        #expect(value.doubleValue.sign == expected.sign)
    }

    @Test("parsing: accepted and rejected texts", arguments: [
        ("-1.25e-3", "-1/800"), ("1/2", "1/2"), ("-6/8", "-3/4"), ("+6/8", "3/4"), ("0/5", "0"), (".5", "1/2"),
        ("5.", "5"), ("-.5", "-1/2"), ("1.5e3", "1500"), ("1E-2", "1/100"), ("2E+10", "20000000000"),
        ("0.000", "0"), ("-0", "0"), ("0007.50", "15/2"), ("1.2500", "5/4"), ("1e100000", "1" + String(repeating: "0", count: 100_000)),
        ("12", "12"), ("-12", "-12"), ("1/3", "1/3"), ("5.e2", "500"),
        ("1/0", nil), ("0/0", nil), ("1/-2", nil), ("1/+2", nil), ("-1/-2", nil), ("/2", nil), ("1/", nil),
        (".", nil), ("", nil), ("+", nil), ("-", nil), ("e5", nil), ("1e", nil), ("1e+", nil), ("1e1.5", nil),
        ("1e100001", nil), ("1.2.3", nil), (" 1", nil), ("1 ", nil), ("1/2/3", nil), ("1.5/2", nil), ("1/2e3", nil),
        ("1_000", nil), ("--1", nil), ("0x10", nil), ("inf", nil), ("nan", nil), ("½", nil), ("١", nil),
    ] as [(String, String?)])
    func parsing(text: String, expected: String?) {
        let value = Rational(parsing: text)
        #expect(value?.description == expected)
        if let value { #expect(value.hasCanonicalForm) }
    }

    @Test("construction reduces and normalises the sign", arguments: [
        (6, -8, "-3/4"), (-6, -8, "3/4"), (0, -5, "0"), (Int.min, Int.min, "1"), (Int.min, 2, "-4611686018427387904"),
        (2, Int.min, "-1/4611686018427387904"), (Int.max, Int.min, "-9223372036854775807/9223372036854775808"),
    ] as [(Int, Int, String)])
    func construction(n: Int, d: Int, expected: String) {
        let value = Rational(n, d)!
        #expect(value.description == expected)
        #expect(value.hasCanonicalForm)
    }

    @Test("powers and roots", arguments: [
        ("2/3", -2, "9/4"), ("0", 0, "1"), ("0", 3, "0"), ("-1/2", 3, "-1/8"), ("-1", Int.min, "1"),
        ("1", Int.min, "1"), ("-3/5", 0, "1"),
    ] as [(String, Int, String)])
    func powers(base: String, exponent: Int, expected: String) {
        #expect(Rational(parsing: base)!.power(exponent)?.description == expected)
    }

    @Test("zero to a negative power is nil, and limits are enforced")
    func powerEdges() throws {
        #expect(Rational.zero.power(-1) == nil && Rational.zero.power(Int.min) == nil)
        var limits = Limits()
        limits.maxIntegerBits = 500
        #expect(throws: LimitExceeded.self) { try Rational(1, 3)!.power(-400, limits: limits) }
        #expect(try Rational(1, 3)!.power(-300, limits: limits) == Rational(BigInt(3).power(300)!))
        #expect(try Rational(-1, 1)!.power(Int.min, limits: limits) == .one)
    }

    @Test("exact roots", arguments: [
        ("4/9", 2, "2/3"), ("-8/27", 3, "-2/3"), ("-4", 2, nil), ("2", 2, nil), ("5", 0, nil), ("0", 5, "0"),
        ("1", 1000, "1"), ("1/1024", 10, "1/2"), ("3/4", 2, nil), ("7", 1, "7"),
        (BigInt(3).power(200)!.description + "/" + BigInt(7).power(100)!.description, 100, "9/7"),
    ] as [(String, Int, String?)])
    func roots(value: String, q: Int, expected: String?) {
        #expect(Rational(parsing: value)!.root(q)?.description == expected)
    }

    @Test("floor and ceiling", arguments: [
        ("7/2", "3", "4"), ("-7/2", "-4", "-3"), ("5", "5", "5"), ("-1/3", "-1", "0"), ("1/3", "0", "1"),
    ] as [(String, String, String)])
    func floorAndCeiling(value: String, floor: String, ceiling: String) {
        let r = Rational(parsing: value)!
        #expect(r.floor.description == floor && r.ceiling.description == ceiling)
    }

    @Test("comparison", arguments: [
        ("1/3", "1/2", -1), ("-1/2", "-1/3", -1), ("2/4", "1/2", 0), ("5", "9/2", 1), ("-1", "0", -1), ("0", "0", 0),
    ] as [(String, String, Int)])
    func comparison(lhs: String, rhs: String, expected: Int) {
        let a = Rational(parsing: lhs)!, b = Rational(parsing: rhs)!
        #expect(Rational.compare(a, b) == expected && Rational.compare(b, a) == -expected)
        #expect((a < b) == (expected < 0) && (a == b) == (expected == 0))
    }
}
