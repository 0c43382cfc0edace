// Marker-annotated source text for parser tests: nobody counts columns by hand.
@testable import Symbolic

/// Source text with location markers `1️⃣`, `2️⃣`, … removed, and the UTF-8 offset of each.
struct MarkedText {
    /// The text without markers.
    let text: String
    /// The UTF-8 offset where each marker stood, by marker name (`"1️⃣"`).
    let offsets: [String: Int]

    static let markerNames = ["1️⃣", "2️⃣", "3️⃣", "4️⃣"]

    init(_ marked: String) {
        var text = ""
        var offsets: [String: Int] = [:]
        var rest = Substring(marked)
        outer: while !rest.isEmpty {
            for name in MarkedText.markerNames where rest.hasPrefix(name) {
                offsets[name] = text.utf8.count
                rest = rest.dropFirst(name.count)
                continue outer
            }
            text.append(rest.removeFirst())
        }
        self.text = text
        self.offsets = offsets
    }

    /// The offset of a marker (defaults to `1️⃣`); -1 if the marker is absent, so a test fails.
    func offset(_ name: String = "1️⃣") -> Int { offsets[name] ?? -1 }
}
