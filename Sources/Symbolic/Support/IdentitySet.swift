// A set of object identities for the visited sets of expression walks: an `IdentityMap`
// without values (see there for the table).

/// A set of `ObjectIdentifier`s with insertion and membership only.
public struct IdentitySet {
    @usableFromInline var table: IdentityMap<Void> = [:]

    /// An empty set.
    @inlinable
    public init() {}

    /// The number of identities in the set.
    @inlinable
    public var count: Int { table.count }

    /// Whether `id` is in the set.
    @inlinable
    public func contains(_ id: ObjectIdentifier) -> Bool { table[id] != nil }

    /// Inserts `id`; returns whether it was new.
    @inlinable
    @discardableResult
    public mutating func insert(_ id: ObjectIdentifier) -> Bool { table.insertIfAbsent(id, ()) }
}
