// The kinds of node that occur in an expression.
//
// Implementation notes
// --------------------
// Every `ExprNode` stores the set of node kinds in its subtree, the union of its own kind and
// its children's sets, computed in the same pass as the hash (one OR per child). The set is
// exact, not an over-approximation, so a walk looking for, say, big operators can skip every
// subtree whose set lacks `.bigOperator` and visit the same matching nodes in the same order
// as a full walk. Large expansions (a determinant written out has thousands of product
// nodes) are asked such questions many times per step; the set answers most of them at the
// root.

/// A set of node kinds (one per case of ``Expr/Kind``, with calls split into builtin and
/// opaque ones).
public struct NodeKinds: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16

    /// A set from its raw bits.
    @inlinable
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// A rational number.
    public static let number = NodeKinds(rawValue: 1 << 0)
    /// A symbol.
    public static let symbol = NodeKinds(rawValue: 1 << 1)
    /// A mathematical constant.
    public static let constant = NodeKinds(rawValue: 1 << 2)
    /// A sum.
    public static let sum = NodeKinds(rawValue: 1 << 3)
    /// A product.
    public static let product = NodeKinds(rawValue: 1 << 4)
    /// A power.
    public static let power = NodeKinds(rawValue: 1 << 5)
    /// A call of a builtin function (`exp`, `log`, `abs`, …).
    public static let builtinCall = NodeKinds(rawValue: 1 << 6)
    /// A call of an opaque function (declared functions, densities, matrix functions).
    public static let opaqueCall = NodeKinds(rawValue: 1 << 7)
    /// An unevaluated derivative.
    public static let derivative = NodeKinds(rawValue: 1 << 8)
    /// A big operator (expectation, sum, integral, limit, …).
    public static let bigOperator = NodeKinds(rawValue: 1 << 9)
    /// A list.
    public static let list = NodeKinds(rawValue: 1 << 10)
    /// A subscripted expression.
    public static let subscripted = NodeKinds(rawValue: 1 << 11)
    /// A range.
    public static let range = NodeKinds(rawValue: 1 << 12)

    /// Any call, builtin or opaque.
    public static let call: NodeKinds = [.builtinCall, .opaqueCall]
}

extension Expr {
    /// The kind of this node alone (not its descendants').
    public var nodeKind: NodeKinds {
        switch kind {
        case .number: return .number
        case .symbol: return .symbol
        case .constant: return .constant
        case .sum: return .sum
        case .product: return .product
        case .power: return .power
        case .call(.builtin, _): return .builtinCall
        case .call(.opaque, _): return .opaqueCall
        case .derivative: return .derivative
        case .bigOperator: return .bigOperator
        case .list: return .list
        case .subscripted: return .subscripted
        case .range: return .range
        }
    }

    /// Whether any sub-expression (including `self`) of one of `kinds` satisfies
    /// `predicate`, which is asked only about nodes of those kinds. Subtrees without such a
    /// node are not entered (``occurringKinds``); each shared node is visited once. The same
    /// answer, with the predicate asked about the same nodes in the same order, as
    /// `containsSubexpression(where:)` with a predicate that is false on the other kinds.
    public func containsSubexpression(ofKinds kinds: NodeKinds, where predicate: (Expr) -> Bool) -> Bool {
        guard !occurringKinds.isDisjoint(with: kinds) else { return false }
        var visited = IdentitySet()
        func walk(_ e: Expr) -> Bool {
            if e.occurringKinds.isDisjoint(with: kinds) { return false }
            if !visited.insert(ObjectIdentifier(e.node)) { return false }
            if !e.nodeKind.isDisjoint(with: kinds), predicate(e) { return true }
            for c in e.children where walk(c) { return true }
            return false
        }
        return walk(self)
    }
}
