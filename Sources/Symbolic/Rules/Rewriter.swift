// Applying rules: bottom-up to a fixpoint, with a step limit and a record of what happened.
//
// Implementation notes
// --------------------
// `Rewriter.rewrite` walks the canonical expression bottom-up (memoised per node). At each
// node it rebuilds the canonical form from the rewritten children, then tries the rules in
// order; the first rule that matches *and* whose conditions are all proved from the
// assumptions fires, its result is canonicalised and walked again. Conditions that cannot
// be proved block the rule; the blocked condition is recorded so that a diagnostic can say
// what to assume. In `assumingUndischarged` mode a rule whose conditions are merely
// unknown (never disproved) fires anyway and the condition is recorded as assumed — the
// checker reports such steps as holding *under* those conditions. Every fired rule costs one
// step; at `Limits.maxRewriteSteps` the walk stops and says so (`stoppedAtLimit`), which is
// never confused with "no rule applies".

/// A rule that could not fire because a side condition was not proved.
public struct BlockedCondition: Sendable, Hashable, CustomStringConvertible {
    /// The rule's name.
    public var rule: String
    /// The instantiated condition.
    public var condition: Condition
    /// `.unknown` (could not be shown) or `.disproved` (its negation holds).
    public var truth: Truth

    /// e.g. `log-product needs x > 0 (could not be shown)`.
    public var description: String {
        "\(rule) needs \(condition) (\(truth == .disproved ? "it is false under the assumptions" : "could not be shown"))"
    }
}

/// The result of rewriting an expression.
public struct RewriteOutcome: Sendable {
    /// The rewritten, canonical expression.
    public var expr: Expr
    /// Names of the rules that fired, in first-use order.
    public var applied: [String]
    /// Conditions that blocked a rule, first occurrence only.
    public var blocked: [BlockedCondition]
    /// Conditions that were assumed without proof (only in `assumingUndischarged` mode).
    public var assumed: [BlockedCondition]
    /// Whether the step limit stopped the rewriting before a fixpoint.
    public var stoppedAtLimit: Bool
}

/// Applies rewrite rules under assumptions.
public struct Rewriter: Sendable {
    /// The rules with their index by head (shared; see ``IndexedRules``).
    public let indexedRules: IndexedRules
    /// The rules, in the order they are tried at each node.
    public var rules: [RewriteRule] { indexedRules.rules }
    /// The assumptions used to discharge side conditions.
    public var assumptions: Assumptions
    /// Resource limits.
    public var limits: Limits
    /// Fire rules whose conditions are unknown (never those that are disproved), recording
    /// the conditions as assumed.
    public var assumingUndischarged: Bool

    /// Creates a rewriter.
    public init(rules: [RewriteRule], assumptions: Assumptions = Assumptions(), limits: Limits = .default,
                assumingUndischarged: Bool = false) {
        self.init(indexedRules: IndexedRules(rules), assumptions: assumptions, limits: limits,
                  assumingUndischarged: assumingUndischarged)
    }

    /// Creates a rewriter over rules indexed beforehand (the index is shared, not rebuilt).
    public init(indexedRules: IndexedRules, assumptions: Assumptions = Assumptions(), limits: Limits = .default,
                assumingUndischarged: Bool = false) {
        self.indexedRules = indexedRules
        self.assumptions = assumptions
        self.limits = limits
        self.assumingUndischarged = assumingUndischarged
    }

    /// The positions of the rules that can apply at a node with this head.
    @inline(__always)
    private func candidates(for node: Expr) -> [Int] {
        indexedRules.candidates(for: node)
    }

    /// Rewrites `e` bottom-up to a fixpoint (or the step limit).
    public func rewrite(_ e: Expr) throws(NormalizationError) -> RewriteOutcome {
        try rewrite(canonical: try e.canonicalized(limits: limits))
    }

    /// ``rewrite(_:)`` of an expression that is already in canonical form (as
    /// `canonicalized(limits:)` returns it): the same outcome without normalising it again.
    public func rewrite(canonical start: Expr) throws(NormalizationError) -> RewriteOutcome {
        var state = State()
        let result = try walk(start, &state)
        return RewriteOutcome(expr: result, applied: state.applied, blocked: state.blocked,
                              assumed: state.assumed, stoppedAtLimit: state.stopped)
    }

