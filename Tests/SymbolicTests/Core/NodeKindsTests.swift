import Foundation
import Testing
@testable import Symbolic

/// The node kinds recorded at construction, and the free-symbol memo of large nodes: both must
/// give exactly what a full walk gives.
@Suite("Node kinds and remembered free symbols")
struct NodeKindsTests {
    /// The kinds of every node reached by a full walk (the reference for `occurringKinds`).
    static func walkedKinds(_ e: Expr) -> NodeKinds {
        var kinds = e.nodeKind
        for c in e.children { kinds.formUnion(walkedKinds(c)) }
        return kinds
    }

    /// Free symbols by a walk with no memo and no pruning (the reference for `freeSymbols`).
    static func walkedFreeSymbols(_ e: Expr, bound: Set<Symbol> = []) -> Set<Symbol> {
        switch e.kind {
        case .symbol(let s): return bound.contains(s) ? [] : [s]
        case .derivative(let of, let v, _):
            return walkedFreeSymbols(of, bound: bound).union(bound.contains(v) ? [] : [v])
        case .bigOperator(let op):
            var inner = bound, out = Set<Symbol>()
            for b in op.bindings {
                if b.relation == .distributedAs, b.value?.symbolValue != nil {
                    if case .symbol(let s) = b.subject.kind { inner.insert(s) }
                    continue
                }
                if let v = b.value {
                    var valueBound = inner
                    if b.relation == .distributedAs, case .symbol(let s) = b.subject.kind { valueBound.insert(s) }
                    out.formUnion(walkedFreeSymbols(v, bound: valueBound))
                }
                if b.relation != .option, case .symbol(let s) = b.subject.kind { inner.insert(s) }
            }
            return out.union(walkedFreeSymbols(op.body, bound: inner))
        case .number, .constant, .sum, .product, .power, .call, .list, .subscripted, .range:
            return e.children.reduce(into: Set<Symbol>()) { $0.formUnion(walkedFreeSymbols($1, bound: bound)) }
        }
    }

    @Test("the recorded kinds are those of a full walk", arguments: Array(0..<40) as [UInt64])
    func recordedKinds(seed: UInt64) {
        var configuration = RandomExpr.Configuration()
        configuration.opaqueFunctions = ["f", "g"]
        configuration.symbolicExponents = true
        var generator = RandomExpr(seed: seed, configuration: configuration)
        let e = generator.make()
        #expect(e.occurringKinds == Self.walkedKinds(e), "\(e)")
    }

    @Test("kinds of written constructs", arguments: [
        ("x + 1", NodeKinds([.sum, .symbol, .number])),
        ("2*y", NodeKinds([.product, .number, .symbol])),
        ("exp(x)", NodeKinds([.builtinCall, .symbol])),
        ("f(x)", NodeKinds([.opaqueCall, .symbol])),
        ("diff(f(x), x)", NodeKinds([.derivative, .opaqueCall, .symbol])),
        ("E_{x ~ p}[x^2]", NodeKinds([.bigOperator, .symbol, .power, .number])),
        ("pi", NodeKinds([.constant])),
    ] as [(String, NodeKinds)])
    func written(text: String, kinds: NodeKinds) throws {
        #expect(try Expr(parsing: text).occurringKinds == kinds)
    }

    @Test("a walk restricted to kinds finds the same nodes as a full walk", arguments: Array(0..<40) as [UInt64])
    func restrictedWalk(seed: UInt64) {
        var configuration = RandomExpr.Configuration()
        configuration.opaqueFunctions = ["f", "g"]
        var generator = RandomExpr(seed: seed, configuration: configuration)
        let e = generator.make()
        let questions: [(NodeKinds, (Expr) -> Bool)] = [
            (.opaqueCall, { if case .call(.opaque(let o), _) = $0.kind { return o.name == "g" }; return false }),
            (.builtinCall, { if case .call(.builtin(let f), _) = $0.kind { return f == .log || f == .sqrt }; return false }),
            (.power, { if case .power = $0.kind { return true }; return false }),
            (.symbol, { $0.symbolValue?.name == "z" }),
        ]
        for (kinds, predicate) in questions {
            var askedFull: [Expr] = [], askedRestricted: [Expr] = []
            let full = e.containsSubexpression { x in
                guard !x.nodeKind.isDisjoint(with: kinds) else { return false }
                askedFull.append(x)
                return predicate(x)
            }
            let restricted = e.containsSubexpression(ofKinds: kinds) { x in
                askedRestricted.append(x)
                return predicate(x)
            }
            #expect(full == restricted, "\(e)")
            #expect(askedFull == askedRestricted, "\(e)")
        }
    }

