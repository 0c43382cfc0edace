// The linear-algebra facts of articles/04-lipschitz.md through the library: the norm chain
// ‖Wx‖ ≤ ‖W‖₂‖x‖ ≤ ‖W‖_F‖x‖, equality along the top right singular vector, ‖W‖₂ =
// √λ_max(WᵀW), the power-iteration instances, and the erratum E1: for a square non-normal
// W, ‖W‖₂ is not the largest |eigenvalue|.
import Proofs
import Symbolic
import Testing

@Suite("Lipschitz facts (article 04)")
struct LipschitzTests {
    /// W of §4.
    static let w = TestMatrices.double([[1, 2], [3, 4], [5, 6]])
    static let sigmaMax = ((91 + 8185.0.squareRoot()) / 2).squareRoot()

    @Test("norms of W: ‖W‖₂ = 9.52552, σ₂ = 0.514301, ‖W‖_F = √91, ‖W‖_F ≤ √rank ‖W‖₂ (LIP-2)")
    func norms() throws {
        let svd = try SingularValueDecomposition(LipschitzTests.w)
        #expect((svd.spectralNorm - LipschitzTests.sigmaMax).magnitude <= 1e-14 * LipschitzTests.sigmaMax)
        #expect((svd.spectralNorm - 9.52552).magnitude <= 5e-6)
        #expect((svd.singularValues[1] - 0.514301).magnitude <= 5e-7)
        #expect((LipschitzTests.w.frobeniusNorm - 91.0.squareRoot()).magnitude <= 1e-14 * 10)
        #expect(svd.spectralNorm <= LipschitzTests.w.frobeniusNorm)
        #expect(LipschitzTests.w.frobeniusNorm <= 2.0.squareRoot() * svd.spectralNorm)
        #expect((2.0.squareRoot() * svd.spectralNorm - 13.4711).magnitude <= 5e-5)
    }

    @Test("‖W‖₂ = √λ_max(WᵀW); WᵀW = [[35, 44], [44, 56]] with eigenvalues (91 ± √8185)/2 (L9)")
    func spectralNormFromEigenvalues() throws {
        let exact = TestMatrices.exact([[1, 2], [3, 4], [5, 6]]).gram()
        #expect(exact == TestMatrices.exact([[35, 44], [44, 56]]))
        #expect(try exact.characteristicPolynomial() == [Rational(24), Rational(-91), Rational(1)])
        let e = try SymmetricEigendecomposition(exact.map(\.doubleValue))
        #expect((e.eigenvalues[0] - 90.7355).magnitude <= 5e-5)
        #expect((e.eigenvalues[1] - 0.264505).magnitude <= 5e-7)
        #expect((e.eigenvalues[0].squareRoot() - LipschitzTests.sigmaMax).magnitude <= 1e-14 * 10)
    }

    @Test("‖W‖₂ = √λ_max(WᵀW) on seeded matrices", arguments: [UInt64(1), 2, 3])
    func spectralNormFromEigenvaluesSeeded(seed: UInt64) throws {
        var random = RandomSource(seed: seed)
        let w = try RandomMatrix.gaussian(rows: 7, columns: 4, using: &random)
        let lambda = try SymmetricEigendecomposition(w.gram()).eigenvalues[0]
        let sigma = try SingularValueDecomposition(w).spectralNorm
        #expect((lambda.squareRoot() - sigma).magnitude <= 1e-13 * sigma)
    }

    @Test("power iteration instances: 9.52551753 after one step, 9.52551809156 after two, then 9.52551809157 (L10)")
    func powerIterationInstances() throws {
        // Our step k measures ‖W v_(k−1)‖; the article's step k is our step k + 1.
        let one = try PowerIteration.spectralNorm(of: LipschitzTests.w, maxIterations: 2, start: [1, 1])
        #expect((one.estimate - 9.52551753).magnitude <= 5e-9)
        let two = try PowerIteration.spectralNorm(of: LipschitzTests.w, maxIterations: 3, start: [1, 1])
        #expect((two.estimate - 9.52551809156).magnitude <= 5e-12)
        let converged = try PowerIteration.spectralNorm(of: LipschitzTests.w, start: [1, 1])
        #expect(converged.converged)
        #expect((converged.estimate - 9.52551809157).magnitude <= 5e-12)
        #expect((converged.estimate - LipschitzTests.sigmaMax).magnitude <= 1e-14 * 10)
        // The pair form from u = (1, 1, 1): v = Wᵀu/‖Wᵀu‖ = (9, 12)/15, first estimate 9.52260.
        let pair = try PowerIteration.spectralNorm(of: LipschitzTests.w, maxIterations: 1, start: [9, 12])
        #expect((pair.estimate - 9.52260).magnitude <= 5e-6)
        // The contraction ratio (σ₂/σ₁)².
        let svd = try SingularValueDecomposition(LipschitzTests.w)
        let ratio = (svd.singularValues[1] / svd.singularValues[0]) * (svd.singularValues[1] / svd.singularValues[0])
        #expect((ratio - 0.00291512).magnitude <= 5e-9)
    }

