// Compiling an expression to a flat register program.
//
// Implementation notes
// --------------------
// The compiler walks the expression DAG once (memo by node identity):
// - A sub-expression mentioning none of the variables is a constant: it is evaluated once
//   with the tree evaluator (so folding is exact by construction) and an error there is a
//   compile-time error (the expression is undefined at every point).
// - Everything else becomes instructions that reproduce `TreeEvaluator` operation by
//   operation: sums and products fold left to right over their non-number parts, then apply
//   the exact rational literal; `a * b^-n` divides; `b^n` (n ≤ 64) is the same sequence of
//   squarings and multiplications as `Elementary.positivePower`. Constant operands are
//   folded with the same double operation.
// - Instructions are value-numbered: an (operation, operands) pair already emitted is
//   reused, which shares common sub-expressions across structurally equal sub-trees, not
//   just shared nodes.
// - Registers are allocated by last use; a destination never aliases one of its operands
//   (element-wise loops with exact aliasing would defeat the vectoriser's overlap check).
// Checks follow one rule: arithmetic (+, −, ×, negation, positive powers, the numerator of
// ÷) propagates a non-finite value, every other operation checks its operands (domain and
// finiteness), and the output is checked. A non-finite intermediate therefore always
// reaches a check, so the set of valid points equals the tree evaluator's.

/// The operations of a compiled program.
enum CompiledOperation: Hashable, Sendable {
    case add, subtract, multiply
    /// a / b; checks b ≠ 0 and finite.
    case divide
    case negate
    /// 1 / x; checks x ≠ 0 and finite.
    case reciprocal
    /// A one-argument built-in (for min/max: the identity); checks its domain.
    case builtin(Builtin)
    /// Binary min or max; checks both operands.
    case extremum(Builtin)
    /// x^0 = 1; checks x ≠ 0 and finite.
    case powerZero
    /// x^n for n > 64 (`pow`).
    case largePower(Int)
    /// x^r for a non-integer rational r; checks the domain.
    case fractionalPower(Double)
    /// x^y for a computed exponent (scalar, `Elementary.power`).
    case power
    /// An opaque function: index into the function table; operands are the arguments.
    case opaque(Int)
    /// `[items][index]`: operand 0 is the index, the rest the items.
    case select
}

/// A compile-time value: a constant, an input column, or an instruction's result.
enum CompiledValue: Hashable, Sendable {
    case constant(UInt64)
    case variable(Int)
    case instruction(Int)

    static func number(_ x: Double) -> CompiledValue { .constant(x.bitPattern) }

    var constantValue: Double? {
        if case .constant(let bits) = self { return Double(bitPattern: bits) }
        return nil
    }
}

struct CompiledInstruction: Sendable {
    var operation: CompiledOperation
    var operands: [CompiledValue]
    /// Register of the result (assigned after compilation).
    var destination: Int = 0
}

/// The compiler state.
struct ProgramCompiler {
    let variables: [Symbol: Int]
    let environment: Environment
    private(set) var instructions: [CompiledInstruction] = []
    private(set) var functions: [FunctionImplementation.Body] = []
    private var numbering: [InstructionKey: Int] = [:]
    private var memo: IdentityMap<CompiledValue> = [:]
    private var dependence: IdentityMap<Bool> = [:]
    /// Expressions built while compiling (the derivative behind an unevaluated `diff`), kept
    /// alive as long as the memos keyed by node identity: a freed node's address can be reused
    /// by a different node, which must never hit the old entry.
    private var retained: [Expr] = []
    private var functionIndex: [String: Int] = [:]

    /// The key of value numbering. Its hash is computed once, with `StableHash` over the
    /// operation and the operands, and the table uses it without running `Hasher` (the
    /// synthesized hash fed every operand to `Hasher`, a fifth of compilation time).
    private struct InstructionKey: Hashable {
        var operation: CompiledOperation
        var operands: [CompiledValue]
        let code: UInt64

