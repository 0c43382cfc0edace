// The precondition of a change of measure, P ≪ Q, checked on an instance.
//
// Implementation notes
// --------------------
// The symbolic rule `change-of-measure` rewrites `E_{v ~ Q}[P(v)/Q(v)·g]` to `E_{v ~ P}[g]`,
// which is `∫ q (p/q) g = ∫ p g` and holds only when P is absolutely continuous with respect
// to Q (Q puts mass wherever P does). Declared densities are taken to satisfy it, but an
// instance can bind them to distributions that do not (q uniform on (0, 1), p on (0, 2)).
// When an instance then contradicts a step proved with that rule, the disagreement is not a
// checker bug but the missing assumption: this file finds the density pairs the step puts
// in that position and compares their supports on the instance —
//   * continuous in continuous: the interval of P lies inside the interval of Q;
//   * finite in finite: P's support is a subset of Q's;
//   * a discrete P against a continuous Q or the reverse is never absolutely continuous.
import Symbolic

/// Checks `P ≪ Q` for the change-of-measure pairs of a step on an instance.
enum AbsoluteContinuity {
    /// Density pairs `(p, q)` where p is evaluated inside an expectation over q, in order of
    /// first appearance.
    static func changeOfMeasurePairs(in expressions: [Expr], densities: [String: DensityInfo]) -> [(p: String, q: String)] {
        var pairs: [(p: String, q: String)] = []
        for e in expressions {
            _ = e.containsSubexpression(ofKinds: .bigOperator) { x in
                guard case .bigOperator(let op) = x.kind, op.name == "E",
                      let clauses = op.samplingClauses(densities: densities) else { return false }
                for clause in clauses where clause.conditions.isEmpty {
                    _ = op.body.containsSubexpression(ofKinds: .opaqueCall) { y in
                        if case .call(.opaque(let o), let args) = y.kind, o.name != clause.densityName,
                           let info = densities[o.name], info.conditions.isEmpty, args.count == 1,
                           args[0].symbolValue == clause.variable,
                           !pairs.contains(where: { $0.p == o.name && $0.q == clause.densityName }) {
                            pairs.append((o.name, clause.densityName))
                        }
                        return false
                    }
                }
                return false
            }
        }
        return pairs
    }

    /// Why `P ≪ Q` fails on the instance for each pair that fails it (pairs whose
    /// distributions the instance does not fix are skipped).
    static func violations(of pairs: [(p: String, q: String)], on model: InstanceModel) -> [String] {
        pairs.compactMap { pair in
            guard let p = support(of: pair.p, in: model), let q = support(of: pair.q, in: model),
                  !contains(q, p) else { return nil }
            return "the step uses change-of-measure, which needs \(pair.p) ≪ \(pair.q) (\(pair.q) > 0 wherever \(pair.p) > 0); on instance '\(model.name)' the support of \(pair.p) is \(describe(p)) and that of \(pair.q) is \(describe(q))"
        }
    }

    private static func support(of name: String, in model: InstanceModel) -> DistributionSupport? {
        guard let binding = model.distributions[name], binding.conditions.isEmpty else { return nil }
        var env = Environment()
        for (symbol, value) in model.values.sorted(by: { $0.key < $1.key }) {
            if let v = try? value.evaluate(at: env) { env.values[symbol] = v }
        }
        var parameters: [Double] = []
        for p in binding.parameters {
            guard let v = try? p.evaluate(at: env) else { return nil }
            parameters.append(v)
        }
        return (try? Distribution(family: binding.family, parameters: parameters))?.support
    }

    /// Whether `outer` covers `inner` in the sense of absolute continuity.
    private static func contains(_ outer: DistributionSupport, _ inner: DistributionSupport) -> Bool {
        switch (outer, inner) {
        case (.finite(let o), .finite(let i)):
            return i.allSatisfy { FiniteSearch.index(of: $0, in: o) != nil }
        case (.finite, .realLine), (.finite, .interval), (.realLine, .finite), (.interval, .finite):
            return false
        case (.realLine, .realLine), (.realLine, .interval):
            return true
        case (.interval(let lo, let hi), .realLine):
            return lo == -.infinity && hi == .infinity
        case (.interval(let lo, let hi), .interval(let a, let b)):
            return lo <= a && b <= hi
        }
    }

    private static func describe(_ s: DistributionSupport) -> String {
        switch s {
        case .realLine: return "the real line"
        case .interval(let lo, let hi): return "[\(format(lo)), \(format(hi))]"
        case .finite(let values): return "{" + values.map(format).joined(separator: ", ") + "}"
        }
    }

    private static func format(_ x: Double) -> String {
        if x == .infinity { return "∞" }
        if x == -.infinity { return "-∞" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }
}
