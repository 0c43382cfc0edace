// A compiled expression: evaluate one expression at many points, fast.
//
// Implementation notes
// --------------------
// `CompiledExpr` holds a flat register program (see `CompiledExpr+Compiler.swift`) and runs
// it over blocks of `blockSize` points given as columns (struct of arrays): for each block,
// each instruction is one loop over the block (`CompiledExpr+Kernels.swift`), so the work per
// point is a handful of vector instructions per operation and the block's registers stay in
// the L1 cache. Per-point flags record domain violations; a point is valid when no check
// fired and its result is finite. Valid points get exactly the value `Expr.evaluate(at:)`
// computes (same kernels, same operation order; the only freedom taken is sharing equal
// sub-computations, which does not change values), so results are bit-identical to tree
// evaluation, deterministic, and independent of the block size. Invalid points get 0 and a
// `false` in the validity mask; `evaluate(at:)` on one point reports its precise error.
//
// The sum entry point accumulates valid values and their squares with compensated
// summation over eight interleaved lanes (`LaneSum`), so it too is independent of the block
// size.

/// An expression compiled for fast evaluation over many points (Monte Carlo, plots,
/// numeric checks).
///
/// Compile once with the variables that change from point to point; other symbols take
/// their values from the environment and are folded into constants, like every sub-expression
/// without a variable. Unevaluated derivatives are differentiated at compile time.
public struct CompiledExpr: Sendable {
    /// The compiled expression.
    public let expression: Expr
    /// The variables, in the order of the columns passed to `evaluate`.
    public let variables: [Symbol]
    /// The environment for everything that is not a variable.
    public let environment: Environment

    /// Points per block (small enough that a block's registers, flags, input and output stay
    /// in the L1 cache without their 4 KiB-aligned strides competing for the same sets).
    public static let blockSize = 256

    let instructions: [CompiledInstruction]
    let functions: [FunctionImplementation.Body]
    let output: CompiledValue
    let registerCount: Int
    /// The instructions with their operands resolved (what `run` executes per block, with
    /// no reference counting per instruction).
    let plan: [PlannedInstruction]
    /// Whether any instruction checks a domain (writes the flags); when none does, the flags
    /// stay 0 and are neither cleared nor read per block.
    let writesFlags: Bool
    /// The resolved operands of each opaque call and selection (empty for the other
    /// instructions), so running them allocates nothing per block or point.
    let variadicOperands: [[PlannedOperand]]

    /// Compiles `expression` over `variables`.
    ///
    /// - Parameters:
    ///   - expression: The expression.
    ///   - variables: The symbols that vary per point (the columns, in order).
    ///   - environment: Values of the other symbols, opaque functions, big-operator handler
    ///     (used only for sub-expressions without variables), limits.
    /// - Throws: ``EvaluationError`` when the expression cannot be compiled (an unbound
    ///   symbol or function, a big operator over a variable, a list, …) or is undefined at
    ///   every point (a constant part is).
    public init(compiling expression: Expr, variables: [Symbol],
                environment: Environment = Environment()) throws(EvaluationError) {
        guard expression.height <= environment.limits.maxDepth else {
            throw .limitExceeded(LimitExceeded(limit: "maxDepth", requested: expression.height,
                                               maximum: environment.limits.maxDepth))
        }
        var plainEnvironment = environment
        for v in variables { plainEnvironment.values[v] = nil }
        var compiler = ProgramCompiler(variables: variables, environment: plainEnvironment)
        var output = try compiler.compile(expression)
        if let c = output.constantValue, !c.isFinite { throw .overflow(operation: "result") }
        output = compiler.eliminateDeadCode(output: output)
        registerCount = compiler.allocateRegisters(output: output)
        self.expression = expression
        self.variables = variables
        self.environment = plainEnvironment
        self.instructions = compiler.instructions
        self.functions = compiler.functions
        self.output = output
        let instructions = compiler.instructions
        func planned(_ v: CompiledValue) -> PlannedOperand {
            switch v {
            case .constant(let bits): return .constant(Double(bitPattern: bits))
            case .variable(let j): return .column(j)
            case .instruction(let i): return .register(instructions[i].destination)
            }
        }
        self.plan = instructions.map { ins in
            PlannedInstruction(operation: ins.operation,
                               first: ins.operands.first.map(planned) ?? .constant(0),
                               second: ins.operands.count > 1 ? planned(ins.operands[1]) : .constant(0),
                               destination: ins.destination)
        }
        self.writesFlags = instructions.contains(where: CompiledExpr.writesFlags)
        self.variadicOperands = instructions.map { ins in
            switch ins.operation {
            case .opaque, .select:
                return ins.operands.map(planned)
            case .add, .subtract, .multiply, .divide, .negate, .reciprocal, .builtin, .extremum,
                 .powerZero, .largePower, .fractionalPower, .power:
                return []
            }
        }
    }

