// Plain python3 as an oracle for exact-number tests (no sympy needed), and the operand
// generators the differential tests share.
import Foundation
import Testing
@testable import Symbolic

enum Python {
    /// Whether `python3` (3.8 or later) can be run on this machine.
    static let isAvailable: Bool = {
        (try? SymPy.run("import sys\nprint('ok' if sys.version_info >= (3, 8) else 'old')"))?
            .trimmingCharacters(in: .whitespacesAndNewlines) == "ok"
    }()

    /// Prelude for every script: unlimited int↔str conversion, operand decoding, and the
    /// bit pattern of a correctly rounded float (or `inf`/`-inf` where Python overflows).
    static let prelude = """
        import sys, math, struct
        from fractions import Fraction
        if hasattr(sys, 'set_int_max_str_digits'):
            sys.set_int_max_str_digits(0)
        def dec(t):
            sign, _, words = t.partition(':')
            v = 0
            for i, w in enumerate(words.split(',') if words else []):
                v |= int(w, 16) << (64 * i)
            return -v if sign == '-' else v
        def bits(x):
            try:
                d = float(x)
            except OverflowError:
                return 'inf' if x > 0 else '-inf'
            return str(struct.unpack('<Q', struct.pack('<d', d))[0])
        def tdiv(a, b):
            q = abs(a) // abs(b)
            if (a < 0) != (b < 0):
                q = -q
            return q, a - q * b
        def hx(x):
            return format(x, 'x')

        """

    /// Runs `body` (Python reading the global `DATA`, a list of lines) over `lines` in one
    /// python3 process and returns its output lines.
    static func run(_ body: String, lines: [String]) throws -> [String] {
        let data = lines.joined(separator: "\n")
        let script = prelude + "DATA = '''\n" + data + "\n'''.split('\\n')[1:-1]\n" + body
        let output = try SymPy.run(script)
        var result = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if result.last == "" { result.removeLast() }
        return result
    }
}

/// An operand generated for a differential test, with its exact transfer encoding.
struct Operand {
    /// The value, built from limbs (independent of our parser).
    var value: BigInt
    /// `+:w0,w1,…` or `-:w0,…` with hex limbs printed by the standard library.
    var encoded: String

    init(negative: Bool, limbs: [UInt]) {
        var limbs = limbs
        while let last = limbs.last, last == 0 { limbs.removeLast() }
        value = BigInt.normalized(negative: negative, limbs: limbs)
        encoded = (negative ? "-:" : "+:") + limbs.map { String($0, radix: 16) }.joined(separator: ",")
    }

    init(_ value: Int) {
        self.init(negative: value < 0, limbs: value == 0 ? [] : [value.magnitude])
    }
}

extension RandomSource {
    /// A random bool.
    mutating func nextBool() -> Bool { next() & 1 == 1 }

    /// A limb that is often special (0, 1, all ones, top bit only, …).
    mutating func nextStructuredLimb() -> UInt {
        let special: [UInt] = [0, 1, 2, .max, .max - 1, 1 << 63, (1 << 63) - 1, (1 << 63) + 1, 1 << 32, (1 << 32) - 1]
        if nextInt(in: 0...9) < 6 { return special[nextInt(in: 0...(special.count - 1))] }
        return UInt(next())
    }

    /// `bits` random bits with the top one set (bits >= 1).
    mutating func nextLimbs(bits: Int, structured: Bool = false) -> [UInt] {
        let count = (bits + 63) / 64
        var limbs = (0..<count).map { _ in structured ? nextStructuredLimb() : UInt(next()) }
        let extra = count * 64 - bits
        limbs[count - 1] = (limbs[count - 1] & (UInt.max >> UInt(extra))) | (1 << UInt(63 - extra))
        return limbs
    }

    /// A differential-test operand of up to `maxBits` bits: a mix of tiny values, values
    /// around the `Int`/`UInt64` boundaries, random words, random and structured multi-limb
    /// values, and powers of two and their neighbours, of both signs.
    mutating func nextOperand(maxBits: Int = 2000, minBits: Int = 1) -> Operand {
        let negative = nextBool()
        switch nextInt(in: 0...11) {
        case 0:
            return Operand(nextInt(in: -20...20))
        case 1:
            let boundaries: [Int] = [.min, .min + 1, .min + 2, .max, .max - 1, 0, 1, -1, 1 << 32, -(1 << 32)]
            return Operand(boundaries[nextInt(in: 0...(boundaries.count - 1))])
        case 2:
            // ±(2^63 + δ) and ±(2^64 + δ)
            let delta = nextInt(in: -3...3)
            if nextBool() {
                return Operand(negative: negative, limbs: [UInt(bitPattern: Int.min &+ delta)])
            }
            return Operand(negative: negative, limbs: delta >= 0 ? [UInt(delta), 1] : [UInt.max - UInt(-delta - 1)])
        case 3:
            return Operand(negative: negative, limbs: [UInt(next()) >> UInt(nextInt(in: 0...63))])
        case 4, 5, 6, 7:
            return Operand(negative: negative, limbs: nextLimbs(bits: nextInt(in: max(64, minBits)...max(64, maxBits))))
        case 8, 9:
            return Operand(negative: negative,
                           limbs: nextLimbs(bits: nextInt(in: max(64, minBits)...max(64, maxBits)), structured: true))
        default:
            // 2^k + δ
            let k = nextInt(in: max(1, minBits)...maxBits)
            var limbs = [UInt](repeating: 0, count: k / 64 + 1)
            limbs[k / 64] = 1 << UInt(k % 64)
            let delta = nextInt(in: -1...1)
            let base = BigInt.normalized(negative: false, limbs: limbs) + BigInt(delta)
            return Operand(negative: negative, limbs: base.magnitudeLimbs)
        }
    }
}
