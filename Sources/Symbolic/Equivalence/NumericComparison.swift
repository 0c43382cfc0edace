// The numeric half of a check: seeded points, tolerant comparison, shrinking, margins.

/// What happened when one side was evaluated at a point.
enum PointValue {
    case value(Double)
    /// Undefined at this point (domain error, division by zero, overflow).
    /// Undefined at this point; `robust` when the offending argument is clearly outside the
    /// domain (log of −0.5), not when it sits on the boundary where rounding can put it
    /// (a division by a difference that rounds to 0, the log of an underflowed 0).
    /// The message is built only when read (most undefined points are skipped unread).
    case undefined(PointError, robust: Bool)
    /// Cannot be evaluated at all (unbound name, unsupported construct).
    case unevaluable(PointError)
}

/// Why a side has no value at a point; the text is rendered on demand (relations that cannot
/// be evaluated at a point are evaluated, and their messages dropped, at every point).
struct PointError: CustomStringConvertible {
    let error: EvaluationError
    var description: String { error.description }
}

/// Shared machinery: the environment with stand-ins, the sampled symbols, evaluation.
struct NumericSetup {
    let checker: EquivalenceChecker
    let symbols: [Symbol]
    let domains: [SampleDomain]
    /// The domains' samplers (plain values: a draw copies no reference-counted range).
    private let samplers: [SampleDomain.Sampler]
    let environment: Environment
    let symbolIndex: [Symbol: Int]
    /// Positions of jointly sampled symbols (not shrunk one by one).
    let jointIndices: Set<Int>
    /// Whether the checker has joint samplers (read at every draw).
    private let hasJointSamplers: Bool
    /// The functions given random stand-ins here (they throw no domain error).
    private let standIns: Set<FunctionSignature>
    /// The identities of the `expressions` given at creation that contain a big operator
    /// (decided once here, not at every point `scale` is asked for).
    private let withBigOperators: Set<ObjectIdentifier>
    /// The expressions given at creation (kept alive so their identities stay valid).
    private let expressions: [Expr]
    /// Compiled forms of the expressions evaluated repeatedly (see `evaluate`).
    private let compiledForms = CompiledForms()
    /// How often points drawn here satisfied the assumed relations (see `sampleCheckedPoint`).
    private let admissions = AdmissionRecord()
    /// The identities of the `expressions` given at creation whose rounding-error bound is
    /// `nil` at every point (`RoundingErrorBound.neverBounds`, decided once here).
    private let withoutRoundingBounds: Set<ObjectIdentifier>
    /// Derivatives behind `diff(…)` nodes, for the tree walks of `errorScale` and `scale`.
    private let derivatives = DerivativeCache()

    init(checker: EquivalenceChecker, expressions: [Expr]) {
        self.checker = checker
        self.expressions = expressions
        var big = Set<ObjectIdentifier>()
        for e in expressions where NumericSetup.containsBigOperator(e) { big.insert(e.identity) }
        withBigOperators = big
        var unbounded = Set<ObjectIdentifier>()
        for e in expressions where RoundingErrorBound.neverBounds(e) { unbounded.insert(e.identity) }
        withoutRoundingBounds = unbounded
        var env = checker.environment
        var free = Set<Symbol>()
        for e in expressions { free.formUnion(e.freeSymbols) }
        // Symbols tied to these by assumed relations (`assume x >= y` for a step about x) are
        // sampled too, so that every point satisfies the relations the step relies on.
        var grew = !free.isEmpty
        while grew {
            grew = false
            for (difference, _) in checker.assumptions.relations {
                let tied = Set(difference.freeSymbols)
                if !free.isDisjoint(with: tied), !free.isSuperset(of: tied) {
                    free.formUnion(tied)
                    grew = true
                }
            }
        }
        symbols = free.subtracting(env.values.keys).sorted()
        domains = symbols.map { SampleDomain(checker.assumptions.range(of: $0)) }
        samplers = domains.map(\.sampler)
        var index: [Symbol: Int] = [:]
        for (i, s) in symbols.enumerated() { index[s] = i }
        symbolIndex = index
        jointIndices = Set(checker.jointSamplers.flatMap(\.symbols).compactMap { index[$0] })
        hasJointSamplers = !checker.jointSamplers.isEmpty
        // Stand-ins for opaque functions without an implementation.
        var needed: [FunctionSignature: Set<[Int]>] = [:]
        for e in expressions {
            // One walk finds both the opaque calls and whether any derivative occurs.
            var hasDerivative = false
            var calls: [(OpaqueFunction, Int)] = []
            _ = e.containsSubexpression(ofKinds: [.derivative, .opaqueCall]) { node in
                switch node.kind {
                case .derivative: hasDerivative = true
                case .call(.opaque(let o), let args): calls.append((o, args.count))
                case .number, .symbol, .constant, .sum, .product, .power, .call, .bigOperator, .list, .subscripted, .range: break
                }
                return false
            }
            for (o, arity) in calls where !checker.functionsWithoutStandIns.contains(o.name) {
                let base = OpaqueFunction(name: o.name, conditioningIndex: o.conditioningIndex)
                let sig = FunctionSignature(base, arity: arity)
                if env.functions[sig] == nil {
                    needed[sig, default: []].insert(o.isDifferentiated ? o.derivativeOrders : [])
                    // An unevaluated `diff(…)` around the call becomes derivatives of it at
                    // evaluation: provide the first and second partials too.
                    if !o.isDifferentiated, hasDerivative {
                        for i in 0..<arity {
                            for k in 1...2 { needed[sig, default: []].insert((0..<arity).map { $0 == i ? k : 0 }) }
                        }
                    }
                }
            }
        }
        standIns = Set(needed.keys)
        for (sig, orders) in needed.sorted(by: { $0.key.description < $1.key.description }) {
            let shape = checker.functionShapes[sig.name] ?? (sig.conditioningIndex != nil ? .positive : .generic)
            var f = TestFunction(name: sig.name, arity: sig.arity, shape: shape, seed: checker.seed)
            for pin in checker.functionPins[sig.name] ?? [] where pin.point.count == sig.arity {
                f = f.pinned(at: pin.point, to: pin.value)
            }
            env.functions[sig] = f.implementation(derivativeOrders: orders.filter { !$0.isEmpty }.sorted { $0.lexicographicallyPrecedes($1) })
        }
        environment = env
    }

