// Instances whose distributions are not distributions: a located error, not a silent pass.
//
// Implementation notes
// --------------------
// A density bound to `normal(x; 0, -1)` or to a categorical whose probabilities do not sum
// to 1 does not define a probability distribution, and every numeric check on that instance
// fails to evaluate. Before this check such an instance only produced "cannot evaluate"
// summaries, and a step proved symbolically still passed (issue 7: hostile input must give a
// located error). So each density binding is validated once per instance, where that is
// possible without sampling: the parameters, with the instance's values substituted and
// definitions unfolded, must mention no symbol other than the density's conditions, and
// every condition must have a finite support in the instance (at most `maxCombinations`
// combinations are tried). The parameters are evaluated at each combination and handed to
// the same `Distribution` initialiser the evaluator uses; the first failure is reported at
// the binding, and the instance is left out of the numeric checks (where it could only
// produce misleading disagreements). Parameters that depend on a continuous condition or on a sampled symbol are
// checked only when the evaluator needs them.

import Symbolic

enum InstanceValidation {
    /// The most combinations of condition values tried for one binding.
    static let maxCombinations = 1_000

    /// One `invalid-instance` error per density binding that is not a valid distribution, and
    /// the names of the instances that have one (their numeric checks are skipped: a
    /// disagreement there says nothing about the step).
    static func validate(_ file: DerivationFile, context: CheckContext) -> (diagnostics: [Diagnostic], invalid: Set<String>) {
        var out: [Diagnostic] = []
        var invalid = Set<String>()
        for instance in file.instances {
            var values: [Symbol: Expr] = [:]
            var supports: [Symbol: [Expr]] = [:]
            for b in instance.bindings {
                switch b {
                case .value(let n, let v, _): values[n.value] = v.value
                case .support(let n, let vs, _): supports[n.value] = vs.map(\.value)
                case .function, .density: break
                }
            }
            for b in instance.bindings {
                guard case .density(let name, _, let conditions, let spec, _) = b,
                      let family = DistributionFamily(rawValue: spec.family.value) else { continue }
                if let problem = check(family, spec.parameters.map(\.value), conditions: conditions.map(\.value),
                                       values: values, supports: supports, context: context) {
                    invalid.insert(instance.name.value)
                    out.append(Diagnostic(.error, .invalidInstance,
                                          "'\(name.value)' in instance '\(instance.name.value)' is not a valid distribution: \(problem)",
                                          at: spec.range))
                }
            }
        }
        return (out, invalid)
    }

    /// Why the parameters do not give a distribution, or `nil` (valid, or not checkable here).
    private static func check(_ family: DistributionFamily, _ parameters: [Expr], conditions: [Symbol],
                              values: [Symbol: Expr], supports: [Symbol: [Expr]], context: CheckContext) -> String? {
        let limits = context.options.limits
        var bound: [Expr] = []
        for p in parameters {
            guard var e = try? context.unfolding(p) else { return nil }
            if !values.isEmpty { guard let s = try? e.substituting(values, limits: limits) else { return nil }; e = s }
            bound.append(e)
        }
        let free = Set(bound.flatMap(\.freeSymbols))
        guard free.isSubset(of: Set(conditions)) else { return nil }
        let used = conditions.filter { free.contains($0) }
        var points: [[Symbol: Double]] = [[:]]
        for c in used {
            guard let support = supports[c] else { return nil }
            var next: [[Symbol: Double]] = []
            for point in points {
                for v in support {
                    guard let d = try? v.evaluate(at: [:]) else { return nil }
                    var p = point
                    p[c] = d
                    next.append(p)
                    if next.count > maxCombinations { return nil }
                }
            }
            points = next
        }
        for point in points {
            var numbers: [Double] = []
            for e in bound {
                do {
                    numbers.append(try e.evaluate(at: point))
                } catch {
                    return "parameter \(e) is undefined" + where_(point) + ": \(error)"
                }
            }
            do {
                _ = try Distribution(family: family, parameters: numbers)
            } catch {
                return "\(error)" + where_(point)
            }
        }
        return nil
    }

    private static func where_(_ point: [Symbol: Double]) -> String {
        guard !point.isEmpty else { return "" }
        return " at " + point.sorted { $0.key < $1.key }.map { "\($0.key.name) = \(formatDouble($0.value))" }.joined(separator: ", ")
    }
}
