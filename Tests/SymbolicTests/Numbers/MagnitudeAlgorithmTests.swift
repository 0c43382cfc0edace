// The fast limb algorithms agree with their simple references, on sizes around every
// threshold (which the differential tests at ≤ 2000 bits do not reach).
import Testing
@testable import Symbolic

struct MagnitudeAlgorithmTests {
    /// Random normalised limbs of `count` limbs, sometimes with long runs of special limbs.
    static func limbs(_ rng: inout RandomSource, _ count: Int) -> [UInt] {
        if count == 0 { return [] }
        let structured = rng.nextInt(in: 0...2) == 0
        var a = (0..<count).map { _ in structured ? rng.nextStructuredLimb() : UInt(rng.next()) }
        if a[count - 1] == 0 { a[count - 1] = 1 }
        return a
    }

    @Test("Karatsuba multiplication and squaring agree with the schoolbook product", arguments: [201, 202] as [UInt64])
    func multiplication(seed: UInt64) {
        var rng = RandomSource(seed: seed)
        let k = Magnitude.karatsubaThreshold
        let sizes = [1, 2, k - 1, k, k + 1, 2 * k - 1, 2 * k, 2 * k + 1, 3 * k, 5 * k + 3, 9 * k]
        for _ in 0..<60 {
            let na = sizes[rng.nextInt(in: 0...(sizes.count - 1))] + rng.nextInt(in: 0...3)
            let nb = rng.nextBool() ? na : sizes[rng.nextInt(in: 0...(sizes.count - 1))]
            let a = Self.limbs(&rng, na), b = Self.limbs(&rng, nb)
            let expected = Magnitude.schoolbookProduct(a, b)
            #expect(Magnitude.multiply(a, b) == expected, "\(na)×\(nb) limbs")
            #expect(Magnitude.multiply(b, a) == expected)
            #expect(Magnitude.square(a) == Magnitude.schoolbookProduct(a, a), "\(na) limbs squared")
        }
    }

    @Test("Karatsuba handles all-ones and sparse operands (carry chains)")
    func carryChains() {
        for n in [31, 32, 33, 64, 65, 100, 129] {
            let ones = [UInt](repeating: .max, count: n)
            var sparse = [UInt](repeating: 0, count: n)
            sparse[0] = 1
            sparse[n - 1] = 1
            for (a, b) in [(ones, ones), (ones, sparse), (sparse, sparse)] {
                #expect(Magnitude.multiply(a, b) == Magnitude.schoolbookProduct(a, b), "\(n) limbs")
                #expect(Magnitude.square(a) == Magnitude.schoolbookProduct(a, a))
            }
        }
    }

    @Test("Recursive division agrees with algorithm D and the division identity", arguments: [203, 204] as [UInt64])
    func recursiveDivision(seed: UInt64) {
        var rng = RandomSource(seed: seed)
        let t = Magnitude.recursiveDivisionThreshold
        for _ in 0..<12 {
            let n = rng.nextInt(in: t...(3 * t))
            var v = Self.limbs(&rng, n)
            v[n - 1] |= 1 << 63
            let u = Self.limbs(&rng, n + rng.nextInt(in: (t / 2)...(3 * n)))
            let (q, r) = Magnitude.divideNormalized(u, v)
            let (kq, kr) = Magnitude.knuth(u, v)
            #expect(q == kq && r == kr, "\(u.count)/\(n) limbs")
            #expect(Magnitude.compare(r, v) < 0)
            #expect(Magnitude.add(Magnitude.multiply(q, v), r) == u)
        }
    }

