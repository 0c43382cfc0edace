// Rendering diagnostics: swiftc-style lines, notes, snippets, colour and order.
import Proofs
import Symbolic
import Testing

@Suite("diagnostic rendering")
struct DiagnosticRendererTests {
    static let text = "real x\nclaim \"c\": x = y by algebr\n"

    @Test("plain lines: file:line:col, notes reuse the location when they have none")
    func plain() {
        let renderer = DiagnosticRenderer(fileName: "f.drv", text: DiagnosticRendererTests.text)
        let d = Diagnostic(.error, .unknownHint, "unknown hint 'algebr'", at: SourceRange(28, 34),
                           notes: [Note("did you mean 'algebra'?"), Note("declared here", at: SourceRange(5, 6))])
        #expect(renderer.render([d]) == """
            f.drv:2:22: error: unknown hint 'algebr'
            f.drv:2:22: note: did you mean 'algebra'?
            f.drv:1:6: note: declared here

            """)
    }

    @Test("a whole-file diagnostic has no line and column; IDs are optional")
    func wholeFile() {
        let renderer = DiagnosticRenderer(fileName: "f.drv", text: "", options: .init(showsIDs: true))
        let d = Diagnostic(.error, .nothingToCheck, "nothing to check", at: nil, notes: [Note("add a claim")])
        #expect(renderer.render(d) == "f.drv: error: nothing to check [nothing-to-check]\nf.drv: note: add a claim\n")
    }

    @Test("snippets put the marker under the column, keeping tabs and dropping CR")
    func snippets() {
        let text = "real x\r\n\tclaim \"c\": x = x\r\n"
        let renderer = DiagnosticRenderer(fileName: "f.drv", text: text, options: .annotated)
        let d = Diagnostic(.warning, .unusedDeclaration, "something", at: SourceRange(20, 21))
        #expect(renderer.render(d) == """
            f.drv:2:13: warning: something
            2 │ \tclaim "c": x = x
              │ \t           ╰─ warning: something

            """)
    }

    @Test("the gutter is as wide as the line number")
    func gutter() {
        let text = String(repeating: "\n", count: 11) + "abc\n"
        let renderer = DiagnosticRenderer(fileName: "f.drv", text: text, options: .annotated)
        let lines = renderer.render(Diagnostic(.error, .parseError, "m", at: SourceRange(12, 13))).split(separator: "\n")
        #expect(lines[1] == "12 │ abc")
        #expect(lines[2] == "   │  ╰─ error: m")
    }

    @Test("colour only when asked")
    func colour() {
        let d = Diagnostic(.error, .parseError, "m", at: SourceRange(0, 1))
        let plain = DiagnosticRenderer(fileName: "f.drv", text: "x\n", options: .init(showsSnippets: true))
        let coloured = DiagnosticRenderer(fileName: "f.drv", text: "x\n", options: .init(showsSnippets: true, usesColor: true))
        #expect(!plain.render(d).contains("\u{1B}"))
        #expect(coloured.render(d).contains("\u{1B}[1;31merror:"))
        #expect(coloured.render(d).hasSuffix("\u{1B}[0m\n"))
    }

    @Test("order: by position, then errors before warnings before notes, then as given")
    func order() {
        let a = Diagnostic(.warning, .unusedDeclaration, "a", at: SourceRange(5, 6))
        let b = Diagnostic(.error, .undeclaredName, "b", at: SourceRange(5, 6))
        let c = Diagnostic(.error, .parseError, "c", at: SourceRange(1, 2))
        let d = Diagnostic(.error, .fileTooLarge, "d", at: nil)
        let e = Diagnostic(.error, .undeclaredName, "e", at: SourceRange(5, 6))
        #expect(DiagnosticRenderer.sorted([a, b, c, d, e]).map(\.message) == ["d", "c", "b", "e", "a"])
    }

    @Test("counts for a summary line")
    func counts() {
        let ds = [Diagnostic(.error, .parseError, "", at: nil), Diagnostic(.warning, .unusedDeclaration, "", at: nil),
                  Diagnostic(.error, .parseError, "", at: nil)]
        #expect(DiagnosticRenderer.counts(ds) == (errors: 2, warnings: 1))
    }

    @Test("columns count UTF-8 bytes")
    func utf8Columns() {
        let text = "title \"é\" é\n"
        let result = FrontEnd.analyze(text: text, name: "f.drv")
        let rendered = DiagnosticRenderer(file: result.file).render(result.diagnostics)
        #expect(rendered.hasPrefix("f.drv:1:12: error:"))
    }
}
