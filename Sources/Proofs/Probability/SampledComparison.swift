// Monte Carlo comparison of the two sides of a step, with its error.
//
// Implementation notes
// --------------------
// The difference D = lhs − rhs is a function F(μ₁, …, μ_m) of the expectations μⱼ it contains
// (outermost `E` nodes). Expectations with the same clauses share one stream of samples
// (common random numbers), so correlated sides cancel their noise. From n ancestral samples
// per group we get the means μ̂ and their covariance; D̂ = F(μ̂), and its standard error comes
// from the delta method, SE² = Σ_groups gᵀ Σ_g g / n_g with g = ∇F by central differences.
// The z-test threshold is Šidák-corrected for the number of sampled tests in the file at a
// family-wise false-alarm rate of 1e-6, and the report states the smallest discrepancy the
// run could detect with probability 0.99. A sample where a body is undefined makes the
// estimate undetermined — never agreement.

import Symbolic

struct SampledComparison {
    let evaluator: ProbabilityEvaluator
    let difference: Expr
    let samples: Int
    let seed: UInt64
    let policy: ZTestPolicy

    struct Outcome {
        var estimate: Double
        var standardError: Double
        var z: Double
        var threshold: Double
        var samples: Int
        var detectable: Double?
        var verdict: ZTestOutcome.Verdict
        var note: String?

        var summary: String {
            let detect = detectable.map { "; a discrepancy above \(formatDouble($0)) would be detected with probability 0.99" } ?? ""
            return "lhs − rhs = \(formatDouble(estimate)) ± \(formatDouble(standardError)) (n = \(samples), z = \(formatDouble(z)), threshold \(formatDouble(threshold)))" + detect
        }
    }

    func run() throws -> Outcome {
        // Outermost expectations, in first-appearance order (deterministic).
        var nodes: [Expr] = []
        func collect(_ e: Expr) {
            if case .bigOperator(let op) = e.kind, op.name == "E" {
                if !nodes.contains(e) { nodes.append(e) }
                return
            }
            for c in e.children { collect(c) }
        }
        collect(difference)
        guard !nodes.isEmpty else {
            throw ProbabilityEvaluationError.invalid("no expectation to sample")
        }
        // Group by sampling plan.
        var groups: [(key: String, clauses: [SamplingClause], members: [Int])] = []
        for (j, node) in nodes.enumerated() {
            guard case .bigOperator(let op) = node.kind, let plan = evaluator.samplingPlan(op) else {
                throw ProbabilityEvaluationError.invalid("expectation clauses must be `v ~ density`")
            }
            let key = plan.map { "\($0.variable.name)~\($0.density.debugDescription)" }.joined(separator: ";")
            if let g = groups.firstIndex(where: { $0.key == key }) {
                groups[g].members.append(j)
            } else {
                groups.append((key, plan, [j]))
            }
        }
        let base = evaluator.environment()
        var means = [Double](repeating: 0, count: nodes.count)
        var covariances: [[[Double]]] = []
        for group in groups {
            var rng = RandomSource(seed: seed, stream: [StableHash.of(group.key)])
            let m = group.members.count
            var sums = [Double](repeating: 0, count: m)
            var values = [[Double]](repeating: [], count: m)
            for k in 0..<m { values[k].reserveCapacity(samples) }
            for _ in 0..<samples {
                var env = base
                try evaluator.drawSample(group.clauses, into: &env, rng: &rng)
                for (k, j) in group.members.enumerated() {
                    guard case .bigOperator(let op) = nodes[j].kind else { continue }
                    let v: Double
                    do {
                        v = try op.body.evaluate(at: env)
                    } catch {
                        return Outcome(estimate: .nan, standardError: .nan, z: .nan, threshold: policy.threshold,
                                       samples: samples, detectable: nil, verdict: .undetermined,
                                       note: "the body of \(nodes[j]) is undefined at a sampled point: \(error)")
                    }
                    values[k].append(v)
                    sums[k] += v
                }
            }
            var cov = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
            let mu = sums.map { $0 / Double(samples) }
            for a in 0..<m {
                for b in a..<m {
                    var s = 0.0
                    for i in 0..<samples { s += (values[a][i] - mu[a]) * (values[b][i] - mu[b]) }
                    cov[a][b] = s / Double(max(1, samples - 1))
                    cov[b][a] = cov[a][b]
                }
            }
            for (k, j) in group.members.enumerated() { means[j] = mu[k] }
            covariances.append(cov)
        }
        // D̂ = F(μ̂) and the delta-method standard error.
        func f(_ mu: [Double]) throws -> Double {
            var replaced = difference
            for (j, node) in nodes.enumerated() {
                guard let r = Rational(exactly: mu[j]) else { throw ProbabilityEvaluationError.invalid("non-finite estimate") }
                replaced = replaced.replacing(node, with: .number(r))
            }
            return try replaced.evaluate(at: base)
        }
        let estimate = try f(means)
        var variance = 0.0
        for (g, group) in groups.enumerated() {
            var gradient: [Double] = []
            for j in group.members {
                let h = 1e-6 * max(1, abs(means[j]))
                var up = means, down = means
                up[j] += h
                down[j] -= h
                gradient.append((try f(up) - f(down)) / (2 * h))
            }
            for a in 0..<gradient.count {
                for b in 0..<gradient.count { variance += gradient[a] * gradient[b] * covariances[g][a][b] }
            }
        }
        let se = max(0, variance / Double(samples)).squareRoot()
        let test = policy.test(estimate: estimate, expected: 0, standardError: se)
        let detectable = try? policy.smallestDetectableDifference(standardError: se, missRate: 0.01)
        return Outcome(estimate: estimate, standardError: se, z: test.z, threshold: test.threshold, samples: samples,
                       detectable: detectable, verdict: test.verdict, note: nil)
    }
}

extension Expr {
    /// Replaces every occurrence of `target` (structurally) by `replacement`.
    func replacing(_ target: Expr, with replacement: Expr) -> Expr {
        if self == target { return replacement }
        if children.isEmpty { return self }
        return mapChildren { $0.replacing(target, with: replacement) }
    }
}
