// Sort checking of a parsed `.drv` file, before any math runs.
//
// Implementation notes
// --------------------
// One pass over the items in file order builds the `SymbolTable`: a name must be declared
// before it is used (so definitions can never be circular), and a use of a name declared
// further down is reported as such, pointing at the later declaration. A first pre-pass
// only records where each name is first declared, for that message.
//
// Expressions carry no locations, so to put an error on the offending name the checker
// re-parses the text of each expression's range (an expression's range always slices to
// text that parses to the same tree; the parser tests check this) and walks the tree in
// the order the parser recorded its name occurrences, consuming one occurrence per name.
// If the re-parse does not give the same tree (a model built in code with made-up
// ranges), errors fall back to the whole expression's range.
import Symbolic

/// The outcome of sort checking: the resolved names and the diagnostics.
public struct SortCheckResult: Sendable {
    /// Every declared and defined name with its sort.
    public var symbols: SymbolTable
    /// Errors and warnings, in the order found (render them sorted).
    public var diagnostics: [Diagnostic]
}

/// Checks that every name in a ``DerivationFile`` is declared and used according to its
/// sort, before any math runs.
///
/// Errors: undeclared names (with a suggestion), names declared twice, wrong arity (including
/// a density called with a different conditioning bar), densities used as numbers,
/// functions used without arguments, scalars called like functions, visible shape errors
/// (`B*B` for a 4×2 matrix, `det` of a non-square matrix), chains whose relations do not
/// compose, order terms on inequalities, unknown hints, malformed hint arguments, and
/// instance bindings that do not fit the declarations. Warnings: names never used, and
/// instances that leave a density unbound.
public enum SortChecker {
    /// The diagnostics of ``analyze(_:maxErrors:limits:)``.
    public static func check(_ file: DerivationFile) -> [Diagnostic] {
        analyze(file).diagnostics
    }

    /// Sort-checks `file` and returns its symbol table with the diagnostics.
    ///
    /// - Parameters:
    ///   - file: A parsed file (check only files without parse errors; see ``FrontEnd``).
    ///   - maxErrors: Errors reported before stopping with a `too-many-errors` error.
    ///   - limits: Limits for re-parsing expressions and for recursion.
    public static func analyze(_ file: DerivationFile, maxErrors: Int = 50, limits: Limits = .default) -> SortCheckResult {
        let session = SortCheckSession(file: file, maxErrors: maxErrors, limits: limits)
        session.run()
        return SortCheckResult(symbols: session.table, diagnostics: session.diagnostics)
    }
}

final class SortCheckSession {
    let file: DerivationFile
    let bytes: [UInt8]
    let limits: Limits
    let maxErrors: Int
    var table = SymbolTable()
    /// Where each name is first declared or defined anywhere in the file.
    var firstDeclarations: [String: SourceRange] = [:]
    /// Global names referred to somewhere other than their own declaration.
    var used: Set<String> = []
    /// Undeclared names already reported (each is reported once, where first used).
    var reportedUndeclared: Set<String> = []
    /// Densities each instance leaves unbound, reported after the pass for the ones a chain
    /// checked on that instance uses (see `reportUnboundDensities`).
    var unboundByInstance: [(instance: Instance, densities: [String])] = []
    private(set) var diagnostics: [Diagnostic] = []
    private var errorCount = 0
    private(set) var stopped = false

    init(file: DerivationFile, maxErrors: Int, limits: Limits) {
        self.file = file
        self.bytes = Array(file.text.utf8)
        self.limits = limits
        self.maxErrors = maxErrors
    }

    // MARK: Diagnostics

    func error(_ id: DiagnosticID, _ message: String, at range: SourceRange?, notes: [Note] = []) {
        guard !stopped else { return }
        if errorCount >= maxErrors {
            diagnostics.append(Diagnostic(.error, .tooManyErrors,
                                          "too many errors (the limit is \(maxErrors)); stopping here", at: range))
            stopped = true
            return
        }
        errorCount += 1
        diagnostics.append(Diagnostic(.error, id, message, at: range, notes: notes))
    }

    func warning(_ id: DiagnosticID, _ message: String, at range: SourceRange?, notes: [Note] = []) {
        guard !stopped else { return }
        diagnostics.append(Diagnostic(.warning, id, message, at: range, notes: notes))
    }

    /// `did you mean 'x'?` for the closest candidate, if any is close.
    func suggestion(for name: String, among candidates: [String]) -> [Note] {
        if name == "e" { return [Note("write 'exp(1)' for Euler's number")] }
        guard let best = DrvVocabulary.suggestion(for: name, among: candidates) else { return [] }
        return [Note("did you mean '\(best)'?")]
    }

    // MARK: The pass

