// What a derivation assumes about its symbols, functions and relations.

/// A property that can be assumed of a symbol (the sorts of the `.drv` language).
public enum Property: String, CaseIterable, Sendable, Hashable {
    /// x > 0.
    case positive
    /// x ≥ 0.
    case nonnegative
    /// x < 0.
    case negative
    /// x ≤ 0.
    case nonpositive
    /// x ≠ 0.
    case nonzero
    /// x is real (every symbol is; stated for completeness).
    case real
    /// x is an integer.
    case integer
    /// x is a natural number, x ≥ 0 and integer.
    case natural
    /// 0 < x < 1.
    case probability

    /// The set of values the property allows.
    public var interval: RealInterval {
        switch self {
        case .positive: return .positive
        case .nonnegative: return .nonnegative
        case .negative: return .negative
        case .nonpositive: return RealInterval(lower: nil, upper: .zero)
        case .nonzero: return RealInterval(lower: nil, upper: nil, excludesZero: true)
        case .real: return .all
        case .integer: return RealInterval(lower: nil, upper: nil, isInteger: true)
        case .natural: return RealInterval(lower: .zero, upper: nil, isInteger: true)
        case .probability: return .openUnit
        }
    }
}

/// A relation between two expressions, as assumed or claimed.
public enum Relation: String, CaseIterable, Sendable, Hashable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
}

/// The facts a derivation assumes: per-symbol ranges, facts about opaque functions, and
/// relations between expressions. Used to discharge rule side conditions and to choose
/// sample domains; never to assume anything not written down.
public struct Assumptions: Sendable, Hashable {
    /// The range each symbol is known to lie in (absent: all reals).
    public private(set) var symbolRanges: [Symbol: RealInterval] = [:] { didSet { memo = BoundsMemo() } }
    /// The range of values of each opaque function, by name (e.g. densities are positive).
    public private(set) var functionRanges: [String: RealInterval] = [:] { didSet { memo = BoundsMemo() } }
    /// Assumed relations, normalised to `canonical(lhs − rhs) REL 0`, with `>`/`>=` turned
    /// into `<`/`<=` by negation. Kept in insertion order.
    public private(set) var relations: [(Expr, Relation)] = [] { didSet { memo = BoundsMemo() } }
    /// Bounds already computed under exactly these assumptions (replaced on every change;
    /// not part of equality or hashing).
    private(set) var memo = BoundsMemo()

    /// No assumptions.
    public init() {}

    /// Assumes `property` of `symbol` (intersecting with what is already known).
    public mutating func assume(_ symbol: Symbol, is property: Property) {
        symbolRanges[symbol] = (symbolRanges[symbol] ?? .all).intersection(property.interval)
    }

    /// Assumes `symbol` lies in `interval`.
    public mutating func assume(_ symbol: Symbol, in interval: RealInterval) {
        symbolRanges[symbol] = (symbolRanges[symbol] ?? .all).intersection(interval)
    }

    /// Assumes every value of the opaque function `name` lies in `interval`.
    public mutating func assume(function name: String, in interval: RealInterval) {
        functionRanges[name] = (functionRanges[name] ?? .all).intersection(interval)
    }

    /// Assumes every value of a partial derivative of the opaque function `name` (orders per
    /// argument, e.g. `[2]` for f″) lies in `interval` (a convex f has f″ ≥ 0).
    public mutating func assume(derivative orders: [Int], of name: String, in interval: RealInterval) {
        let key = Assumptions.derivativeKey(name, orders)
        functionRanges[key] = (functionRanges[key] ?? .all).intersection(interval)
    }

    /// The key under which a derivative's range is kept (not a name a user can write).
    static func derivativeKey(_ name: String, _ orders: [Int]) -> String {
        name + "#" + orders.map(String.init).joined(separator: ",")
    }

    /// Assumes `lhs REL rhs`. A relation between a symbol and a number also narrows the
    /// symbol's range (`x > -1`, `a != 0`).
    /// - Throws: a normalisation error when the relation mentions an undefined constant.
    public mutating func assume(_ lhs: Expr, _ relation: Relation, _ rhs: Expr) throws(NormalizationError) {
        var l = try lhs.canonicalized(), r = try rhs.canonicalized()
        var rel = relation
        switch relation {
        case .greater: (l, r, rel) = (r, l, .less)
        case .greaterEqual: (l, r, rel) = (r, l, .lessEqual)
        case .equal, .notEqual, .less, .lessEqual: break
        }
        // Symbol vs number narrows the range directly.
        if let s = l.symbolValue, let v = r.numberValue {
            switch rel {
            case .less: assume(s, in: RealInterval(lower: nil, upper: v, upperOpen: true))
            case .lessEqual: assume(s, in: RealInterval(lower: nil, upper: v))
            case .equal: assume(s, in: .point(v))
            case .notEqual where v.isZero: assume(s, in: RealInterval(lower: nil, upper: nil, excludesZero: true))
            case .notEqual, .greater, .greaterEqual: break
            }
        } else if let s = r.symbolValue, let v = l.numberValue {
            switch rel {
            case .less: assume(s, in: RealInterval(lower: v, lowerOpen: true, upper: nil))
            case .lessEqual: assume(s, in: RealInterval(lower: v, upper: nil))
            case .equal: assume(s, in: .point(v))
            case .notEqual where v.isZero: assume(s, in: RealInterval(lower: nil, upper: nil, excludesZero: true))
            case .notEqual, .greater, .greaterEqual: break
            }
        }
        let difference = try Canonical(l - r).expr
        relations.append((difference, rel))
    }

    /// The known range of `symbol` (all reals if nothing is assumed).
    public func range(of symbol: Symbol) -> RealInterval {
        symbolRanges[symbol] ?? .all
    }

    public static func == (lhs: Assumptions, rhs: Assumptions) -> Bool {
        lhs.symbolRanges == rhs.symbolRanges && lhs.functionRanges == rhs.functionRanges
            && lhs.relations.elementsEqual(rhs.relations, by: { $0.0 == $1.0 && $0.1 == $1.1 })
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(symbolRanges)
        hasher.combine(functionRanges)
        hasher.combine(relations.count)
        for (e, r) in relations {
            hasher.combine(e)
            hasher.combine(r)
        }
    }
}