        init(operation: CompiledOperation, operands: [CompiledValue]) {
            self.operation = operation
            self.operands = operands
            var h: UInt64
            switch operation {
            case .add: h = 1
            case .subtract: h = 2
            case .multiply: h = 3
            case .divide: h = 4
            case .negate: h = 5
            case .reciprocal: h = 6
            case .builtin(let b): h = StableHash.combine(7, UInt64(truncatingIfNeeded: b.hashValue))
            case .extremum(let b): h = StableHash.combine(8, UInt64(truncatingIfNeeded: b.hashValue))
            case .powerZero: h = 9
            case .largePower(let n): h = StableHash.combine(10, UInt64(truncatingIfNeeded: n))
            case .fractionalPower(let r): h = StableHash.combine(11, r.bitPattern)
            case .power: h = 12
            case .opaque(let i): h = StableHash.combine(13, UInt64(truncatingIfNeeded: i))
            case .select: h = 14
            }
            for o in operands {
                switch o {
                case .constant(let bits): h = StableHash.combine(h, StableHash.combine(1, bits))
                case .variable(let i): h = StableHash.combine(h, 2 &+ (UInt64(truncatingIfNeeded: i) << 2))
                case .instruction(let i): h = StableHash.combine(h, 3 &+ (UInt64(truncatingIfNeeded: i) << 2))
                }
            }
            code = h
        }

        static func == (a: InstructionKey, b: InstructionKey) -> Bool {
            a.code == b.code && a.operation == b.operation && a.operands == b.operands
        }

        func hash(into hasher: inout Hasher) { hasher.combine(code) }

        func _rawHashValue(seed: Int) -> Int {
            StableHash.tableHash(code, seed: seed)
        }
    }

    init(variables: [Symbol], environment: Environment) {
        var index: [Symbol: Int] = [:]
        for (i, v) in variables.enumerated() where index[v] == nil { index[v] = i }
        self.variables = index
        self.environment = environment
    }

    // MARK: Dependence

    /// Whether `e` mentions a variable (free).
    mutating func dependsOnVariables(_ e: Expr) -> Bool {
        if e.height > DeepExpressions.recursionLimit && dependence[ObjectIdentifier(e.node)] == nil {
            let order = DeepExpressions.postOrder(e) { n in
                if case .bigOperator = n.kind { return [] }
                return n.children
            }
            for n in order { _ = dependsOnVariablesRecursively(n) }
        }
        return dependsOnVariablesRecursively(e)
    }

    private mutating func dependsOnVariablesRecursively(_ e: Expr) -> Bool {
        switch e.kind {
        case .number, .constant: return false
        case .symbol(let s): return variables[s] != nil
        case .sum, .product, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            let key = ObjectIdentifier(e.node)
            if let d = dependence[key] { return d }
            let d: Bool
            if case .bigOperator = e.kind {
                d = e.freeSymbols.contains { variables[$0] != nil }
            } else {
                d = e.children.contains { dependsOnVariablesRecursively($0) }
            }
            dependence[key] = d
            return d
        }
    }

    // MARK: Emission

    private mutating func emit(_ operation: CompiledOperation, _ operands: [CompiledValue]) throws(EvaluationError) -> CompiledValue {
        let key = InstructionKey(operation: operation, operands: operands)
        if let i = numbering[key] { return .instruction(i) }
        guard instructions.count < environment.limits.maxTerms else {
            throw .limitExceeded(LimitExceeded(limit: "maxTerms", requested: instructions.count + 1,
                                               maximum: environment.limits.maxTerms))
        }
        instructions.append(CompiledInstruction(operation: operation, operands: operands))
        numbering[key] = instructions.count - 1
        return .instruction(instructions.count - 1)
    }

    /// The operation and operands of an emitted instruction value.
    private func definition(_ v: CompiledValue) -> (CompiledOperation, [CompiledValue])? {
        if case .instruction(let i) = v { return (instructions[i].operation, instructions[i].operands) }
        return nil
    }