    /// Whether running `ins` may set a point's flag (a domain check); exactly the operations
    /// that `run` executes with a checked kernel.
    static func writesFlags(_ ins: CompiledInstruction) -> Bool {
        switch ins.operation {
        case .add, .subtract, .multiply, .negate, .largePower:
            return false
        case .divide:
            return ins.operands.count < 2 || ins.operands[1].constantValue == nil
        case .builtin(let f):
            return !(f == .exp && ins.operands.first?.constantValue == nil)
        case .reciprocal, .extremum, .powerZero, .fractionalPower, .power, .opaque, .select:
            return true
        }
    }

    /// Compiles `expression` over `variables` with the given opaque-function
    /// implementations and no other symbols.
    public init(compiling expression: Expr, variables: [Symbol],
                functions: [FunctionSignature: FunctionImplementation]) throws(EvaluationError) {
        try self.init(compiling: expression, variables: variables, environment: Environment(functions: functions))
    }

    /// The number of instructions of the program (after sharing and constant folding).
    public var instructionCount: Int { instructions.count }

    /// A readable listing of the program, one instruction per line (`r2 = exp r1`), for
    /// diagnostics and tests.
    public var programListing: String {
        func name(_ v: CompiledValue) -> String {
            switch v {
            case .constant(let bits): return "\(Double(bitPattern: bits))"
            case .variable(let j): return variables[j].name
            case .instruction(let i): return "r\(instructions[i].destination)"
            }
        }
        var lines: [String] = []
        for ins in instructions {
            let operands = ins.operands.map(name).joined(separator: ", ")
            lines.append("r\(ins.destination) = \(ins.operation) \(operands)")
        }
        lines.append("return \(name(output))")
        return lines.joined(separator: "\n")
    }

    /// The value at one point (tree evaluation, so the error is precise).
    ///
    /// - Parameter point: One value per variable.
    /// - Throws: ``EvaluationError`` exactly as ``Expr/evaluate(at:)-(Environment)`` does.
    public func evaluate(at point: [Double]) throws(EvaluationError) -> Double {
        guard point.count == variables.count else {
            throw .unsupported("expected \(variables.count) values, got \(point.count)")
        }
        var env = environment
        for (v, x) in zip(variables, point) { env.values[v] = x }
        return try expression.evaluate(at: env)
    }

    /// Evaluates the expression at `count` points given as columns.
    ///
    /// - Parameters:
    ///   - columns: One buffer per variable, each with at least `count` values.
    ///   - count: The number of points.
    ///   - output: Receives the value at each valid point, 0 at invalid ones.
    ///   - validity: Receives `true` where the value is defined (no domain error, division
    ///     by zero or overflow), `false` elsewhere.
    /// - Returns: The number of invalid points.
    /// - Throws: ``EvaluationError/unsupported(_:)`` when the buffers do not match
    ///   `variables` and `count`.
    @discardableResult
    public func evaluate(columns: [UnsafeBufferPointer<Double>], count: Int,
                         into output: UnsafeMutableBufferPointer<Double>,
                         validity: UnsafeMutableBufferPointer<Bool>) throws(EvaluationError) -> Int {
        try checkShapes(columns, count)
        guard output.count >= count, validity.count >= count,
              let out = output.baseAddress, let valid = validity.baseAddress else {
            if count == 0 { return 0 }
            throw .unsupported("output buffers shorter than \(count)")
        }
        var invalid = 0
        withBlockWorkspace { workspace in
            var start = 0
            while start < count {
                let n = min(CompiledExpr.blockSize, count - start)
                let destination = out + start
                let result = run(workspace, columns, start, n, output: destination)
                let flags = workspace.flags
                let anyInvalid = invalidity(result, flags, n)
                if anyInvalid == 0 {
                    if result != UnsafePointer(destination) { destination.update(from: result, count: n) }
                    (valid + start).update(repeating: true, count: n)
                } else {
                    for i in 0 ..< n {
                        let ok = (flags[i] | Elementary.Domain.finite(result[i])) == 0
                        destination[i] = ok ? result[i] : 0
                        valid[start + i] = ok
                        invalid += ok ? 0 : 1
                    }
                }
                start += n
            }
        }
        return invalid
    }

