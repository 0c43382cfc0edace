// The built-in functions on doubles: values, domains and the checked application used by
// every evaluator.
//
// Implementation notes
// --------------------
// Each built-in has a domain predicate (which also rejects non-finite arguments) and a raw
// value function; `apply` checks the domain, computes, and rejects a non-finite result. The
// compiled evaluator uses the same predicates and raw functions element-wise, so both
// evaluators agree bit for bit. exp and log come from `ElementaryKernels` (pure Swift,
// vectorisable); the others call the C math library (Glibc / Darwin, which Foundation
// re-exports), except:
// - sigmoid: 1/(1 + e^−x) for x ≥ 0 and e^x/(1 + e^x) below, as one division of
//   (x ≥ 0 ? 1 : e) by 1 + e with e = exp(−|x|): never overflows, accurate in both tails.
// - softplus: max(x, 0) + log1p(exp(−|x|)): exact for large |x|, no overflow.
// - lambertw (principal branch W₀, x ≥ −1/e): near the branch point the series in
//   p = √(2(e·x + 1)) (with x + 1/e computed from a two-part 1/e), for |x| tiny the Taylor
//   series, otherwise Winitzki's approximation or log x − log log x as a start; then Halley's
//   iteration on w·e^w − x (x ≤ 3) or on w + log w − log x (x > 3, no overflow), until the
//   step is below 2^−52·|w| (at most 32 steps). Accurate to about 1e−15 relative.
// - tan: a domain error when a pole lies within one ulp of x (|cos x| ≤ ulp(x)).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

enum Elementary {
    // MARK: Raw values (no checks)

    @inline(__always) static func exp(_ x: Double) -> Double { ElementaryKernels.exp(x) }
    @inline(__always) static func log(_ x: Double) -> Double { ElementaryKernels.log(x) }
    @inline(__always) static func sqrt(_ x: Double) -> Double { x.squareRoot() }

    /// The logistic function 1/(1 + e^−x), computed without overflow.
    @inline(__always)
    static func sigmoid(_ x: Double) -> Double {
        let e = ElementaryKernels.exp(-x.magnitude)
        return (x >= 0 ? 1.0 : e) / (1.0 + e)
    }

    /// log(1 + e^x), computed without overflow.
    @inline(__always)
    static func softplus(_ x: Double) -> Double {
        (x > 0 ? x : 0.0) + log1p(ElementaryKernels.exp(-x.magnitude))
    }

