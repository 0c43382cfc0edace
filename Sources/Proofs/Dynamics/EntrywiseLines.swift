// Vector state variables: the lines of a recurrence or ODE system read entry by entry.
//
// Implementation notes
// --------------------
// A state variable declared `vector theta[n]` (n a fixed integer) has n entries, which the
// dynamics layer treats as n scalar state variables named `theta[1]`, …, `theta[n]` — the names
// `FiniteExpansion` gives to `theta[1]` written with an integer index, so an entry the user
// indexes and an entry the expansion produces are the same variable. A line that updates a
// vector (`G <- lambda*G + (1 - lambda)*g^2`, `theta' = …`) is elementwise, as note 03 writes
// RMSprop's (15) with ⊗, √ and ÷ elementwise: entry i of the line is the line with every
// vector of length n (a state variable, a declared vector, a list literal `[a, b]`) replaced by
// its i-th entry, scalars broadcast, `hadamard(a, b)` read as a·b, and a scalar function of a
// vector applied entry by entry. An explicitly indexed entry (`theta[2]`) and a list that is
// indexed (`[1/10, 3/5][x]`, a lookup table) are left alone, so a gradient that couples the
// entries is written as the list of its partial derivatives. The entries of one line are
// assigned together (from the values before the line), as an array assignment is.
import Symbolic

/// Why a line could not be read entry by entry.
struct EntrywiseError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Entry-by-entry reading of the lines of a vector state variable.
enum EntrywiseLines {
    /// The largest length of a vector state variable.
    static let maxLength = 64

    /// The name of entry `i` (1-based) of the vector `name`, as `FiniteExpansion` names it.
    static func entrySymbol(_ name: Symbol, _ i: Int) -> Symbol {
        Symbol("\(name.name)[\(i)]")
    }

    /// Entry `i` (1-based) of `e`, where `vectors` are the names that stand for vectors of
    /// length `n` and `others` the names of vectors of other lengths (an error in this line).
    static func entry(_ e: Expr, _ i: Int, length n: Int, vectors: Set<String>,
                      others: [String: Int] = [:]) throws(EntrywiseError) -> Expr {
        func walk(_ x: Expr) throws(EntrywiseError) -> Expr {
            switch x.kind {
            case .symbol(let s):
                if vectors.contains(s.name) { return Expr(.subscripted(x, [.integer(i)])) }
                if let m = others[s.name] {
                    throw EntrywiseError("'\(s.name)' has length \(m), but this line is about a vector of length \(n)")
                }
                return x
            case .subscripted:
                // An indexed entry or a lookup table: a scalar already.
                return x
            case .list(let items):
                if items.contains(where: { if case .list = $0.kind { return true }; return false }) {
                    throw EntrywiseError("a matrix literal cannot appear in a line about a vector")
                }
                guard items.count == n else {
                    throw EntrywiseError("a list of \(items.count) entries in a line about a vector of length \(n)")
                }
                return try walk(items[i - 1])
            case .call(.opaque(let o), let args) where o.name == "hadamard" && o.derivativeOrders.allSatisfy({ $0 == 0 }):
                guard args.count == 2 else { throw EntrywiseError("hadamard takes two arguments") }
                return try walk(args[0]) * walk(args[1])
            case .call(.opaque(let o), _) where MatrixExpansion.functions.contains(o.name):
                throw EntrywiseError("'\(o.name)' is not available in a line about a vector; write the entries")
            case .number, .constant, .sum, .product, .power, .call, .derivative, .bigOperator, .range:
                return try x.mapChildren(walk)
            }
        }
        return try walk(e)
    }

    /// Entry `i` of an initial or target value: a list of `n` entries gives its i-th, a scalar
    /// is the value of every entry.
    static func value(_ e: Expr, _ i: Int, length n: Int) throws(EntrywiseError) -> Expr {
        guard case .list(let items) = e.kind else { return e }
        guard items.count == n, !items.contains(where: { if case .list = $0.kind { return true }; return false }) else {
            throw EntrywiseError("expected a list of \(n) values, one per entry")
        }
        return items[i - 1]
    }
}

/// The layout of a dynamics state: each declared state variable with its entries (one for a
/// scalar, `theta[1]`, …, `theta[n]` for a `vector theta[n]`).
struct DynamicsStateLayout {
    /// The state variables in block order, with their entry symbols.
    let variables: [(name: Symbol, entries: [Symbol])]

    /// The vector lengths of the variables that are vectors.
    var vectorLengths: [String: Int] {
        var out: [String: Int] = [:]
        for v in variables where v.entries.count != 1 || v.entries.first != v.name { out[v.name.name] = v.entries.count }
        return out
    }

    /// The entries of `name`, or `nil` when it is not a state variable.
    func entries(of name: Symbol) -> [Symbol]? {
        variables.first(where: { $0.name == name })?.entries
    }

    /// Lays out `state` with the declared vectors of `context`.
    init(state: [Symbol], context: CheckContext) throws(DynamicsResolutionError) {
        var out: [(Symbol, [Symbol])] = []
        for s in state {
            guard let m = context.matrices[s.name] else {
                out.append((s, [s]))
                continue
            }
            guard m.isVector, let size = try? m.size(), size.columns == 1, size.rows >= 1 else {
                throw DynamicsResolutionError("the state variable '\(s.name)' must be a scalar or a vector of fixed length")
            }
            guard size.rows <= EntrywiseLines.maxLength else {
                throw DynamicsResolutionError("the vector state '\(s.name)' has \(size.rows) entries; the limit is \(EntrywiseLines.maxLength) (maxLength)")
            }
            out.append((s, (1...size.rows).map { EntrywiseLines.entrySymbol(s, $0) }))
        }
        variables = out
    }

    /// The vectors of `context` (declared and state) of length `n`, and those of other lengths.
    func vectorNames(length n: Int, context: CheckContext) -> (same: Set<String>, others: [String: Int]) {
        var same: Set<String> = [], others: [String: Int] = [:]
        for (name, m) in context.matrices where m.isVector {
            guard let size = try? m.size() else { continue }
            if size.rows == n { same.insert(name) } else { others[name] = size.rows }
        }
        return (same, others)
    }

    /// The scalar lines of one block line `v <- e` (or `v' = e`): one per entry of `v`.
    func lines(for v: Symbol, _ e: Expr, context: CheckContext) throws(DynamicsResolutionError) -> [(Symbol, Expr)] {
        guard let entries = entries(of: v) else {
            throw DynamicsResolutionError("'\(v.name)' is not a state variable")
        }
        if entries == [v] { return [(v, e)] }
        let (same, others) = vectorNames(length: entries.count, context: context)
        var out: [(Symbol, Expr)] = []
        for (i, s) in entries.enumerated() {
            do {
                out.append((s, try EntrywiseLines.entry(e, i + 1, length: entries.count, vectors: same, others: others)))
            } catch {
                throw DynamicsResolutionError("the line of \(v.name): \(error)")
            }
        }
        return out
    }
}
