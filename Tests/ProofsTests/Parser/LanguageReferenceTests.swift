// docs/drv-language.md stays true: its examples are tested files, its lists are generated.
import Foundation
import Proofs
import Symbolic
import Testing

@Suite("the language reference")
struct LanguageReferenceTests {
    static let documentURL = RepositoryPaths.docs.appendingPathComponent("drv-language.md")
    static let exampleNames = RepositoryPaths.names(in: RepositoryPaths.examples, withExtension: "drv")

    static func document() throws -> String {
        try String(contentsOf: documentURL, encoding: .utf8)
    }

    /// The ```drv blocks of the document, each named by its first line `# examples/NAME.drv`.
    static func blocks(of document: String) -> [(name: String?, text: String)] {
        var blocks: [(String?, String)] = []
        var current: [Substring]?
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil {
                if line == "```drv" { current = [] }
            } else if line == "```" {
                let lines = current ?? []
                var name: String?
                if let first = lines.first, first.hasPrefix("# examples/"), first.hasSuffix(".drv") {
                    name = String(first.dropFirst("# examples/".count).dropLast(".drv".count))
                }
                blocks.append((name, lines.joined(separator: "\n") + "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test("every drv block is an example file, and every example file is shown")
    func blocksAreFiles() throws {
        let blocks = LanguageReferenceTests.blocks(of: try LanguageReferenceTests.document())
        #expect(!blocks.isEmpty)
        for block in blocks {
            let name = try #require(block.name, "a ```drv block must start with '# examples/NAME.drv'")
            let url = RepositoryPaths.examples.appendingPathComponent(name + ".drv")
            let file = RepositoryPaths.bytes(url).map { String(decoding: $0, as: UTF8.self) }
            #expect(file == block.text, "docs/examples/\(name).drv differs from its block in the reference")
        }
        #expect(Set(blocks.compactMap(\.name)) == Set(LanguageReferenceTests.exampleNames))
    }

    @Test("every example parses and sort-checks without errors or warnings", arguments: exampleNames)
    func examplesCheck(name: String) throws {
        let bytes = try #require(RepositoryPaths.bytes(RepositoryPaths.examples.appendingPathComponent(name + ".drv")))
        let result = FrontEnd.analyze(bytes: bytes, name: name + ".drv")
        let rendered = DiagnosticRenderer(file: result.file, options: .annotated).render(result.diagnostics)
        #expect(result.diagnostics.isEmpty, "\(rendered)")
        #expect(result.symbols != nil)
        #expect(!result.file.chains.isEmpty)
    }

    // MARK: Generated sections

    /// `| a |` with the bars of table cells escaped.
    static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    static func list(_ items: [String]) -> [String] {
        [items.map { "`\($0)`" }.joined(separator: ", ") + "."]
    }

    /// The text of each generated section, from the code.
    static func generated() -> [String: [String]] {
        var hints = ["| hint | what it asks for |", "|---|---|"]
        for s in HintCatalogue.strategies {
            let name = s.takesArguments ? "\(s.name)(NAME = expr)" : s.name
            hints.append("| `\(name)` | \(cell(s.summary)) |")
        }
        hints += ["", "Rewrite rules and rule sets may also be cited by name:", "",
                  "| rule | rule set | rewrites |", "|---|---|---|"]
        for set in RuleSet.all {
            for rule in set.rules {
                hints.append("| `\(rule.name)` | `\(set.name)` | \(cell(rule.summary)) |")
            }
        }
        var families = ["| family | parameters, in order |", "|---|---|"]
        for f in DistributionFamily.allCases {
            families.append("| `\(f.rawValue)` | `\(f.rawValue)(x; \(f.signature))` |")
        }
        var special = ["| function | arguments | meaning |", "|---|---|---|"]
        for f in KnownNames.specialFunctions {
            special.append("| `\(f.name)` | \(f.arity) | \(cell(f.summary)) |")
        }
        var operators = ["| operator | meaning |", "|---|---|"]
        for op in KnownNames.bigOperators {
            operators.append("| `\(op.name)` | \(cell(op.summary)) |")
        }
        let example = "real x\nclaim \"doubling\": x + x = 2*y   by algebr\n"
        let result = FrontEnd.analyze(text: example, name: "doubling.drv")
        func rendered(_ options: DiagnosticRenderer.Options) -> [String] {
            DiagnosticRenderer(file: result.file, options: options).render(result.diagnostics)
                .split(separator: "\n").map(String.init)
        }
        let diagnostics = ["```"] + rendered(.plain) + ["```", "", "```"] + rendered(.annotated) + ["```"]
        return [
            "diagnostics-example": diagnostics,
            "keywords": ["Reserved keywords: " + list(DrvVocabulary.stopKeywords.sorted())[0]],
            "matrix-properties": list(DrvVocabulary.matrixProperties),
            "function-properties": list(DrvVocabulary.functionProperties),
            "builtin-functions": list(KnownNames.builtinFunctions),
            "special-functions": special,
            "big-operators": operators,
            "hints": hints,
            "families": families,
            "diagnostic-ids": list(DiagnosticID.allCases.map(\.rawValue)),
        ]
    }

    /// The document with every generated section replaced, and the sections it lacks.
    static func regenerate(_ document: String) -> (text: String, missing: [String]) {
        var lines = document.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var missing: [String] = []
        for (name, content) in generated().sorted(by: { $0.key < $1.key }) {
            let begin = "<!-- BEGIN GENERATED: \(name) -->", end = "<!-- END GENERATED: \(name) -->"
            guard let b = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == begin }),
                  let e = lines[b...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == end }) else {
                missing.append(name)
                continue
            }
            let indent = String(lines[b].prefix { $0 == " " })
            lines.replaceSubrange((b + 1)..<e, with: content.map { $0.isEmpty ? "" : indent + $0 })
        }
        return (lines.joined(separator: "\n"), missing)
    }

    @Test("the generated lists match the code (UPDATE_EXPECTED=1 rewrites them)")
    func generatedSections() throws {
        let document = try LanguageReferenceTests.document()
        let (text, missing) = LanguageReferenceTests.regenerate(document)
        #expect(missing.isEmpty, "sections missing from the reference: \(missing)")
        if isUpdatingExpectedFiles {
            try text.write(to: LanguageReferenceTests.documentURL, atomically: true, encoding: .utf8)
            return
        }
        #expect(text == document, "docs/drv-language.md is out of date:\n\(lineDiff(expected: document, actual: text))")
    }

    @Test("every scalar sort and statement keyword is documented")
    func keywordsDocumented() throws {
        let document = try LanguageReferenceTests.document()
        for sort in DrvVocabulary.scalarSorts {
            #expect(document.contains("| `\(sort.keyword)` |"), "scalar sort '\(sort.keyword)' is not in the sort table")
        }
        for keyword in DrvVocabulary.statementKeywords {
            #expect(document.contains("`\(keyword)"), "'\(keyword)' is not documented")
        }
    }
}