    func evaluate(_ e: Expr, at point: [Double]) -> PointValue {
        // An expression evaluated again and again runs compiled: the same value at every
        // point where it is defined; elsewhere the tree below reports the precise error.
        if let v = compiledForms.value(of: e, at: point, variables: symbols, environment: environment) {
            return .value(v)
        }
        let env = compiledForms.environment(environment, binding: symbols, to: point)
        do {
            return .value(try e.evaluate(at: env))
        } catch {
            switch error {
            case .domain(_, let argument):
                return .undefined(PointError(error: error), robust: abs(argument) > 1e-9)
            case .divisionByZero, .overflow:
                return .undefined(PointError(error: error), robust: false)
            case .unboundSymbol, .unboundFunction, .unsupported, .limitExceeded, .divergent:
                return .unevaluable(PointError(error: error))
            }
        }
    }

    /// The scale of the absolute rounding tolerance (the tolerance is 1e-11 times it): 10
    /// times the first-order rounding-error bound of `e` where that bound is available (see
    /// `RoundingErrorBound`), else the largest intermediate value (`scale`). The bound is the
    /// better model both ways: a large radicand or quotient does not make a result noisy,
    /// and a log of a difference that cancels does.
    func errorScale(_ e: Expr, at point: [Double]) -> Double {
        if hasBigOperator(e) {
            return scale(e, at: point)
        }
        // A bound that is `nil` at every point is not walked for at each one.
        if expressions.contains(where: { $0.identity == e.identity }) ? withoutRoundingBounds.contains(e.identity)
            : RoundingErrorBound.neverBounds(e) {
            return scale(e, at: point)
        }
        let env = compiledForms.environment(environment, binding: symbols, to: point)
        var rounding = RoundingErrorBound(environment: env, derivatives: derivatives)
        guard let b = rounding.bound(e) else { return scale(e, at: point) }
        return 10 * b / 1e-11
    }

    /// The largest absolute value of any sub-expression at the point (bounded work).
    func scale(_ e: Expr, at point: [Double]) -> Double {
        // Big operators are costly to evaluate (quadrature, enumeration): their top-level
        // values stand for their intermediate sizes.
        if hasBigOperator(e) { return 0 }
        let env = compiledForms.environment(environment, binding: symbols, to: point)
        var best = 0.0
        var visited = IdentitySet()
        var budget = 400
        // One memoising evaluator for the whole walk: each node's value is computed once
        // (the values are the same as evaluating every node on its own).
        var evaluator = TreeEvaluator(environment: env, memoize: true, derivatives: derivatives)
        func walk(_ x: Expr, depth: Int) {
            guard budget > 0, depth < 12, visited.insert(ObjectIdentifier(x.node)) else { return }
            budget -= 1
            if x.height <= env.limits.maxDepth, let v = try? evaluator.evaluate(x), v.isFinite { best = max(best, abs(v)) }
            switch x.kind {
            case .bigOperator: return
            case .number, .symbol, .constant, .sum, .product, .power, .call, .derivative, .list, .subscripted, .range:
                for c in x.children { walk(c, depth: depth + 1) }
            }
        }
        walk(e, depth: 0)
        return best
    }