    /// `w` when `v` is `-w`.
    private func negated(_ v: CompiledValue) -> CompiledValue? {
        if let (op, operands) = definition(v), op == .negate { return operands[0] }
        return nil
    }

    // Peepholes below only use exact IEEE identities: a + (−b) = a − b, (−a)·c = a·(−c),
    // (−a)/c = a/(−c), −(a·c) = a·(−c), −(−a) = a, and a/c = a·(1/c) when c is a power of
    // two whose reciprocal is normal. Unused instructions they leave behind are removed
    // by `eliminateDeadCode`.

    private mutating func add(_ a: CompiledValue, _ b: CompiledValue) throws(EvaluationError) -> CompiledValue {
        if let x = a.constantValue, let y = b.constantValue { return try folded(x + y, "+") }
        if let w = negated(b) { return try emit(.subtract, [a, w]) }
        if let w = negated(a) { return try emit(.subtract, [b, w]) }
        return try emit(.add, [a, b])
    }

    private mutating func multiply(_ a: CompiledValue, _ b: CompiledValue) throws(EvaluationError) -> CompiledValue {
        if let x = a.constantValue, let y = b.constantValue { return try folded(x * y, "*") }
        if let c = b.constantValue, let w = negated(a) { return try emit(.multiply, [w, .number(-c)]) }
        if let c = a.constantValue, let w = negated(b) { return try emit(.multiply, [.number(-c), w]) }
        return try emit(.multiply, [a, b])
    }

    private mutating func divide(_ a: CompiledValue, _ b: CompiledValue) throws(EvaluationError) -> CompiledValue {
        if let y = b.constantValue {
            guard y != 0 else { throw .divisionByZero }
            guard y.isFinite else { throw .overflow(operation: "^") }
            if let x = a.constantValue { return try folded(x / y, "*") }
            if y.isNormal && y.significandBitPattern == 0 && (1 / y).isNormal {
                return try multiply(a, .number(1 / y))
            }
            if let w = negated(a) { return try emit(.divide, [w, .number(-y)]) }
        }
        return try emit(.divide, [a, b])
    }

    private mutating func negate(_ a: CompiledValue) throws(EvaluationError) -> CompiledValue {
        if let x = a.constantValue { return .number(-x) }
        if let w = negated(a) { return w }
        if let (op, operands) = definition(a), op == .multiply || op == .divide {
            if let c = operands[1].constantValue { return try emit(op, [operands[0], .number(-c)]) }
            if op == .multiply, let c = operands[0].constantValue { return try emit(op, [.number(-c), operands[1]]) }
        }
        return try emit(.negate, [a])
    }

    private mutating func reciprocal(_ a: CompiledValue) throws(EvaluationError) -> CompiledValue {
        if let x = a.constantValue {
            guard x != 0 else { throw .divisionByZero }
            guard x.isFinite else { throw .overflow(operation: "^") }
            return try folded(1 / x, "^")
        }
        return try emit(.reciprocal, [a])
    }

    /// `a · c` for the literal of a product: negation when c = −1 (bit-identical).
    private mutating func scale(_ a: CompiledValue, by c: Double) throws(EvaluationError) -> CompiledValue {
        if let x = a.constantValue { return try folded(x * c, "*") }
        if c == -1 { return try negate(a) }
        return try multiply(a, .number(c))
    }

    private func folded(_ x: Double, _ operation: String) throws(EvaluationError) -> CompiledValue {
        // Constant intermediates are checked like the tree evaluator's (it would throw at
        // every point).
        guard x.isFinite else { throw .overflow(operation: operation) }
        return .number(x)
    }

    /// x^n, n ≥ 1, as `Elementary.positivePower` computes it.
    private mutating func positivePower(_ x: CompiledValue, _ n: Int) throws(EvaluationError) -> CompiledValue {
        if n > Elementary.maxMultipliedExponent { return try emit(.largePower(n), [x]) }
        var result: CompiledValue? = nil
        var base = x
        var k = n
        while true {
            if k & 1 == 1 {
                if let r = result { result = try multiply(r, base) } else { result = base }
            }
            k >>= 1
            if k == 0 { break }
            base = try multiply(base, base)
        }
        return result ?? x
    }

