// What the cache keeps of a checked step, and when a step may be kept at all.
//
// Implementation notes
// --------------------
// Everything a step's check produced that does not depend on where the step is: the
// verdict, the evidence, the per-instance results, the hint and order-term texts of the
// report, and the diagnostics the step emitted with their ranges relative to the step's start
// (the key includes the step's own ranges relative to its start, so a hit moves them to where
// the step is now). The previous and new expressions, the index, relation and range of the
// `StepResult` are rebuilt from the current file. A step is *not* kept when its result came
// from a limit (a `limit-exceeded` diagnostic, or any message or note that mentions a limit
// or something exceeded), from a checker inconsistency, when it is undecided (`unknown`: often
// a limit in disguise), or when a diagnostic points outside the step (its position could go
// stale without changing the key). The codec is written field by field; the tests check the
// field counts of the stored types by reflection, so a field added later cannot be dropped
// silently.

import Symbolic

/// The position-independent part of a checked step.
struct CachedStep: Equatable {
    var orderTerm: String?
    var hints: [String]
    var verdict: Verdict
    var evidence: Evidence
    var instances: [InstanceCheck]
    /// The step's diagnostics, ranges relative to the step's start.
    var diagnostics: [Diagnostic]
    /// The algebra work its normal forms cost (`WorkLedger` units), recorded again on a hit so
    /// a family's algebra budget runs out at the same member with or without the cache.
    var algebraWork: Int

    init(orderTerm: String?, hints: [String], verdict: Verdict, evidence: Evidence, instances: [InstanceCheck],
         diagnostics: [Diagnostic], algebraWork: Int = 0) {
        self.orderTerm = orderTerm
        self.hints = hints
        self.verdict = verdict
        self.evidence = evidence
        self.instances = instances
        self.diagnostics = diagnostics
        self.algebraWork = algebraWork
    }

    /// The cacheable part of `result` with the `diagnostics` it emitted, or `nil` when the
    /// step must not be cached (see the implementation notes).
    init?(result: StepResult, diagnostics: [Diagnostic], algebraWork: Int) {
        guard result.verdict != .unknown else { return nil }
        let base = result.range.lowerBound
        func inside(_ r: SourceRange?) -> Bool {
            guard let r else { return false }
            return r.lowerBound >= result.range.lowerBound && r.upperBound <= result.range.upperBound
        }
        func mentionsLimit(_ text: String) -> Bool {
            let lower = text.lowercased()
            return lower.contains("limit") || lower.contains("exceed")
        }
        var relative: [Diagnostic] = []
        for d in diagnostics {
            if d.id == .limitExceeded || d.id == .checkerInconsistency { return nil }
            if mentionsLimit(d.message) || d.notes.contains(where: { mentionsLimit($0.message) }) { return nil }
            guard inside(d.range), d.notes.allSatisfy({ $0.range == nil || inside($0.range) }) else { return nil }
            var copy = d
            copy.range = d.range.map { SourceRange($0.lowerBound - base, $0.upperBound - base) }
            copy.notes = d.notes.map { n in
                Note(n.message, at: n.range.map { SourceRange($0.lowerBound - base, $0.upperBound - base) })
            }
            relative.append(copy)
        }
        if result.evidence.notes.contains(where: mentionsLimit) || result.evidence.samples.contains(where: mentionsLimit)
            || result.instances.contains(where: { mentionsLimit($0.summary) }) {
            return nil
        }
        self.init(orderTerm: result.orderTerm, hints: result.hints, verdict: result.verdict, evidence: result.evidence,
                  instances: result.instances, diagnostics: relative, algebraWork: algebraWork)
    }

    /// The diagnostics moved to a step that now starts at `base`.
    func diagnostics(at base: Int) -> [Diagnostic] {
        diagnostics.map { d in
            var copy = d
            copy.range = d.range.map { SourceRange($0.lowerBound + base, $0.upperBound + base) }
            copy.notes = d.notes.map { n in
                Note(n.message, at: n.range.map { SourceRange($0.lowerBound + base, $0.upperBound + base) })
            }
            return copy
        }
    }

    // MARK: - Codec

    /// The payload bytes.
    func encoded() -> [UInt8] {
        var w = PayloadWriter()
        w.optional(orderTerm) { $0.string($1) }
        w.array(hints) { $0.string($1) }
        w.string(verdict.rawValue)
        Self.write(evidence, to: &w)
        w.array(instances) { w, i in
            w.string(i.instance)
            w.string(i.verdict.rawValue)
            w.string(i.summary)
        }
        w.array(diagnostics) { w, d in
            w.string(d.severity.rawValue)
            w.string(d.id.rawValue)
            w.string(d.message)
            w.optional(d.range) { Self.write($1, to: &$0) }
            w.array(d.notes) { w, n in
                w.string(n.message)
                w.optional(n.range) { Self.write($1, to: &$0) }
            }
        }
        w.integer(algebraWork)
        return w.bytes
    }