    /// Whether `evaluate(e, at:)` can be `.undefined(robust: true)` at some point, from the
    /// shape of `e`: only a domain error is robust, and only built-in functions, non-integer
    /// or computed exponents, derivatives, big operators, subscripts and functions that are
    /// not this setup's stand-ins (a stand-in throws no domain error) can raise one; sums,
    /// products and integer powers raise only division by zero and overflow (`0^0`, a domain
    /// error at 0, is never robust). `true` means "may be".
    func mayBeRobustlyUndefined(_ e: Expr) -> Bool {
        e.walkFinds { x in
            switch x.kind {
            case .number, .symbol, .constant:
                return .enter([])
            case .sum(let terms):
                return .enter(terms)
            case .product(let factors):
                return .enter(factors)
            case .power(let base, let exponent):
                guard let r = exponent.numberValue, r.isInteger, let n = r.asInt, n != Int.min else { return .found }
                return .enter([base])
            case .call(.opaque(let o), let arguments):
                guard standIns.contains(FunctionSignature(o, arity: arguments.count)) else { return .found }
                return .enter(arguments)
            case .call(.builtin, _), .derivative, .bigOperator, .list, .subscripted, .range:
                return .found
            }
        }
    }

    /// Whether `e` contains a big operator: decided once for the expressions given at
    /// creation, by a walk for any other.
    func hasBigOperator(_ e: Expr) -> Bool {
        if expressions.contains(where: { $0.identity == e.identity }) { return withBigOperators.contains(e.identity) }
        return NumericSetup.containsBigOperator(e)
    }

    static func containsBigOperator(_ e: Expr) -> Bool {
        e.occurringKinds.contains(.bigOperator)
    }

    /// Draws a point inside every symbol's range that also satisfies the assumed relations
    /// between symbols (`assume a < b`), by rejection; after 200 rejections the last draw is
    /// returned and `satisfiesRelations` tells the caller to skip it.
    func samplePoint(_ rng: inout RandomSource) -> [Double] {
        sampleCheckedPoint(&rng).point
    }

    /// `samplePoint` with whether the point satisfies the assumed relations: the same
    /// draws, the same point and the same `satisfiesRelations(point)`, known from the
    /// rejection itself (every returned point's relations were evaluated there), so callers
    /// need not evaluate them a second time.
    ///
    /// Relations that sampling essentially never meets (an assumed equation `L'(s) = 0`
    /// between stand-ins, met only on a set of measure zero) would cost `maxRetries` draws at
    /// every one of hundreds of points, all of them skipped. Once `hopelessCalls` calls in a
    /// row have found no admissible point and none ever has, each further call makes one draw
    /// and reports whether it happens to satisfy them: the same kind of answer (a point and
    /// whether its relations hold), fewer draws, and a later point that does hold is still
    /// used. Deterministic: the record belongs to this setup alone.
    func sampleCheckedPoint(_ rng: inout RandomSource) -> (point: [Double], satisfiesRelations: Bool) {
        var point = [Double](repeating: 0, count: domains.count)
        drawOnce(into: &point, &rng)
        if admissions.admitted == 0, admissions.failedCalls >= NumericSetup.hopelessCalls {
            let holds = satisfiesRelations(point)
            if holds { admissions.admitted += 1 }
            return (point, holds)
        }
        let result = rejectionSample(first: point, &rng)
        if result.satisfiesRelations {
            admissions.admitted += 1
        } else {
            admissions.failedCalls += 1
        }
        return result
    }

    /// Calls of `sampleCheckedPoint` that found no admissible point, with none found ever,
    /// after which it stops rejecting (see there).
    static let hopelessCalls = 5

    /// Rejection from the draw `first` on (at most `maxRetries` further draws).
    private func rejectionSample(first: [Double], _ rng: inout RandomSource) -> (point: [Double], satisfiesRelations: Bool) {
        var point = first
        var tries = 0
        // The first retry one at a time (relations that often hold need no more); then the
        // rest in blocks, a small one first.
        while tries < NumericSetup.retriesBeforeBlocks {
            if satisfiesRelations(point) { return (point, true) }
            drawOnce(into: &point, &rng)
            tries += 1
        }
        if satisfiesRelations(point) { return (point, true) }
        if let batched = rejectionInBatches(&rng, draws: NumericSetup.maxRetries - tries) { return batched }
        var satisfied = false
        while tries < NumericSetup.maxRetries {
            drawOnce(into: &point, &rng)
            tries += 1
            satisfied = satisfiesRelations(point)
            if satisfied { break }
        }
        return (point, satisfied)
    }

    /// Rejected draws after which `samplePoint` returns the last one.
    static let maxRetries = 200
    /// Retries drawn one at a time before the rest are drawn in blocks.
    static let retriesBeforeBlocks = 1

