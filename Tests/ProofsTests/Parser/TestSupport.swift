// Test support for the `.drv` front end: marked text, file access, and rendering.
import Foundation
import Proofs
import Symbolic

/// Source text with location markers `1️⃣`, `2️⃣`, … removed, and the UTF-8 offset of each.
struct MarkedText {
    /// The text without markers.
    let text: String
    /// The UTF-8 offset where each marker stood, by marker name (`"1️⃣"`).
    let offsets: [String: Int]

    static let markerNames = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣"]

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

    /// The range between two markers.
    func range(_ from: String, _ to: String) -> SourceRange { SourceRange(offset(from), offset(to)) }
}

/// Paths in the repository, found from this file.
enum RepositoryPaths {
    /// The package root.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `Tests/ProofsTests/Fixtures/invalid`.
    static let invalidFixtures = root.appendingPathComponent("Tests/ProofsTests/Fixtures/invalid")
    /// `docs`.
    static let docs = root.appendingPathComponent("docs")
    /// `docs/examples`.
    static let examples = docs.appendingPathComponent("examples")

    /// The names of the files in `directory` with extension `ext`, without it, sorted.
    static func names(in directory: URL, withExtension ext: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix("." + ext) }.map { String($0.dropLast(ext.count + 1)) }.sorted()
    }

    /// The bytes of a file, or `nil`.
    static func bytes(_ url: URL) -> [UInt8]? {
        (try? Data(contentsOf: url)).map { [UInt8]($0) }
    }
}

/// Whether tests should rewrite expected files (`UPDATE_EXPECTED=1`).
var isUpdatingExpectedFiles: Bool { ProcessInfo.processInfo.environment["UPDATE_EXPECTED"] == "1" }

/// Parses and sort-checks text; returns the diagnostics in report order.
func frontEndDiagnostics(_ text: String, name: String = "test.drv") -> [Diagnostic] {
    FrontEnd.analyze(text: text, name: name).diagnostics
}

/// The plain rendering with IDs of a file's diagnostics.
func renderedDiagnostics(_ text: String, name: String = "test.drv") -> String {
    let result = FrontEnd.analyze(text: text, name: name)
    return DiagnosticRenderer(file: result.file, options: DiagnosticRenderer.Options(showsIDs: true))
        .render(result.diagnostics)
}

/// A line diff of two texts for failure messages (first 24 differing lines).
func lineDiff(expected: String, actual: String) -> String {
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var diff: [String] = []
    for i in 0..<max(e.count, a.count) where diff.count < 24 {
        let el = i < e.count ? String(e[i]) : "<none>"
        let al = i < a.count ? String(a[i]) : "<none>"
        if el != al { diff.append("line \(i + 1):\n  - \(el)\n  + \(al)") }
    }
    return diff.joined(separator: "\n")
}
