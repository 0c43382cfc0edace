// Differential tests of Rational against Python's fractions.Fraction.
import Testing
@testable import Symbolic

@Suite(.enabled(if: Python.isAvailable, "needs python3"))
struct RationalDifferentialTests {
    /// A random rational with parts of up to `maxBits` bits (denominator nonzero).
    static func nextRational(_ rng: inout RandomSource, maxBits: Int) -> (Rational, String) {
        let n = rng.nextOperand(maxBits: maxBits)
        var d = rng.nextOperand(maxBits: maxBits)
        while d.value.isZero { d = rng.nextOperand(maxBits: maxBits) }
        let value = Rational(numerator: n.value, denominator: d.value)!
        return (value, "\(n.encoded)/\(d.encoded)")
    }

    static func bits(_ d: Double) -> String {
        d.isInfinite ? (d > 0 ? "inf" : "-inf") : String(d.bitPattern)
    }

    @Test("add, sub, mul, div, pow, order, floor, ceiling, float", arguments: [21, 22, 23] as [UInt64])
    func arithmetic(seed: UInt64) throws {
        var rng = RandomSource(seed: seed)
        var inputs: [String] = [], ours: [String] = []
        for _ in 0..<1200 {
            let (x, ex) = Self.nextRational(&rng, maxBits: rng.nextBool() ? 70 : 300)
            let (y, ey) = Self.nextRational(&rng, maxBits: rng.nextBool() ? 70 : 300)
            let e = rng.nextInt(in: -6...6)
            inputs.append("\(ex) \(ey) \(e)")
            let results = [x + y, x - y, x * y]
            for r in results { #expect(r.hasCanonicalForm) }
            var fields = [x.description] + results.map(\.description)
            fields.append(x.dividing(by: y).map { $0.description } ?? "zero")
            fields.append(x.power(e).map { $0.description } ?? "zero")
            fields.append(String(Rational.compare(x, y)))
            fields += [x < y ? "lt" : "nlt", x == y ? "eq" : "ne"]
            fields += [x.floor.description, x.ceiling.description, x.truncated.description, Self.bits(x.doubleValue)]
            ours.append(fields.joined(separator: " "))
        }
        let theirs = try Python.run("""
            def fr(t):
                n, d = t.split('/')
                return Fraction(dec(n), dec(d))
            for line in DATA:
                s, t, e = line.split()
                x, y, e = fr(s), fr(t), int(e)
                f = [str(x), str(x + y), str(x - y), str(x * y)]
                f.append('zero' if y == 0 else str(x / y))
                f.append('zero' if x == 0 and e < 0 else str(x ** e))
                f.append(str((x > y) - (x < y)))
                f += ['lt' if x < y else 'nlt', 'eq' if x == y else 'ne']
                f += [str(math.floor(x)), str(math.ceil(x)), str(math.trunc(x))]
                try:
                    d = float(x)
                    f.append(str(struct.unpack('<Q', struct.pack('<d', d))[0]))
                except OverflowError:
                    f.append('inf' if x > 0 else '-inf')
                print(' '.join(f))
            """, lines: inputs)
        BigIntDifferentialTests.expectSameLines(ours, theirs, inputs: inputs)
    }

    @Test("float(Fraction) across the whole exponent range, subnormals and overflow",
          arguments: [24, 25] as [UInt64])
    func doubleValue(seed: UInt64) throws {
        var rng = RandomSource(seed: seed)
        var inputs: [String] = [], ours: [String] = []
        for i in 0..<1500 {
            // Numerator and denominator of very different sizes put the quotient anywhere
            // from far below the smallest subnormal to far beyond the largest double.
            let n = rng.nextOperand(maxBits: 1300)
            let dBits = i % 3 == 0 ? rng.nextInt(in: 1000...1160) : rng.nextInt(in: 1...1300)
            var d = Operand(negative: rng.nextBool(), limbs: rng.nextLimbs(bits: dBits, structured: i % 4 == 0))
            if i % 5 == 0 {
                // A power of two: exact binary fractions and exact ties in the subnormal range.
                var limbs = [UInt](repeating: 0, count: dBits / 64 + 1)
                limbs[dBits / 64] = 1 << UInt(dBits % 64)
                d = Operand(negative: false, limbs: limbs)
            }
            guard let x = Rational(numerator: n.value, denominator: d.value) else { continue }
            inputs.append("\(n.encoded) \(d.encoded)")
            ours.append(Self.bits(x.doubleValue))
        }
        // Exact ties: an odd numerator of 54 significant bits over 2^k (normal range), or
        // any odd numerator over 2^1075 (half the smallest subnormal), nudged by ±1.
        for i in 0..<400 {
            let subnormal = i % 2 == 0
            let k = subnormal ? 1075 : rng.nextInt(in: 54...1100)
            var numerator = subnormal ? BigInt(Int(rng.next() >> UInt64(rng.nextInt(in: 1...63))) | 1)
                                      : BigInt(Int(rng.next() >> 10) | 1 | (1 << 53))
            if i % 5 == 0 { numerator = numerator.shifted(by: 64) + BigInt(rng.nextInt(in: -1...1)) }
            let n = Operand(negative: rng.nextBool(), limbs: numerator.magnitudeLimbs)
            let d = Operand(negative: false, limbs: BigInt.one.shifted(by: i % 5 == 0 ? k + 64 : k).magnitudeLimbs)
            inputs.append("\(n.encoded) \(d.encoded)")
            ours.append(Self.bits(Rational(numerator: n.value, denominator: d.value)!.doubleValue))
        }
        let theirs = try Python.run("""
            for line in DATA:
                s, t = line.split()
                print(bits(Fraction(dec(s), dec(t))))
            """, lines: inputs)
        BigIntDifferentialTests.expectSameLines(ours, theirs, inputs: inputs)
    }

    /// A random decimal literal in our grammar (sign, digits with leading zeros, fraction,
    /// exponent) or a fraction `n/d`.
    static func nextLiteral(_ rng: inout RandomSource) -> String {
        func digits(_ count: Int) -> String {
            String((0..<count).map { _ in Character(String(rng.nextInt(in: 0...9))) })
        }
        var text = ["", "+", "-"][rng.nextInt(in: 0...2)]
        if rng.nextInt(in: 0...4) == 0 {
            return text + digits(rng.nextInt(in: 1...40)) + "/" + digits(rng.nextInt(in: 1...40))
        }
        let integer = digits(rng.nextInt(in: 0...30))
        let fraction = digits(rng.nextInt(in: 0...30))
        text += integer
        if integer.isEmpty || fraction.isEmpty == false || rng.nextBool() {
            text += "." + (integer.isEmpty && fraction.isEmpty ? "5" : fraction)
        }
        if rng.nextBool() {
            text += (rng.nextBool() ? "e" : "E") + ["", "+", "-"][rng.nextInt(in: 0...2)]
            text += String(rng.nextInt(in: 0...(rng.nextBool() ? 30 : 700)))
        }
        return text
    }

    /// A random short string over the literal alphabet, mostly malformed.
    static func nextFuzz(_ rng: inout RandomSource) -> String {
        let alphabet = Array("0123456789.+-eE/")
        return String((0..<rng.nextInt(in: 0...7)).map { _ in alphabet[rng.nextInt(in: 0...(alphabet.count - 1))] })
    }

    @Test("parsing decimal and fraction literals like Fraction(str)", arguments: [26, 27] as [UInt64])
    func parsing(seed: UInt64) throws {
        var rng = RandomSource(seed: seed)
        var inputs: [String] = [], ours: [String] = []
        for i in 0..<2000 {
            var text = i % 2 == 0 ? Self.nextLiteral(&rng) : Self.nextFuzz(&rng)
            if text.isEmpty { text = "." }
            inputs.append(text)
            ours.append(Rational(parsing: text).map { x in
                #expect(x.hasCanonicalForm)
                return x.description
            } ?? "nil")
        }
        let theirs = try Python.run("""
            for line in DATA:
                try:
                    print(str(Fraction(line)))
                except (ValueError, ZeroDivisionError):
                    print('nil')
            """, lines: inputs)
        BigIntDifferentialTests.expectSameLines(ours, theirs, inputs: inputs)
    }
}