    /// The next `remaining` draws after rejected ones, as `samplePoint` would make them (the
    /// first that satisfies the relations, else the last), with the relations evaluated
    /// over blocks of draws: the draws of a block are made one after another from `rng` (its
    /// state after each is kept), every relation's compiled program runs once over the block
    /// (the same value at every point as one point at a time, `CompiledExpr`), and the first
    /// draw that satisfies them all is returned with `rng` reset to its state after that draw
    /// — exactly the point and generator state of drawing one at a time. `nil` (draw one at a
    /// time) unless every relation is compiled or never evaluable and no joint sampler draws.
    private func rejectionInBatches(_ rng: inout RandomSource, draws remaining: Int) -> (point: [Double], satisfiesRelations: Bool)? {
        guard !symbols.isEmpty, checker.jointSamplers.isEmpty else { return nil }
        let relations = checker.assumptions.relations
        let compiled = compiledForms.relationEvaluators(relations.map(\.0), variables: symbols, environment: environment)
        var programs: [(CompiledExpr, Relation)] = []
        for (k, (_, relation)) in relations.enumerated() {
            switch compiled[k] {
            case .compiled(let evaluator): programs.append((evaluator.compiled, relation))
            case .neverEvaluable: continue
            case .tree: return nil
            }
        }
        let blockSize = 64
        guard remaining > 0 else { return nil }
        let width = symbols.count
        let initialState = rng
        let storage = UnsafeMutablePointer<Double>.allocate(capacity: width * blockSize)
        storage.initialize(repeating: 0, count: width * blockSize)
        defer { storage.deallocate() }
        var states = [RandomSource](repeating: rng, count: blockSize)
        var satisfied = [Bool](repeating: true, count: blockSize)
        var values = [Double](repeating: 0, count: blockSize)
        var valid = [Bool](repeating: true, count: blockSize)
        var point = [Double](repeating: 0, count: width)
        var drawn = 0
        while drawn < remaining {
            let n = min(drawn == 0 ? 8 : blockSize, remaining - drawn)
            for i in 0..<n {
                drawOnce(into: &point, &rng)
                states[i] = rng
                for j in 0..<width { storage[j * blockSize + i] = point[j] }
                satisfied[i] = true
            }
            let columns = (0..<width).map { UnsafeBufferPointer(start: storage + $0 * blockSize, count: n) }
            for (program, relation) in programs {
                let evaluated: Int? = values.withUnsafeMutableBufferPointer { out in
                    valid.withUnsafeMutableBufferPointer { mask in
                        try? program.evaluate(columns: columns, count: n, into: out, validity: mask)
                    }
                }
                guard evaluated != nil else {
                    rng = initialState
                    return nil
                }
                for i in 0..<n where satisfied[i] && valid[i] {
                    satisfied[i] = NumericSetup.holds(values[i], relation)
                }
            }
            for i in 0..<n {
                // A point with a non-finite coordinate is judged one at a time (as there).
                let finite = (0..<width).allSatisfy { storage[$0 * blockSize + i].isFinite }
                let last = drawn + i + 1 == remaining
                if finite && !satisfied[i] && !last { continue }
                let coordinates = (0..<width).map { storage[$0 * blockSize + i] }
                let holds = finite ? satisfied[i] : satisfiesRelations(coordinates)
                if last || holds {
                    rng = states[i]
                    return (coordinates, holds)
                }
            }
            drawn += n
        }
        return nil
    }

    /// Whether a relation's difference `v` satisfies it (`=` within 1e-12).
    static func holds(_ v: Double, _ relation: Relation) -> Bool {
        switch relation {
        case .less: return v < 0
        case .lessEqual: return v <= 0
        case .greater: return v > 0
        case .greaterEqual: return v >= 0
        case .equal: return abs(v) <= 1e-12
        case .notEqual: return v != 0
        }
    }

    /// One draw into `point` (one entry per symbol, every entry overwritten): independent
    /// symbols from their ranges, then each joint group. A rejected draw's buffer is reused.
    private func drawOnce(into point: inout [Double], _ rng: inout RandomSource) {
        for i in samplers.indices { point[i] = samplers[i].sample(using: &rng) }
        guard hasJointSamplers else { return }
        for sampler in checker.jointSamplers {
            let values = sampler.draw(&rng)
            for (s, v) in zip(sampler.symbols, values) {
                if let i = symbolIndex[s] { point[i] = v }
            }
        }
    }

    /// Whether the point satisfies every assumed relation that mentions only sampled
    /// symbols (relations that cannot be evaluated at the point count as satisfied).
    func satisfiesRelations(_ point: [Double]) -> Bool {
        let relations = checker.assumptions.relations
        if relations.isEmpty { return true }
        let compiled = compiledForms.relationEvaluators(relations.map(\.0), variables: symbols, environment: environment)
        for (k, (difference, relation)) in relations.enumerated() {
            // A compiled difference is undefined exactly where the tree throws, and a relation
            // that cannot be evaluated at the point counts as satisfied: no tree is needed.
            let v: Double
            if case .neverEvaluable = compiled[k] { continue }
            if case .compiled(let evaluator) = compiled[k], point.count == symbols.count, point.allSatisfy(\.isFinite) {
                guard let value = evaluator.value(at: point) else { continue }
                v = value
            } else {
                guard case .value(let value) = evaluate(difference, at: point) else { continue }
                v = value
            }
            if !NumericSetup.holds(v, relation) { return false }
        }
        return true
    }

    /// Whether a point is admissible: each coordinate in its range and every relation holds.
    func admits(_ point: [Double]) -> Bool {
        zip(domains, point).allSatisfy { $0.0.accepts($0.1) } && satisfiesRelations(point)
    }
}