    /// −1, 0 or 1.
    @inline(__always)
    static func sign(_ x: Double) -> Double { x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0) }

    /// 1/e as the sum of two doubles (hi + lo).
    static let inverseEHigh = 0.36787944117144233
    static let inverseELow = -1.2428753672788363e-17

    /// x + 1/e with about twice double precision for x near −1/e.
    @inline(__always)
    static func lambertwOffset(_ x: Double) -> Double { (x + inverseEHigh) + inverseELow }

    /// The principal branch W₀ of the Lambert W function, for x in the domain.
    static func lambertw(_ x: Double) -> Double {
        if x == 0 { return 0 }
        let t = lambertwOffset(x)
        if t <= 0 { return -1 }
        if x.magnitude < 1e-6 {
            // W(x) = x − x² + 3/2 x³ − 8/3 x⁴ …
            return x * (1 + x * (-1 + x * (1.5 - x * (8.0 / 3.0))))
        }
        var w: Double
        if t < 0.25 {
            // Series at the branch point in p = √(2(e x + 1)).
            let p = (2 * 2.718281828459045 * t).squareRoot()
            w = -1 + p * (1 + p * (-1.0 / 3 + p * (11.0 / 72 + p * (-43.0 / 540 + p * (769.0 / 17280)))))
            if t < 1e-10 { return w }
        } else if x <= 3 {
            let l = log1p(x)
            let ll = log1p(l)
            w = l * (1 - ll / (2 + l))
        } else {
            let l1 = Glibc_log(x)
            let l2 = Glibc_log(l1)
            w = l1 - l2 + l2 / l1
        }
        if x <= 3 {
            for _ in 0 ..< 32 {
                let ew = Glibc_exp(w)
                let f = w * ew - x
                let wp1 = w + 1
                if wp1 == 0 { break }
                let denominator = ew * wp1 - (w + 2) * f / (2 * wp1)
                if denominator == 0 || !denominator.isFinite { break }
                let next = w - f / denominator
                let done = (next - w).magnitude <= 0x1p-52 * next.magnitude
                w = next
                if done { break }
            }
        } else {
            let lx = Glibc_log(x)
            for _ in 0 ..< 32 {
                // g(w) = w + log w − log x, g' = 1 + 1/w, g'' = −1/w².
                let g = w + Glibc_log(w) - lx
                let g1 = 1 + 1 / w
                let g2 = -1 / (w * w)
                let next = w - 2 * g * g1 / (2 * g1 * g1 - g * g2)
                let done = (next - w).magnitude <= 0x1p-52 * next.magnitude
                w = next
                if done { break }
            }
        }
        return w
    }

    @inline(__always) private static func Glibc_exp(_ x: Double) -> Double { exp_c(x) }
    @inline(__always) private static func Glibc_log(_ x: Double) -> Double { log_c(x) }

    /// The raw value of a one-argument built-in (no domain check). `min`/`max` of one
    /// argument are the argument.
    @inline(__always)
    static func value(_ f: Builtin, _ x: Double) -> Double {
        switch f {
        case .abs: return x.magnitude
        case .acos: return acos(x)
        case .asin: return asin(x)
        case .atan: return atan(x)
        case .cos: return cos(x)
        case .cosh: return cosh(x)
        case .erf: return erf(x)
        case .exp: return ElementaryKernels.exp(x)
        case .lambertw: return lambertw(x)
        case .log: return ElementaryKernels.log(x)
        case .max, .min: return x
        case .sigmoid: return sigmoid(x)
        case .sign: return sign(x)
        case .sin: return sin(x)
        case .sinh: return sinh(x)
        case .softplus: return softplus(x)
        case .sqrt: return x.squareRoot()
        case .tan: return tan(x)
        case .tanh: return tanh(x)
        }
    }

    // MARK: Domains

    /// Whether `x` is in the domain of the one-argument built-in `f`. Non-finite arguments
    /// are never in a domain.
    @inline(__always)
    static func isInDomain(_ f: Builtin, _ x: Double) -> Bool {
        violation(f, x) == 0
    }

    /// 0 when `x` is in the domain of `f`, else 1 (the form the compiled evaluator ORs into
    /// its per-point flags).
    @inline(__always)
    static func violation(_ f: Builtin, _ x: Double) -> UInt64 {
        switch f {
        case .log: return Domain.positive(x)
        case .sqrt: return Domain.nonnegative(x)
        case .asin, .acos: return Domain.unitInterval(x)
        case .lambertw: return Domain.lambertw(x)
        case .tan: return Domain.tan(x)
        case .abs, .atan, .cos, .cosh, .erf, .exp, .max, .min, .sigmoid, .sign, .sin, .sinh,
             .softplus, .tanh:
            return Domain.finite(x)
        }
    }

    /// The domain predicates, shared by every evaluator: 0 inside the domain, 1 outside.
    /// Each is a single comparison so loops over them vectorise: `x·0 + x` is x for finite x
    /// and NaN for ±∞ and NaN, so `x·0 + x > 0` means "finite and positive".
    enum Domain {
        @inline(__always) static func finite(_ x: Double) -> UInt64 { x.magnitude < .infinity ? 0 : 1 }
        @inline(__always) static func finiteNonzero(_ x: Double) -> UInt64 { (x * 0 + x).magnitude > 0 ? 0 : 1 }
        @inline(__always) static func positive(_ x: Double) -> UInt64 { x * 0 + x > 0 ? 0 : 1 }
        @inline(__always) static func nonnegative(_ x: Double) -> UInt64 { x * 0 + x >= 0 ? 0 : 1 }
        @inline(__always) static func unitInterval(_ x: Double) -> UInt64 { x.magnitude <= 1 ? 0 : 1 }
        @inline(__always) static func lambertw(_ x: Double) -> UInt64 {
            lambertwOffset(x * 0 + x) >= -0x1p-54 ? 0 : 1
        }
        @inline(__always) static func tan(_ x: Double) -> UInt64 {
            finite(x) | (cos(x).magnitude > x.magnitude.ulp ? 0 : 1)
        }
    }

    // MARK: Checked application

    /// Applies a built-in to its arguments: checks the arity, the domain of every argument
    /// and the finiteness of the result.
    static func apply(_ f: Builtin, _ arguments: [Double]) throws(EvaluationError) -> Double {
        switch f.arity {
        case .some(let n):
            guard arguments.count == n else {
                throw .unsupported("\(f.rawValue) takes \(n) argument\(n == 1 ? "" : "s"), got \(arguments.count)")
            }
            return try apply(f, arguments[0])
        case .none:
            guard let first = arguments.first else {
                throw .unsupported("\(f.rawValue) needs at least one argument")
            }
            var result = try apply(f, first)
            for a in arguments.dropFirst() {
                guard a.isFinite else { throw .overflow(operation: f.rawValue) }
                result = extremum(f, result, a)
            }
            return result
        }
    }

    /// `min` or `max` of two finite values (the first wins ties).
    @inline(__always)
    static func extremum(_ f: Builtin, _ a: Double, _ b: Double) -> Double {
        f == .max ? (b > a ? b : a) : (b < a ? b : a)
    }

    /// Applies a one-argument built-in with domain and overflow checks.
    @inline(__always)
    static func apply(_ f: Builtin, _ x: Double) throws(EvaluationError) -> Double {
        guard isInDomain(f, x) else {
            if !x.isFinite { throw .overflow(operation: f.rawValue) }
            throw .domain(operation: f.rawValue, argument: x)
        }
        let y = value(f, x)
        guard y.isFinite else { throw .overflow(operation: f.rawValue) }
        return y
    }

    // MARK: Powers

    /// Largest exponent computed by repeated multiplication; larger ones use `pow`.
    static let maxMultipliedExponent = 64

    /// x^n for n ≥ 1 without checks: binary powering (the exact sequence the compiled
    /// evaluator emits) for n ≤ 64, the C library's `pow` above.
    @inline(__always)
    static func positivePower(_ x: Double, _ n: Int) -> Double {
        if n > maxMultipliedExponent { return pow(x, Double(n)) }
        var result = 0.0
        var haveResult = false
        var base = x
        var k = n
        while true {
            if k & 1 == 1 {
                result = haveResult ? result * base : base
                haveResult = true
            }
            k >>= 1
            if k == 0 { break }
            base = base * base
        }
        return result
    }

    /// x^n for an integer n: `0^0` is a domain error, `0^(negative)` a division by zero,
    /// a negative power is `1 / x^|n|` (an overflow when x^|n| overflows).
    static func integerPower(_ x: Double, _ n: Int) throws(EvaluationError) -> Double {
        let result: Double
        if n == 0 {
            guard x != 0 else { throw .domain(operation: "0^0", argument: x) }
            return 1
        } else if n > 0 {
            result = positivePower(x, n)
        } else {
            let m = n == Int.min ? Int.max : -n
            let d = positivePower(x, m)
            guard d != 0 else { throw .divisionByZero }
            guard d.isFinite else { throw .overflow(operation: "^") }
            result = 1 / d
        }
        guard result.isFinite else { throw .overflow(operation: "^") }
        return result
    }

    /// Whether `x^r` is defined for a non-integer rational exponent r: x finite, x ≥ 0, and
    /// x > 0 when r < 0.
    @inline(__always)
    static func isFractionalPowerDefined(_ x: Double, _ r: Double) -> Bool {
        x >= 0 && x < .infinity && (x != 0 || r > 0)
    }

    /// The raw value of `x^r` (no checks): 0 at 0, `sqrt` for r = 1/2, else `pow`.
    @inline(__always)
    static func fractionalPowerValue(_ x: Double, _ r: Double) -> Double {
        x == 0 ? 0 : (r == 0.5 ? x.squareRoot() : pow(x, r))
    }

    /// x^r for a non-integer rational exponent given as a double: negative bases are a
    /// domain error, `0^(negative)` too; r = 1/2 is `sqrt`.
    static func fractionalPower(_ x: Double, _ r: Double) throws(EvaluationError) -> Double {
        guard isFractionalPowerDefined(x, r) else { throw .domain(operation: "^", argument: x) }
        let y = fractionalPowerValue(x, r)
        guard y.isFinite else { throw .overflow(operation: "^") }
        return y
    }

    /// x^y for a computed exponent: an integral y (|y| ≤ 2^53) behaves like an integer
    /// power, otherwise like a fractional one.
    static func power(_ x: Double, _ y: Double) throws(EvaluationError) -> Double {
        if y == y.rounded(), y.magnitude <= 0x1p53 {
            if y.magnitude <= Double(maxMultipliedExponent) { return try integerPower(x, Int(y)) }
            if x == 0 {
                if y > 0 { return 0 }
                throw .divisionByZero
            }
            let r = pow(x, y)
            guard r.isFinite else { throw .overflow(operation: "^") }
            return r
        }
        return try fractionalPower(x, y)
    }
}

// The C library's exp and log, under names that do not collide with ours.
@inline(__always) private func exp_c(_ x: Double) -> Double { exp(x) }
@inline(__always) private func log_c(_ x: Double) -> Double { log(x) }
