// Globally adaptive Gauss–Kronrod integration over a list of pieces (QUADPACK QAG style).
//
// Implementation notes
// --------------------
// The pieces are kept in positional order. Each iteration sums the piece values
// (compensated) and errors; if no piece has failed and the total error is within
// max(absoluteTolerance, relativeTolerance·|total|) we stop. Otherwise the worst piece is
// bisected: a failed piece first (the leftmost), else the one with the largest error (the
// leftmost among equals), so the computation is deterministic.
//
// A piece *fails* when the integrand throws (any error other than `QuadratureFailure`,
// which propagates unchanged) or returns NaN/±∞ at one of its nodes. Such a piece is
// bisected like any other: K15 nodes are interior, so a bad point becomes an endpoint after
// one bisection and is never evaluated again, and a set of isolated bad points is avoided
// after a few. If a descendant of a failed piece still fails after `maximumFailureDepth`
// (8) successive bisections, the bad set is not negligible and we throw
// `undefinedIntegrand`. Failed pieces are never part of a returned value.
//
// A piece so narrow that its outer nodes round onto its endpoints cannot be refined further
// (e.g. next to a singularity at x = 1, where doubles are 10⁻¹⁶ apart): we throw
// `roundoffLimit` with the estimate from the other pieces rather than evaluate at the
// endpoint.
//
// Like QUADPACK we also stop when the error estimate is dominated by rounding: each piece's
// estimate is at least 50·ε·∫|f| over it, and once that floor makes up two thirds of the
// total, bisection cannot reach a tighter tolerance (e.g. ∫ x⁷φ(x) = 0 to 10⁻¹³ absolute).
// The returned error estimate then reports the floor, so the caller sees the accuracy.
import Foundation

/// The adaptive engine shared by the 1-D and nested entry points.
struct AdaptiveCore<F: QuadratureIntegrand> {
    let integrand: F
    let options: QuadratureOptions
    /// Evaluations so far (tail scans included).
    var evaluations = 0
    /// The samples the layout's tail scans computed, per scanned piece in scan order, while
    /// they can still be asked for: the initial pieces are integrated at the same nodes, so
    /// their first rule reuses them. `nil` when not keeping.
    var layoutSamples: [ScannedPiece]?

    /// The samples of one scanned piece [a, b] at its 15 nodes in ascending order (`nil`
    /// where the scan stopped or the integrand threw there).
    struct ScannedPiece {
        var lower: Double
        var upper: Double
        var nodes: [Double]
        var samples: [F.Sample?]
    }

    /// How many successive bisections a failing region may survive.
    static var maximumFailureDepth: Int { 8 }

    struct Piece {
        var lower: Double
        var upper: Double
        var map: PieceMap
        var value: Double
        var error: Double
        var auxiliary: Double
        /// The rounding floor 50·ε·∫|f| of the piece's error estimate.
        var roundingFloor: Double
        /// Where and why the rule could not be evaluated.
        var failure: (x: Double, reason: String)?
        /// Successive failed ancestors.
        var failureDepth: Int
        /// The piece is below floating-point resolution: its outer nodes round onto its
        /// endpoints, so the rule cannot be applied faithfully.
        var unresolvable = false
    }

    struct Outcome {
        var value: Double
        var error: Double
        var auxiliary: Double
        var subdivisions: Int
    }

    init(integrand: F, options: QuadratureOptions) {
        self.integrand = integrand
        self.options = options
    }

    /// Counts one evaluation against the limit.
    @inline(__always)
    mutating func count(_ n: Int = 1) throws(QuadratureFailure) {
        evaluations += n
        if evaluations > options.maxEvaluations { throw .evaluationLimit(limit: options.maxEvaluations) }
    }

    /// f at x·jacobian; a thrown non-quadrature error or a non-finite value becomes a
    /// failure reason.
    @inline(__always)
    mutating func value(at x: Double, jacobian: Double, kept: F.Sample? = nil) throws(QuadratureFailure) -> (Double, Double, String?) {
        try count()
        do {
            let r: (value: Double, auxiliary: Double)
            if let kept {
                try integrand.reuse(kept)
                r = integrand.evaluate(kept, jacobian: jacobian)
            } else {
                r = try integrand.evaluate(at: x, jacobian: jacobian)
            }
            if !r.value.isFinite { return (0, 0, r.value.isNaN ? "the integrand is NaN" : "the integrand is infinite") }
            return (r.value, r.auxiliary, nil)
        } catch let failure as QuadratureFailure {
            throw failure
        } catch {
            return (0, 0, "the integrand threw: \(error)")
        }
    }