    // MARK: Expressions

    mutating func compile(_ e: Expr) throws(EvaluationError) -> CompiledValue {
        if e.height > DeepExpressions.recursionLimit && memo[ObjectIdentifier(e.node)] == nil {
            _ = dependsOnVariables(e)
            let order = DeepExpressions.postOrder(e) { n in
                self.dependence[ObjectIdentifier(n.node)] == true ? DeepExpressions.numericChildren(n) : []
            }
            for n in order { _ = try compileNode(n) }
        }
        return try compileNode(e)
    }

    private mutating func compileNode(_ e: Expr) throws(EvaluationError) -> CompiledValue {
        let key = ObjectIdentifier(e.node)
        if let v = memo[key] { return v }
        let v: CompiledValue
        if !dependsOnVariables(e) {
            v = .number(try e.evaluate(at: environment))
        } else {
            v = try compileDependent(e)
        }
        memo[key] = v
        return v
    }

    private mutating func compileDependent(_ e: Expr) throws(EvaluationError) -> CompiledValue {
        switch e.kind {
        case .number, .constant:
            return .number(try e.evaluate(at: environment))
        case .symbol(let s):
            guard let i = variables[s] else { throw .unboundSymbol(s.name) }
            return .variable(i)
        case .sum(let terms):
            var accumulator: CompiledValue? = nil
            var literal = Rational.zero
            for t in terms {
                if case .number(let r) = t.kind {
                    literal += r
                    continue
                }
                let v = try compileNode(t)
                accumulator = try accumulator.map { a throws(EvaluationError) in try add(a, v) } ?? v
            }
            if !literal.isZero {
                let c = CompiledValue.number(literal.doubleValue)
                accumulator = try accumulator.map { a throws(EvaluationError) in try add(a, c) } ?? c
            }
            return accumulator ?? .number(0)
        case .product(let factors):
            var accumulator: CompiledValue? = nil
            var literal = Rational.one
            for f in factors {
                if case .number(let r) = f.kind {
                    literal *= r
                    continue
                }
                if case .power(let base, let exponent) = f.kind, let n = Expr.negativeIntegerLiteral(exponent) {
                    let d = try positivePower(compileNode(base), n)
                    if let a = accumulator {
                        accumulator = try divide(a, d)
                    } else {
                        accumulator = try reciprocal(d)
                    }
                    continue
                }
                let v = try compileNode(f)
                accumulator = try accumulator.map { a throws(EvaluationError) in try multiply(a, v) } ?? v
            }
            if !literal.isOne {
                let c = literal.doubleValue
                if let a = accumulator {
                    accumulator = try scale(a, by: c)
                } else {
                    accumulator = .number(c)
                }
            }
            return accumulator ?? .number(1)
        case .power(let base, let exponent):
            let b = try compileNode(base)
            if case .number(let r) = exponent.kind {
                if r.isInteger, let n = r.asInt {
                    if n == 0 { return try emit(.powerZero, [b]) }
                    if n > 0 { return try positivePower(b, n) }
                    if n == Int.min { return try emit(.power, [b, .number(r.doubleValue)]) }
                    return try reciprocal(positivePower(b, -n))
                }
                if r.isInteger { return try emit(.power, [b, .number(r.doubleValue)]) }
                return try emit(.fractionalPower(r.doubleValue), [b])
            }
            return try emit(.power, [b, compileNode(exponent)])
        case .call(let function, let arguments):
            var values: [CompiledValue] = []
            for a in arguments { values.append(try compileNode(a)) }
            switch function {
            case .builtin(let f):
                if let n = f.arity {
                    guard values.count == n else {
                        throw .unsupported("\(f.rawValue) takes \(n) argument\(n == 1 ? "" : "s"), got \(values.count)")
                    }
                    return try emit(.builtin(f), values)
                }
                guard let first = values.first else { throw .unsupported("\(f.rawValue) needs at least one argument") }
                var accumulator = try emit(.builtin(f), [first])
                for v in values.dropFirst() { accumulator = try emit(.extremum(f), [accumulator, v]) }
                return accumulator
            case .opaque(let o):
                let signature = "\(FunctionSignature(o, arity: arguments.count))/\(o.derivativeOrders)"
                let index: Int
                if let i = functionIndex[signature] {
                    index = i
                } else {
                    functions.append(try environment.implementation(of: o, arity: arguments.count))
                    index = functions.count - 1
                    functionIndex[signature] = index
                }
                return try emit(.opaque(index), values)
            }
        case .derivative(let of, let variable, let order):
            let formed = try Expr.evaluableDerivative(of: of, variable: variable, order: order,
                                                      limits: environment.limits)
            retained.append(formed)
            return try compile(formed)
        case .bigOperator(let op):
            throw .unsupported("big operator \(op.name) depends on a compiled variable")
        case .list:
            throw .unsupported("a list is not a number")
        case .subscripted(let base, let indices):
            guard case .list(let items) = base.kind, indices.count == 1, !items.isEmpty,
                  items.allSatisfy({ if case .list = $0.kind { return false } else { return true } }) else {
                throw .unsupported("only a flat literal list with one index can be compiled")
            }
            var operands: [CompiledValue] = []
            var values: [CompiledValue] = []
            for item in items { values.append(try compileNode(item)) }
            operands.append(try compileNode(indices[0]))
            operands.append(contentsOf: values)
            return try emit(.select, operands)
        case .range:
            throw .unsupported("a range is not a number")
        }
    }

