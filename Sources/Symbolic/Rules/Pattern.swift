// Patterns: expressions with holes, and matching against canonical expressions.
//
// Implementation notes
// --------------------
// A hole is a symbol whose name starts with `?` (`Expr.hole("a")` is the symbol `?a`), as
// in egg. Patterns are stored in canonical form so that they have the same shape as the
// canonical subjects they are matched against. Matching is syntactic except for sums and
// products, which are matched as multisets (their canonical operand order says nothing about
// which operand a hole should take):
//
// * every non-hole pattern operand must match a distinct subject operand (backtracking);
// * the remaining subject operands go to the hole operands: one hole takes them all (as a
//   canonical sum/product), several holes take one each with the last taking the rest;
//   a hole never takes nothing;
// * for a sum pattern without a hole operand, extra subject terms are allowed and returned
//   as the match's `remainder`, so `sin(?x)^2 + cos(?x)^2` matches inside a longer sum.
//
// Matching enumerates at most `maxMatches` alternatives, so a pathological sum cannot make
// it explode; callers try the alternatives in order until one satisfies the rule's
// conditions.

/// Variable bindings produced by a match: hole name (without `?`) → expression.
public typealias Bindings = [String: Expr]

extension Expr {
    /// A pattern hole named `name` (printed `?name`).
    public static func hole(_ name: String) -> Expr { .symbol("?" + name) }

    /// The hole name if this is a hole.
    public var holeName: String? {
        if isHole, case .symbol(let s) = kind { return String(s.name.dropFirst()) }
        return nil
    }

    /// Whether this is a hole (a symbol whose name starts with `?`).
    var isHole: Bool {
        if case .symbol(let s) = kind { return s.isHole }
        return false
    }

    /// The names of all holes in this expression, sorted.
    public var holeNames: [String] {
        freeSymbols.compactMap { $0.isHole ? String($0.name.dropFirst()) : nil }
    }

    /// Replaces every hole by its binding (holes without one are kept).
    public func instantiating(_ bindings: Bindings) -> Expr {
        if let h = holeName { return bindings[h] ?? self }
        if children.isEmpty { return self }
        return mapChildren { $0.instantiating(bindings) }
    }
}

extension Symbol {
    /// Whether this symbol is a pattern hole (its name starts with `?`); the first byte
    /// rejects other symbols without a string comparison.
    var isHole: Bool { name.utf8.first == UInt8(ascii: "?") && name.hasPrefix("?") }
}

/// One way a pattern matched a subject.
public struct Match: Sendable {
    /// The hole bindings.
    public var bindings: Bindings
    /// Subject terms not covered by a sum pattern (empty otherwise).
    public var remainder: [Expr]
}

/// Matching of canonical patterns against canonical subjects.
public enum PatternMatcher {
    /// The largest number of alternative matches enumerated for one subject.
    public static let maxMatches = 64

    /// All ways (up to ``maxMatches``) `pattern` matches `subject` at the top level.
    public static func matches(_ pattern: Expr, _ subject: Expr, limits: Limits = .default) -> [Match] {
        var out: [Match] = []
        forEachMatch(pattern, subject, limits: limits) { m in
            out.append(m)
            return true
        }
        return out
    }

    /// Calls `body` with the ways `pattern` matches `subject` at the top level, one at a time
    /// in the order ``matches(_:_:limits:)`` lists them (at most ``maxMatches``), until `body`
    /// returns false: a caller that needs only the first acceptable match does not enumerate
    /// the others.
    public static func forEachMatch(_ pattern: Expr, _ subject: Expr, limits: Limits = .default,
                                    _ body: (Match) -> Bool) {
        var count = 0
        if case .sum(let ps) = pattern.kind, !ps.contains(where: \.isHole) {
            let items: [Expr]
            if case .sum(let ss) = subject.kind { items = ss } else { items = [subject] }
            matchMultiset(ps, items, nil, allowRemainder: true, combine: { try? Normalizer.sum($0, limits: limits) }) { b, rest in
                count += 1
                return body(Match(bindings: BindingTrail.bindings(b), remainder: rest)) && count < maxMatches
            }
            return
        }
        match(pattern, subject, nil, limits: limits) { b in
            count += 1
            return body(Match(bindings: BindingTrail.bindings(b), remainder: [])) && count < maxMatches
        }
    }

