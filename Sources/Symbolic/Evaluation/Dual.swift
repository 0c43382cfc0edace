// Forward-mode dual numbers: a value and its derivative.
//
// Implementation notes
// --------------------
// Values are computed exactly as the tree evaluator computes them (same kernels, same
// order), so `value` agrees with `Expr.evaluate` bit for bit; derivatives follow the chain
// rule with the same conventions as symbolic differentiation (abs' = sign, sign' = 0,
// max/min via sign, the average at a tie). A chain-rule factor is only computed when the
// inner derivative is non-zero, so a constant argument never turns an unbounded f'
// (sqrt at 0) into NaN. Non-finite derivatives throw `.overflow`.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A forward-mode dual number `value + derivative·ε` with ε² = 0.
public struct Dual: Sendable, Equatable {
    /// The value.
    public var value: Double
    /// The derivative with respect to the seeded variable.
    public var derivative: Double

    /// Creates a dual number.
    public init(value: Double, derivative: Double = 0) {
        self.value = value
        self.derivative = derivative
    }

    /// A constant (derivative 0).
    public static func constant(_ value: Double) -> Dual { Dual(value: value) }

    /// The seeded variable at `value` (derivative 1).
    public static func variable(_ value: Double) -> Dual { Dual(value: value, derivative: 1) }

    /// The sum.
    public static func + (lhs: Dual, rhs: Dual) -> Dual {
        Dual(value: lhs.value + rhs.value, derivative: lhs.derivative + rhs.derivative)
    }

    /// The difference.
    public static func - (lhs: Dual, rhs: Dual) -> Dual {
        Dual(value: lhs.value - rhs.value, derivative: lhs.derivative - rhs.derivative)
    }

    /// The negation.
    public static prefix func - (x: Dual) -> Dual {
        Dual(value: -x.value, derivative: -x.derivative)
    }

    /// The product (Leibniz rule).
    public static func * (lhs: Dual, rhs: Dual) -> Dual {
        Dual(value: lhs.value * rhs.value,
             derivative: lhs.derivative * rhs.value + lhs.value * rhs.derivative)
    }

    /// The quotient, or a division-by-zero error.
    public func dividing(by rhs: Dual) throws(EvaluationError) -> Dual {
        guard rhs.value != 0 else { throw .divisionByZero }
        let q = value / rhs.value
        return try Dual(value: q, derivative: (derivative - q * rhs.derivative) / rhs.value).checked("/")
    }

    /// `f(self)` for a one-argument built-in, with the domain checks of ``Expr/evaluate(at:)-(Environment)``.
    public func applying(_ f: Builtin) throws(EvaluationError) -> Dual {
        let y = try Elementary.apply(f, value)
        if derivative == 0 { return Dual(value: y) }
        let x = value
        let slope: Double
        switch f {
        case .abs: slope = Elementary.sign(x)
        case .acos: slope = -1 / (1 - x * x).squareRoot()
        case .asin: slope = 1 / (1 - x * x).squareRoot()
        case .atan: slope = 1 / (1 + x * x)
        case .cos: slope = -sin(x)
        case .cosh: slope = sinh(x)
        case .erf: slope = 1.1283791670955126 * Elementary.exp(-x * x)
        case .exp: slope = y
        case .lambertw: slope = Elementary.exp(-y) / (1 + y)
        case .log: slope = 1 / x
        case .max, .min: slope = 1
        case .sigmoid: slope = y * (1 - y)
        case .sign: slope = 0
        case .sin: slope = cos(x)
        case .sinh: slope = cosh(x)
        case .softplus: slope = Elementary.sigmoid(x)
        case .sqrt: slope = 0.5 / y
        case .tan: slope = 1 + y * y
        case .tanh: slope = 1 - y * y
        }
        return try Dual(value: y, derivative: slope * derivative).checked(f.rawValue)
    }

    /// `max` or `min` of two dual numbers: the value of the extremum, the derivative
    /// `(a' + b')/2 ± sign(a − b)(a' − b')/2`.
    static func extremum(_ f: Builtin, _ a: Dual, _ b: Dual) throws(EvaluationError) -> Dual {
        let value = Elementary.extremum(f, a.value, b.value)
        let s = Elementary.sign(a.value - b.value) * (f == .max ? 1 : -1)
        let derivative = 0.5 * (a.derivative + b.derivative) + 0.5 * s * (a.derivative - b.derivative)
        return try Dual(value: value, derivative: derivative).checked(f.rawValue)
    }

    /// `self^n` for an integer literal n, valued like ``Elementary/integerPower(_:_:)``.
    func integerPower(_ n: Int) throws(EvaluationError) -> Dual {
        let y = try Elementary.integerPower(value, n)
        if derivative == 0 { return Dual(value: y) }
        // n·x^(n−1), with x^0 = 1 even at x = 0.
        let slope: Double
        if n == 1 {
            slope = 1
        } else if n > 1 {
            slope = Double(n) * Elementary.positivePower(value, n - 1)
        } else {
            slope = Double(n) * y / value
        }
        return try Dual(value: y, derivative: slope * derivative).checked("^")
    }

    /// `self^r` for a non-integer rational literal r.
    func fractionalPower(_ r: Double) throws(EvaluationError) -> Dual {
        let y = try Elementary.fractionalPower(value, r)
        if derivative == 0 { return Dual(value: y) }
        let slope: Double
        if value == 0 {
            // r·0^(r−1): 0 for r > 1, unbounded below.
            guard r > 1 else { throw .overflow(operation: "derivative of ^") }
            slope = 0
        } else {
            slope = r * y / value
        }
        return try Dual(value: y, derivative: slope * derivative).checked("^")
    }

    /// `self^e` for a computed exponent.
    func power(_ e: Dual) throws(EvaluationError) -> Dual {
        let y = try Elementary.power(value, e.value)
        var d = 0.0
        if derivative != 0 {
            // e·x^(e−1), with x^0 = 1 even at x = 0.
            let slope = e.value == 1 ? 1 : e.value * (try Elementary.power(value, e.value - 1))
            d += slope * derivative
        }
        if e.derivative != 0 {
            guard value > 0 else { throw .domain(operation: "log (derivative of a power)", argument: value) }
            d += y * Elementary.log(value) * e.derivative
        }
        return try Dual(value: y, derivative: d).checked("^")
    }

    func checked(_ operation: String) throws(EvaluationError) -> Dual {
        guard value.isFinite else { throw .overflow(operation: operation) }
        guard derivative.isFinite else { throw .overflow(operation: "derivative of \(operation)") }
        return self
    }
}
