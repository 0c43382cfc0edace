// What numeric evaluation needs besides the expression: values, functions, big operators.

/// The implementation of an opaque function: its value and, optionally, partial derivatives.
///
/// Closures receive the arguments in order (arguments after a conditioning bar included) and
/// may throw; an ``EvaluationError`` passes through unchanged, any other error becomes
/// ``EvaluationError/unsupported(_:)``. A non-finite result is reported as an overflow.
public struct FunctionImplementation: Sendable {
    /// A numeric function of the arguments.
    public typealias Body = @Sendable ([Double]) throws -> Double

    /// The function itself.
    public var value: Body
    /// Partial derivatives keyed by the head's `derivativeOrders` (one entry per argument):
    /// `[1]` is `f'` of a one-argument function, `[0, 1]` the derivative of a two-argument
    /// function in its second argument, `[2]` is `f''`.
    public var derivatives: [[Int]: Body]

    /// Creates an implementation from a value closure and optional derivatives.
    public init(value: @escaping Body, derivatives: [[Int]: Body] = [:]) {
        self.value = value
        self.derivatives = derivatives
    }

    /// The closure for the given derivative orders (empty or all zero means the value).
    func body(for orders: [Int]) -> Body? {
        if orders.allSatisfy({ $0 == 0 }) { return value }
        return derivatives[orders]
    }
}

/// Identifies an opaque function: its name, where its conditioning bar is, and its arity.
///
/// `p(z | x)` has signature `p`, conditioning index 1, arity 2; `p(x, z)` is a different
/// function (no bar).
public struct FunctionSignature: Hashable, Sendable, CustomStringConvertible {
    /// The declared name.
    public var name: String
    /// Index of the first argument after `|`, or `nil`.
    public var conditioningIndex: Int?
    /// The number of arguments.
    public var arity: Int

    /// Creates a signature.
    public init(name: String, conditioningIndex: Int? = nil, arity: Int) {
        self.name = name
        self.conditioningIndex = conditioningIndex
        self.arity = arity
    }

    /// The signature of a call of `function` with `arity` arguments.
    init(_ function: OpaqueFunction, arity: Int) {
        self.init(name: function.name, conditioningIndex: function.conditioningIndex, arity: arity)
    }

    /// `p(·, ·)` or `p(· | ·)`.
    public var description: String {
        let bar = min(max(conditioningIndex ?? arity, 0), arity)
        let before = [String](repeating: "·", count: bar).joined(separator: ", ")
        let after = [String](repeating: "·", count: arity - bar).joined(separator: ", ")
        return "\(name)(" + (after.isEmpty ? before : before + " | " + after) + ")"
    }
}

/// Evaluates a big operator (expectation, integral, sum, …) numerically; supplied by
/// `Proofs` (Monte Carlo, quadrature). It receives the operator and the environment of
/// the enclosing expression.
public typealias BigOperatorHandler =
    @Sendable (BigOperator, Environment) throws(EvaluationError) -> Double

/// The values and functions that numeric evaluation reads.
///
/// Symbols are bound to finite doubles; opaque functions to ``FunctionImplementation``s by
/// ``FunctionSignature``; big operators go to an optional ``BigOperatorHandler`` (without one
/// they throw ``EvaluationError/unsupported(_:)``).
public struct Environment: Sendable {
    /// Values of symbols.
    public var values: [Symbol: Double]
    /// Implementations of opaque functions.
    public var functions: [FunctionSignature: FunctionImplementation]
    /// How to evaluate big operators, if at all.
    public var bigOperatorHandler: BigOperatorHandler?
    /// Limits for work done during evaluation (differentiating unevaluated derivatives).
    public var limits: Limits

    /// Creates an environment binding the given symbols.
    public init(_ values: [Symbol: Double] = [:],
                functions: [FunctionSignature: FunctionImplementation] = [:],
                bigOperatorHandler: BigOperatorHandler? = nil,
                limits: Limits = .default) {
        self.values = values
        self.functions = functions
        self.bigOperatorHandler = bigOperatorHandler
        self.limits = limits
    }

    /// The value bound to a symbol.
    public subscript(symbol: Symbol) -> Double? {
        get { values[symbol] }
        set { values[symbol] = newValue }
    }

    /// Binds an opaque function (and optionally its derivatives).
    ///
    /// - Parameters:
    ///   - name: The function's name.
    ///   - conditioningIndex: Index of the first argument after `|`, if any.
    ///   - arity: The number of arguments.
    ///   - derivatives: Partial derivatives keyed by derivative orders (see
    ///     ``FunctionImplementation/derivatives``).
    ///   - value: The function.
    public mutating func define(_ name: String, conditioningIndex: Int? = nil, arity: Int = 1,
                                derivatives: [[Int]: FunctionImplementation.Body] = [:],
                                value: @escaping FunctionImplementation.Body) {
        let signature = FunctionSignature(name: name, conditioningIndex: conditioningIndex, arity: arity)
        functions[signature] = FunctionImplementation(value: value, derivatives: derivatives)
    }

    /// The closure implementing a call of `function` (possibly a derivative head) with
    /// `arity` arguments.
    func implementation(of function: OpaqueFunction, arity: Int) throws(EvaluationError) -> FunctionImplementation.Body {
        let signature = FunctionSignature(function, arity: arity)
        guard let implementation = functions[signature],
              let body = implementation.body(for: function.derivativeOrders) else {
            throw .unboundFunction(Environment.displayName(of: function, arity: arity))
        }
        return body
    }

    /// `f`, `f'`, `f''` or `∂(1,0) f` for diagnostics.
    static func displayName(of function: OpaqueFunction, arity: Int) -> String {
        let orders = function.derivativeOrders
        if !function.isDifferentiated { return function.name }
        if arity == 1, let k = orders.first, k <= 3 {
            return function.name + String(repeating: "'", count: k)
        }
        return "∂(" + orders.map(String.init).joined(separator: ",") + ") " + function.name
    }
}

/// Calls an opaque function's closure, mapping foreign errors and non-finite results.
@inline(__always)
func callOpaque(_ body: FunctionImplementation.Body, _ arguments: [Double], name: String) throws(EvaluationError) -> Double {
    let result: Double
    do {
        result = try body(arguments)
    } catch let error as EvaluationError {
        throw error
    } catch {
        throw .unsupported("\(name): \(error)")
    }
    guard result.isFinite else { throw .overflow(operation: name) }
    return result
}
