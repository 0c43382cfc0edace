import Testing
@testable import Symbolic

/// Stand-ins for opaque functions: shapes, and pinning through a stated point.
@Suite("stand-in functions")
struct TestFunctionTests {
    static let grid: [Double] = stride(from: -2.0, through: 2.0, by: 0.25).map { $0 }

    @Test("a pinned stand-in passes through the point and keeps its shape",
          arguments: TestFunctionShape.allCases, [0, 7, 1234] as [UInt64])
    func pinned(shape: TestFunctionShape, seed: UInt64) throws {
        let f = TestFunction(name: "f", arity: 1, shape: shape, seed: seed)
        let target = shape == .positive ? 3.0 : -0.5
        let g = f.pinned(at: [1], to: target)
        #expect(abs(try g.evaluate([1], orders: []) - target) <= 1e-12 * abs(target))
        let values = try Self.grid.map { try g.evaluate([$0], orders: []) }
        switch shape {
        case .positive:
            #expect(values.allSatisfy { $0 > 0 })
        case .convex, .concave:
            let sign: Double = shape == .convex ? 1 : -1
            for i in 1..<(values.count - 1) {
                #expect(sign * (values[i - 1] - 2 * values[i] + values[i + 1]) >= -1e-12)
            }
        case .increasing:
            #expect(zip(values, values.dropFirst()).allSatisfy { $0.0 < $0.1 })
        case .generic:
            break
        }
        // Pinning changes only the value's level, never the derivatives (positive stand-ins
        // have none).
        if shape != .positive {
            #expect(abs(try g.evaluate([0.3], orders: [1]) - f.evaluate([0.3], orders: [1])) <= 1e-12)
        }
    }

    @Test("a positive stand-in is not pinned to a value that is not positive")
    func positiveRefusesNonpositive() throws {
        let f = TestFunction(name: "p", arity: 1, shape: .positive, seed: 3)
        for value in [0.0, -1.0] {
            let g = f.pinned(at: [0], to: value)
            #expect(try g.evaluate([0], orders: []) == f.evaluate([0], orders: []))
        }
    }
}