    /// A necessary condition for ``forEachMatch(_:_:limits:_:)`` to find a match, checked on
    /// the shapes alone (no bindings, no allocation): `false` only when there is no match, so
    /// a rule whose left side cannot fit a node is skipped without enumerating.
    public static func mayMatch(_ pattern: Expr, _ subject: Expr) -> Bool {
        if case .sum(let ps) = pattern.kind, !ps.contains(where: \.isHole) {
            // A sum pattern without holes matches inside a longer sum: each operand needs a
            // distinct term it may match.
            if case .sum(let ss) = subject.kind { return mayMatchOperands(ps, ss) }
            return mayMatchOperands(ps, [subject])
        }
        return compatible(pattern, subject)
    }

    /// Whether `match(pattern, subject, …)` can yield for some bindings (a necessary
    /// condition, mirroring its cases).
    private static func compatible(_ pattern: Expr, _ subject: Expr) -> Bool {
        if pattern.isHole { return true }
        switch (pattern.kind, subject.kind) {
        case (.number, _), (.symbol, _), (.constant, _), (.bigOperator, _):
            return pattern == subject
        case (.power(let pb, let pe), .power(let sb, let se)):
            return compatible(pb, sb) && compatible(pe, se)
        case (.call(let pf, let pa), .call(let sf, let sa)):
            guard pf == sf, pa.count == sa.count else { return false }
            for (p, q) in zip(pa, sa) where !compatible(p, q) { return false }
            return true
        case (.product(let ps), .product(let ss)), (.sum(let ps), .sum(let ss)):
            return mayMatchOperands(ps, ss)
        case (.derivative, .derivative), (.list, .list), (.subscripted, .subscripted), (.range, .range):
            return true
        case (.power, _), (.call, _), (.derivative, _), (.product, _), (.sum, _), (.list, _), (.subscripted, _),
             (.range, _):
            return false
        }
    }

    /// Multiset matching needs at least as many subject operands as pattern operands, and a
    /// subject operand each non-hole pattern operand may match.
    private static func mayMatchOperands(_ patterns: [Expr], _ subjects: [Expr]) -> Bool {
        guard patterns.count <= subjects.count else { return false }
        for p in patterns where !p.isHole {
            if !subjects.contains(where: { compatible(p, $0) }) { return false }
        }
        return true
    }

    /// Calls `yield` for each binding extension under which `pattern` matches `subject`;
    /// stops when `yield` returns false. Returns false if stopped.
    @discardableResult
    static func match(_ pattern: Expr, _ subject: Expr, _ bindings: BindingTrail?, limits: Limits,
                      _ yield: (BindingTrail?) -> Bool) -> Bool {
        if pattern.isHole, case .symbol(let hole) = pattern.kind {
            if let bound = BindingTrail.value(of: hole, in: bindings) {
                return bound == subject ? yield(bindings) : true
            }
            return yield(BindingTrail(hole: hole, value: subject, next: bindings))
        }
        switch (pattern.kind, subject.kind) {
        case (.number, _), (.symbol, _), (.constant, _):
            return pattern == subject ? yield(bindings) : true
        case (.power(let pb, let pe), .power(let sb, let se)):
            return match(pb, sb, bindings, limits: limits) { b in
                match(pe, se, b, limits: limits, yield)
            }
        case (.call(let pf, let pa), .call(let sf, let sa)):
            guard pf == sf, pa.count == sa.count else { return true }
            return matchSequence(pa[...], sa[...], bindings, limits: limits, yield)
        case (.derivative(let po, let pv, let pn), .derivative(let so, let sv, let sn)):
            guard pv == sv, pn == sn else { return true }
            return match(po, so, bindings, limits: limits, yield)
        case (.product(let ps), .product(let ss)):
            return matchMultiset(ps, ss, bindings, allowRemainder: false,
                                 combine: { try? Normalizer.product($0, limits: limits) }) { b, _ in yield(b) }
        case (.sum(let ps), .sum(let ss)):
            return matchMultiset(ps, ss, bindings, allowRemainder: false,
                                 combine: { try? Normalizer.sum($0, limits: limits) }) { b, _ in yield(b) }
        case (.list(let ps), .list(let ss)):
            guard ps.count == ss.count else { return true }
            return matchSequence(ps[...], ss[...], bindings, limits: limits, yield)
        case (.subscripted(let pb, let pi), .subscripted(let sb, let si)):
            guard pi.count == si.count else { return true }
            return match(pb, sb, bindings, limits: limits) { b in
                matchSequence(pi[...], si[...], b, limits: limits, yield)
            }
        case (.range(let pl, let pu), .range(let sl, let su)):
            return match(pl, sl, bindings, limits: limits) { b in match(pu, su, b, limits: limits, yield) }
        case (.bigOperator, _):
            return pattern == subject ? yield(bindings) : true
        case (.power, _), (.call, _), (.derivative, _), (.product, _), (.sum, _), (.list, _), (.subscripted, _),
             (.range, _):
            return true
        }
    }

