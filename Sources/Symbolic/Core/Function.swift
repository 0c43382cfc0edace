// Functions that can be applied in an expression: built-ins and opaque (uninterpreted) ones.

/// The head of a ``Expr/Kind/call(_:_:)`` node.
public enum Function: Hashable, Sendable {
    /// A function with known meaning: derivative, domain and value.
    case builtin(Builtin)
    /// An uninterpreted function or density, possibly differentiated (`f'`).
    case opaque(OpaqueFunction)

    /// The name as written in the input syntax (`log`, `f`, `p`).
    public var name: String {
        switch self {
        case .builtin(let b): return b.rawValue
        case .opaque(let o): return o.name
        }
    }

    /// A process-independent hash of the head.
    public var stableHash: UInt64 {
        switch self {
        case .builtin(let b):
            return StableHash.combine(1, StableHash.of(b.rawValue))
        case .opaque(let o):
            var h = StableHash.combine(2, StableHash.of(o.name))
            h = StableHash.combine(h, UInt64(bitPattern: Int64(o.conditioningIndex ?? -1)))
            for d in o.derivativeOrders { h = StableHash.combine(h, UInt64(d)) }
            return h
        }
    }
}

/// The built-in functions, with their conventional names.
///
/// Domains (``Expr`` evaluation throws outside them, never returns NaN):
/// - `log(x)`: x > 0. `sqrt(x)`: x ≥ 0. `asin`, `acos`: −1 ≤ x ≤ 1. `lambertw(x)`: x ≥ −1/e
///   (principal branch W₀).
/// - `tan(x)`: cos x ≠ 0. Every other function is defined on all reals.
/// - `sign(x)` is −1, 0 or 1; `min`/`max` take two or more arguments; all others take one.
public enum Builtin: String, CaseIterable, Sendable, Hashable {
    case abs
    case acos
    case asin
    case atan
    case cos
    case cosh
    case erf
    case exp
    case lambertw
    case log
    case max
    case min
    case sigmoid
    case sign
    case sin
    case sinh
    case softplus
    case sqrt
    case tan
    case tanh

    /// The number of arguments: `nil` means two or more (`min`, `max`).
    public var arity: Int? {
        switch self {
        case .min, .max: return nil
        case .abs, .acos, .asin, .atan, .cos, .cosh, .erf, .exp, .lambertw, .log, .sigmoid,
             .sign, .sin, .sinh, .softplus, .sqrt, .tan, .tanh:
            return 1
        }
    }

    /// Looks up a built-in by name, accepting the alias `ln` for `log`.
    public init?(named name: String) {
        if name == "ln" {
            self = .log
            return
        }
        self.init(rawValue: name)
    }
}

/// An uninterpreted function or density, as declared in a derivation.
///
/// `p(z | x)` is the opaque function `p` with `conditioningIndex == 1` applied to `[z, x]`:
/// arguments from `conditioningIndex` on are the ones after the bar. `f'(u)` is `f` with
/// `derivativeOrders == [1]`; a partial derivative of a two-argument function in its first
/// argument has `derivativeOrders == [1, 0]`. An empty `derivativeOrders` means "not
/// differentiated".
public struct OpaqueFunction: Hashable, Sendable {
    /// The declared name.
    public var name: String
    /// Index of the first argument after a conditioning bar `|`, or `nil` if there is none.
    public var conditioningIndex: Int?
    /// How many times the function is differentiated in each argument; empty for none.
    public var derivativeOrders: [Int]

    /// Creates an opaque function head.
    public init(name: String, conditioningIndex: Int? = nil, derivativeOrders: [Int] = []) {
        self.name = name
        self.conditioningIndex = conditioningIndex
        self.derivativeOrders = derivativeOrders
    }

    /// Whether the head is differentiated at all.
    public var isDifferentiated: Bool { derivativeOrders.contains { $0 != 0 } }

    /// The same function differentiated once more in argument `index` of `arity` arguments.
    public func differentiated(inArgument index: Int, arity: Int) -> OpaqueFunction {
        var orders = derivativeOrders.isEmpty ? [Int](repeating: 0, count: arity) : derivativeOrders
        orders[index] += 1
        return OpaqueFunction(name: name, conditioningIndex: conditioningIndex, derivativeOrders: orders)
    }
}
