// Making limb arrays without the standard library's out-of-line array allocation.
//
// Implementation notes
// --------------------
// `Array(unsafeUninitializedCapacity:initializingWith:)` and `Array(repeating:count:)` allocate
// through a non-inlinable generic entry point of the standard library, which looks the
// storage class's metadata up at run time: about 360 instructions per array on Swift 6.3,
// even for `[UInt]` (measured with a standalone program under callgrind), against about 100
// for the arithmetic of a typical two-limb result. `Array(limbCapacity:initializingWith:)`
// lets the body fill a temporary buffer (on the stack when small) and copies the initialised
// prefix into an array built by the specialised copy, which uses a cached metadata accessor:
// about 320 instructions fewer per array, for a copy of a few limbs.

extension Array where Element == UInt {
    /// The array `body` makes in a buffer of `capacity` limbs: the same contract as
    /// `init(unsafeUninitializedCapacity:initializingWith:)` (the body initialises the first
    /// `count` elements and sets `count`), without its run-time metadata lookup.
    @inline(__always)
    init(limbCapacity capacity: Int, initializingWith body: (inout UnsafeMutableBufferPointer<UInt>, inout Int) -> Void) {
        self = withUnsafeTemporaryAllocation(of: UInt.self, capacity: Swift.max(capacity, 1)) { buffer in
            var limbs = UnsafeMutableBufferPointer(rebasing: buffer[..<capacity])
            var count = 0
            body(&limbs, &count)
            precondition(count >= 0 && count <= capacity, "limb count out of range")
            return Array(UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }
}