    /// Every expression obtained by applying exactly one rule once at one position of `e`
    /// (canonicalised), with the rule's name — for checking a step that cites a rule.
    public func singleSteps(_ e: Expr, maxResults: Int = 256) throws(NormalizationError) -> [(rule: String, result: Expr)] {
        var out: [(String, Expr)] = []
        var state = State()
        func visit(_ node: Expr, _ rebuild: (Expr) throws(NormalizationError) -> Expr) throws(NormalizationError) {
            if out.count >= maxResults { return }
            for i in candidates(for: node) {
                let r = rules[i]
                for replaced in try applications(of: r, at: node, &state) {
                    out.append((r.name, try rebuild(replaced)))
                    if out.count >= maxResults { return }
                }
            }
            let kids = node.children
            for (i, _) in kids.enumerated() {
                try visit(kids[i]) { (newChild: Expr) throws(NormalizationError) -> Expr in
                    var k = 0
                    let rebuilt = node.mapChildren { old in
                        defer { k += 1 }
                        return k == i ? newChild : old
                    }
                    return try rebuild(try Normalizer.rebuild(rebuilt, limits: limits))
                }
            }
        }
        let start = try e.canonicalized(limits: limits)
        try visit(start) { (x: Expr) throws(NormalizationError) -> Expr in try x.canonicalized(limits: limits) }
        return out
    }

    private struct State {
        var memo: IdentityMap<Expr> = [:]
        var retained: [Expr] = []
        var applied: [String] = []
        var blocked: [BlockedCondition] = []
        var assumed: [BlockedCondition] = []
        var steps = 0
        var stopped = false
        var depth = 0
    }

    private func walk(_ e: Expr, _ state: inout State) throws(NormalizationError) -> Expr {
        if let hit = state.memo[ObjectIdentifier(e.node)] { return hit }
        state.depth += 1
        defer { state.depth -= 1 }
        if state.depth > limits.maxDepth {
            throw .limitExceeded(LimitExceeded(limit: "maxDepth", requested: state.depth, maximum: limits.maxDepth))
        }
        var node = try rebuilt(e, &state)
        ruleLoop: while !state.stopped {
            for i in candidates(for: node) {
                let r = rules[i]
                if let replaced = try applications(of: r, at: node, &state, firstOnly: true).first {
                    state.steps += 1
                    if !state.applied.contains(r.name) { state.applied.append(r.name) }
                    if state.steps >= limits.maxRewriteSteps {
                        state.stopped = true
                    }
                    // Walk the new children; the new top node is handled by this loop, so
                    // repeated rewrites at one node do not deepen the recursion.
                    node = try rebuilt(replaced, &state)
                    continue ruleLoop
                }
            }
            break
        }
        state.memo[ObjectIdentifier(e.node)] = node
        state.retained.append(e)
        return node
    }

    /// The canonical node `e` with its children walked. A node none of whose children
    /// changed is returned as it is: the canonical form is idempotent, so rebuilding a
    /// canonical node from its own canonical children gives an equal node.
    @inline(__always)
    private func rebuilt(_ e: Expr, _ state: inout State) throws(NormalizationError) -> Expr {
        let mapped = try e.mapChildren { (c: Expr) throws(NormalizationError) -> Expr in
            try walk(c, &state)
        }
        if mapped.node === e.node { return e }
        return try Normalizer.rebuild(mapped, limits: limits)
    }

    /// The replacements rule `r` produces at the top of `node` (each canonicalised).
    private func applications(of r: RewriteRule, at node: Expr, _ state: inout State,
                              firstOnly: Bool = false) throws(NormalizationError) -> [Expr] {
        switch r.body {
        case .computed(let f):
            guard let out = f(node, RuleContext(assumptions: assumptions, limits: limits)) else { return [] }
            let canonical = try out.canonicalized(limits: limits)
            // A rewrite that changes nothing is not an application (and would loop).
            return canonical == node ? [] : [canonical]
        case .pattern(let lhs, let rhs):
            guard PatternMatcher.mayMatch(lhs, node) else { return [] }
            var results: [Expr] = []
            var failure: NormalizationError?
            // Matches are produced lazily in the order `PatternMatcher.matches` lists them;
            // stopping at the first accepted one (firstOnly) gives the same result and the
            // same recorded conditions as listing them all first.
            PatternMatcher.forEachMatch(lhs, node, limits: limits) { m in
                var ok = true
                var pendingAssumed: [BlockedCondition] = []
                for c in r.conditions {
                    guard let subject = try? c.subject.instantiating(m.bindings).canonicalized(limits: limits) else {
                        ok = false
                        break
                    }
                    let truth = assumptions.prove(subject, is: c.property)
                    if truth == .proved { continue }
                    let b = BlockedCondition(rule: r.name, condition: Condition(c.property, subject), truth: truth)
                    if truth == .unknown && assumingUndischarged {
                        pendingAssumed.append(b)
                        continue
                    }
                    if !state.blocked.contains(b) { state.blocked.append(b) }
                    ok = false
                    break
                }
                guard ok else { return true }
                for b in pendingAssumed where !state.assumed.contains(b) { state.assumed.append(b) }
                var replaced = rhs.instantiating(m.bindings)
                if !m.remainder.isEmpty { replaced = .sum([replaced] + m.remainder) }
                let canonical: Expr
                do throws(NormalizationError) {
                    canonical = try replaced.canonicalized(limits: limits)
                } catch {
                    failure = error
                    return false
                }
                if canonical == node { return true }
                results.append(canonical)
                return !firstOnly
            }
            if let failure { throw failure }
            return results
        }
    }
}
