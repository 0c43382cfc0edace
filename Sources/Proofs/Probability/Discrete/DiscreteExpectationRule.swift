// The rewrite rule that computes expectations over inline finite distributions.
import Symbolic

extension DiscreteExpectation {
    /// The rule's name, citable as a hint.
    public static let ruleName = "discrete-expectation"

    /// `E_{e ~ bernoulli(p), …, conditions}[g]` becomes its exact value, the weighted sum
    /// over the outcomes (divided by the event's probability under conditions). The rule
    /// does not apply when a weight is not provably nonnegative, a condition cannot be
    /// decided at an outcome, the event is impossible, or there are too many outcomes.
    /// - Parameter declared: the declared densities (names that are not families here).
    public static func rule(declared: Set<String>) -> RewriteRule {
        RewriteRule(computed: ruleName,
                    summary: "E over inline finite distributions (bernoulli(p), categorical(p0, ...)) is the weighted sum over the outcomes; conditions restrict and renormalise",
                    heads: ["big:E"]) { e, context in
            guard case .bigOperator(let op) = e.kind, let d = DiscreteExpectation(op, declared: declared) else { return nil }
            return try? d.exactValue(assumptions: context.assumptions, limits: context.limits)
        }
    }
}