    // MARK: Dead code

    /// Removes instructions the output does not depend on; returns the renumbered output.
    mutating func eliminateDeadCode(output: CompiledValue) -> CompiledValue {
        var live = [Bool](repeating: false, count: instructions.count)
        if case .instruction(let j) = output { live[j] = true }
        for i in instructions.indices.reversed() where live[i] {
            for case .instruction(let j) in instructions[i].operands { live[j] = true }
        }
        var newIndex = [Int](repeating: -1, count: instructions.count)
        var kept: [CompiledInstruction] = []
        kept.reserveCapacity(instructions.count)
        for (i, ins) in instructions.enumerated() where live[i] {
            var copy = ins
            // Operands are rewritten only where an index moves (no copy of the list otherwise).
            for k in copy.operands.indices {
                if case .instruction(let j) = copy.operands[k], newIndex[j] != j {
                    copy.operands[k] = .instruction(newIndex[j])
                }
            }
            newIndex[i] = kept.count
            kept.append(copy)
        }
        instructions = kept
        numbering = [:]
        if case .instruction(let j) = output { return .instruction(newIndex[j]) }
        return output
    }

    // MARK: Registers

    /// Assigns registers by last use; returns the number of registers.
    mutating func allocateRegisters(output: CompiledValue) -> Int {
        var lastUse = [Int](repeating: -1, count: instructions.count)
        for (i, ins) in instructions.enumerated() {
            for case .instruction(let j) in ins.operands { lastUse[j] = i }
        }
        if case .instruction(let j) = output { lastUse[j] = instructions.count }
        var free: [Int] = []
        var registerCount = 0
        for i in instructions.indices {
            let r: Int
            if let reused = free.popLast() {
                r = reused
            } else {
                r = registerCount
                registerCount += 1
            }
            instructions[i].destination = r
            // Operands whose last use is this instruction free their registers after the
            // destination is chosen, so the destination never aliases an operand; an operand
            // repeated in the list is freed once, at its first occurrence.
            let operands = instructions[i].operands
            for (k, operand) in operands.enumerated() {
                guard case .instruction(let j) = operand, lastUse[j] == i else { continue }
                if operands[..<k].contains(where: { if case .instruction(j) = $0 { return true } else { return false } }) { continue }
                free.append(instructions[j].destination)
            }
            if lastUse[i] == -1 { free.append(r) }
        }
        return registerCount
    }
}
