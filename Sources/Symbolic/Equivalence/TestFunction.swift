// Random concrete functions standing in for opaque ones in numeric checks.
//
// Implementation notes
// --------------------
// An identity in an opaque function f must hold for every f, so evaluating it with a
// random smooth f can refute it (and agreement for several random f is evidence, never
// proof). Each stand-in is
//
//     f(u₁…u_k) = a₀ + Σᵢ (bᵢ uᵢ + cᵢ uᵢ²/2) + d · S(Σᵢ eᵢ uᵢ + g)
//
// with S = sin for generic functions (so f is not a polynomial of low degree) and S = exp
// with c, d ≥ 0 for convex ones (every second derivative is then ≥ 0), negated for concave,
// and b, e > 0, c = 0 for increasing ones. Every partial derivative of any order has a
// closed form, so `f'`, `f''` and mixed partials evaluate exactly. Positive functions
// (densities) are exp of a small generic function; their derivatives are not provided.
// The coefficients come from a `RandomSource` keyed by (seed, name), so runs repeat.

/// The kind of stand-in to build for an opaque function.
public enum TestFunctionShape: String, Sendable, Hashable, CaseIterable {
    /// Any smooth function.
    case generic
    /// A convex function.
    case convex
    /// A concave function.
    case concave
    /// An increasing function.
    case increasing
    /// A positive function (densities).
    case positive
}

/// A random smooth function with closed-form partial derivatives.
public struct TestFunction: Sendable {
    let arity: Int
    let shape: TestFunctionShape
    let a0: Double
    let b: [Double]
    let c: [Double]
    let d: Double
    let e: [Double]
    let g: Double
    /// The constant added to the value so that the function passes through a pinned point
    /// (for a positive stand-in: added to its logarithm, i.e. a positive factor).
    var offset = 0.0

    /// The same stand-in shifted by a constant so that `f(point) = value` (a stated fact such
    /// as `f(1) = 0`); the shape (convex, concave, increasing) is unchanged. A positive
    /// stand-in is scaled by a positive factor instead, so it stays positive; a positive one
    /// cannot take a value ≤ 0 and is then returned as it is (the fact contradicts the
    /// declaration, and the numbers will say so).
    public func pinned(at point: [Double], to value: Double) -> TestFunction {
        guard let current = try? evaluate(point, orders: []) else { return self }
        var copy = self
        if shape == .positive {
            guard value > 0, current > 0 else { return self }
            copy.offset += LibM.log(value) - LibM.log(current)
        } else {
            copy.offset += value - current
        }
        return copy
    }

    /// Draws a stand-in for `name` with `arity` arguments.
    public init(name: String, arity: Int, shape: TestFunctionShape, seed: UInt64) {
        var rng = RandomSource(seed: seed, stream: [StableHash.of(name), UInt64(arity), StableHash.of(shape.rawValue)])
        self.arity = arity
        self.shape = shape
        func draw(_ lo: Double, _ hi: Double) -> Double { rng.nextDouble(in: lo, hi) }
        a0 = draw(-1, 1)
        switch shape {
        case .generic, .positive:
            let scale = shape == .positive ? 0.3 : 1.0
            b = (0..<arity).map { _ in draw(-1, 1) * scale }
            c = (0..<arity).map { _ in draw(-0.5, 0.5) * scale }
            d = draw(0.5, 1.5) * scale
            e = (0..<arity).map { _ in draw(0.5, 1.5) * (rng.nextUnit() < 0.5 ? -1 : 1) }
            g = draw(-1, 1)
        case .convex, .concave:
            b = (0..<arity).map { _ in draw(-1, 1) }
            c = (0..<arity).map { _ in draw(0.1, 1) }
            d = draw(0.1, 0.5)
            e = (0..<arity).map { _ in draw(0.2, 0.6) * (rng.nextUnit() < 0.5 ? -1 : 1) }
            g = draw(-0.5, 0.5)
        case .increasing:
            b = (0..<arity).map { _ in draw(0.5, 1.5) }
            c = [Double](repeating: 0, count: arity)
            d = draw(0.1, 0.5)
            e = (0..<arity).map { _ in draw(0.2, 0.6) }
            g = draw(-0.5, 0.5)
        }
    }

