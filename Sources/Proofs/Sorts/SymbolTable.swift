// The resolved names of a `.drv` file: each declared or defined name with its sort.
import Symbolic

/// Every name a `.drv` file declares (`real x`, `function f(u)`, `density p(z | x)`, …) or
/// defines (`let I = …`), with its sort, properties, definition and where it was written.
///
/// Built by the ``SortChecker``. Names are unique (a second declaration is an error and is
/// not entered); ``entries`` keeps the order of the file. Local names (function parameters,
/// big-operator bindings, family variables) are not in the table.
public struct SymbolTable: Sendable {
    /// One declared or defined name.
    public struct Entry: Sendable {
        /// How the name came to be.
        public enum Origin: Sendable, Hashable {
            /// A sort declaration (`real`, `matrix`, `function`, `density`, …), with or without a body.
            case declaration
            /// A `let` definition.
            case definition
        }

        /// The name.
        public var name: String
        /// The sort. A `let` constant gets the sort of its body: a scalar (`.scalar(.real)`), or a
        /// vector or matrix when its shape is known; a `let` function gets `.function`.
        public var sort: Sort
        /// Declaration or `let`.
        public var origin: Origin
        /// The keyword as written (`real`, `positive`, `matrix`, `function`, `density`, `let`).
        public var keyword: String
        /// Declared properties (`convex`, `orthogonal`, …), in order.
        public var properties: [String]
        /// The constraint of a scalar declaration (`real t > -1`).
        public var constraint: (relation: Relation, bound: Expr)?
        /// The parameters: a function's, a `let` function's, or a density's variables followed by
        /// its conditions (see ``Sort/density(variables:conditions:)`` for the split).
        public var parameters: [Symbol]
        /// The body of a `let`, defined function or defined density; `nil` for opaque names.
        public var body: Expr?
        /// Where the name is written in its declaration.
        public var range: SourceRange

        /// Whether this is an opaque (uninterpreted) function or density: declared without a body.
        public var isOpaque: Bool {
            guard body == nil else { return false }
            switch sort {
            case .function, .density: return true
            case .scalar, .vector, .matrix: return false
            }
        }

        /// Creates an entry.
        public init(name: String, sort: Sort, origin: Origin, keyword: String, properties: [String] = [],
                    constraint: (relation: Relation, bound: Expr)? = nil, parameters: [Symbol] = [],
                    body: Expr? = nil, range: SourceRange) {
            self.name = name
            self.sort = sort
            self.origin = origin
            self.keyword = keyword
            self.properties = properties
            self.constraint = constraint
            self.parameters = parameters
            self.body = body
            self.range = range
        }
    }

    /// The entries, in the order of the file.
    public private(set) var entries: [Entry] = []
    private var indices: [String: Int] = [:]

    /// An empty table.
    public init() {}

    /// The entry for `name`, if it is declared or defined.
    public subscript(name: String) -> Entry? {
        guard let i = indices[name] else { return nil }
        return entries[i]
    }

    /// Whether `name` is declared or defined.
    public func contains(_ name: String) -> Bool { indices[name] != nil }

    /// The names, in the order of the file.
    public var names: [String] { entries.map(\.name) }

    /// Adds an entry; returns `false` (and changes nothing) if the name is already present.
    @discardableResult
    public mutating func insert(_ entry: Entry) -> Bool {
        guard indices[entry.name] == nil else { return false }
        indices[entry.name] = entries.count
        entries.append(entry)
        return true
    }
}
