// Deterministic compensated summation over eight interleaved lanes.
//
// Implementation notes
// --------------------
// Value number i goes to lane i mod 8; each lane runs Neumaier's compensated summation
// (t = s + v; c += |s| ≥ |v| ? (s − t) + v : (v − t) + s; s = t), written branch-free on two
// 4-lane vectors so a block of values is summed at vector speed instead of one dependent
// addition per value. The lanes are combined in lane order at the end (sums, then the
// compensations). The result depends only on the sequence of values, not on how they were
// blocked, and has the accuracy of compensated summation.

/// A compensated sum over eight lanes (value i in lane i mod 8).
struct LaneSum {
    typealias Vector = SIMD4<Double>
    private var sumLow = Vector(), sumHigh = Vector()
    private var compensationLow = Vector(), compensationHigh = Vector()
    /// How many values were added (decides the lane of the next scalar value).
    private(set) var count = 0

    @inline(__always)
    private static func magnitude(_ v: Vector) -> Vector {
        v.replacing(with: -v, where: v .< 0)
    }

    @inline(__always)
    private static func step(_ s: inout Vector, _ c: inout Vector, _ v: Vector) {
        let t = s + v
        let sBigger = magnitude(s) .>= magnitude(v)
        let correction = ((s - t) + v).replacing(with: (v - t) + s, where: .!sBigger)
        c += correction
        s = t
    }

    /// Adds eight values (lanes 0…7); `count` must be a multiple of 8.
    @inline(__always)
    mutating func add(_ low: Vector, _ high: Vector) {
        LaneSum.step(&sumLow, &compensationLow, low)
        LaneSum.step(&sumHigh, &compensationHigh, high)
        count &+= 8
    }

    /// Adds one value to lane `count mod 8`.
    mutating func add(_ value: Double) {
        let lane = count & 7
        var low = Vector(), high = Vector()
        if lane < 4 { low[lane] = value } else { high[lane - 4] = value }
        // Adding 0 to the other lanes leaves them unchanged (s + 0 = s, correction 0).
        LaneSum.step(&sumLow, &compensationLow, low)
        LaneSum.step(&sumHigh, &compensationHigh, high)
        count &+= 1
    }

    /// The total: the lane sums added in lane order, then the compensations.
    var value: Double {
        var s = 0.0, c = 0.0
        for k in 0 ..< 4 { s += sumLow[k] }
        for k in 0 ..< 4 { s += sumHigh[k] }
        for k in 0 ..< 4 { c += compensationLow[k] }
        for k in 0 ..< 4 { c += compensationHigh[k] }
        return s + c
    }
}
