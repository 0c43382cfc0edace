// Matrices in `.drv` files, through the whole checker: identities proved entry by entry at
// fixed sizes, wrong ones refuted with the failing entry named, declared structure sampled
// jointly, shapes that fail at one family member reported there, instance values checked
// against their declarations.
import Testing
@testable import Proofs
@testable import Symbolic

/// The verdicts of every step of `text`, in order.
private func verdicts(_ r: FileCheckResult) -> [Verdict] { r.chains.flatMap(\.steps).map(\.verdict) }

@Suite("matrices in the language: checking")
struct LanguageCheckTests {
    /// (declarations, claim, expected verdict): the claim is checked alone.
    static let claims: [(String, String, Verdict)] = [
        // Cauchy-Binet with all entries symbolic is proved by the rational normal form.
        ("matrix B[4, 2]", "det(B^T*B) = sum_{S in subsets(1..4, 2)}[ det(rows(B, S))^2 ]", .proved),
        ("matrix C[4, 3]", "det(C^T*C) = sum_{S in subsets(1..4, 3)}[ det(rows(C, S))^2 ]", .proved),
        // Squares of minors over the wrong subsets, or of the wrong size.
        ("matrix B[4, 2]", "det(B^T*B) = sum_{S in subsets(1..3, 2)}[ det(rows(B, S))^2 ]", .refuted),
        ("matrix C[4, 3]", "det(C^T*C) = sum_{S in subsets(2..4, 3)}[ det(rows(C, S))^2 ]", .refuted),
        ("matrix B[4, 2]", "det(B^T*B) = sum_{S in subsets(1..4, 2)}[ det(rows(B, S)) ]^2", .refuted),
        // Matrix identities are decided entry by entry.
        ("matrix A[2, 3], B[3, 2]", "(A*B)^T = B^T*A^T", .proved),
        ("matrix A[2, 2], B[2, 2]", "(A*B)^T = A^T*B^T", .refuted),
        ("matrix A[2, 2], B[2, 2]", "A*B = B*A", .refuted),
        ("matrix A[3, 3]", "A*inverse(A) = identity(3)", .proved),
        ("matrix A[2, 2]", "A^2 - trace(A)*A + det(A)*identity(2) = 0", .proved),
        ("matrix A[2, 2], B[2, 2]", "hadamard(A, B) = hadamard(B, A)", .proved),
        ("vector x[3], y[3]", "x^T*y = y^T*x", .proved),
        ("vector x[3]", "norm(2*x)^2 = 4*norm(x)^2", .proved),
        ("matrix A[3, 2]", "normF(A)^2 = trace(A^T*A)", .proved),
        // Literal matrices are exact.
        ("real t", "det([[1, 2], [3, 4]]) = -2", .proved),
        ("real t", "inverse([[2, 1], [1, 1]]) = [[1, -1], [-1, 2]]", .proved),
        ("real t", "[[1, 2], [3, 4]]*[1, 1] = [3, 7]", .proved),
        ("real t", "[[1, 2], [3, 4]]*[1, 1] = [3, 8]", .refuted),
        ("real t", "norm2([[3, 0], [0, 4]]) = 4", .proved),
        ("real t", "norm2([[1, 2, 0], [0, 1, 0], [0, 0, 1]]) = 1 + sqrt(2)", .numeric),
        // Declared structure: symmetric and diagonal tie the entries; orthogonal gives Q^T Q = I.
        ("matrix S[3, 3] symmetric", "S^T = S", .proved),
        ("matrix S[3, 3] symmetric", "S[3, 1] = S[1, 3]", .proved),
        ("matrix D[3, 3] diagonal, E[3, 3] diagonal", "D*E = E*D", .proved),
        ("matrix Q[3, 3] orthogonal, B[3, 2]", "det((Q*B)^T*(Q*B)) = det(B^T*B)", .proved),
        ("matrix Q[3, 3] orthogonal", "Q*Q^T = identity(3)", .proved),
        ("matrix U[4, 2] orthogonal", "U^T*U = identity(2)", .proved),
        ("matrix U[4, 2] orthogonal", "U*U^T = identity(4)", .refuted),
        ("matrix Q[2, 2] orthogonal", "inverse(Q) = Q^T", .proved),
        // Jointly sampled structure: true only for the structured matrices, so numeric.
        ("matrix Q[3, 3] orthogonal", "Q[1, 1]^2 + Q[2, 1]^2 + Q[3, 1]^2 = 1", .numeric),
        ("matrix Q[3, 3]", "Q[1, 1]^2 + Q[2, 1]^2 + Q[3, 1]^2 = 1", .refuted),
        ("matrix P[3, 3] psd\nvector x[3]", "x^T*P*x >= 0", .numeric),
        ("matrix P[3, 3] symmetric\nvector x[3]", "x^T*P*x >= 0", .refuted),
        ("matrix D[4, 2] rank(1)", "det(D^T*D) = 0", .numeric),
        ("matrix D[4, 2]", "det(D^T*D) = 0", .refuted),
        ("matrix F[3, 3] fullrank", "det(F)^2 > 0", .numeric),
        // Spectral norms: closed form up to two columns, the SVD beyond.
        ("matrix W[3, 2]\nvector x[2]", "norm(W*x) <= norm2(W)*norm(x)", .numeric),
        ("matrix W[3, 2]", "det(W^T*W - norm2(W)^2*identity(2)) = 0", .proved),
        ("matrix V[4, 3]\nvector x[3]", "norm(V*x) <= norm2(V)*norm(x)", .numeric),
        ("matrix V[4, 3]", "normF(V) <= norm2(V)", .refuted),
    ]

