// The JSON report: valid against docs/json-schema.json, complete, exact and deterministic.
import Foundation
import Testing
@testable import Proofs
import Symbolic

@Suite("JSON report")
struct JSONReportTests {
    static let schemaURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/json-schema.json")

    static func schema() throws -> MiniJSON {
        try MiniJSON.parse(String(contentsOf: schemaURL, encoding: .utf8))
    }

    /// The fixtures, by name; `all` renders several files into one report.
    static func fixture(_ name: String) throws -> [FileCheckResult] {
        switch name {
        case "full": return [try ReportFixtures.full()]
        case "small": return [try ReportFixtures.small()]
        case "broken": return [ReportFixtures.broken()]
        default: return [try ReportFixtures.full(), try ReportFixtures.small(), ReportFixtures.broken()]
        }
    }

    @Test func schemaUsesOnlyWhatTheValidatorImplements() throws {
        #expect(MiniSchemaValidator(root: try Self.schema()).unsupportedKeywords() == [])
    }

    @Test("validates against the schema", arguments: ["full", "small", "broken", "all"])
    func validates(_ name: String) throws {
        let text = JSONReport.render(try Self.fixture(name))
        let json = try MiniJSON.parse(text)
        let errors = MiniSchemaValidator(root: try Self.schema()).errors(json)
        #expect(errors == [], "\(errors.joined(separator: "\n"))")
    }

    @Test("is byte-identical across runs", arguments: ["full", "small", "broken", "all"])
    func deterministic(_ name: String) throws {
        let first = JSONReport.render(try Self.fixture(name))
        let second = JSONReport.render(try Self.fixture(name))
        #expect(first == second)
        #expect(first.hasSuffix("}\n"))
    }

    @Test func keysAreSortedEverywhere() throws {
        func check(_ v: MiniJSON, _ path: String) {
            switch v {
            case .object(let members):
                let keys = members.map(\.0)
                #expect(keys == keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, "\(path)")
                for (k, child) in members { check(child, path + "." + k) }
            case .array(let items):
                for (i, child) in items.enumerated() { check(child, path + "[\(i)]") }
            case .null, .bool, .integer, .number, .string:
                break
            }
        }
        check(try MiniJSON.parse(JSONReport.render(try Self.fixture("all"))), "$")
    }