    /// The sum of the values and of their squares over the valid points (invalid points
    /// count as 0), and the numbers of valid and invalid points.
    ///
    /// Summation is compensated and deterministic: point i goes to lane i mod 8 of a
    /// `LaneSum`, independent of the block size.
    /// - Throws: ``EvaluationError/unsupported(_:)`` when the buffers do not match.
    public func sum(columns: [UnsafeBufferPointer<Double>], count: Int) throws(EvaluationError) -> CompiledSum {
        try checkShapes(columns, count)
        var total = LaneSum()
        var squares = LaneSum()
        var valid = 0
        withBlockWorkspace { workspace in
            var start = 0
            while start < count {
                let n = min(CompiledExpr.blockSize, count - start)
                let result = run(workspace, columns, start, n, output: nil)
                let flags = workspace.flags
                let anyInvalid = invalidity(result, flags, n)
                var values = result
                if anyInvalid == 0 {
                    valid &+= n
                } else {
                    // Invalid points count as 0.
                    let zeroed = workspace.sumBlock
                    for i in 0 ..< n {
                        let v = result[i]
                        let ok = (flags[i] | Elementary.Domain.finite(v)) == 0
                        zeroed[i] = ok ? v : 0
                        valid &+= ok ? 1 : 0
                    }
                    values = UnsafePointer(zeroed)
                }
                var i = 0
                while i &+ 8 <= n {
                    let low = UnsafeRawPointer(values + i).loadUnaligned(as: LaneSum.Vector.self)
                    let high = UnsafeRawPointer(values + i + 4).loadUnaligned(as: LaneSum.Vector.self)
                    total.add(low, high)
                    squares.add(low * low, high * high)
                    i &+= 8
                }
                while i < n {
                    total.add(values[i])
                    squares.add(values[i] * values[i])
                    i &+= 1
                }
                start += n
            }
        }
        return CompiledSum(total: total.value, totalOfSquares: squares.value, validCount: valid,
                           invalidCount: count - valid)
    }

    /// Nonzero when some point of the block is invalid (a flag set or a non-finite value).
    @inline(__always)
    private func invalidity(_ result: UnsafePointer<Double>, _ flags: UnsafeMutablePointer<UInt64>, _ n: Int) -> UInt64 {
        var anyInvalid: UInt64 = 0
        if writesFlags {
            for i in 0 ..< n { anyInvalid |= flags[i] | Elementary.Domain.finite(result[i]) }
        } else {
            // The flags are all 0 (nothing writes them).
            for i in 0 ..< n { anyInvalid |= Elementary.Domain.finite(result[i]) }
        }
        return anyInvalid
    }

    private func checkShapes(_ columns: [UnsafeBufferPointer<Double>], _ count: Int) throws(EvaluationError) {
        guard count >= 0, columns.count == variables.count else {
            throw .unsupported("expected \(variables.count) columns, got \(columns.count)")
        }
        for c in columns where c.count < count || (count > 0 && c.baseAddress == nil) {
            throw .unsupported("a column has fewer than \(count) values")
        }
    }

    // MARK: Execution

    final class Workspace {
        let registers: UnsafeMutablePointer<Double>
        let flags: UnsafeMutablePointer<UInt64>
        let constantBlock: UnsafeMutablePointer<Double>
        let sumBlock: UnsafeMutablePointer<Double>
        var arguments: [Double] = []
        /// Points per block: the distance between consecutive registers.
        let stride: Int

        init(registerCount: Int, stride: Int = CompiledExpr.blockSize) {
            let b = max(1, stride)
            self.stride = b
            // Registers are always written before they are read.
            registers = .allocate(capacity: max(registerCount, 1) * b)
            flags = .allocate(capacity: b)
            flags.initialize(repeating: 0, count: b)
            constantBlock = .allocate(capacity: b)
            constantBlock.initialize(repeating: 0, count: b)
            sumBlock = .allocate(capacity: b)
            sumBlock.initialize(repeating: 0, count: b)
        }

        deinit {
            registers.deallocate()
            flags.deallocate()
            constantBlock.deallocate()
            sumBlock.deallocate()
        }
    }

    private func withBlockWorkspace(_ body: (Workspace) -> Void) {
        let workspace = Workspace(registerCount: registerCount)
        body(workspace)
    }