/// How often a `NumericSetup`'s draws met the assumed relations (shared by its copies).
final class AdmissionRecord {
    /// Calls of `sampleCheckedPoint` that returned an admissible point.
    var admitted = 0
    /// Calls that returned none after all their retries.
    var failedCalls = 0
}

/// The compiled forms of the expressions one `NumericSetup` evaluates, by node identity.
///
/// An expression is compiled on its third evaluation (most expressions checked at only a
/// point or two do not repay compiling); even a small one gains, since the tree path copies
/// the environment at every point. One that cannot be compiled (a big operator over a
/// sampled symbol, a list, an unbound name) stays with tree evaluation.
final class CompiledForms {
    private struct Entry {
        let expression: Expr
        var evaluations = 0
        var evaluator: PointEvaluator?
        var failed = false
    }

    private var entries: IdentityMap<Int> = [:]
    private var table: [Entry] = []
    /// The last expression looked up and its slot (most calls alternate between two sides).
    private var recent: [(ObjectIdentifier, Int)] = []
    /// The environment with the symbols of the last point bound, kept to be rebound in place
    /// (the tree path then copies no dictionary per point).
    private var scratch: Environment?
    private var scratchSymbols: [Symbol] = []

    /// Evaluations before an expression is compiled.
    static let threshold = 3

    /// How an assumed relation's difference is evaluated at a drawn point.
    enum RelationEvaluator {
        /// By its compiled program (undefined exactly where the tree throws).
        case compiled(PointEvaluator)
        /// Never: it has a symbol that is neither sampled nor bound, or a call of a function
        /// without an implementation, where tree evaluation always reaches it, so tree
        /// evaluation throws at every point (and the relation counts as satisfied).
        case neverEvaluable
        /// By the tree (it cannot be compiled for another reason).
        case tree
    }

    /// The assumed relations' evaluators, built at the first draw: rejection sampling
    /// evaluates them at every draw, up to 200 per point.
    private var relations: [RelationEvaluator]?

    func relationEvaluators(_ differences: @autoclosure () -> [Expr], variables: [Symbol], environment: Environment) -> [RelationEvaluator] {
        if let r = relations { return r }
        let r = differences().map { d -> RelationEvaluator in
            do {
                return .compiled(try PointEvaluator(compiling: d, variables: variables, environment: environment))
            } catch EvaluationError.unboundSymbol {
                return .neverEvaluable
            } catch {
                // Not compilable; but when tree evaluation fails at every point (an opaque
                // function without an implementation, or a symbol neither sampled nor bound,
                // on a path the tree always evaluates), the relation is never evaluable.
                return d.failsToEvaluateEverywhere(binding: variables, in: environment) ? .neverEvaluable : .tree
            }
        }
        relations = r
        return r
    }

    /// The compiled value, or `nil` when the caller must evaluate the tree (not compiled
    /// yet, not compilable, or undefined at the point).
    func value(of e: Expr, at point: [Double], variables: [Symbol], environment: Environment) -> Double? {
        let key = e.identity
        let slot: Int
        if let r = recent.first(where: { $0.0 == key }) {
            slot = r.1
        } else if let s = entries[key] {
            slot = s
        } else {
            slot = table.count
            table.append(Entry(expression: e))
            entries[key] = slot
        }
        if recent.count < 4, !recent.contains(where: { $0.0 == key }) { recent.append((key, slot)) }
        table[slot].evaluations += 1
        if table[slot].evaluator == nil && !table[slot].failed && table[slot].evaluations >= CompiledForms.threshold {
            do {
                table[slot].evaluator = try PointEvaluator(compiling: e, variables: variables, environment: environment)
            } catch {
                table[slot].failed = true
            }
        }
        return table[slot].evaluator?.value(at: point)
    }

    /// `base` with `symbols` bound to `point`: the same environment as binding them in a
    /// copy of `base`, rebinding a kept copy in place when the symbols are the same as last
    /// time (every one of them is rebound, so no value of an earlier point survives).
    func environment(_ base: Environment, binding symbols: [Symbol], to point: [Double]) -> Environment {
        guard symbols.count == point.count, var env = scratch, scratchSymbols == symbols else {
            var env = base
            for (s, v) in zip(symbols, point) { env.values[s] = v }
            if symbols.count == point.count {
                scratch = env
                scratchSymbols = symbols
            }
            return env
        }
        scratch = nil
        for (s, v) in zip(symbols, point) { env.values[s] = v }
        scratch = env
        return env
    }
}

/// Comparison of two sides at seeded points.
struct NumericComparison {
    let setup: NumericSetup
    let lhs: Expr
    let rhs: Expr
    var agreed = 0
    var skipped = 0
    var inconclusive = 0
    var maxDeviation = 0.0
    var counterexample: PointCounterexample?
    var unevaluable: String?

    init(checker: EquivalenceChecker, lhs: Expr, rhs: Expr) {
        self.setup = NumericSetup(checker: checker, expressions: [lhs, rhs])
        self.lhs = lhs
        self.rhs = rhs
    }

