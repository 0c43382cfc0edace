// What the checker needs to know about declared matrices: declarations, family sizes,
// instance values, and the numeric setup (joint samplers, atom implementations).
//
// Implementation notes
// --------------------
// An instance value for a declared matrix is expanded like any matrix expression (so
// `Q = 1/2*[[1, 1], [1, -1]]` works), must have the declared shape at this family member, and
// must have the declared properties: symmetry, diagonality and orthogonality must be proved
// entry by entry by the rational normal form; `psd`, `fullrank` and `rank(r)` are checked on
// the numbers (eigenvalues ≥ −1e-12·scale; the exact rank of a rational value, otherwise
// singular values above 1e-12·σ_max), so a value with free symbols cannot have them. A
// claim about an orthogonal Q is never checked on a value that is not orthogonal.
import Symbolic

extension CheckContext {
    /// Records a `vector` or `matrix` declaration.
    /// - Throws: a ``Diagnostic`` for a property the checker does not know or properties that
    ///   cannot hold together at fixed sizes (`rank(3)` of a 4×2 matrix).
    mutating func declareMatrix(_ d: Declaration) throws {
        let rows: Expr, columns: Expr, isVector: Bool
        switch d.sort {
        case .vector(let n): (rows, columns, isVector) = (n, .one, true)
        case .matrix(let r, let c): (rows, columns, isVector) = (r, c, false)
        case .scalar, .function, .density: return
        }
        var properties: [DeclaredMatrixProperty] = []
        for p in d.properties {
            guard let property = DeclaredMatrixProperty(p.value) else {
                throw Diagnostic(.error, .unknownProperty, "unknown matrix property '\(p.value)'", at: p.range)
            }
            properties.append(property)
        }
        for n in d.names {
            let m = DeclaredMatrix(name: n.value.name, rows: rows, columns: columns, isVector: isVector, properties: properties)
            if (try? m.size()) != nil {
                do {
                    _ = try m.jointSampler()
                } catch {
                    throw Diagnostic(.error, .unsupported, "\(error)", at: d.range)
                }
            }
            matrices[n.value.name] = m
        }
    }

    /// The context with a family's values substituted into the matrix sizes.
    public func specialisingMatrices(_ substitution: [Symbol: Expr]) -> CheckContext {
        guard !substitution.isEmpty, !matrices.isEmpty else { return self }
        var copy = self
        copy.matrices = matrices.mapValues { $0.specialised(substitution, limits: options.limits) }
        return copy
    }

    /// The context with the instance's values for declared matrices and vectors bound (see
    /// the file notes).
    /// - Throws: ``MatrixLanguageError`` (kind `.instance`) when a value does not fit.
    func bindingMatrices(of instance: Instance) throws(MatrixLanguageError) -> CheckContext {
        var copy = self
        for binding in instance.bindings {
            guard case .value(let name, let value, _) = binding, let d = matrices[name.value.name] else { continue }
            let limits = options.limits
            let m = try matrixExpansions.binding(d, value: value.value, limits: limits) { () throws(MatrixLanguageError) -> Matrix<Expr> in
                let expanded = try MatrixExpansion.expand(value.value, matrices: [:], limits: limits).expression
                let m: Matrix<Expr>
                if let rows = MatrixExpansion.matrix(fromRows: expanded) {
                    m = rows
                } else {
                    m = Matrix<Expr>(column: [expanded])
                }
                let shape = try d.size()
                guard m.shape == shape else {
                    throw MatrixLanguageError(.instance, "'\(d.name)' is a \(shapePhrase(shape)) here, and the instance "
                                              + "binds a \(shapePhrase(m.shape))")
                }
                try Self.validate(m, against: d, limits: limits)
                return m
            }
            copy.matrices[d.name]?.value = m
        }
        return copy
    }

