// `verify simplify|diff|series|check|latex`: one-off use of the Symbolic core.
import Proofs
import Symbolic

/// Parses a command-line expression, turning errors into `<argument>:1:col: error: …` text.
func parseArgumentExpression(_ text: String, label: String = "<expression>") -> Result<Expr, CommandError> {
    do {
        return .success(try Expr(parsing: text))
    } catch {
        let converter = SourceLocationConverter(text: text)
        let location = converter.location(of: error.range.lowerBound)
        var message = "\(label):\(location.line):\(location.column): error: \(error.message)"
        for note in error.notes {
            let l = converter.location(of: note.range.lowerBound)
            message += "\n\(label):\(l.line):\(l.column): note: \(note.message)"
        }
        return .failure(CommandError(message: message, code: .usage))
    }
}

/// An error that ends a command with a message and an exit code.
struct CommandError: Error {
    var message: String
    var code: ExitCode
}

enum OneOffCommands {
    static func simplify(_ args: ParsedArguments) -> Result<String, CommandError> {
        guard args.positionals.count == 2 else { return .failure(usage("simplify EXPR")) }
        switch parseArgumentExpression(args.positionals[1]) {
        case .failure(let e): return .failure(e)
        case .success(let e):
            do {
                let rnf = try RationalNormalForm(e)
                return .success(String(describing: rnf.expr))
            } catch {
                return .failure(CommandError(message: "error: \(error)", code: .failure))
            }
        }
    }

    static func differentiate(_ args: ParsedArguments) -> Result<String, CommandError> {
        guard (3...4).contains(args.positionals.count) else { return .failure(usage("diff EXPR VAR [N]")) }
        let order: Int
        if args.positionals.count == 4 {
            guard let n = Int(args.positionals[3]), n >= 0 else {
                return .failure(CommandError(message: "error: the order must be a non-negative integer, not '\(args.positionals[3])'", code: .usage))
            }
            order = n
        } else {
            order = 1
        }
        guard isIdentifier(args.positionals[2]) else {
            return .failure(CommandError(message: "error: '\(args.positionals[2])' is not a variable name", code: .usage))
        }
        switch parseArgumentExpression(args.positionals[1]) {
        case .failure(let e): return .failure(e)
        case .success(let e):
            do {
                let d = try e.derivative(withRespectTo: Symbol(args.positionals[2]), order: order)
                return .success(String(describing: try d.canonicalized()))
            } catch {
                return .failure(CommandError(message: "error: \(error)", code: .failure))
            }
        }
    }

    static func series(_ args: ParsedArguments) -> Result<String, CommandError> {
        guard args.positionals.count == 4 else { return .failure(usage("series EXPR VAR ORDER [--at POINT]")) }
        guard let order = Int(args.positionals[3]), order >= 0 else {
            return .failure(CommandError(message: "error: the order must be a non-negative integer, not '\(args.positionals[3])'", code: .usage))
        }
        guard isIdentifier(args.positionals[2]) else {
            return .failure(CommandError(message: "error: '\(args.positionals[2])' is not a variable name", code: .usage))
        }
        let pointText = args.value("at") ?? "0"
        let pointExpr: Expr
        switch parseArgumentExpression(pointText, label: "<point>") {
        case .failure(let e): return .failure(e)
        case .success(let p): pointExpr = p
        }
        switch parseArgumentExpression(args.positionals[1]) {
        case .failure(let e): return .failure(e)
        case .success(let e):
            do {
                let x = Symbol(args.positionals[2])
                let s = try e.series(in: x, around: pointExpr, order: order, assumptions: try assumptions(args))
                let o = pointExpr.isZero ? "O(\(x.name)^\(order))" : "O((\(x.name) - \(pointText))^\(order))"
                return .success("\(s.truncated) + \(o)")
            } catch let error as CommandError {
                return .failure(error)
            } catch {
                return .failure(CommandError(message: "error: \(error)", code: .failure))
            }
        }
    }

    static func latex(_ args: ParsedArguments) -> Result<String, CommandError> {
        guard args.positionals.count == 2 else { return .failure(usage("latex EXPR")) }
        switch parseArgumentExpression(args.positionals[1]) {
        case .failure(let e): return .failure(e)
        case .success(let e): return .success(e.latex())
        }
    }

    /// `verify check "LHS REL RHS" [--assume "x > 0"]… [--seed N]`.
    static func check(_ args: ParsedArguments) -> (String, ExitCode) {
        guard args.positionals.count == 2 else { return (usage("check \"LHS = RHS\"").message, .usage) }
        let text = args.positionals[1]
        guard let (lhsText, relation, rhsText, offset) = splitRelation(text) else {
            return ("<relation>:1:1: error: expected a relation such as 'lhs = rhs' or 'lhs <= rhs'", .usage)
        }
        let lhs: Expr, rhs: Expr
        switch parseArgumentExpression(lhsText, label: "<relation>") {
        case .failure(let e): return (e.message, .usage)
        case .success(let e): lhs = e
        }
        switch parseArgumentExpression(rhsText, label: "<relation>") {
        case .failure(let e):
            // Re-locate columns into the whole relation text.
            return (shiftColumns(e.message, by: offset), .usage)
        case .success(let e): rhs = e
        }
        var checker: EquivalenceChecker
        do {
            checker = EquivalenceChecker(assumptions: try assumptions(args))
        } catch {
            return (error.message, error.code)
        }
        if let seedText = args.value("seed") {
            guard let seed = UInt64(seedText) else { return ("error: --seed needs a non-negative integer, not '\(seedText)'", .usage) }
            checker.seed = seed
        }
        checker.environment.bigOperatorHandler = NumericHandlers.standard()
        let result = checker.decide(lhs, relation, rhs)
        return (CheckReport.render(result, lhs: lhs, relation: relation, rhs: rhs), result.verdict == .refuted || result.verdict == .unknown || result.inconsistency != nil ? .failure : .success)
    }