    enum Judgement { case agree(Double), refute, inconclusive, skip, unevaluable(String) }

    /// The judgement at a point; `relationsHold`, when known (from `sampleCheckedPoint`), is
    /// `setup.satisfiesRelations(point)`, which is then not evaluated again.
    func judge(at point: [Double], relationsHold: Bool? = nil) -> Judgement {
        if !(relationsHold ?? setup.satisfiesRelations(point)) { return .skip }
        let l = setup.evaluate(lhs, at: point)
        switch l {
        case .unevaluable(let why): return .unevaluable(why.description)
        case .undefined: return .skip
        case .value(let lv):
            switch setup.evaluate(rhs, at: point) {
            case .unevaluable(let why): return .unevaluable(why.description)
            case .undefined(_, let robust): return robust ? .refute : .inconclusive
            case .value(let rv):
                let diff = abs(lv - rv)
                let big = max(abs(lv), abs(rv))
                let c = setup.checker
                // The scale s is at least `big`, so agreement within the tolerance at s = big
                // is agreement at the true s: the costly scale is computed only when needed.
                if diff <= c.relativeTolerance * big + 1e-11 * big {
                    return .agree(big > 0 ? diff / big : 0)
                }
                let s = max(setup.errorScale(lhs, at: point), setup.errorScale(rhs, at: point), big)
                if diff <= c.relativeTolerance * big + 1e-11 * s {
                    return .agree(big > 0 ? diff / big : 0)
                }
                if diff > c.refutationTolerance * big + 1e-8 * s { return .refute }
                return .inconclusive
            }
        }
    }

    mutating func run() {
        let c = setup.checker
        var rng = RandomSource(seed: c.seed, stream: [lhs.stableHash, rhs.stableHash])
        var attempts = 0
        while agreed < c.points && attempts < c.maxAttempts {
            attempts += 1
            let (point, relationsHold) = setup.sampleCheckedPoint(&rng)
            switch judge(at: point, relationsHold: relationsHold) {
            case .agree(let dev):
                agreed += 1
                maxDeviation = max(maxDeviation, dev)
            case .skip:
                skipped += 1
            case .inconclusive:
                inconclusive += 1
            case .unevaluable(let why):
                unevaluable = why
                return
            case .refute:
                if let cx = c.shrinksCounterexamples ? shrunkCounterexample(from: point) : describe(point) {
                    counterexample = cx
                    return
                }
                inconclusive += 1
            }
            if setup.symbols.isEmpty && attempts >= 1 && agreed >= 1 {
                // A closed expression has one value: one agreeing evaluation is all there is.
                agreed = c.points
            }
        }
    }

    /// Shrinks a refuting point towards simple numbers, then confirms it (exactly when the
    /// expressions are rational). Returns nil if the refutation does not survive.
    func shrunkCounterexample(from start: [Double]) -> PointCounterexample? {
        let point = Shrinker.shrink(start, domains: setup.domains, frozen: setup.jointIndices) { p in
            if case .refute = judge(at: p) { return true }
            return false
        }
        return describe(point)
    }

    func describe(_ point: [Double]) -> PointCounterexample? {
        let rationals = point.map { Rational(exactly: $0) ?? .zero }
        var exact: [Symbol: Rational] = [:]
        for (s, r) in zip(setup.symbols, rationals) { exact[s] = r }
        let l = setup.evaluate(lhs, at: point), r = setup.evaluate(rhs, at: point)
        var lText = "", rText = ""
        var isExact = false
        // A jointly sampled point rounded to rationals loses its structure (an orthogonal
        // matrix's entries are irrational): report its floating-point values.
        if setup.environment.values.isEmpty, setup.jointIndices.isEmpty,
           let le = try? lhs.evaluateExactly(at: exact, limits: setup.checker.limits),
           let re = try? rhs.evaluateExactly(at: exact, limits: setup.checker.limits) {
            if le == re { return nil }
            lText = le.description
            rText = re.description
            isExact = true
        } else {
            switch l {
            case .value(let v): lText = formatDouble(v)
            case .undefined(let why, _): lText = "undefined (\(why))"
            case .unevaluable(let why): lText = "cannot be evaluated (\(why))"
            }
            switch r {
            case .value(let v): rText = formatDouble(v)
            case .undefined(let why, _): rText = "undefined (\(why))"
            case .unevaluable(let why): rText = "cannot be evaluated (\(why))"
            }
        }
        return PointCounterexample(assignment: zip(setup.symbols, zip(rationals, point)).map { ($0.0, $0.1.0, $0.1.1) },
                                   lhs: lText, rhs: rText, isExact: isExact)
    }
}

/// Shrinking of counterexample points towards simple numbers.
enum Shrinker {
    /// Candidate simple values, simplest first.
    static let simple: [Double] = [0, 1, -1, 2, -2, 0.5, -0.5, 3, -3, 0.25, 4, 5, -5, 0.1, 10, 1.0 / 3]

