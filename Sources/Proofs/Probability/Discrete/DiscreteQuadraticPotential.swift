// The GAN-QP quadratic-potential divergence on a finite support, exactly.
//
// Implementation notes
// --------------------
// For distributions p, q on {0, …, n−1}, a symmetric distance d (0 on the diagonal, positive
// off it) and λ > 0, write P_ab = p_a q_b (a real x_r = a, a fake x_f = b) and Q_ab = P_ba.
// The critic objective over antisymmetric Δ (Δ_ab = −Δ_ba, 0 on the diagonal) is
//
//     J(Δ) = Σ_{a≠b} P_ab [Δ_ab − Δ_ab²/(2λ d_ab)],
//
// maximised pair by pair at Δ*_ab = λ d_ab (P_ab − Q_ab)/(P_ab + Q_ab) (0 where P + Q = 0,
// where the pair does not contribute), with value L = (λ/4) Σ_{a≠b} d (P − Q)²/(P + Q). The
// generator objective E[Δ*] = Σ P Δ* equals 2L. The bounds of QP-5 on 2L are
// λ(Σ d|P − Q|)²/(4 E_{p⊗q} d) and λ E_{p⊗q} d. The one-argument critic Δ_ab = T_a − T_b
// makes J a concave quadratic in T; its stationary equations are the weighted Laplacian
// system Σ_b w_cb (T_c − T_b) = Σ_b (P_cb − P_bc), w_ab = (P_ab + P_ba)/(λ d_ab), solved with
// T_0 = 0 by exact Gaussian elimination (the support size is bounded by `maxSupport`).
import Symbolic

/// The quadratic-potential divergence of two distributions on a finite support.
public struct DiscreteQuadraticPotential: Sendable {
    /// Why the inputs do not define the divergence.
    public enum InputError: Error, Sendable, Equatable, CustomStringConvertible {
        /// p and q are not probability vectors of one length (or the distance has another size).
        case shape(String)
        /// A probability is negative or the probabilities do not sum to 1.
        case notADistribution(String)
        /// The distance is not symmetric, not 0 on the diagonal, or not positive off it.
        case notADistance(String)
        /// λ ≤ 0.
        case scale
        /// More points than `maxSupport`.
        case tooLarge(LimitExceeded)
        /// The restricted critic's linear system is singular (a pair graph that is not connected).
        case singular

        /// A one-line explanation.
        public var description: String {
            switch self {
            case .shape(let s), .notADistribution(let s), .notADistance(let s): return s
            case .scale: return "lambda must be positive"
            case .tooLarge(let l): return "support too large: \(l)"
            case .singular: return "the one-argument critic's system is singular"
            }
        }
    }

    /// The largest support handled.
    public static let maxSupport = 256

    /// The real distribution.
    public let p: [Rational]
    /// The generated distribution.
    public let q: [Rational]
    /// The distance matrix d[a][b].
    public let distance: [[Rational]]
    /// The scale λ.
    public let lambda: Rational

    /// Validates and stores the inputs.
    public init(p: [Rational], q: [Rational], distance: [[Rational]], lambda: Rational) throws(InputError) {
        let n = p.count
        guard n <= Self.maxSupport else { throw .tooLarge(LimitExceeded(limit: "maxSupport", requested: n, maximum: Self.maxSupport)) }
        guard n > 0, q.count == n, distance.count == n, distance.allSatisfy({ $0.count == n }) else {
            throw .shape("p, q and the distance must have one size")
        }
        for (name, v) in [("p", p), ("q", q)] {
            guard v.allSatisfy({ !$0.isNegative }), v.reduce(Rational.zero, +) == .one else {
                throw .notADistribution("\(name) is not a probability vector")
            }
        }
        for a in 0..<n {
            guard distance[a][a].isZero else { throw .notADistance("d(\(a), \(a)) is not 0") }
            for b in 0..<n where b != a {
                guard distance[a][b] == distance[b][a], distance[a][b].signum() > 0 else {
                    throw .notADistance("d(\(a), \(b)) must be positive and symmetric")
                }
            }
        }
        guard lambda.signum() > 0 else { throw .scale }
        self.p = p
        self.q = q
        self.distance = distance
        self.lambda = lambda
    }

