// What the checker knows while checking the steps of one file.
import Symbolic

/// Options of a checking run.
public struct CheckOptions: Sendable {
    /// The seed of every numeric check (streams are derived per chain and step).
    public var seed: UInt64 = 0
    /// Undischarged side conditions and admitted steps become errors.
    public var strict = false
    /// Check only the chains with these names (all when empty).
    public var only: [String] = []
    /// Resource limits.
    public var limits: Limits = .default
    /// Agreeing numeric points required per step.
    public var numericPoints = 20
    /// Monte Carlo samples per expectation when an instance does not set `samples`.
    public var monteCarloSamples = 20_000
    /// The most integrand evaluations of one quadrature on an instance (each level of a
    /// nested one); hitting it leaves the step undecided. Lowered only by the fuzz profile.
    public var quadratureEvaluations = 200_000
    /// The most integrand evaluations one step may spend on one instance, every level of
    /// nested quadratures and sums counted (each quadrature is bounded by
    /// `quadratureEvaluations`, but nested ones multiply). Hitting it leaves the remaining
    /// points unevaluated, with a note naming `quadratureTotalEvaluations`.
    public var quadratureTotalEvaluations = 4_000_000
    /// The most nodes a family's members may have in all (each member's chain with the
    /// family's values substituted, definitions unfolded, and its finite sums and products and
    /// matrix expressions written out): a bound on the family's total work. Members past it are not checked, and an error says so.
    public var maxFamilyWork = 200_000
    /// The most units of algebra (``Limits/maxAlgebraWork``'s units, see `WorkMeter`) the
    /// normal forms of a family's members may cost in all. Members past it are not checked,
    /// and an error says so.
    public var maxFamilyAlgebraWork = 500_000_000
    /// The number of sampled tests in the file, for the multiple-testing correction (set by
    /// the checker).
    public var sampledTestsInFile = 1
    /// Test-only hook: rules added to every step's rule set (after the probability rules),
    /// citable by name. Used to check that an unsound rule is caught by the numbers.
    var injectedRulesForTesting: [RewriteRule] = []

    /// Default options.
    public init() {}
}

/// The facts and definitions a step is checked against.
public struct CheckContext: Sendable {
    /// Assumed ranges and relations.
    public var assumptions = Assumptions()
    /// Normal forms and matrix expansions computed in this file's check, kept for the steps
    /// and instances that need them again (pure functions: the same results either way).
    private(set) var normalForms = NormalFormMemo()
    private(set) var matrixExpansions = MatrixExpansionMemo()
    /// `let NAME = body` definitions.
    public var constants: [Symbol: Expr] = [:]
    /// Defined functions: `let f(u) = body`, `function f(u) = body`.
    public var functions: [String: (parameters: [Symbol], body: Expr)] = [:]
    /// Shapes of stand-ins for opaque functions (from declared properties).
    public var functionShapes: [String: TestFunctionShape] = [:]
    /// Declared densities (their definitions are used by the probability rules and the
    /// numeric evaluation, not unfolded).
    public var densities: [String: DensityInfo] = [:]
    /// Rules added by the file's declarations (probability rules), tried after the
    /// built-in ones.
    public var extraRules: [RewriteRule] = []
    /// Rules from the declarations that run only when a step cites them (`gibbs`).
    public var citedOnlyRules: [RewriteRule] = []
    /// Equalities stated by `assume A = B` with a compound left side (`assume f(1) = 0`), as
    /// rules named `assumption`: applied when definitions are unfolded and by the rewriter.
    public var facts: [RewriteRule] = []
    /// The facts that pin an opaque function at a point (`f(1) = 0`): numeric stand-ins for
    /// the function pass through these points.
    public var functionPins: [String: [(point: [Double], value: Double)]] = [:]
    /// Options of the run.
    public var options = CheckOptions()
    /// Declared matrices and vectors (sizes fixed by the chain's family, values bound by the
    /// instance being checked); see `MatrixExpansion`.
    public var matrices: [String: DeclaredMatrix] = [:]

    /// An empty context.
    public init() {}

    /// A copy with memo tables of its own, for another thread (the tables are not
    /// thread-safe; their contents never change a result).
    func withOwnMemos() -> CheckContext {
        var copy = self
        copy.normalForms = NormalFormMemo()
        copy.matrixExpansions = MatrixExpansionMemo()
        return copy
    }