    /// Repeatedly replaces coordinates by simpler values while `stillFails` holds.
    /// Coordinates in `frozen` (jointly sampled structures) are left alone.
    static func shrink(_ start: [Double], domains: [SampleDomain], frozen: Set<Int> = [],
                       stillFails: ([Double]) -> Bool) -> [Double] {
        var point = start
        for _ in 0..<3 {
            var changed = false
            for i in point.indices where !frozen.contains(i) {
                var candidates = simple
                // Rounded versions of the current value: 1, 2 and 3 significant digits.
                for digits in [1, 2, 3] { candidates.append(roundSignificant(point[i], digits)) }
                for v in candidates where v != point[i] && domains[i].accepts(v) {
                    var trial = point
                    trial[i] = v
                    if stillFails(trial) {
                        point = trial
                        changed = true
                        break
                    }
                }
            }
            if !changed { break }
        }
        return point
    }

    static func roundSignificant(_ x: Double, _ digits: Int) -> Double {
        if x == 0 || !x.isFinite { return x }
        var scale = 1.0
        var m = abs(x)
        while m >= 10 { m /= 10; scale *= 10 }
        while m < 1 { m *= 10; scale /= 10 }
        var factor = 1.0
        for _ in 1..<digits { factor *= 10 }
        return (x / scale * factor).rounded() / factor * scale
    }
}

/// Sampling plus a bounded local search for the smallest margin `big − small`.
struct MarginSearch {
    let setup: NumericSetup
    let big: Expr
    let small: Expr
    let strict: Bool
    let notEqual: Bool
    /// Whether `big` is the step's left side (`>=`, `>`, `!=`); for `<=` and `<` it is `small`.
    var leftIsBig = true
    var valid = 0
    var bestMargin: Double?
    var bestPoint: [Double] = []
    var counterexample: PointCounterexample?
    var unevaluable: String?

    init(checker: EquivalenceChecker, big: Expr, small: Expr, strict: Bool, notEqual: Bool) {
        setup = NumericSetup(checker: checker, expressions: [big, small])
        self.big = big
        self.small = small
        self.strict = strict
        self.notEqual = notEqual
    }

    var bestPointText: String {
        zip(setup.symbols, bestPoint).map { "\($0.0.name) = \(formatDouble($0.1))" }.joined(separator: ", ")
    }

    enum Margin { case value(Double, tolerance: Double), violatedByDomain, skip, unevaluable(String) }

    /// The margin at a point: for `≥`/`>` it is big − small; for `≠` it is |big − small|.
    /// A point where the step's left side is undefined is skipped; a defined left side with
    /// an undefined right one violates the step (it introduces an undefined expression).
    /// `relationsHold`, when known (from `sampleCheckedPoint`), is
    /// `setup.satisfiesRelations(point)`, which is then not evaluated again.
    func margin(at point: [Double], relationsHold: Bool? = nil) -> Margin {
        if !(relationsHold ?? setup.satisfiesRelations(point)) { return .skip }
        switch setup.evaluate(leftIsBig ? big : small, at: point) {
        case .unevaluable(let why): return .unevaluable(why.description)
        case .undefined: return .skip
        case .value(let l):
            switch setup.evaluate(leftIsBig ? small : big, at: point) {
            case .unevaluable(let why): return .unevaluable(why.description)
            case .undefined(_, let robust): return robust ? .violatedByDomain : .skip
            case .value(let r):
                let (b, s) = leftIsBig ? (l, r) : (r, l)
                let m = notEqual ? abs(b - s) : b - s
                let size = max(abs(b), abs(s))
                // The tolerance is read only for a negative margin or a strict relation
                // (see `violates`); otherwise the costly scale walk is skipped.
                if m >= 0 && !strict && !notEqual {
                    return .value(m, tolerance: 1e-9 * size + 1e-11 * size)
                }
                let scale = max(size, setup.errorScale(big, at: point), setup.errorScale(small, at: point))
                return .value(m, tolerance: 1e-9 * size + 1e-11 * scale)
            }
        }
    }

    /// Whether a margin violates the relation robustly. For strict relations, a margin of 0
    /// within rounding counts only when exact evaluation at the point confirms it is exactly 0
    /// (1 − sigmoid(40) is 0 in floating point but not in fact).
    func violates(_ m: Margin, at point: [Double]? = nil) -> Bool {
        switch m {
        case .violatedByDomain: return true
        case .value(let v, let tol):
            if v < -100 * tol { return true }
            if (strict || notEqual) && abs(v) <= max(100 * tol, 0) {
                guard let point else { return false }
                return exactMarginIsZero(at: point)
            }
            return false
        case .skip, .unevaluable: return false
        }
    }

    /// Whether big − small is exactly 0 at the point (rational expressions only).
    func exactMarginIsZero(at point: [Double]) -> Bool {
        guard setup.environment.values.isEmpty else { return false }
        var exact: [Symbol: Rational] = [:]
        for (s, v) in zip(setup.symbols, point) {
            guard let r = Rational(exactly: v) else { return false }
            exact[s] = r
        }
        guard let b = try? big.evaluateExactly(at: exact, limits: setup.checker.limits),
              let s = try? small.evaluateExactly(at: exact, limits: setup.checker.limits) else { return false }
        return b == s
    }