    func run() {
        for item in file.items {
            switch item {
            case .declaration(let d):
                for n in d.names where firstDeclarations[n.value.name] == nil { firstDeclarations[n.value.name] = n.range }
            case .definition(let d):
                if firstDeclarations[d.name.value.name] == nil { firstDeclarations[d.name.value.name] = d.name.range }
            case .assumption, .chain, .instance, .latexName:
                break
            }
        }
        for item in file.items where !stopped {
            switch item {
            case .declaration(let d): checkDeclaration(d)
            case .definition(let d): checkDefinition(d)
            case .assumption(let a): checkAssumption(a)
            case .chain(let c): checkChain(c)
            case .instance(let i): checkInstance(i)
            case .latexName: break
            }
        }
        if !stopped { checkDynamicsBlocks() }
        if !stopped { reportUnboundDensities() }
        for entry in table.entries where !used.contains(entry.name) {
            let what = entry.origin == .definition ? "defined" : "declared"
            warning(.unusedDeclaration, "'\(entry.name)' is \(what) but never used", at: entry.range)
        }
    }

    // MARK: Declarations

    /// Reports a reserved or duplicate name; returns whether the name may be entered.
    private func admit(_ name: Located<Symbol>, isLet: Bool) -> Bool {
        if let reason = KnownNames.reservation(of: name.value.name) {
            error(.reservedName, "\(reason) and cannot be \(isLet ? "defined" : "declared")", at: name.range)
            return false
        }
        if let existing = table[name.value.name] {
            let message = isLet && existing.origin == .declaration
                ? "'\(name.value.name)' is already declared; 'let' cannot redefine it"
                : "'\(name.value.name)' is already \(existing.origin == .definition ? "defined" : "declared")"
            let first = existing.origin == .definition ? "first defined here" : "first declared here"
            error(.duplicateDeclaration, message, at: name.range, notes: [Note(first, at: existing.range)])
            return false
        }
        return true
    }

    /// Reports reserved and repeated parameter names; returns the names as locals.
    private func checkParameters(_ parameters: [Located<Symbol>]) -> [String] {
        var seen: [String: SourceRange] = [:]
        for p in parameters {
            if let reason = KnownNames.reservation(of: p.value.name) {
                error(.reservedName, "\(reason) and cannot be a parameter", at: p.range)
            } else if let first = seen[p.value.name] {
                error(.duplicateDeclaration, "parameter '\(p.value.name)' appears twice", at: p.range,
                      notes: [Note("first written here", at: first)])
            }
            seen[p.value.name] = seen[p.value.name] ?? p.range
            if table.contains(p.value.name) { used.insert(p.value.name) }
        }
        return parameters.map(\.value.name)
    }

    func checkDeclaration(_ d: Declaration) {
        var parameters: [Symbol] = []
        var locals: [String] = []
        switch d.sort {
        case .scalar:
            if let c = d.constraint {
                let shape = walk(c.bound, locals: [])
                if Shape.conflict(shape, .scalar) {
                    error(.shapeMismatch, "a scalar's bound must be a scalar, not \(shape.phrase)", at: c.bound.range)
                }
            }
        case .vector, .matrix:
            for size in d.sizes { walkSize(size) }
        case .function(let ps):
            parameters = ps
            locals = checkParameters(d.parameters)
        case .density(let vs, let cs):
            parameters = vs + cs
            locals = checkParameters(d.parameters)
        }
        if let body = d.body, let name = d.names.first {
            walk(body, locals: locals, defining: name.value.name)
        }
        for name in d.names where admit(name, isLet: false) {
            table.insert(SymbolTable.Entry(
                name: name.value.name, sort: d.sort, origin: .declaration, keyword: d.keyword.value,
                properties: d.properties.map(\.value),
                constraint: d.constraint.map { ($0.relation.value, $0.bound.value) },
                parameters: parameters, body: d.body?.value, range: name.range))
        }
    }

    /// A vector length or matrix size: declared names only, and a scalar.
    private func walkSize(_ size: LocatedExpr) {
        let shape = walk(size, locals: [])
        if Shape.conflict(shape, .scalar) {
            error(.shapeMismatch, "a size must be a scalar, not \(shape.phrase)", at: size.range)
        }
    }

    func checkDefinition(_ d: Definition) {
        let locals = checkParameters(d.parameters)
        let shape = walk(d.body, locals: locals, defining: d.name.value.name)
        guard admit(d.name, isLet: true) else { return }
        let sort: Sort
        if !d.parameters.isEmpty {
            sort = .function(parameters: d.parameters.map(\.value))
        } else {
            switch shape {
            case .vector(let n): sort = .vector(length: n)
            case .matrix(let r, let c): sort = .matrix(rows: r, columns: c)
            case .scalar, .unknown: sort = .scalar(.real)
            }
        }
        table.insert(SymbolTable.Entry(name: d.name.value.name, sort: sort, origin: .definition, keyword: "let",
                                       parameters: d.parameters.map(\.value), body: d.body.value, range: d.name.range))
    }

    func checkAssumption(_ a: Assumption) {
        let l = walk(a.lhs, locals: [])
        let r = walk(a.rhs, locals: [])
        if a.relation.value != .equal && a.relation.value != .notEqual {
            for (shape, side) in [(l, a.lhs), (r, a.rhs)] where Shape.conflict(shape, .scalar) {
                error(.shapeMismatch, "'\(a.relation.value.rawValue)' compares scalars, not \(shape.phrase)", at: side.range)
            }
        }
    }
}