    private static func matchSequence(_ ps: ArraySlice<Expr>, _ ss: ArraySlice<Expr>, _ bindings: BindingTrail?,
                                      limits: Limits, _ yield: (BindingTrail?) -> Bool) -> Bool {
        guard let p = ps.first, let s = ss.first else { return yield(bindings) }
        return match(p, s, bindings, limits: limits) { b in
            matchSequence(ps.dropFirst(), ss.dropFirst(), b, limits: limits, yield)
        }
    }

    /// Multiset matching for sums and products (see the implementation notes).
    @discardableResult
    static func matchMultiset(_ patterns: [Expr], _ subjects: [Expr], _ bindings: BindingTrail?, allowRemainder: Bool,
                              combine: @escaping ([Expr]) -> Expr?,
                              _ yield: (BindingTrail?, [Expr]) -> Bool) -> Bool {
        let fixed = patterns.filter { !$0.isHole }
        let holes = patterns.filter(\.isHole)
        if fixed.count + holes.count > subjects.count { return true }
        var used = [Bool](repeating: false, count: subjects.count)

        func assignHoles(_ b: BindingTrail?) -> Bool {
            let rest = subjects.indices.filter { !used[$0] }.map { subjects[$0] }
            if holes.isEmpty {
                if !rest.isEmpty && !allowRemainder { return true }
                return yield(b, rest)
            }
            if rest.count < holes.count { return true }
            // Holes already bound must be matched against a whole sub-multiset; keep it simple:
            // bind the first holes to single operands (each choice), the last to the rest.
            func place(_ k: Int, _ remaining: [Expr], _ b: BindingTrail?) -> Bool {
                if k == holes.count - 1 {
                    guard !remaining.isEmpty, let value = remaining.count == 1 ? remaining[0] : combine(remaining) else {
                        return true
                    }
                    return match(holes[k], value, b, limits: .default) { yield($0, []) }
                }
                for i in remaining.indices {
                    var rest2 = remaining
                    let item = rest2.remove(at: i)
                    let keepGoing = match(holes[k], item, b, limits: .default) { place(k + 1, rest2, $0) }
                    if !keepGoing { return false }
                }
                return true
            }
            return place(0, rest, b)
        }

        func assignFixed(_ k: Int, _ b: BindingTrail?) -> Bool {
            if k == fixed.count { return assignHoles(b) }
            for i in subjects.indices where !used[i] {
                used[i] = true
                let keepGoing = match(fixed[k], subjects[i], b, limits: .default) { assignFixed(k + 1, $0) }
                used[i] = false
                if !keepGoing { return false }
            }
            return true
        }
        return assignFixed(0, bindings)
    }
}

/// The bindings of a match in progress: a persistent list, newest first. Extending the
/// bindings of one alternative shares the rest with every other alternative (a `Dictionary`
/// was copied at every hole), and a finished match is turned into ``Bindings`` once.
final class BindingTrail {
    /// The hole symbol (with its `?`).
    let hole: Symbol
    /// What it is bound to.
    let value: Expr
    /// The older bindings.
    let next: BindingTrail?

    init(hole: Symbol, value: Expr, next: BindingTrail?) {
        self.hole = hole
        self.value = value
        self.next = next
    }

    /// The value bound to `hole` in `trail`, if any.
    static func value(of hole: Symbol, in trail: BindingTrail?) -> Expr? {
        var node = trail
        while let n = node {
            if n.hole == hole { return n.value }
            node = n.next
        }
        return nil
    }

    /// The bindings as a dictionary from hole names (without `?`). A hole is bound at most
    /// once on a trail, so no entry is overwritten.
    static func bindings(_ trail: BindingTrail?) -> Bindings {
        var out: Bindings = [:]
        var node = trail
        while let n = node {
            out[String(n.hole.name.dropFirst())] = n.value
            node = n.next
        }
        return out
    }
}
