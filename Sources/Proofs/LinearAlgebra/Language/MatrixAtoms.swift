// Matrix functions without a closed form, kept as opaque atoms that the numeric check
// evaluates with the floating-point library.
//
// Implementation notes
// --------------------
// `norm2(W)` for min(m, n) ≥ 3, and `det` or `inverse` of a symbolic matrix too large to
// expand exactly, become calls of an opaque function whose *arguments are the entries* (row by
// row) and whose name records the operation and the shape: `norm2[4x3](W[1,1], …)`,
// `det[5x5](…)`, `inverse[5x5,2,3](…)` (entry (2, 3) of the inverse). The brackets make the
// names impossible to write in a `.drv` file, so they never clash with user functions. To the
// normal forms such a call is an atom (a function of its arguments, nothing more); for the
// numbers, ``MatrixAtoms/implementations(for:)`` binds each name met in an expression to a
// closure that reshapes the arguments and runs the SVD (one-sided Jacobi, ~1e-15 relative),
// LU with partial pivoting (determinant) or LU solves (inverse). A spectral norm is also
// declared nonnegative to the sign prover.
import Symbolic

/// The opaque atoms of matrix functions (see the file notes).
public enum MatrixAtoms {
    /// The operations kept as atoms.
    public enum Operation: String, Sendable, CaseIterable {
        /// The spectral norm ‖W‖₂.
        case norm2
        /// The determinant.
        case det
        /// One entry of the inverse.
        case inverse
    }

    /// A parsed atom name.
    struct Signature: Hashable {
        var operation: Operation
        var rows: Int
        var columns: Int
        /// The 1-based entry of an inverse.
        var entry: (Int, Int)?

        static func == (a: Signature, b: Signature) -> Bool {
            a.operation == b.operation && a.rows == b.rows && a.columns == b.columns
                && a.entry?.0 == b.entry?.0 && a.entry?.1 == b.entry?.1
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(operation)
            hasher.combine(rows)
            hasher.combine(columns)
            hasher.combine(entry?.0)
            hasher.combine(entry?.1)
        }

        var name: String {
            var s = "\(operation.rawValue)[\(rows)x\(columns)"
            if let (i, j) = entry { s += ",\(i),\(j)" }
            return s + "]"
        }

        init(operation: Operation, rows: Int, columns: Int, entry: (Int, Int)? = nil) {
            self.operation = operation
            self.rows = rows
            self.columns = columns
            self.entry = entry
        }

        /// Parses `norm2[4x3]`, `det[5x5]`, `inverse[5x5,2,3]`.
        init?(name: String) {
            guard let open = name.firstIndex(of: "["), name.last == "]",
                  let operation = Operation(rawValue: String(name[..<open])) else { return nil }
            let inner = name[name.index(after: open)..<name.index(before: name.endIndex)]
            let parts = inner.split(separator: ",")
            guard let first = parts.first else { return nil }
            let dims = first.split(separator: "x")
            guard dims.count == 2, let r = Int(dims[0]), let c = Int(dims[1]), r > 0, c > 0 else { return nil }
            self.operation = operation
            rows = r
            columns = c
            switch parts.count {
            case 1: entry = nil
            case 3:
                guard let i = Int(parts[1]), let j = Int(parts[2]) else { return nil }
                entry = (i, j)
            default: return nil
            }
        }
    }

    /// The atom `operation[rows x columns](entries…)` of a materialised matrix.
    static func call(_ operation: Operation, _ m: Matrix<Expr>, entry: (Int, Int)? = nil) -> Expr {
        let signature = Signature(operation: operation, rows: m.rowCount, columns: m.columnCount, entry: entry)
        return Expr(.call(.opaque(OpaqueFunction(name: signature.name)), m.entries))
    }

    /// Implementations of every matrix atom called in `expressions`, keyed for an
    /// ``Environment``.
    public static func implementations(for expressions: [Expr]) -> [FunctionSignature: FunctionImplementation] {
        var out: [FunctionSignature: FunctionImplementation] = [:]
        for e in expressions {
            _ = e.containsSubexpression(ofKinds: .opaqueCall) { node in
                if case .call(.opaque(let o), let args) = node.kind, o.conditioningIndex == nil, !o.isDifferentiated,
                   let s = Signature(name: o.name), s.rows * s.columns == args.count {
                    out[FunctionSignature(name: o.name, arity: args.count)] = implementation(s)
                }
                return false
            }
        }
        return out
    }

    /// The names of the spectral-norm atoms called in `expressions` (nonnegative functions).
    public static func nonnegativeAtoms(in expressions: [Expr]) -> [String] {
        var names = Set<String>()
        for e in expressions {
            _ = e.containsSubexpression(ofKinds: .opaqueCall) { node in
                if case .call(.opaque(let o), _) = node.kind, let s = Signature(name: o.name), s.operation == .norm2 {
                    names.insert(o.name)
                }
                return false
            }
        }
        return names.sorted()
    }

    static func implementation(_ s: Signature) -> FunctionImplementation {
        FunctionImplementation { arguments in
            guard arguments.count == s.rows * s.columns,
                  let m = try? Matrix<Double>(rows: s.rows, columns: s.columns, entries: arguments) else {
                throw EvaluationError.unsupported("\(s.name) needs \(s.rows * s.columns) entries")
            }
            do {
                switch s.operation {
                case .norm2:
                    return try SingularValueDecomposition.spectralNorm(of: m)
                case .det:
                    return try m.determinant()
                case .inverse:
                    guard let (i, j) = s.entry, i >= 1, i <= s.rows, j >= 1, j <= s.columns else {
                        throw EvaluationError.unsupported("\(s.name): no such entry")
                    }
                    return try m.inverse()[i - 1, j - 1]
                }
            } catch let error as EvaluationError {
                throw error
            } catch LinearAlgebraError.singular {
                throw EvaluationError.divisionByZero
            } catch LinearAlgebraError.nonFinite {
                throw EvaluationError.overflow(operation: s.name)
            } catch {
                throw EvaluationError.unsupported("\(s.name): \(error)")
            }
        }
    }
}