    /// The value (orders all zero) or a partial derivative with the given orders.
    /// - Throws: ``EvaluationError/unsupported(_:)`` for derivatives of positive stand-ins,
    ///   ``EvaluationError/overflow(operation:)`` for non-finite values.
    public func evaluate(_ u: [Double], orders: [Int]) throws(EvaluationError) -> Double {
        guard u.count == arity else { throw .unsupported("wrong number of arguments") }
        if orders.isEmpty && shape != .positive { return try value(u) }
        let ords = orders.isEmpty ? [Int](repeating: 0, count: arity) : orders
        let total = ords.reduce(0, +)
        var theta = g
        for i in 0..<arity { theta += e[i] * u[i] }
        let sign: Double = shape == .concave ? -1 : 1
        var value: Double
        if shape == .positive {
            if total > 0 { throw .unsupported("derivatives of a positive stand-in function") }
            var inner = a0
            for i in 0..<arity { inner += b[i] * u[i] + c[i] * u[i] * u[i] / 2 }
            inner += d * LibM.sin(theta) + offset
            value = LibM.exp(inner)
        } else {
            // Polynomial part.
            var poly = 0.0
            if total == 0 {
                poly = a0
                for i in 0..<arity { poly += b[i] * u[i] + c[i] * u[i] * u[i] / 2 }
            } else if total == 1, let i = ords.firstIndex(of: 1) {
                poly = b[i] + c[i] * u[i]
            } else if total == 2, let i = ords.firstIndex(of: 2) {
                poly = c[i]
            }
            // Transcendental part: d · Π eᵢ^{oᵢ} · S^{(total)}(θ).
            var factor = d
            for i in 0..<arity where ords[i] > 0 {
                for _ in 0..<ords[i] { factor *= e[i] }
            }
            let s: Double
            switch shape {
            case .generic:
                // sin^{(n)}(θ) = sin(θ + nπ/2).
                switch total % 4 {
                case 0: s = LibM.sin(theta)
                case 1: s = LibM.cos(theta)
                case 2: s = -LibM.sin(theta)
                default: s = -LibM.cos(theta)
                }
            case .convex, .concave, .increasing, .positive:
                s = LibM.exp(theta)
            }
            value = sign * (poly + factor * s)
            if total == 0 { value += offset }
        }
        guard value.isFinite else { throw .overflow(operation: "stand-in function") }
        return value
    }

    /// The value of a stand-in that is not positive: the operations of `evaluate(_:orders:)`
    /// with every order zero, without building the orders (quadrature and rejection sampling
    /// evaluate stand-ins hundreds of thousands of times).
    private func value(_ u: [Double]) throws(EvaluationError) -> Double {
        var theta = g
        for i in 0..<arity { theta += e[i] * u[i] }
        let sign: Double = shape == .concave ? -1 : 1
        var poly = a0
        for i in 0..<arity { poly += b[i] * u[i] + c[i] * u[i] * u[i] / 2 }
        let factor = d
        let s: Double
        switch shape {
        case .generic: s = LibM.sin(theta)
        case .convex, .concave, .increasing, .positive: s = LibM.exp(theta)
        }
        var value = sign * (poly + factor * s)
        value += offset
        guard value.isFinite else { throw .overflow(operation: "stand-in function") }
        return value
    }

    /// An implementation for an ``Environment``: the value plus the derivative orders in
    /// `orders` (e.g. `[[1], [2]]` for `f'` and `f''`).
    public func implementation(derivativeOrders orders: [[Int]]) -> FunctionImplementation {
        let f = self
        var derivatives: [[Int]: FunctionImplementation.Body] = [:]
        for o in orders {
            derivatives[o] = { (u: [Double]) throws -> Double in try f.evaluate(u, orders: o) }
        }
        return FunctionImplementation(value: { (u: [Double]) throws -> Double in try f.evaluate(u, orders: []) },
                                      derivatives: derivatives)
    }
}