    // MARK: helpers

    static func usage(_ synopsis: String) -> CommandError {
        CommandError(message: "usage: verify \(synopsis)", code: .usage)
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return s.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" }
    }

    /// Builds assumptions from `--assume "x > 0"` options and `--positive x` style facts.
    static func assumptions(_ args: ParsedArguments) throws(CommandError) -> Assumptions {
        var a = Assumptions()
        let properties: [String: Property] = ["natural": .natural, "integer": .integer, "positive": .positive,
                                               "nonnegative": .nonnegative, "negative": .negative,
                                               "nonpositive": .nonpositive, "probability": .probability]
        for text in args.values("assume") {
            // `n natural`, `x positive`: a sort, as in a declaration.
            let words = text.split(separator: " ").map(String.init)
            if words.count == 2, let property = properties[words[1]], let first = words[0].first, first.isLetter,
               words[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                a.assume(Symbol(words[0]), is: property)
                continue
            }
            guard let (l, rel, r, _) = splitRelation(text) else {
                throw CommandError(message: "<assumption>:1:1: error: expected a relation such as 'x > 0', or a sort such as 'n natural'", code: .usage)
            }
            let lhs: Expr, rhs: Expr
            switch parseArgumentExpression(l, label: "<assumption>") {
            case .failure(let e): throw e
            case .success(let e): lhs = e
            }
            switch parseArgumentExpression(r, label: "<assumption>") {
            case .failure(let e): throw e
            case .success(let e): rhs = e
            }
            do {
                try a.assume(lhs, rel, rhs)
            } catch {
                throw CommandError(message: "<assumption>: error: \(error)", code: .usage)
            }
        }
        return a
    }

    /// Splits `lhs REL rhs` at the first top-level relation.
    static func splitRelation(_ text: String) -> (String, Relation, String, Int)? {
        let bytes = Array(text.utf8)
        var depth = 0
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") || c == UInt8(ascii: "{") { depth += 1 }
            if c == UInt8(ascii: ")") || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") { depth -= 1 }
            if depth == 0 {
                let next = i + 1 < bytes.count ? bytes[i + 1] : 0
                var relation: Relation?
                var width = 1
                switch c {
                case UInt8(ascii: "<"): relation = next == UInt8(ascii: "=") ? .lessEqual : .less
                case UInt8(ascii: ">"): relation = next == UInt8(ascii: "=") ? .greaterEqual : .greater
                case UInt8(ascii: "!"): if next == UInt8(ascii: "=") { relation = .notEqual }
                case UInt8(ascii: "="): relation = .equal
                default: break
                }
                if let r = relation {
                    if r == .lessEqual || r == .greaterEqual || r == .notEqual { width = 2 }
                    // `->` inside bindings is not a relation, but it is always inside braces.
                    let lhs = String(decoding: bytes[..<i], as: UTF8.self)
                    let rhs = String(decoding: bytes[(i + width)...], as: UTF8.self)
                    return (lhs, r, rhs, i + width)
                }
            }
            i += 1
        }
        return nil
    }

    static func shiftColumns(_ message: String, by offset: Int) -> String {
        // "<relation>:1:COL: …" → add offset to COL.
        let parts = message.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, let col = Int(parts[2]) else { return message }
        return "\(parts[0]):\(parts[1]):\(col + offset):\(parts[3])"
    }
}

/// Text rendering of a one-off check.
enum CheckReport {
    static func render(_ r: EquivalenceResult, lhs: Expr, relation: Relation, rhs: Expr) -> String {
        var lines: [String] = []
        let statement = "\(lhs) \(relation.rawValue) \(rhs)"
        switch r.verdict {
        case .proved:
            var how = r.method ?? "symbolic"
            if !r.rules.isEmpty { how += " (" + r.rules.joined(separator: ", ") + ")" }
            lines.append("proved: \(statement)")
            lines.append("  by \(how); numeric check agreed at \(r.points) points (seed \(r.seed))")
        case .exact:
            lines.append("exact: \(statement)")
            lines.append("  \(r.errorBound ?? "")")
        case .numeric:
            lines.append("numeric: \(statement)")
            lines.append("  agreed at \(r.points) seeded points (seed \(r.seed), relative tolerance \(r.tolerance)); not proved symbolically")
        case .refuted:
            lines.append("refuted: \(statement)")
        case .unknown:
            lines.append("unknown: \(statement)")
        }
        if let m = r.margin {
            lines.append("  smallest margin \(formatDouble(m.value)) at \(m.at)")
        }
        if !r.assumed.isEmpty && r.verdict != .refuted {
            lines.append("  assuming " + r.assumed.map { $0.condition.description }.joined(separator: ", "))
        }
        if let cx = r.counterexample {
            lines.append("  counterexample: \(cx.assignmentText.isEmpty ? "(no free symbols)" : cx.assignmentText)")
            if cx.rhs.isEmpty {
                lines.append("    left side \(cx.lhs)")
            } else {
                lines.append("    left side = \(cx.lhs), right side = \(cx.rhs)\(cx.isExact ? " (exact)" : "")")
            }
        }
        if let residual = r.residual, r.verdict != .proved {
            lines.append("  lhs - rhs normalises to \(residual)")
        }
        for b in r.blocked.prefix(3) where r.verdict != .proved {
            lines.append("  note: rule \(b)")
        }
        if let u = r.undefined { lines.append("  undefined: \(u)") }
        if let i = r.inconsistency { lines.append("  internal error: \(i)") }
        for n in r.notes { lines.append("  note: \(n)") }
        return lines.joined(separator: "\n")
    }
}