    private var n: Int { p.count }
    private func big(_ a: Int, _ b: Int) -> Rational { p[a] * q[b] }

    /// Δ*(a, b) = λ d (P − Q)/(P + Q), and 0 on the diagonal and where P + Q = 0.
    public func optimalCritic() -> [[Rational]] {
        (0..<n).map { a in
            (0..<n).map { b in
                let s = big(a, b) + big(b, a)
                guard a != b, let inverse = s.reciprocal else { return .zero }
                return lambda * distance[a][b] * (big(a, b) - big(b, a)) * inverse
            }
        }
    }

    /// J(Δ) = Σ_{a≠b} P_ab [Δ_ab − Δ_ab²/(2λ d_ab)] for a critic matrix Δ.
    public func objective(critic: [[Rational]]) -> Rational {
        var total = Rational.zero
        for a in 0..<n {
            for b in 0..<n where a != b {
                let t = critic[a][b]
                let curvature = (2 * lambda * distance[a][b]).reciprocal ?? .zero
                total += big(a, b) * (t - t * t * curvature)
            }
        }
        return total
    }

    /// The divergence L = max over antisymmetric critics = (λ/4) Σ d (P − Q)²/(P + Q).
    public var divergence: Rational { objective(critic: optimalCritic()) }

    /// The generator objective at the optimal critic, Σ P Δ* (= 2L).
    public var generatorObjective: Rational {
        let c = optimalCritic()
        var total = Rational.zero
        for a in 0..<n { for b in 0..<n { total += big(a, b) * c[a][b] } }
        return total
    }

    /// E_{p⊗q}[d].
    public var expectedDistance: Rational {
        var total = Rational.zero
        for a in 0..<n { for b in 0..<n { total += big(a, b) * distance[a][b] } }
        return total
    }

    /// Σ_{a,b} d |P − Q| (over ordered pairs).
    public var distanceWeightedDifference: Rational {
        var total = Rational.zero
        for a in 0..<n { for b in 0..<n { total += distance[a][b] * (big(a, b) - big(b, a)).magnitude } }
        return total
    }

    /// The QP-5 bounds on the generator objective 2L: λ(Σ d|P − Q|)²/(4 E d) ≤ 2L ≤ λ E d.
    public var generatorObjectiveBounds: (lower: Rational, upper: Rational) {
        let e = expectedDistance
        let s = distanceWeightedDifference
        let lower = (4 * e).reciprocal.map { lambda * s * s * $0 } ?? .zero
        return (lower, lambda * e)
    }

    /// The best one-argument critic T (with T₀ = 0) and its objective value.
    public func bestOneArgumentCritic() throws(InputError) -> (critic: [Rational], value: Rational) {
        if n == 1 { return ([.zero], .zero) }
        // Unknowns T_1 … T_{n−1}; equation c (c = 1 … n−1): Σ_b w_cb (T_c − T_b) = r_c.
        var system: [[Rational]] = []
        for c in 1..<n {
            var row = [Rational](repeating: .zero, count: n)  // n − 1 coefficients + right side
            var rhs = Rational.zero
            for b in 0..<n where b != c {
                let w = ((big(c, b) + big(b, c)) * ((lambda * distance[c][b]).reciprocal ?? .zero))
                row[c - 1] += w
                if b > 0 { row[b - 1] -= w }
                rhs += big(c, b) - big(b, c)
            }
            row[n - 1] = rhs
            system.append(row)
        }
        let m = n - 1
        for col in 0..<m {
            guard let pivot = (col..<m).first(where: { !system[$0][col].isZero }) else { throw .singular }
            system.swapAt(col, pivot)
            guard let inverse = system[col][col].reciprocal else { throw .singular }
            for j in col...m { system[col][j] *= inverse }
            for i in 0..<m where i != col && !system[i][col].isZero {
                let factor = system[i][col]
                for j in col...m { system[i][j] -= factor * system[col][j] }
            }
        }
        let t = [Rational.zero] + (0..<m).map { system[$0][m] }
        let critic = (0..<n).map { a in (0..<n).map { b in a == b ? Rational.zero : t[a] - t[b] } }
        return (t, objective(critic: critic))
    }
}