    @Test("claims about matrices", arguments: 0..<claims.count)
    func claim(index: Int) {
        let (declarations, claim, expected) = Self.claims[index]
        let r = checkText(declarations + "\nclaim \"c\": " + claim + "\n", name: "matrix.drv")
        #expect(!r.hasInputErrors, "\(describeFailures(r))")
        #expect(verdicts(r) == [expected], "\(claim): \(TextReport().render(r))")
        #expect(!r.diagnostics.contains { $0.id == .checkerInconsistency }, "\(describeFailures(r))")
    }

    @Test("a wrong Cauchy-Binet is refuted with an exact counterexample", arguments: [UInt64(0), 1, 7])
    func wrongCauchyBinet(seed: UInt64) throws {
        let text = """
        matrix B[4, 2]
        claim "squares of minors over the wrong subsets": det(B^T*B) = sum_{S in subsets(1..3, 2)}[ det(rows(B, S))^2 ]
        """
        let r = checkText(text, name: "wrong-cauchy-binet.drv", seed: seed)
        let step = try #require(r.chains.first?.steps.first)
        #expect(step.verdict == .refuted)
        let cx = try #require(step.evidence.counterexample)
        #expect(cx.isExact)
        #expect(cx.assignment.contains { $0.name.hasPrefix("B[4,") }, "the missing row 4 must matter: \(cx)")
        #expect(step.evidence.residual != nil)
    }

    @Test("a refuted matrix identity names its first failing entry")
    func failingEntry() throws {
        let r = checkText("real t\nclaim \"c\": [[1, 2], [3, 4]]^T = [[1, 2], [3, 4]]\n", name: "entry.drv")
        let step = try #require(r.chains.first?.steps.first)
        #expect(step.verdict == .refuted)
        #expect(step.evidence.counterexample?.lhsValue.hasPrefix("entry (1, 2)") == true, "\(TextReport().render(r))")
    }

    @Test("the orthogonality rule is reported as evidence")
    func orthogonalRule() throws {
        let r = checkText("matrix Q[4, 4] orthogonal, B[4, 2]\nclaim \"c\": (Q*B)^T*(Q*B) = B^T*B\n", name: "q.drv")
        let step = try #require(r.chains.first?.steps.first)
        #expect(step.verdict == .proved)
        #expect(step.evidence.rules.contains("orthogonal: Q^T*Q = I"))
    }