    /// Unfolds every definition in `e` (repeatedly, for definitions that use others),
    /// bounded by the number of definitions, unrolls finite sums and expands matrix
    /// expressions into scalars (a matrix-valued `e` comes back as a list of rows).
    public func unfolding(_ e: Expr) throws -> Expr {
        // Densities stay names where they are sampled from (`x ~ post(x | z)`): their
        // definitions unfold only at the points where they are evaluated.
        let sampled = functions.keys.filter { densities[$0] != nil }
        var current = sampled.isEmpty ? e : Self.renamingSampledDensities(in: e, names: Set(sampled), protect: true)
        let rounds = constants.count + functions.count + 1
        for _ in 0..<rounds {
            var next = current
            if !constants.isEmpty {
                let present = Set(next.freeSymbols)
                let relevant = constants.filter { present.contains($0.key) }
                if !relevant.isEmpty { next = try next.substituting(relevant, limits: options.limits) }
            }
            for (name, f) in functions.sorted(by: { $0.key < $1.key }) where next.callsFunction(named: name) {
                next = try next.substituting(function: name, parameters: f.parameters, body: f.body, limits: options.limits)
            }
            if next == current { break }
            current = next
        }
        if !sampled.isEmpty {
            current = Self.renamingSampledDensities(in: current, names: Set(sampled), protect: false)
        }
        if !facts.isEmpty {
            let rewriter = Rewriter(rules: facts, assumptions: assumptions, limits: options.limits)
            current = try rewriter.rewrite(current.canonicalized(limits: options.limits)).expr
        }
        let unrolled = try FiniteExpansion.expand(current, limits: options.limits)
        return try matrixExpansions.expand(unrolled, matrices: matrices, limits: options.limits).expression
    }
}

extension Expr {
    /// Whether an opaque function with this name is called anywhere in the expression.
    func callsFunction(named name: String) -> Bool {
        containsSubexpression(ofKinds: .opaqueCall) { e in
            if case .call(.opaque(let o), _) = e.kind, o.name == name { return true }
            return false
        }
    }
}

extension CheckContext {
    /// The prefix that hides a density's name in a sampling clause while definitions unfold.
    private static let protectedPrefix = "\u{1}"

    /// Renames the densities `names` where they are sampled from (the value of a `v ~ D`
    /// binding) or compared (the arguments of `KL` and `H`) to a protected name (`protect`),
    /// or back.
    static func renamingSampledDensities(in e: Expr, names: Set<String>, protect: Bool) -> Expr {
        guard e.containsSubexpression(ofKinds: [.bigOperator, .opaqueCall], where: { x in
            switch x.kind {
            case .bigOperator: return true
            case .call(.opaque(let o), _): return o.name == "KL" || o.name == "H"
            case .number, .symbol, .constant, .sum, .product, .power, .call, .derivative, .list, .subscripted, .range: return false
            }
        }) else { return e }
        func rename(_ value: Expr) -> Expr {
            func renamed(_ name: String) -> String? {
                if protect { return names.contains(name) ? protectedPrefix + name : nil }
                guard name.hasPrefix(protectedPrefix) else { return nil }
                return String(name.dropFirst(protectedPrefix.count))
            }
            switch value.kind {
            case .symbol(let s):
                return renamed(s.name).map { .symbol(Symbol($0)) } ?? value
            case .call(.opaque(let o), let args):
                guard let n = renamed(o.name) else { return value }
                var f = o
                f.name = n
                return Expr(.call(.opaque(f), args))
            case .number, .constant, .sum, .product, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
                return value
            }
        }
        func walk(_ x: Expr) -> Expr {
            let mapped = x.mapChildren(walk)
            // The arguments of KL and H are densities too.
            if case .call(.opaque(let o), let args) = mapped.kind, o.name == "KL" || o.name == "H" {
                return Expr(.call(.opaque(o), args.map(rename)))
            }
            guard case .bigOperator(let op) = mapped.kind, op.bindings.contains(where: { $0.relation == .distributedAs }) else { return mapped }
            let bindings = op.bindings.map { b in
                b.relation == .distributedAs ? Binding(subject: b.subject, relation: b.relation, value: b.value.map(rename)) : b
            }
            return Expr(.bigOperator(BigOperator(name: op.name, bindings: bindings, body: op.body)))
        }
        return walk(e)
    }
}

extension EquivalenceChecker {
    /// Takes the stand-ins for the context's opaque functions: their declared shapes, and the
    /// points assumed facts pin them through (`f(1) = 0`). Every checker that evaluates a
    /// step's functions numerically takes both, so numbers and facts cannot disagree.
    mutating func useStandIns(of context: CheckContext) {
        functionShapes = context.functionShapes
        functionPins = context.functionPins
        normalForms = context.normalForms
    }
}
