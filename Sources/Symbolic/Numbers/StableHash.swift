// A process-independent hash for content-addressed caches.

/// A small, fast, process-independent hash used for content-addressed caches.
///
/// Unlike `Hasher`, the results are the same in every process and run. Never used to order
/// or decide anything.
public enum StableHash {
    /// The initial state.
    public static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Finalises a 64-bit value (splitmix64's mixer).
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Combines a running hash with one more value; order matters.
    @inlinable
    public static func combine(_ hash: UInt64, _ value: UInt64) -> UInt64 {
        mix(hash ^ (value &+ 0x9e37_79b9_7f4a_7c15 &+ (hash << 6) &+ (hash >> 2)))
    }

    /// The bucket hash a `Dictionary` or `Set` asks of a key (`_rawHashValue(seed:)`), from a
    /// key's stable hash: one mix with the table's seed, no `Hasher` (a stable hash is already
    /// well mixed). Keys hashed in hot tables — `Symbol`, `Expr`, the compiler's instruction
    /// keys — use it.
    @inlinable
    public static func tableHash(_ hash: UInt64, seed: Int) -> Int {
        Int(truncatingIfNeeded: mix(hash &+ UInt64(truncatingIfNeeded: seed)))
    }

    /// Hashes the UTF-8 bytes of a string.
    public static func of(_ text: String) -> UInt64 {
        var h = seed
        for byte in text.utf8 {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return mix(h)
    }
}