    @Test("Algorithm D's rare add-back step (D6)", arguments: [
        // (dividend, divisor, quotient, remainder) in hex; each makes the refined q̂ one too big.
        ("4fffffffffffffffc00000000000000017ffffffffffffffb0000000000000001",
         "ffffffffffffffff00000000000000007fffffffffffffff",
         "50000000000000000", "ffffffffffffffff00000000000000000000000000000001"),
        ("8000000000000000fffffffffffffffe80000000000000008000000000000001",
         "80000000000000018000000000000000502c2c6403b3c404",
         "fffffffffffffffe", "80000000000000012fd3d39bfc4c3bfd205858c807678809"),
        ("380000000000000008000000000000014fffffffffffffffb0000000000000001",
         "80000000000000000000000000000002ffffffffffffffff",
         "70000000000000000", "800000000000000000000000000000020000000000000001"),
        ("fffffffffffffffeffffffffffffffff00000000000000010000000000000002",
         "ffffffffffffffffffffffffffffffff0000000000000002",
         "fffffffffffffffe", "fffffffffffffffffffffffffffffffd0000000000000006"),
    ])
    func addBack(dividend: String, divisor: String, quotient: String, remainder: String) {
        let a = BigInt(dividend, radix: 16)!, b = BigInt(divisor, radix: 16)!
        let (q, r) = a.quotientAndRemainder(dividingBy: b)!
        #expect(q.toString(radix: 16) == quotient)
        #expect(r.toString(radix: 16) == remainder)
        #expect((-a).quotientAndRemainder(dividingBy: b)!.quotient == -q)
    }

    @Test("Lehmer gcd agrees with Euclid's algorithm", arguments: [205, 206] as [UInt64])
    func lehmer(seed: UInt64) {
        var rng = RandomSource(seed: seed)
        for _ in 0..<40 {
            let common = Self.limbs(&rng, rng.nextInt(in: 0...6))
            let a = Magnitude.multiply(Self.limbs(&rng, rng.nextInt(in: 1...60)), common.isEmpty ? [1] : common)
            let b = Magnitude.multiply(Self.limbs(&rng, rng.nextInt(in: 1...60)), common.isEmpty ? [1] : common)
            var (x, y) = (a, b)
            while !y.isEmpty { (x, y) = (y, Magnitude.divide(x, y).remainder) }
            #expect(Magnitude.gcd(a, b) == x)
            #expect(Magnitude.gcd(b, a) == x)
        }
    }

    @Test("Binary gcd of words", arguments: [
        (0, 0, 0), (0, 7, 7), (12, 18, 6), (UInt(1) << 63, 0, UInt(1) << 63), (UInt.max, UInt.max - 1, 1),
        (UInt(1) << 63, UInt(3) << 62, UInt(1) << 62), (1_000_000_007 * 998_244_353, 998_244_353 * 3, 998_244_353),
    ] as [(UInt, UInt, UInt)])
    func wordGCD(a: UInt, b: UInt, g: UInt) {
        #expect(Magnitude.gcd(a, b) == g && Magnitude.gcd(b, a) == g)
    }

    @Test("Subquadratic radix conversion agrees with the chunk-at-a-time methods", arguments: [207, 208] as [UInt64])
    func radixConversion(seed: UInt64) {
        var rng = RandomSource(seed: seed)
        let t = Magnitude.radixConversionThreshold
        for _ in 0..<10 {
            let a = Self.limbs(&rng, rng.nextInt(in: t...(Magnitude.radixParseThreshold * 8)))
            let radix = [10, 3, 7, 36, 10][rng.nextInt(in: 0...4)]
            let (chunk, _) = Magnitude.chunkPower(radix: radix)
            let digits = Magnitude.digits(a, radix: radix)
            // Reference: chunk-at-a-time division, then Horner to parse back.
            var chunks: [UInt] = []
            Magnitude.appendChunks(a, chunk, exactCount: nil, to: &chunks)
            var reference: [UInt8] = []
            for (i, c) in chunks.enumerated().reversed() {
                let text = Array(String(c, radix: radix).utf8)
                if i != chunks.count - 1 {
                    reference += [UInt8](repeating: UInt8(ascii: "0"), count: Magnitude.chunkPower(radix: radix).digits - text.count)
                }
                reference += text
            }
            #expect(digits == reference, "\(a.count) limbs, radix \(radix)")
            let values = digits.map { $0 <= UInt8(ascii: "9") ? $0 - UInt8(ascii: "0") : $0 - UInt8(ascii: "a") + 10 }
            #expect(Magnitude.fromDigits(values, radix: radix) == a)
            #expect(Magnitude.horner(chunks[...], chunk) == a)
        }
    }
}