    /// Runs the program on points `start ..< start + n`; returns the result vector (flags in
    /// `workspace.flags`).
    /// `output`, when given, receives the last instruction's result directly (it is the
    /// program's output after dead-code elimination).
    func run(_ workspace: Workspace, _ columns: [UnsafeBufferPointer<Double>],
                     _ start: Int, _ n: Int, output outputPointer: UnsafeMutablePointer<Double>?) -> UnsafePointer<Double> {
        let flags = workspace.flags
        // Flags nothing writes stay 0 from the workspace's creation.
        if writesFlags { flags.update(repeating: 0, count: n) }
        let registers = workspace.registers, stride = workspace.stride
        let last = plan.count - 1
        let lastIsOutput: Bool
        if case .instruction(let j) = output, j == last, outputPointer != nil { lastIsOutput = true } else { lastIsOutput = false }
        @inline(__always)
        func operand(_ o: PlannedOperand) -> BlockOperand {
            switch o {
            case .constant(let c): return .scalar(c)
            // Non-empty columns were checked in `checkShapes`.
            case .column(let j): return .vector(UnsafePointer(columns[j].baseAddress.unsafelyUnwrapped + start))
            case .register(let k): return .vector(UnsafePointer(registers + k * stride))
            }
        }
        plan.withUnsafeBufferPointer { program in
        for index in 0 ..< program.count {
            let ins = program[index]
            let r: UnsafeMutablePointer<Double>
            if lastIsOutput && index == last, let p = outputPointer {
                r = p
            } else {
                r = registers + ins.destination * stride
            }
            switch ins.operation {
            case .add:
                BlockKernels.binary(n, operand(ins.first), operand(ins.second), r) { $0 + $1 }
            case .subtract:
                BlockKernels.binary(n, operand(ins.first), operand(ins.second), r) { $0 - $1 }
            case .multiply:
                BlockKernels.binary(n, operand(ins.first), operand(ins.second), r) { $0 * $1 }
            case .divide:
                let b = operand(ins.second)
                if case .scalar = b {
                    // A constant divisor was checked at compile time.
                    BlockKernels.binary(n, operand(ins.first), b, r) { $0 / $1 }
                } else {
                    BlockKernels.checkedBinary(n, operand(ins.first), b, r, flags,
                                               { $0 / $1 }, { _, d in Elementary.Domain.finiteNonzero(d) })
                }
            case .negate:
                BlockKernels.unary(n, operand(ins.first), r) { -$0 }
            case .reciprocal:
                BlockKernels.checkedUnary(n, operand(ins.first), r, flags,
                                          { 1 / $0 }, Elementary.Domain.finiteNonzero)
            case .builtin(let f):
                BlockKernels.builtinBlock(f, n, operand(ins.first), r, flags)
            case .extremum(let f):
                let isMax = f == .max
                BlockKernels.checkedBinary(n, operand(ins.first), operand(ins.second), r, flags,
                                           { a, b in isMax ? (b > a ? b : a) : (b < a ? b : a) },
                                           { a, b in Elementary.Domain.finite(a) | Elementary.Domain.finite(b) })
            case .powerZero:
                BlockKernels.checkedUnary(n, operand(ins.first), r, flags,
                                          { _ in 1 }, Elementary.Domain.finiteNonzero)
            case .largePower(let k):
                BlockKernels.unary(n, operand(ins.first), r) {
                    Elementary.positivePower($0, k)
                }
            case .fractionalPower(let q):
                BlockKernels.checkedUnary(n, operand(ins.first), r, flags,
                                          { Elementary.fractionalPowerValue($0, q) },
                                          { Elementary.isFractionalPowerDefined($0, q) ? 0 : 1 })
            case .power:
                BlockKernels.checkedBinary(n, operand(ins.first), operand(ins.second), r, flags,
                                           { x, y in (try? Elementary.power(x, y)) ?? 0 },
                                           { x, y in
                                               Elementary.Domain.finite(x) | Elementary.Domain.finite(y)
                                                   | ((try? Elementary.power(x, y)) != nil ? 0 : 1)
                                           })
            case .opaque(let function):
                runOpaque(function, variadicOperands[index], workspace, columns, start, n, r)
            case .select:
                runSelect(variadicOperands[index], workspace, columns, start, n, r)
            }
        }
        }
        switch output {
        case .constant(let bits):
            let c = Double(bitPattern: bits)
            workspace.constantBlock.update(repeating: c, count: n)
            return UnsafePointer(workspace.constantBlock)
        case .variable(let j):
            return UnsafePointer(columns[j].baseAddress.unsafelyUnwrapped + start)
        case .instruction(let i):
            if lastIsOutput, let p = outputPointer { return UnsafePointer(p) }
            return UnsafePointer(workspace.registers + instructions[i].destination * workspace.stride)
        }
    }

