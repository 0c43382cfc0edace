// Differential tests of BigInt against Python's integers: thousands of seeded random
// operands per test, one python3 process per test, results compared line by line.
import Testing
@testable import Symbolic

@Suite(.enabled(if: Python.isAvailable, "needs python3"))
struct BigIntDifferentialTests {
    /// Our signed hexadecimal, in Python's `format(x, 'x')` form.
    static func hex(_ x: BigInt) -> String { x.toString(radix: 16) }

    /// Compares our lines with Python's, reporting the first few mismatches with context.
    static func expectSameLines(_ ours: [String], _ theirs: [String], inputs: [String],
                                sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(ours.count == theirs.count, "line counts differ", sourceLocation: sourceLocation)
        var mismatches = 0
        for (i, (a, b)) in zip(ours, theirs).enumerated() where a != b {
            mismatches += 1
            if mismatches <= 5 {
                Issue.record("line \(i): input \(inputs[i].prefix(200))\n ours   \(a.prefix(300))\n python \(b.prefix(300))",
                             sourceLocation: sourceLocation)
            }
        }
        #expect(mismatches == 0, "\(mismatches) mismatching lines", sourceLocation: sourceLocation)
    }

    @Test("add, sub, mul, truncating and floored divmod, gcd, lcm", arguments: [1, 2, 3] as [UInt64])
    func ringAndDivision(seed: UInt64) throws {
        var rng = RandomSource(seed: seed)
        var inputs: [String] = [], ours: [String] = []
        for _ in 0..<1500 {
            let a = rng.nextOperand(), b = rng.nextOperand()
            inputs.append("\(a.encoded) \(b.encoded)")
            let x = a.value, y = b.value
            var fields = [Self.hex(x + y), Self.hex(x - y), Self.hex(x * y)]
            if let (q, r) = x.quotientAndRemainder(dividingBy: y), let (fq, fm) = x.flooredDivision(by: y) {
                fields += [Self.hex(q), Self.hex(r), Self.hex(fq), Self.hex(fm)]
                for v in [q, r, fq, fm] { #expect(v.hasCanonicalStorage) }
            } else {
                fields.append("zero")
            }
            fields += [Self.hex(BigInt.gcd(x, y)), Self.hex(BigInt.lcm(x, y))]
            for v in [x + y, x - y, x * y, BigInt.gcd(x, y)] { #expect(v.hasCanonicalStorage) }
            ours.append(fields.joined(separator: " "))
        }
        let theirs = try Python.run("""
            for line in DATA:
                s, t = line.split()
                a, b = dec(s), dec(t)
                f = [hx(a + b), hx(a - b), hx(a * b)]
                if b == 0:
                    f.append('zero')
                else:
                    q, r = tdiv(a, b)
                    fq, fm = divmod(a, b)
                    f += [hx(q), hx(r), hx(fq), hx(fm)]
                g = math.gcd(a, b)
                l = 0 if a == 0 or b == 0 else abs(a * b) // g
                f += [hx(g), hx(l)]
                print(' '.join(f))
            """, lines: inputs)
        Self.expectSameLines(ours, theirs, inputs: inputs)
    }

    @Test("pow, shifts, isqrt, bit counts, residues", arguments: [4, 5] as [UInt64])
    func powersAndShifts(seed: UInt64) throws {
        var rng = RandomSource(seed: seed)
        var inputs: [String] = [], ours: [String] = []
        for _ in 0..<1500 {
            let a = rng.nextOperand(maxBits: 600)
            let e = a.value.bitWidth > 200 ? rng.nextInt(in: 0...4) : rng.nextInt(in: 0...24)
            let shift = rng.nextInt(in: -300...300)
            let modulus = max(1, UInt64(rng.nextInt(in: 1...Int.max)) >> UInt64(rng.nextInt(in: 0...62)))
            inputs.append("\(a.encoded) \(e) \(shift) \(modulus)")
            let x = a.value
            let p = x.power(e)
            let root = x.magnitude.squareRoot()
            let cube = x.magnitude.integerRoot(3)
            #expect(p?.hasCanonicalStorage == true && x.shifted(by: shift).hasCanonicalStorage)
            ours.append([
                p.map(Self.hex) ?? "nil", Self.hex(x.squared()), Self.hex(x.shifted(by: shift)),
                root.map(Self.hex) ?? "nil", cube.map(Self.hex) ?? "nil",
                String(x.bitWidth), String(x.trailingZeroBitCount), x.isEven ? "even" : "odd",
                String(x.signum()), String(x.residue(modulo: modulus)),
            ].joined(separator: " "))
        }
        let theirs = try Python.run("""
            def iroot(n, k):
                if n < 2:
                    return n
                x = 1 << -(-n.bit_length() // k)
                while True:
                    y = ((k - 1) * x + n // x ** (k - 1)) // k
                    if y >= x:
                        return x
                    x = y
            for line in DATA:
                s, e, sh, m = line.split()
                a, e, sh, m = dec(s), int(e), int(sh), int(m)
                tz = (abs(a) & -abs(a)).bit_length() - 1 if a else 0
                print(' '.join([hx(a ** e), hx(a * a), hx(a << sh if sh >= 0 else a >> -sh),
                    hx(math.isqrt(abs(a))), hx(iroot(abs(a), 3)), str(abs(a).bit_length()), str(tz),
                    'even' if a % 2 == 0 else 'odd', str((a > 0) - (a < 0)), str(a % m)]))
            """, lines: inputs)
        Self.expectSameLines(ours, theirs, inputs: inputs)
    }

    @Test("printing and parsing in radix 10, 16 and a random radix", arguments: [6, 7] as [UInt64])
    func text(seed: UInt64) throws {
        var rng = RandomSource(seed: seed)
        var inputs: [String] = [], values: [BigInt] = [], radices: [Int] = [], ours: [String] = []
        for _ in 0..<1500 {
            let a = rng.nextOperand()
            let radix = rng.nextInt(in: 2...36)
            inputs.append("\(a.encoded) \(radix)")
            values.append(a.value)
            radices.append(radix)
            ours.append([a.value.description, a.value.toString(radix: 16), a.value.toString(radix: radix)]
                .joined(separator: " "))
        }
        let theirs = try Python.run("""
            DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz'
            def radix(x, r):
                if x == 0:
                    return '0'
                n, out = abs(x), []
                while n:
                    n, d = divmod(n, r)
                    out.append(DIGITS[d])
                return ('-' if x < 0 else '') + ''.join(reversed(out))
            for line in DATA:
                s, r = line.split()
                a = dec(s)
                print(str(a), hx(a), radix(a, int(r)))
            """, lines: inputs)
        Self.expectSameLines(ours, theirs, inputs: inputs)
        // Parsing Python's texts gives back the operands, also with a sign, leading zeros
        // and upper case.
        for (i, line) in theirs.enumerated() where i < values.count {
            let parts = line.split(separator: " ").map(String.init)
            guard parts.count == 3 else { continue }
            let x = values[i]
            #expect(BigInt(parts[0]) == x, "decimal \(parts[0].prefix(80))")
            #expect(BigInt(parts[1], radix: 16) == x)
            #expect(BigInt(parts[1].uppercased(), radix: 16) == x)
            #expect(BigInt(parts[2], radix: radices[i]) == x)
            let unsigned = x.isNegative ? String(parts[0].dropFirst()) : parts[0]
            let sign = x.isNegative ? "-" : "+"
            #expect(BigInt(sign + "000" + unsigned) == x)
        }
    }

    @Test("doubleValue is Python's float(int), rounded half to even", arguments: [8, 9] as [UInt64])
    func doubleValue(seed: UInt64) throws {
        var rng = RandomSource(seed: seed)
        var inputs: [String] = [], ours: [String] = []
        func add(_ x: BigInt) {
            inputs.append(Operand(negative: x.isNegative, limbs: x.magnitudeLimbs).encoded)
            let d = x.doubleValue
            ours.append(d.isInfinite ? (d > 0 ? "inf" : "-inf") : String(d.bitPattern))
        }
        for _ in 0..<1500 {
            add(rng.nextOperand(maxBits: 1100).value)
            // Near ties: a 54-bit odd significand (the last bit is the round bit) times 2^k,
            // nudged by −1, 0 or +1.
            let significand = BigInt(Int(rng.next() >> 10) | 1 | (1 << 53))
            let k = rng.nextInt(in: 0...975)
            let nudge = BigInt(rng.nextInt(in: -1...1))
            let tie = significand.shifted(by: k) + (k > 0 ? nudge : .zero)
            add(rng.nextBool() ? tie : -tie)
        }
        // The overflow threshold: 2^1024 − 2^970 is the tie between the largest finite
        // double and 2^1024.
        let threshold = BigInt.one.shifted(by: 1024) - BigInt.one.shifted(by: 970)
        for x in [threshold, threshold - .one, threshold + .one, -threshold, BigInt.one.shifted(by: 1024)] { add(x) }
        let theirs = try Python.run("""
            for line in DATA:
                print(bits(dec(line)))
            """, lines: inputs)
        Self.expectSameLines(ours, theirs, inputs: inputs)
    }

    @Test("long operands: Karatsuba, recursive division, Lehmer gcd, subquadratic radix conversion",
          arguments: [10, 11] as [UInt64])
    func longOperands(seed: UInt64) throws {
        var rng = RandomSource(seed: seed)
        var inputs: [String] = [], values: [BigInt] = [], ours: [String] = []
        for i in 0..<24 {
            let a = rng.nextOperand(maxBits: 60_000, minBits: 2_000)
            let b = i % 3 == 0 ? rng.nextOperand(maxBits: 40_000, minBits: 13_000) : rng.nextOperand(maxBits: 30_000)
            inputs.append("\(a.encoded) \(b.encoded)")
            values.append(a.value)
            let x = a.value, y = b.value
            var fields = [Self.hex(x * y), Self.hex(x.squared())]
            if let (q, r) = x.quotientAndRemainder(dividingBy: y) {
                fields += [Self.hex(q), Self.hex(r)]
            } else {
                fields.append("zero")
            }
            fields += [Self.hex(BigInt.gcd(x, y)), x.description, x.magnitude.squareRoot().map(Self.hex) ?? "nil"]
            ours.append(fields.joined(separator: " "))
        }
        let theirs = try Python.run("""
            for line in DATA:
                s, t = line.split()
                a, b = dec(s), dec(t)
                f = [hx(a * b), hx(a * a)]
                if b == 0:
                    f.append('zero')
                else:
                    q, r = tdiv(a, b)
                    f += [hx(q), hx(r)]
                f += [hx(math.gcd(a, b)), str(a), hx(math.isqrt(abs(a)))]
                print(' '.join(f))
            """, lines: inputs)
        Self.expectSameLines(ours, theirs, inputs: inputs)
        for (i, line) in theirs.enumerated() where i < values.count {
            let parts = line.split(separator: " ")
            if parts.count >= 2 { #expect(BigInt(parts[parts.count - 2]) == values[i]) }
        }
    }
}
