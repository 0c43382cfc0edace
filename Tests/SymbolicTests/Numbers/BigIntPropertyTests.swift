// Algebraic properties of BigInt on seeded random operands, independent of any oracle.
import Testing
@testable import Symbolic

struct BigIntPropertyTests {
    static let seeds: [UInt64] = [101, 102, 103]

    @Test("ring laws and canonical storage", arguments: seeds)
    func ringLaws(seed: UInt64) {
        var rng = RandomSource(seed: seed)
        for _ in 0..<400 {
            let a = rng.nextOperand(maxBits: 3000).value
            let b = rng.nextOperand(maxBits: 3000).value
            let c = rng.nextOperand(maxBits: 3000).value
            #expect(a + b == b + a)
            #expect(a * b == b * a)
            #expect((a + b) + c == a + (b + c))
            #expect((a * b) * c == a * (b * c))
            #expect(a * (b + c) == a * b + a * c)
            #expect(a - b == a + (-b))
            #expect(a - a == .zero && -(-a) == a)
            #expect(a + .zero == a && a * .one == a && (a * .zero).isZero)
            #expect(a.squared() == a * a)
            #expect((a - b).signum() == BigInt.compare(a, b))
            #expect((a < b) == (BigInt.compare(a, b) < 0))
            #expect(a.magnitude == (a.isNegative ? -a : a))
            for v in [a + b, a - b, a * b, -a, a.magnitude, a.squared(), (a * b) * c] {
                #expect(v.hasCanonicalStorage)
            }
        }
    }

    @Test("division identities: a == q·b + r with |r| < |b|", arguments: seeds)
    func division(seed: UInt64) {
        var rng = RandomSource(seed: seed)
        for _ in 0..<400 {
            let a = rng.nextOperand(maxBits: 4000).value
            let b = rng.nextOperand(maxBits: 2500).value
            guard let (q, r) = a.quotientAndRemainder(dividingBy: b),
                  let (fq, m) = a.flooredDivision(by: b) else {
                #expect(b.isZero)
                #expect(a.exactlyDivided(by: b) == nil)
                continue
            }
            #expect(q * b + r == a)
            #expect(r.magnitude < b.magnitude)
            #expect(r.isZero || r.isNegative == a.isNegative)
            #expect(fq * b + m == a)
            #expect(m.magnitude < b.magnitude)
            #expect(m.isZero || m.isNegative == b.isNegative)
            #expect((a * b).exactlyDivided(by: b) == a)
            let bumped = a * b + .one
            if b.magnitude.isOne {
                #expect(bumped.exactlyDivided(by: b) == bumped * b)
            } else {
                #expect(bumped.exactlyDivided(by: b) == nil)
            }
            #expect(a.isMultiple(of: b) == r.isZero)
            for v in [q, r, fq, m] { #expect(v.hasCanonicalStorage) }
        }
    }

    @Test("gcd divides both, cofactors are coprime, gcd·lcm = |ab|", arguments: seeds)
    func gcd(seed: UInt64) {
        var rng = RandomSource(seed: seed)
        for _ in 0..<300 {
            let common = rng.nextOperand(maxBits: 300).value
            let a = rng.nextOperand(maxBits: 2000).value * common
            let b = rng.nextOperand(maxBits: 2000).value * common
            let g = BigInt.gcd(a, b)
            #expect(!g.isNegative && g.hasCanonicalStorage)
            #expect(g == BigInt.gcd(b, a) && g == BigInt.gcd(-a, b))
            if g.isZero {
                #expect(a.isZero && b.isZero)
                continue
            }
            #expect(a.isMultiple(of: g) && b.isMultiple(of: g))
            if !common.isZero { #expect(g.isMultiple(of: common)) }
            #expect(BigInt.gcd(a.exactlyDivided(by: g)!, b.exactlyDivided(by: g)!).isOne)
            #expect(BigInt.lcm(a, b) * g == (a * b).magnitude)
            #expect(BigInt.gcd(a, .zero) == a.magnitude)
        }
    }

    @Test("shifts are multiplication and floor division by powers of two", arguments: seeds)
    func shifts(seed: UInt64) {
        var rng = RandomSource(seed: seed)
        for _ in 0..<400 {
            let a = rng.nextOperand(maxBits: 1500).value
            let k = rng.nextInt(in: 0...400)
            let p = BigInt(2).power(k)!
            #expect(a.shifted(by: k) == a * p)
            #expect(a.shifted(by: -k) == a.flooredDivision(by: p)!.quotient)
            #expect(a.shifted(by: k).shifted(by: -k) == a)
            #expect(a.shifted(by: k).hasCanonicalStorage && a.shifted(by: -k).hasCanonicalStorage)
        }
    }

    @Test("printing and parsing round-trip in every radix", arguments: seeds)
    func textRoundTrip(seed: UInt64) {
        var rng = RandomSource(seed: seed)
        for i in 0..<300 {
            let a = rng.nextOperand(maxBits: i % 10 == 0 ? 12_000 : 1500).value
            for radix in 2...36 where radix % 7 == i % 7 || radix == 10 || radix == 16 {
                let text = a.toString(radix: radix)
                #expect(BigInt(text, radix: radix) == a, "radix \(radix)")
                #expect(BigInt(text.uppercased(), radix: radix) == a)
                #expect(text == text.lowercased())
            }
        }
    }

    @Test("powers, square roots and k-th roots", arguments: seeds)
    func powersAndRoots(seed: UInt64) {
        var rng = RandomSource(seed: seed)
        for _ in 0..<200 {
            let a = rng.nextOperand(maxBits: 400).value
            let e = rng.nextInt(in: 0...9)
            var product = BigInt.one
            for _ in 0..<e { product = product * a }
            #expect(a.power(e) == product)
            #expect(a.power(-1) == nil)
            let n = a.magnitude
            let r = n.squareRoot()!
            #expect(r.squared() <= n && n < (r + .one).squared())
            let k = rng.nextInt(in: 3...7)
            let s = n.integerRoot(k)!
            #expect(s.power(k)! <= n && n < (s + .one).power(k)!)
            #expect(n.squared().squareRoot() == n)
            #expect(n.power(k)!.integerRoot(k) == n)
        }
    }

    @Test("equal values built differently have equal storage and hashes", arguments: seeds)
    func canonicalEquality(seed: UInt64) {
        var rng = RandomSource(seed: seed)
        for _ in 0..<300 {
            let a = rng.nextOperand(maxBits: 500).value
            let b = rng.nextOperand(maxBits: 500).value
            let viaArithmetic = (a + b) - b
            let viaText = BigInt(a.description)!
            #expect(viaArithmetic == a && viaText == a)
            #expect(viaArithmetic.stableHash == a.stableHash && viaText.stableHash == a.stableHash)
            #expect(Set([viaArithmetic, viaText, a]).count == 1)
        }
    }
}