    /// The value of a resolved operand at point `i` of the block starting at `start`.
    @inline(__always)
    private static func value(of o: PlannedOperand, _ i: Int, _ workspace: Workspace,
                              _ columns: [UnsafeBufferPointer<Double>], _ start: Int) -> Double {
        switch o {
        case .constant(let c): return c
        // Non-empty columns were checked in `checkShapes`.
        case .column(let j): return columns[j].baseAddress.unsafelyUnwrapped[start + i]
        case .register(let k): return workspace.registers[k * workspace.stride + i]
        }
    }

    /// Calls opaque function number `index` at points `start ..< start + n` into `r`, flagging
    /// the points where it throws or is not finite (also `runSingle`'s, with n = 1).
    func runOpaque(_ index: Int, _ ops: [PlannedOperand], _ workspace: Workspace,
                   _ columns: [UnsafeBufferPointer<Double>], _ start: Int, _ n: Int,
                   _ r: UnsafeMutablePointer<Double>) {
        let flags = workspace.flags
        let body = functions[index]
        // The argument buffer is taken out of the workspace for the loop (so writing it
        // needs no exclusivity or uniqueness check per point) and put back after.
        var arguments = workspace.arguments
        workspace.arguments = []
        defer { workspace.arguments = arguments }
        if arguments.count != ops.count {
            arguments = [Double](repeating: 0, count: ops.count)
        }
        for i in 0 ..< n {
            var finite = true
            for k in 0 ..< ops.count {
                let v = Self.value(of: ops[k], i, workspace, columns, start)
                finite = finite && v.magnitude < .infinity
                arguments[k] = v
            }
            // `callOpaque` without its error (a throw or a non-finite value flags the point).
            if finite, let y = try? body(arguments), y.isFinite {
                r[i] = y
            } else {
                r[i] = 0
                flags[i] |= 1
            }
        }
    }

    /// Writes `ops[1 + k]` into `r` at each point, k being the value of `ops[0]` there,
    /// flagging a k that is not a valid index or a non-finite operand (also `runSingle`'s,
    /// with n = 1).
    func runSelect(_ ops: [PlannedOperand], _ workspace: Workspace,
                   _ columns: [UnsafeBufferPointer<Double>], _ start: Int, _ n: Int,
                   _ r: UnsafeMutablePointer<Double>) {
        let flags = workspace.flags
        let count = Double(ops.count - 1)
        for i in 0 ..< n {
            var ok = true
            var values: (index: Double, picked: Double) = (0, 0)
            for k in 0 ..< ops.count {
                let v = Self.value(of: ops[k], i, workspace, columns, start)
                if k == 0 {
                    values.index = v
                    ok = v == v.rounded() && v >= 0 && v < count
                } else {
                    ok = ok && v.magnitude < .infinity
                    if ok && Double(k - 1) == values.index { values.picked = v }
                }
            }
            r[i] = ok ? values.picked : 0
            flags[i] |= ok ? 0 : 1
        }
    }
}

/// An operand of a planned instruction: a constant, an input column or a register.
enum PlannedOperand {
    case constant(Double)
    case column(Int)
    case register(Int)
}

/// An instruction with its operands resolved for execution (opaque functions and selections,
/// which take any number of operands, read them from the instruction itself).
struct PlannedInstruction {
    var operation: CompiledOperation
    var first: PlannedOperand
    var second: PlannedOperand
    var destination: Int
}

/// The result of ``CompiledExpr/sum(columns:count:)``.
public struct CompiledSum: Sendable, Equatable {
    /// Σ f over valid points.
    public var total: Double
    /// Σ f² over valid points.
    public var totalOfSquares: Double
    /// The number of valid points.
    public var validCount: Int
    /// The number of invalid points.
    public var invalidCount: Int

    /// Creates a result.
    public init(total: Double, totalOfSquares: Double, validCount: Int, invalidCount: Int) {
        self.total = total
        self.totalOfSquares = totalOfSquares
        self.validCount = validCount
        self.invalidCount = invalidCount
    }

    /// The mean over valid points, or `nil` when there are none.
    public var mean: Double? { validCount > 0 ? total / Double(validCount) : nil }
}