    /// The G7–K15 rule on [a, b] (in the piece variable).
    mutating func rule(_ a: Double, _ b: Double, _ map: PieceMap, failureDepth: Int) throws(QuadratureFailure) -> Piece {
        let centre = 0.5 * (a + b), half = 0.5 * (b - a)
        let xgk = GaussKronrod15.nodes, wgk = GaussKronrod15.kronrodWeights, wg = GaussKronrod15.gaussWeights
        var piece = Piece(lower: a, upper: b, map: map, value: 0, error: .infinity, auxiliary: 0,
                          roundingFloor: 0, failure: nil, failureDepth: failureDepth)
        var f1 = SIMD8<Double>(), f2 = SIMD8<Double>()
        if case .identity = map, !(a < centre - half * xgk[0] && centre + half * xgk[0] < b) {
            piece.failure = (centre, "the piece is below floating-point resolution")
            piece.unresolvable = true
            return piece
        }
        // The tail scan's samples of this piece, if it was scanned (same nodes, same values).
        var found: ScannedPiece?
        if case .identity = map, let pieces = layoutSamples {
            found = pieces.first { $0.lower.bitPattern == a.bitPattern && $0.upper.bitPattern == b.bitPattern }
        }
        let scanned = found
        func keptSample(_ index: Int, _ x: Double) -> F.Sample? {
            guard let scanned, scanned.nodes[index].bitPattern == x.bitPattern else { return nil }
            return scanned.samples[index]
        }
        let pc = map.point(centre)
        let (fc, auxc, failc) = try value(at: pc.x, jacobian: pc.jacobian, kept: keptSample(7, pc.x))
        if let failc { piece.failure = (pc.x, failc); return piece }
        var resg = fc * wg[3], resk = fc * wgk[7], resabs = abs(resk), aux = auxc * wgk[7]
        for j in 0..<7 {
            let absc = half * xgk[j]
            let p1 = map.point(centre - absc), p2 = map.point(centre + absc)
            let (v1, a1, e1) = try value(at: p1.x, jacobian: p1.jacobian, kept: keptSample(j, p1.x))
            if let e1 { piece.failure = (p1.x, e1); return piece }
            let (v2, a2, e2) = try value(at: p2.x, jacobian: p2.jacobian, kept: keptSample(14 - j, p2.x))
            if let e2 { piece.failure = (p2.x, e2); return piece }
            f1[j] = v1
            f2[j] = v2
            let sum = v1 + v2
            if j % 2 == 1 { resg += wg[j / 2] * sum }
            resk += wgk[j] * sum
            resabs += wgk[j] * (abs(v1) + abs(v2))
            aux += wgk[j] * (a1 + a2)
        }
        let reskh = 0.5 * resk
        var resasc = wgk[7] * abs(fc - reskh)
        for j in 0..<7 { resasc += wgk[j] * (abs(f1[j] - reskh) + abs(f2[j] - reskh)) }
        let ahalf = abs(half)
        let result = resk * half
        resabs *= ahalf
        resasc *= ahalf
        var err = abs((resk - resg) * half)
        if resasc != 0 && err != 0 { err = resasc * min(1, Foundation.pow(200 * err / resasc, 1.5)) }
        if resabs > Double.leastNormalMagnitude / (50 * Double.ulpOfOne) {
            piece.roundingFloor = 50 * Double.ulpOfOne * resabs
            err = max(piece.roundingFloor, err)
        }
        piece.value = result
        piece.error = err
        piece.auxiliary = aux * half
        if !result.isFinite || !err.isFinite {
            piece.failure = (pc.x, "the integral over a piece overflows")
        }
        return piece
    }

    /// Integrates over the union of the initial pieces.
    mutating func run(_ initial: [(Double, Double, PieceMap)]) throws(QuadratureFailure) -> Outcome {
        var pieces = [Piece]()
        pieces.reserveCapacity(initial.count + options.maxSubdivisions + 1)
        for (a, b, map) in initial { pieces.append(try rule(a, b, map, failureDepth: 0)) }
        // Bisected pieces have new nodes: the layout's samples are no longer asked for.
        layoutSamples = nil
        var subdivisions = 0
        while true {
            var total = CompensatedSum(), auxiliary = CompensatedSum()
            var error = 0.0, floor = 0.0
            var worst = 0, worstError = -1.0, firstFailure: Int?
            for (i, p) in pieces.enumerated() {
                if p.failure != nil {
                    if firstFailure == nil { firstFailure = i }
                    continue
                }
                total.add(p.value)
                auxiliary.add(p.auxiliary)
                error += p.error
                floor += p.roundingFloor
                if p.error > worstError {
                    worstError = p.error
                    worst = i
                }
            }
            if let firstFailure { worst = firstFailure }
            let value = total.value
            // Stop at the tolerance, or when at least two thirds of the error estimate is the
            // rounding floor (bisection cannot reduce it; the estimate stays honest).
            if firstFailure == nil && (error <= max(options.absoluteTolerance, options.relativeTolerance * abs(value))
                                       || error <= 1.5 * floor) {
                return Outcome(value: value, error: error, auxiliary: auxiliary.value, subdivisions: subdivisions)
            }
            let p = pieces[worst]
            let mid = 0.5 * (p.lower + p.upper)
            if p.unresolvable {
                throw .roundoffLimit(estimate: value, errorEstimate: error, at: p.map.point(mid).x)
            }
            if subdivisions >= options.maxSubdivisions {
                if let failure = p.failure { throw .undefinedIntegrand(at: failure.x, reason: failure.reason) }
                throw .subdivisionLimit(estimate: value, errorEstimate: error, at: p.map.point(mid).x)
            }
            guard p.lower < mid, mid < p.upper else {
                if let failure = p.failure { throw .undefinedIntegrand(at: failure.x, reason: failure.reason) }
                throw .roundoffLimit(estimate: value, errorEstimate: error, at: p.map.point(mid).x)
            }
            let depth = p.failure == nil ? 0 : p.failureDepth + 1
            let left = try rule(p.lower, mid, p.map, failureDepth: depth)
            let right = try rule(mid, p.upper, p.map, failureDepth: depth)
            for child in [left, right] {
                if let failure = child.failure, child.failureDepth >= Self.maximumFailureDepth {
                    throw .undefinedIntegrand(at: failure.x, reason: failure.reason)
                }
            }
            pieces[worst] = left
            pieces.insert(right, at: worst + 1)
            subdivisions += 1
        }
    }
}