    mutating func run() {
        let c = setup.checker
        var rng = RandomSource(seed: c.seed, stream: [big.stableHash, small.stableHash, 3])
        var samples: [(Double, [Double])] = []
        var attempts = 0
        // Simple points first (they often sit on equality cases), then random ones.
        var simplePoints: [[Double]] = []
        if !setup.symbols.isEmpty {
            for v in Shrinker.simple.prefix(6) {
                var p = [Double](repeating: v, count: setup.symbols.count)
                // Jointly sampled groups (a structured matrix) keep a joint draw.
                if !setup.jointIndices.isEmpty {
                    let drawn = setup.samplePoint(&rng)
                    for i in setup.jointIndices { p[i] = drawn[i] }
                }
                if zip(setup.domains, p).allSatisfy({ $0.0.accepts($0.1) }) { simplePoints.append(p) }
            }
        }
        while valid < c.points && attempts < c.maxAttempts {
            let point: [Double]
            var relationsHold: Bool? = nil
            if attempts < simplePoints.count {
                point = simplePoints[attempts]
            } else {
                (point, relationsHold) = setup.sampleCheckedPoint(&rng)
            }
            attempts += 1
            let m = margin(at: point, relationsHold: relationsHold)
            switch m {
            case .unevaluable(let why):
                unevaluable = why
                return
            case .skip:
                continue
            case .violatedByDomain, .value:
                if violates(m, at: point) {
                    report(point)
                    return
                }
                if case .value(let v, _) = m {
                    valid += 1
                    samples.append((v, point))
                    if bestMargin == nil || v < bestMargin! { bestMargin = v; bestPoint = point }
                }
            }
            if setup.symbols.isEmpty && valid >= 1 { valid = c.points }
        }
        guard !setup.symbols.isEmpty, !notEqual else { return }
        // Adversarial local search from the three smallest margins.
        for (_, start) in samples.sorted(by: { $0.0 < $1.0 }).prefix(3) {
            if let violating = patternSearch(from: start) {
                report(violating)
                return
            }
        }
    }

    /// Coordinate pattern search minimising the margin inside the domain (bounded).
    mutating func patternSearch(from start: [Double]) -> [Double]? {
        var point = start
        guard case .value(var current, _) = margin(at: point) else { return nil }
        var steps = point.map { max(abs($0) * 0.25, 0.05) }
        var evaluations = 0
        while evaluations < 300 {
            var improved = false
            for i in point.indices where !setup.jointIndices.contains(i) {
                for direction in [-1.0, 1.0] {
                    var trial = point
                    trial[i] += direction * steps[i]
                    guard setup.domains[i].accepts(trial[i]), setup.satisfiesRelations(trial) else { continue }
                    evaluations += 1
                    let m = margin(at: trial)
                    if violates(m, at: trial) { return trial }
                    if case .value(let v, _) = m, v < current {
                        current = v
                        point = trial
                        improved = true
                        if v < bestMargin ?? .infinity { bestMargin = v; bestPoint = trial }
                    }
                }
            }
            if !improved {
                steps = steps.map { $0 / 2 }
                if steps.allSatisfy({ $0 < 1e-9 }) { break }
            }
        }
        return nil
    }

    mutating func report(_ point: [Double]) {
        let shrunk = !setup.checker.shrinksCounterexamples ? point
            : Shrinker.shrink(point, domains: setup.domains, frozen: setup.jointIndices) { violates(margin(at: $0), at: $0) }
        var exact: [Symbol: Rational] = [:]
        for (s, v) in zip(setup.symbols, shrunk) { exact[s] = Rational(exactly: v) ?? .zero }
        var bText = "", sText = "", isExact = false
        if setup.environment.values.isEmpty, setup.jointIndices.isEmpty,
           let b = try? big.evaluateExactly(at: exact, limits: setup.checker.limits),
           let s = try? small.evaluateExactly(at: exact, limits: setup.checker.limits) {
            // Confirm exactly: for ≥ need b < s; for > need b ≤ s; for ≠ need b == s.
            let fails = notEqual ? b == s : (strict ? !(s < b) : b < s)
            if !fails { return }
            bText = b.description
            sText = s.description
            isExact = true
        } else {
            switch setup.evaluate(big, at: shrunk) {
            case .value(let v): bText = formatDouble(v)
            case .undefined(let why, _): bText = "undefined (\(why))"
            case .unevaluable(let why): bText = why.description
            }
            switch setup.evaluate(small, at: shrunk) {
            case .value(let v): sText = formatDouble(v)
            case .undefined(let why, _): sText = "undefined (\(why))"
            case .unevaluable(let why): sText = why.description
            }
        }
        counterexample = PointCounterexample(
            assignment: zip(setup.symbols, shrunk).map { ($0.0, exact[$0.0]!, $0.1) },
            lhs: bText, rhs: sText, isExact: isExact)
    }
}