    /// A large expression (a sum of many products) with a big operator and a derivative inside,
    /// and a symbol `o<offset>` of its own: expressions of different offsets have different
    /// free symbols, so an answer remembered for one and returned for another is caught.
    static func large(terms: Int, offset: Int) -> Expr {
        var items: [Expr] = [.product([.number(Rational(7)), .symbol(Symbol("o\(offset)"))])]
        for i in 0..<terms {
            let a = Expr.symbol(Symbol("a\((i + offset) % 17)")), b = Expr.symbol(Symbol("b\(i % 5)"))
            items.append(.product([.number(Rational(i + 1)), a, b]))
        }
        let bound = Expr(.bigOperator(BigOperator(name: "sum", bindings: [
            Binding(subject: .symbol("k"), relation: .member, value: .symbol("S")),
        ], body: .product([.symbol("k"), .symbol("w")]))))
        items.append(bound)
        items.append(Expr(.derivative(of: Expr(.call(.opaque(OpaqueFunction(name: "f")), [.symbol("t")])), variable: "u", order: 1)))
        return .sum(items)
    }

    @Test("free symbols of large nodes come out the same from the memo", arguments: [100, 400, 2000])
    func memoAgrees(terms: Int) {
        let e = Self.large(terms: terms, offset: 3)
        let expected = Self.walkedFreeSymbols(e).sorted()
        #expect(e.treeSize >= (terms >= 100 ? FreeSymbolMemo.minimumTreeSize : 0))
        #expect(e.freeSymbols == expected)
        #expect(e.freeSymbols == expected)  // a hit
        // Inside a larger expression, under a binder that captures one of its symbols.
        let wrapped = Expr(.bigOperator(BigOperator(name: "sum", bindings: [
            Binding(subject: .symbol("a3"), relation: .member, value: .symbol("T")),
        ], body: .sum([e, .symbol("v")]))))
        #expect(wrapped.freeSymbols == Self.walkedFreeSymbols(wrapped).sorted())
        #expect(!wrapped.freeSymbols.contains("a3"))
        #expect(Expr.sum([e, .symbol("v")]).freeSymbols == (expected + ["v"]).sorted())
    }

    @Test("the memo never answers for a freed node at a reused address")
    func freedNodes() {
        // Build and drop many large expressions with different symbols: every answer must be
        // the expression's own, whatever the allocator reuses.
        for round in 0..<200 {
            let e = Self.large(terms: 120, offset: round)
            #expect(e.freeSymbols == Self.walkedFreeSymbols(e).sorted(), "round \(round)")
        }
    }

    @Test("more live large nodes than slots: each gets its own answer")
    func collidingLiveNodes() {
        // More live expressions than the table has slots, so slots are shared by live nodes
        // (pigeonhole): only the identity check keeps one node's answer from another's.
        let count = FreeSymbolMemo.slotCount + 200
        let expressions = (0..<count).map { Self.large(terms: 70, offset: $0) }
        #expect(expressions.allSatisfy { $0.treeSize >= FreeSymbolMemo.minimumTreeSize })
        let expected = expressions.map { Self.walkedFreeSymbols($0).sorted() }
        for round in 0..<2 {
            var wrong = 0
            for (e, symbols) in zip(expressions, expected) where e.freeSymbols != symbols { wrong += 1 }
            #expect(wrong == 0, "round \(round)")
        }
    }

    @Test("threads asking about shared large nodes get the walk's answers")
    func concurrent() {
        let shared = (0..<8).map { Self.large(terms: 150, offset: $0) }
        let expected = shared.map { Self.walkedFreeSymbols($0).sorted() }
        let failures = LockedCounter()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for round in 0..<200 {
                let i = (round + worker) % shared.count
                let mixed = Expr.sum([shared[i], .symbol(Symbol("q\(worker)"))])
                if shared[i].freeSymbols != expected[i] { failures.increment() }
                if mixed.freeSymbols != (expected[i] + [Symbol("q\(worker)")]).sorted() { failures.increment() }
            }
        }
        #expect(failures.value == 0)
    }
}

/// A counter several threads increment.
private final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