    @Test("sizes come from the family; a shape that fails at one member is a located error there")
    func familyShapes() throws {
        let text = """
        natural n, k
        matrix A[n, k]
        for n in 2..3, k in 2..3
        claim "square only": det(A*A) = det(A)^2
        """
        let r = checkText(text, name: "family-shapes.drv")
        #expect(verdicts(r) == [.proved, .unknown, .unknown, .proved])
        let shapeErrors = r.diagnostics.filter { $0.id == .shapeMismatch }
        #expect(shapeErrors.count == 2)
        #expect(shapeErrors.allSatisfy { $0.range != nil && $0.message.contains("cannot multiply a 2×3 matrix") || $0.message.contains("cannot multiply a 3×2 matrix") })
        #expect(shapeErrors.contains { $0.message.hasSuffix("(n = 2, k = 3)") })
    }

    @Test("a size that no family fixes is sampled, and the evidence says so")
    func symbolicSize() throws {
        let r = checkText("natural n\nvector v[n]\nclaim \"c\": v^T*v = norm(v)^2\n", name: "size.drv")
        #expect(verdicts(r) == [.numeric, .numeric, .numeric])
        #expect(r.diagnostics.contains { $0.id == .sampledSizes && $0.message.contains("n = 1; n = 2; n = 3") })
    }

    @Test("instance values must have the declared shape and properties", arguments: [
        ("Q = [[0, 1], [1, 0]]", Verdict.numeric, "agrees"),
        ("Q = 1/5*[[3, 4], [-4, 3]]", .numeric, "agrees"),
        ("Q = [[1, 1], [0, 1]]", .unknown, "declared orthogonal"),
        ("P = [[1, 2], [2, 1]]", .unknown, "declared psd"),
        ("P = [[2, 1], [1, 2]]", .numeric, "agrees"),
        ("R = [[1, 2], [2, 4]]", .exact, "agrees"),       // rational entries: decided exactly
        ("R = [[1, 2], [3, 4]]", .unknown, "of rank 1"),
    ])
    func instanceValues(binding: String, expected: Verdict, summary: String) throws {
        let text = """
        matrix Q[2, 2] orthogonal, P[2, 2] psd, R[2, 2] rank(1)
        claim "c": det(Q^T*Q) + trace(P) - trace(P) + det(R) = 1
        instance "i"
            \(binding)
        end
        """
        let r = checkText(text, name: "instance.drv")
        let check = try #require(r.chains.first?.steps.first?.instances.first)
        #expect(check.verdict == expected, "\(check.summary)")
        #expect(check.summary.contains(summary), "\(check.summary)")
    }

    @Test("an instance binding a matrix makes a general claim concrete")
    func instanceMakesConcrete() throws {
        let text = """
        matrix B[4, 2]
        claim "Cauchy-Binet": det(B^T*B) = sum_{S in subsets(1..4, 2)}[ det(rows(B, S))^2 ]
        instance "the article's B"
            B = [[1, 2], [0, 1], [3, -1], [2, 0]]
        end
        """
        let r = checkText(text, name: "instance-b.drv")
        let step = try #require(r.chains.first?.steps.first)
        #expect(step.verdict == .proved)
        #expect(step.instances.first?.summary.contains("83") == true, "\(step.instances)")
    }

    @Test("large symbolic determinants become numeric atoms; small ones are proved", arguments: [
        (3, 2, Verdict.proved), (4, 3, .proved), (5, 4, .numeric), (6, 6, .numeric),
    ])
    func symbolicWhereSmall(n: Int, k: Int, expected: Verdict) {
        let text = """
        natural n, k
        matrix A[n, k]
        for n in \(n)..\(n), k in \(k)..\(k)
        claim "Cauchy-Binet": det(A^T*A) = sum_{S in subsets(1..n, k)}[ det(rows(A, S))^2 ]
        """
        let r = checkText(text, name: "sizes.drv")
        #expect(verdicts(r) == [expected], "\(TextReport().render(r))")
    }

    @Test("the same file and seed give the same report")
    func deterministic() throws {
        let text = try Repository.text("derivations/lipschitz.drv")
        let a = TextReport().render(checkText(text, name: "l.drv", seed: 3, only: ["LIP-1 the norm chain, 4 x 3 (norm2 by the SVD)"]))
        let b = TextReport().render(checkText(text, name: "l.drv", seed: 3, only: ["LIP-1 the norm chain, 4 x 3 (norm2 by the SVD)"]))
        #expect(a == b)
    }
}