    @Test("‖Wx‖ ≤ ‖W‖₂‖x‖ ≤ ‖W‖_F‖x‖ on seeded W and x, with equality along the top right singular vector (LIP-1)",
          arguments: [(5, 7), (8, 3), (6, 6)])
    func normChain(m: Int, n: Int) throws {
        var random = RandomSource(seed: UInt64(m * 10 + n))
        let w = try RandomMatrix.gaussian(rows: m, columns: n, using: &random)
        let svd = try SingularValueDecomposition(w)
        let two = svd.spectralNorm, frobenius = w.frobeniusNorm
        #expect(two <= frobenius)
        for _ in 0..<200 {
            let x = (0..<n).map { _ in GaussianSampler.next(&random) }
            let wx = Matrix<Double>.norm(try w.applied(to: x)), xn = Matrix<Double>.norm(x)
            #expect(wx <= two * xn * (1 + 1e-14))
            #expect(two * xn <= frobenius * xn)
        }
        let top = svd.v.column(0)
        #expect((Matrix<Double>.norm(try w.applied(to: top)) - two).magnitude <= 1e-13 * two)
    }

    @Test("erratum E1: for non-normal square W, ‖W‖₂ ≠ max |eigenvalue|", arguments: [
        ([[1, 1], [0, 1]], 1.0, (1 + 5.0.squareRoot()) / 2),     // eigenvalues 1, 1; ‖W‖₂ = golden ratio
        ([[1, 2], [0, 1]], 1.0, 1 + 2.0.squareRoot()),           // the note's counterexample, 2.41421
        ([[0, 1], [0, 0]], 0.0, 1.0),                            // nilpotent: spectral radius 0
    ])
    func nonNormal(rows: [[Int]], spectralRadius: Double, norm: Double) throws {
        let exact = TestMatrices.exact(rows)
        // Characteristic polynomial λ² − tr λ + det: both roots have modulus `spectralRadius`.
        let c = try exact.characteristicPolynomial()
        let discriminant = c[1] * c[1] - Rational(4) * c[0]
        #expect(discriminant == .zero)  // a double eigenvalue −c₁/2
        #expect(((-c[1]).doubleValue / 2).magnitude == spectralRadius)
        let svd = try SingularValueDecomposition(exact.map(\.doubleValue))
        #expect((svd.spectralNorm - norm).magnitude <= 1e-15 * 4)
        #expect(svd.spectralNorm > spectralRadius)
        let power = try PowerIteration.spectralNorm(of: exact.map(\.doubleValue))
        #expect((power.estimate - norm).magnitude <= 1e-13)
    }

    @Test("for symmetric (normal) W, ‖W‖₂ = max |eigenvalue|", arguments: [UInt64(1), 2])
    func normal(seed: UInt64) throws {
        var random = RandomSource(seed: seed)
        let w = try RandomMatrix.make(rows: 6, columns: 6, properties: [.symmetric], using: &random)
        let radius = try SymmetricEigendecomposition(w).eigenvalues.map(\.magnitude).max() ?? 0
        #expect((try SingularValueDecomposition(w).spectralNorm - radius).magnitude <= 1e-13 * radius)
    }

    @Test("normalisation: W/‖W‖₂ has ‖·‖₂ = 1 and ‖·‖_F = 1.00146; W/‖W‖_F has ‖·‖₂ = 0.998546 (LIP-7)")
    func normalisation() throws {
        let w = LipschitzTests.w
        let two = try SingularValueDecomposition(w).spectralNorm
        let bySpectral = w.scaled(by: 1 / two)
        #expect((try SingularValueDecomposition(bySpectral).spectralNorm - 1).magnitude <= 1e-15 * 4)
        #expect((bySpectral.frobeniusNorm - 1.00146).magnitude <= 5e-6)
        let byFrobenius = w.scaled(by: 1 / w.frobeniusNorm)
        #expect((try SingularValueDecomposition(byFrobenius).spectralNorm - 0.998546).magnitude <= 5e-7)
    }

    @Test("the two-layer bound 23.3327 against the exact supremum √317 = 17.8045 (LIP-6)")
    func twoLayers() throws {
        let w2 = TestMatrices.double([[1, -1, 2]])
        let product = try SingularValueDecomposition(w2).spectralNorm * (try SingularValueDecomposition(LipschitzTests.w).spectralNorm)
        #expect((product - 23.3327).magnitude <= 5e-5)
        let mask = Matrix<Double>.diagonal([1, 0, 1])
        let active = try w2.multiplied(by: mask).multiplied(by: LipschitzTests.w)
        #expect(active == TestMatrices.double([[11, 14]]))
        #expect((try SingularValueDecomposition(active).spectralNorm - 317.0.squareRoot()).magnitude <= 1e-13)
        #expect((317.0.squareRoot() - 17.8045).magnitude <= 5e-5)
    }
}
