// `verify --mutate FILE.drv …`: mutation testing of the checker on real derivations.
import Foundation
import Proofs
import Symbolic

enum MutateCommand {
    /// The kill rate the corpus must reach (issue 7): 99% of non-equivalent mutants.
    static let target = 0.99

    /// Runs mutation testing on the files given; returns the exit code: 0 when the overall
    /// kill rate reaches the target and no checker inconsistency was seen, 1 otherwise, 2 on
    /// usage errors or files that do not parse.
    static func run(files: [String], args: ParsedArguments, terminal: Terminal) -> ExitCode {
        var options = MutationOptions()
        if let seedText = args.value("seed") {
            guard let seed = UInt64(seedText) else {
                terminal.err("verify: error: --seed needs a non-negative integer, not '\(seedText)'")
                return .usage
            }
            options.seed = seed
        }
        if let capText = args.value("max-mutants") {
            guard let cap = Int(capText), cap >= 1, cap <= 10_000 else {
                terminal.err("verify: error: --max-mutants needs an integer from 1 to 10000, not '\(capText)'")
                return .usage
            }
            options.maxMutantsPerStep = cap
        }
        if let sampleText = args.value("sample") {
            guard let sample = Int(sampleText), sample >= 1, sample <= 1_000_000 else {
                terminal.err("verify: error: --sample needs an integer from 1 to 1000000, not '\(sampleText)'")
                return .usage
            }
            options.samplePerFile = sample
        }
        let listsAll = args.flag("all-mutants")
        if args.flag("progress") {
            options.onMutant = { m in
                let line = "  [\(MutateCommand.seconds(m.elapsed))] \(m.status.rawValue) \(m.location): step \(m.step) of \"\(m.chain)\": \(m.mutation.summary)\n"
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
        var exit = ExitCode.success
        var total = MutationCounts()
        var elapsed = Duration.zero
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else {
                let why = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
                terminal.err("\(path): error: \(why)")
                exit = .usage
                continue
            }
            let text = String(decoding: data, as: UTF8.self)
            guard text.utf8.elementsEqual(data) else {
                terminal.err("\(path): error: file is not valid UTF-8")
                exit = .usage
                continue
            }
            let result = MutationTester(options: options).run(text: text, name: path)
            if !result.inputDiagnostics.isEmpty {
                let renderer = DiagnosticRenderer(fileName: path, text: text)
                terminal.err(renderer.render(result.inputDiagnostics))
                terminal.err("\(path): error: the file must parse and sort-check before it can be mutated")
                exit = .usage
                continue
            }
            terminal.out(render(result, seed: options.seed, listsAll: listsAll, sample: options.samplePerFile))
            total = total + result.counts
            elapsed += result.elapsed
        }
        if files.count > 1 {
            terminal.out("total: " + summary(total) + " (\(seconds(elapsed)))")
        }
        if exit == .success, (total.killRate ?? 1) < target || total.inconsistent > 0 {
            exit = .failure
        }
        return exit
    }

    /// The report of one file: a summary line, skipped steps, then survivors (or every mutant).
    static func render(_ result: FileMutationResult, seed: UInt64, listsAll: Bool, sample: Int? = nil) -> String {
        let sampled = sample.map { ", a sample of about \($0) mutants" } ?? ""
        var out = "\(result.name) (seed \(seed)\(sampled)): \(result.mutatedSteps) steps mutated; " + summary(result.counts)
            + " (\(seconds(result.elapsed)))\n"
        for s in result.skippedSteps {
            out += "  skipped \(result.name):\(s.location): step \(s.step) of \"\(s.chain)\": \(s.reason)\n"
        }
        let shown = listsAll ? result.mutants : result.mutants.filter { $0.status == .survived || $0.status == .inconsistent }
        for m in shown {
            out += "  \(m.status.rawValue) \(result.name):\(m.location): step \(m.step) of \"\(m.chain)\": \(m.mutation.summary)\n"
            out += "      \(m.explanation)\n"
        }
        return out
    }

    /// `412 mutants: 120 equivalent, 290 killed (…), 2 survived — kill rate 99.3%`.
    static func summary(_ c: MutationCounts) -> String {
        var text = "\(c.generated) mutants: \(c.equivalent) equivalent" + (c.implied > 0 ? " (\(c.implied) implied)" : "")
            + ", \(c.killed) killed "
            + "(\(c.refuted) refuted, \(c.undecided) undecided, \(c.rejected) rejected, \(c.inconsistent) inconsistent), "
            + "\(c.survived) survived"
        if c.unprintable > 0 { text += ", \(c.unprintable) unprintable" }
        if let rate = c.killRate {
            text += " — kill rate \(percent(rate)) of \(c.nonEquivalent)"
        } else {
            text += " — no non-equivalent mutants"
        }
        return text
    }

    static func percent(_ rate: Double) -> String {
        let tenths = Int((rate * 1000).rounded(.down))
        return "\(tenths / 10).\(tenths % 10)%"
    }

    static func seconds(_ d: Duration) -> String {
        let ms = d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
        return "\(ms / 1000).\(String(format: "%03d", Int(ms % 1000))) s"
    }
}