    /// Checks that an instance value has the declared properties (see the file notes).
    static func validate(_ m: Matrix<Expr>, against d: DeclaredMatrix, limits: Limits) throws(MatrixLanguageError) {
        func fail(_ what: String) -> MatrixLanguageError {
            MatrixLanguageError(.instance, "'\(d.name)' is declared \(what), but the instance value \(m) is not")
        }
        func proved(_ a: Matrix<Expr>, _ b: Matrix<Expr>) -> Bool {
            (try? a.compareEntrywise(with: b, limits: limits).isIdentical) ?? false
        }
        let numbers = try? m.evaluated(at: Environment())
        for p in d.properties {
            switch p {
            case .symmetric:
                if !m.isSquare || !proved(m, m.transposed) { throw fail("symmetric") }
            case .diagonal:
                var off = m
                for i in 0..<min(m.rowCount, m.columnCount) { off[i, i] = .zero }
                if !proved(off, Matrix<Expr>(uncheckedRows: m.rowCount, columns: m.columnCount,
                                             entries: [Expr](repeating: .zero, count: m.entries.count))) {
                    throw fail("diagonal")
                }
            case .orthogonal:
                let product = m.rowCount >= m.columnCount ? try? m.gram() : try? m.multiplied(by: m.transposed)
                guard let g = product, let identity = try? Matrix<Expr>.identity(g.rowCount), proved(g, identity) else {
                    throw fail("orthogonal")
                }
            case .psd:
                if !m.isSquare || !proved(m, m.transposed) { throw fail("psd (symmetric)") }
                guard let a = numbers, let e = try? SymmetricEigendecomposition(a, symmetryTolerance: 1e-9) else {
                    throw fail("psd")
                }
                let scale = e.eigenvalues.map(\.magnitude).max() ?? 0
                if (e.eigenvalues.last ?? 0) < -1e-12 * max(scale, 1e-300) { throw fail("psd") }
            case .fullRank, .rank:
                let k = min(m.rowCount, m.columnCount)
                var expected = k
                if case .rank(let r) = p {
                    guard let value = (try? r.evaluateExactly(at: [:]))?.asInt else {
                        throw MatrixLanguageError(.size, "the rank of '\(d.name)' is \(r), not a fixed integer")
                    }
                    expected = value
                }
                let rank: Int?
                if let exact = try? m.evaluatedExactly(at: [:], limits: limits) {
                    rank = try? exact.rank()
                } else if let a = numbers {
                    rank = (try? SingularValueDecomposition(a))?.rank(tolerance: 1e-12)
                } else {
                    rank = nil
                }
                if rank != expected { throw fail(p == .fullRank ? "of full rank" : "of rank \(expected)") }
            }
        }
    }

    /// The orthogonality rules the matrix expansion of `expressions` uses, for the step's
    /// evidence. Worked out only when a declared orthogonal matrix occurs in an expression as
    /// written (definitions are not unfolded here).
    func matrixRules(in expressions: [Expr]) -> [String] {
        let orthogonal = Set(matrices.values.filter(\.isOrthogonal).map(\.name))
        guard !orthogonal.isEmpty else { return [] }
        var rules: [String] = []
        for e in expressions where e.freeSymbols.contains(where: { orthogonal.contains($0.name) }) {
            guard let unrolled = try? FiniteExpansion.expand(e, limits: options.limits),
                  let r = try? MatrixExpansion.expand(unrolled, matrices: matrices, limits: options.limits) else { continue }
            for rule in r.rules where !rules.contains(rule) { rules.append(rule) }
        }
        return rules
    }
}

extension EquivalenceChecker {
    /// Prepares the numeric check of expanded matrix expressions: implementations of the
    /// matrix atoms, nonnegativity of spectral norms, and a joint sampler for every declared
    /// matrix with sampling structure whose entries occur.
    mutating func configureMatrices(for expressions: [Expr], context: CheckContext) {
        for (signature, implementation) in MatrixAtoms.implementations(for: expressions)
        where environment.functions[signature] == nil {
            environment.functions[signature] = implementation
        }
        for name in MatrixAtoms.nonnegativeAtoms(in: expressions) {
            assumptions.assume(function: name, in: .nonnegative)
        }
        guard !context.matrices.isEmpty else { return }
        var free = Set<Symbol>()
        for e in expressions { free.formUnion(e.freeSymbols) }
        for name in context.matrices.keys.sorted() {
            guard let d = context.matrices[name], d.value == nil,
                  let sampler = try? d.jointSampler(), sampler.symbols.contains(where: free.contains) else { continue }
            jointSamplers.append(sampler)
        }
    }
}
