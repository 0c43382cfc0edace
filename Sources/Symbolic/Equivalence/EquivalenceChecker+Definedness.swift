// Where an expression is defined: counting the seeded points at which it evaluates.
//
// Implementation notes
// --------------------
// The points are drawn exactly as the numeric phase draws them (the same domains, joint
// samplers, stand-in functions and assumed relations), from a stream of their own. A point
// that violates an assumed relation is not counted. The count stops at the first point where
// the expression cannot be evaluated at all (an unbound name, an unsupported construct):
// such an expression is `unevaluable`, not undefined.

/// How often an expression was defined at the sampled points.
public struct Definedness: Sendable, Hashable {
    /// Points where it has a finite value.
    public var defined = 0
    /// Points where it is undefined (a domain error, a division by zero, an overflow).
    public var undefined = 0
    /// Of the undefined: those clearly outside the domain (not on a boundary by rounding).
    public var robustlyUndefined = 0
    /// Why it cannot be evaluated at all, when it cannot.
    public var unevaluable: String?
    /// Why it was undefined at the first such point.
    public var firstReason: String?

    /// Whether it was undefined, clearly outside its domain, at every point tried (and
    /// evaluable, and tried at least once).
    public var isNowhereDefined: Bool {
        unevaluable == nil && defined == 0 && robustlyUndefined > 0 && robustlyUndefined == undefined
    }
}

extension EquivalenceChecker {
    /// Evaluates `e` at up to `attempts` seeded points (default: `maxAttempts`) and counts
    /// where it is defined.
    public func definedness(of e: Expr, attempts: Int? = nil) -> Definedness {
        let setup = NumericSetup(checker: self, expressions: [e])
        var rng = RandomSource(seed: seed, stream: [e.stableHash, 0x6465_6669_6e65])
        var out = Definedness()
        let total = max(1, min(attempts ?? maxAttempts, maxAttempts))
        for _ in 0..<total {
            let (point, relationsHold) = setup.sampleCheckedPoint(&rng)
            guard relationsHold else { continue }
            switch setup.evaluate(e, at: point) {
            case .value:
                out.defined += 1
            case .undefined(let why, let robust):
                out.undefined += 1
                if robust { out.robustlyUndefined += 1 }
                if out.firstReason == nil { out.firstReason = why.description }
            case .unevaluable(let why):
                out.unevaluable = why.description
                return out
            }
            if setup.symbols.isEmpty { break }
        }
        return out
    }
}