    /// Decodes a payload.
    init(decoding bytes: [UInt8]) throws(VerdictCacheError) {
        var r = PayloadReader(bytes)
        orderTerm = try r.optional { (r: inout PayloadReader) throws(VerdictCacheError) in try r.string() }
        hints = try r.array { (r: inout PayloadReader) throws(VerdictCacheError) in try r.string() }
        verdict = try Self.verdict(&r)
        evidence = try Self.readEvidence(&r)
        instances = try r.array { (r: inout PayloadReader) throws(VerdictCacheError) in
            InstanceCheck(instance: try r.string(), verdict: try Self.verdict(&r), summary: try r.string())
        }
        diagnostics = try r.array { (r: inout PayloadReader) throws(VerdictCacheError) in
            guard let severity = Severity(rawValue: try r.string()) else { throw .malformedEntry("unknown severity") }
            guard let id = DiagnosticID(rawValue: try r.string()) else { throw .malformedEntry("unknown diagnostic id") }
            let message = try r.string()
            let range = try r.optional { (r: inout PayloadReader) throws(VerdictCacheError) in try Self.readRange(&r) }
            let notes = try r.array { (r: inout PayloadReader) throws(VerdictCacheError) in
                let text = try r.string()
                return Note(text, at: try r.optional { (r: inout PayloadReader) throws(VerdictCacheError) in try Self.readRange(&r) })
            }
            return Diagnostic(severity, id, message, at: range, notes: notes)
        }
        algebraWork = try r.integer()
        guard algebraWork >= 0 else { throw .malformedEntry("negative algebra work") }
        guard r.isAtEnd else { throw .malformedEntry("trailing bytes") }
    }

    private static func verdict(_ r: inout PayloadReader) throws(VerdictCacheError) -> Verdict {
        guard let v = Verdict(rawValue: try r.string()) else { throw .malformedEntry("unknown verdict") }
        return v
    }

    private static func write(_ range: SourceRange, to w: inout PayloadWriter) {
        w.integer(range.lowerBound)
        w.integer(range.upperBound)
    }

    private static func readRange(_ r: inout PayloadReader) throws(VerdictCacheError) -> SourceRange {
        let lower = try r.integer()
        let upper = try r.integer()
        // Stored ranges are relative to the step's start and lie inside it; anything else is
        // corrupt (and could overflow when moved).
        guard 0 <= lower, lower <= upper, upper <= 1 << 40 else { throw .malformedEntry("bad range") }
        return SourceRange(lower, upper)
    }

    /// The number of stored fields of `Evidence` the codec writes (checked by the tests).
    static let evidenceFieldCount = 14

    private static func write(_ e: Evidence, to w: inout PayloadWriter) {
        w.optional(e.method) { $0.string($1) }
        w.array(e.rules) { $0.string($1) }
        w.array(e.assumedConditions) { $0.string($1) }
        w.integer(e.points)
        w.optional(e.tolerance) { $0.double($1) }
        w.optional(e.seed) { $0.unsigned($1) }
        w.optional(e.maxDeviation) { $0.double($1) }
        w.optional(e.residual) { $0.string($1) }
        w.optional(e.margin) { $0.string($1) }
        w.optional(e.errorBound) { $0.string($1) }
        w.optional(e.counterexample) { w, c in
            w.array(c.assignment) { w, a in
                w.string(a.name)
                w.string(a.value)
            }
            w.optional(c.instance) { $0.string($1) }
            w.string(c.lhsValue)
            w.string(c.rhsValue)
            w.bool(c.isExact)
        }
        w.array(e.samples) { $0.string($1) }
        w.array(e.notes) { $0.string($1) }
        w.array(e.convergence) { w, p in
            w.string(p.title)
            w.string(p.stepName)
            w.double(p.claimedOrder)
            let f = p.fit
            for list in [f.steps, f.errors, f.localOrders, f.extrapolatedOrders] { w.array(list) { $0.double($1) } }
            for x in [f.order, f.spread, f.fittedSlope, f.fittedIntercept] { w.double(x) }
        }
    }

    private static func readEvidence(_ r: inout PayloadReader) throws(VerdictCacheError) -> Evidence {
        typealias R = PayloadReader
        func string(_ r: inout R) throws(VerdictCacheError) -> String { try r.string() }
        func double(_ r: inout R) throws(VerdictCacheError) -> Double { try r.double() }
        var e = Evidence()
        e.method = try r.optional(string)
        e.rules = try r.array(string)
        e.assumedConditions = try r.array(string)
        e.points = try r.integer()
        e.tolerance = try r.optional(double)
        e.seed = try r.optional { (r: inout R) throws(VerdictCacheError) in try r.unsigned() }
        e.maxDeviation = try r.optional(double)
        e.residual = try r.optional(string)
        e.margin = try r.optional(string)
        e.errorBound = try r.optional(string)
        e.counterexample = try r.optional { (r: inout R) throws(VerdictCacheError) in
            let assignment = try r.array { (r: inout R) throws(VerdictCacheError) in
                Counterexample.Assignment(name: try r.string(), value: try r.string())
            }
            let instance = try r.optional(string)
            let lhs = try r.string()
            let rhs = try r.string()
            return Counterexample(assignment: assignment, instance: instance, lhsValue: lhs, rhsValue: rhs, isExact: try r.bool())
        }
        e.samples = try r.array(string)
        e.notes = try r.array(string)
        e.convergence = try r.array { (r: inout R) throws(VerdictCacheError) in
            let title = try r.string()
            let stepName = try r.string()
            let claimed = try r.double()
            let steps = try r.array(double), errors = try r.array(double)
            let local = try r.array(double), extrapolated = try r.array(double)
            guard var fit = ConvergenceOrder(steps: [1, 0.5, 0.25], errors: [1, 0.5, 0.25]) else {
                throw .malformedEntry("convergence fit")
            }
            fit.steps = steps
            fit.errors = errors
            fit.localOrders = local
            fit.extrapolatedOrders = extrapolated
            fit.order = try r.double()
            fit.spread = try r.double()
            fit.fittedSlope = try r.double()
            fit.fittedIntercept = try r.double()
            return ConvergencePlot(title: title, stepName: stepName, claimedOrder: claimed, fit: fit)
        }
        return e
    }
}