    @Test func enumsInTheSchemaMatchTheCode() throws {
        let defs = try #require(try Self.schema()["$defs"])
        #expect(defs["verdict"]?["enum"]?.arrayValue.compactMap(\.stringValue) == Verdict.allCases.map(\.rawValue))
        #expect(Set(defs["relation"]?["enum"]?.arrayValue.compactMap(\.stringValue) ?? []) == Set(Relation.allCases.map(\.rawValue)))
        #expect(defs["diagnostic"]?["properties"]?["severity"]?["enum"]?.arrayValue.compactMap(\.stringValue)
                == Severity.allCases.map(\.rawValue))
        #expect(Set(defs["counts"]?["required"]?.arrayValue.compactMap(\.stringValue) ?? []) == Set(Verdict.allCases.map(\.rawValue)))
    }

    @Test func topLevelAndFileFields() throws {
        let json = try MiniJSON.parse(JSONReport.render(try ReportFixtures.full()))
        #expect(json["schemaVersion"] == .integer("1"))
        #expect(json["version"] == .string(StepwiseVersion.string))
        let file = try #require(json["files"]?.arrayValue.first)
        #expect(file["name"] == .string("derivations/vae_mi & co.drv"))
        #expect(file["title"] == .string("VAE = prior matching + MI — 100% & $5 #1 {x_1} ~ ^ \\ \"quoted\" [draft]"))
        #expect(file["source"]?.stringValue?.contains("变分自编码器") == true)
        #expect(file["seed"] == .integer("42"))
        #expect(file["holds"] == .bool(false))
        #expect(file["chains"]?.arrayValue.count == 8)
        let broken = try MiniJSON.parse(JSONReport.render(ReportFixtures.broken()))
        let brokenFile = try #require(broken["files"]?.arrayValue.first)
        #expect(brokenFile["inputErrors"] == .bool(true))
        #expect(brokenFile["source"] == .null)
    }

    @Test func chainsAndSteps() throws {
        let json = try MiniJSON.parse(JSONReport.render(try ReportFixtures.full()))
        let chains = try #require(json["files"]?.arrayValue.first?["chains"]?.arrayValue)
        let first = chains[0]
        #expect(first["kind"] == .string("derive"))
        #expect(first["start"]?["latex"]?.stringValue?.hasPrefix("\\mathbb{E}_{x\\sim \\tilde{p}") == true)
        #expect(first["start"]?["text"]?.stringValue == (try Expr(parsing: "E_{x ~ ptilde, z ~ p(z|x)}[ log(p(z|x) / q(z)) ]")).description)
        #expect(first["composedRelation"] == .string("="))
        let step2 = try #require(first["steps"]?.arrayValue[1])
        #expect(step2["rhs"]?["latex"] == .string("I + \\mathrm{KL}_{\\text{prior}}"))  // the `latex` override
        #expect(step2["verdict"] == .string("sampled"))
        #expect(step2["hints"] == .array([.string("linearity"), .string("marginal"), .string("definition")]))
        #expect(step2["evidence"]?["samples"]?.arrayValue.count == 1)
        let step1 = try #require(first["steps"]?.arrayValue[0])
        #expect(step1["instances"]?.arrayValue.map { $0["instance"] } == [.string("Gaussian encoder"), .string("discrete")])
        #expect(step1["evidence"]?["assumedConditions"] == .array([.string("p(z | x) > 0")]))
        // The claim, the family members, the order term.
        #expect(chains[1]["kind"] == .string("claim"))
        #expect(chains[4]["family"] == .array([.object([("name", .string("n")), ("value", .integer("2"))])]))
        #expect(chains[5]["family"] == .array([.object([("name", .string("n")), ("value", .integer("3"))])]))
        #expect(chains[5]["holds"] == .bool(false))
        #expect(chains[5]["verdict"] == .string("unknown"))
        #expect(chains[6]["steps"]?.arrayValue.first?["orderTerm"] == .string("O(h^2) as h -> 0"))
        #expect(chains[7]["composedRelation"] == .string("<"))
    }

    @Test func evidenceNumbersAreExact() throws {
        let json = try MiniJSON.parse(JSONReport.render(try ReportFixtures.full()))
        let chains = try #require(json["files"]?.arrayValue.first?["chains"]?.arrayValue)
        let numeric = try #require(chains[2]["steps"]?.arrayValue[3]["evidence"])
        #expect(numeric["seed"] == .integer("18446744073709551557"))  // beyond 2^53, written exactly
        #expect(numeric["tolerance"] == .number(1e-9))
        #expect(numeric["maxDeviation"] == .number(2.220446049250313e-16))
        #expect(numeric["points"] == .integer("64"))
        // Non-finite doubles have no JSON spelling: null.
        let notes = try #require(chains[7]["steps"]?.arrayValue[1]["evidence"])
        #expect(notes["tolerance"] == .null)
        #expect(notes["maxDeviation"] == .null)
    }

    @Test func counterexample() throws {
        let json = try MiniJSON.parse(JSONReport.render(try ReportFixtures.full()))
        let step = try #require(json["files"]?.arrayValue.first?["chains"]?.arrayValue[3]["steps"]?.arrayValue.first)
        #expect(step["verdict"] == .string("refuted"))
        #expect(step["holds"] == .bool(false))
        let cx = try #require(step["evidence"]?["counterexample"])
        #expect(cx["assignment"] == .array([.object([("name", .string("a")), ("value", .string("1/2"))]),
                                            .object([("name", .string("sigma_x")), ("value", .string("-0.3"))])]))
        #expect(cx["instance"] == .string("Gaussian encoder"))
        #expect(cx["lhsValue"] == .string("1/4"))
        #expect(cx["rhsValue"] == .string("9/4"))
        #expect(cx["exact"] == .bool(true))
        #expect(step["evidence"]?["residual"] == .string("-4*a"))
    }

    /// Line and column of a byte offset, counted independently of `SourceLocationConverter`.
    static func lineColumn(_ offset: Int, in text: String) -> (Int, Int) {
        let prefix = Array(text.utf8)[..<offset]
        let line = prefix.filter { $0 == UInt8(ascii: "\n") }.count + 1
        let lastBreak = prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        return (line, offset - lastBreak + 1)
    }

    @Test func diagnosticsAreLocated() throws {
        let result = try ReportFixtures.full()
        let json = try MiniJSON.parse(JSONReport.render(result))
        let diagnostics = try #require(json["files"]?.arrayValue.first?["diagnostics"]?.arrayValue)
        #expect(diagnostics.count == result.diagnostics.count)
        for (d, j) in zip(result.diagnostics, diagnostics) {
            let range = try #require(d.range)
            let (line, column) = Self.lineColumn(range.lowerBound, in: result.file.text)
            let (endLine, endColumn) = Self.lineColumn(range.upperBound, in: result.file.text)
            #expect(j["line"] == .integer(String(line)))
            #expect(j["column"] == .integer(String(column)))
            #expect(j["endLine"] == .integer(String(endLine)))
            #expect(j["endColumn"] == .integer(String(endColumn)))
            #expect(j["severity"] == .string(d.severity.rawValue))
            #expect(j["id"] == .string(d.id.rawValue))
            #expect(j["file"] == .string(result.file.name))
        }
        let refuted = diagnostics[1]
        #expect(refuted["message"] == .string("step 1 does not hold on instance 'Gaussian encoder'"))
        // A note without a range takes the diagnostic's location; one with a range has its own.
        let notes = refuted["notes"]?.arrayValue ?? []
        #expect(notes.count == 2)
        #expect(notes.first?["line"] == refuted["line"])
        #expect(notes.last?["line"] != refuted["line"])
        // A whole-file diagnostic has null positions.
        let broken = try MiniJSON.parse(JSONReport.render(ReportFixtures.broken()))
        let whole = try #require(broken["files"]?.arrayValue.first?["diagnostics"]?.arrayValue.last)
        #expect(whole["line"] == .null)
        #expect(whole["column"] == .null)
    }

    @Test func summaries() throws {
        let full = try ReportFixtures.full()
        let json = try MiniJSON.parse(JSONReport.render([full, try ReportFixtures.small()]))
        let fileSummary = try #require(json["files"]?.arrayValue.first?["summary"])
        let expected: [Verdict: Int] = [.proved: 6, .exact: 1, .numeric: 1, .sampled: 1, .admitted: 1, .unknown: 1, .refuted: 2]
        for v in Verdict.allCases {
            #expect(fileSummary["counts"]?[v.rawValue] == .integer(String(expected[v] ?? 0)), "\(v)")
            #expect(full.counts[v] ?? 0 == expected[v] ?? 0)
        }
        #expect(fileSummary["steps"] == .integer("13"))
        #expect(fileSummary["chains"] == .integer("8"))
        #expect(fileSummary["errors"] == .integer("2"))
        #expect(fileSummary["warnings"] == .integer("1"))
        #expect(fileSummary["notes"] == .integer("1"))
        #expect(fileSummary["holds"] == .bool(false))
        let total = try #require(json["summary"])
        #expect(total["files"] == .integer("2"))
        #expect(total["steps"] == .integer("15"))
        #expect(total["counts"]?["proved"] == .integer("7"))
        #expect(total["counts"]?["numeric"] == .integer("2"))
        #expect(total["holds"] == .bool(false))
        let small = try MiniJSON.parse(JSONReport.render(try ReportFixtures.small()))
        #expect(small["summary"]?["holds"] == .bool(true))
    }

    @Test func stringsAreEscaped() throws {
        let text = JSONReport.render(try ReportFixtures.full())
        #expect(text.contains(#""VAE = prior matching + MI — 100% & $5 #1 {x_1} ~ ^ \\ \"quoted\" [draft]""#))
        var result = try ReportFixtures.small()
        result.file.name = "tab\there\nnewline\u{1}bell"
        let escaped = JSONReport.render(result)
        #expect(escaped.contains(#""tab\there\nnewline\u0001bell""#))
        #expect(try MiniJSON.parse(escaped)["files"]?.arrayValue.first?["name"] == .string("tab\there\nnewline\u{1}bell"))
    }

    @Test func theValidatorRejectsBrokenDocuments() throws {
        let validator = MiniSchemaValidator(root: try Self.schema())
        let good = JSONReport.render(try ReportFixtures.small())
        let mutations: [(String, String)] = [
            ("\"schemaVersion\": 1", "\"schemaVersion\": 2"),
            ("\"verdict\": \"proved\"", "\"verdict\": \"probably\""),
            ("\"holds\": true", "\"holds\": \"yes\""),
            ("\"index\": 1,", "\"index\": 1, \"extra\": 0,"),
            ("\"points\": 16,", ""),
            ("\"seed\": 1,", "\"seed\": -1,"),
            ("\"relation\": \"=\"", "\"relation\": \"==\""),
        ]
        for (from, to) in mutations {
            let bad = good.replacingOccurrences(of: from, with: to)
            #expect(bad != good, "mutation \(from) did not apply")
            let errors = validator.errors(try MiniJSON.parse(bad))
            #expect(!errors.isEmpty, "accepted mutation \(from) -> \(to)")
        }
    }

    static let python: URL? = Executable.find("python3")
    static let hasJSONSchema: Bool = {
        guard let python else { return false }
        return (try? Executable.run(python, ["-c", "import jsonschema"]).0) == 0
    }()

    @Test("validates with python's jsonschema", .enabled(if: hasJSONSchema, "python3 with jsonschema is not installed"),
          arguments: ["full", "small", "broken", "all"])
    func pythonValidates(_ name: String) throws {
        let python = try #require(Self.python)
        let document = JSONReport.render(try Self.fixture(name))
        let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1], encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        doc = json.loads(sys.stdin.read())
        errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
        for e in errors: print(list(e.path), e.message)
        sys.exit(1 if errors else 0)
        """
        let (status, output) = try Executable.run(python, ["-c", script, Self.schemaURL.path], input: Data(document.utf8))
        #expect(status == 0, "\(output)")
    }
}
