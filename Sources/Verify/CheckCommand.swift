// `verify FILE.drv …`: parse, sort-check, check, report.
import Foundation
import Proofs
import Symbolic

enum CheckCommand {
    /// Runs the main job on the files given; returns the exit code.
    static func run(files: [String], args: ParsedArguments, terminal: Terminal) -> ExitCode {
        var options = CheckOptions()
        if let seedText = args.value("seed") {
            guard let seed = UInt64(seedText) else {
                terminal.err("verify: error: --seed needs a non-negative integer, not '\(seedText)'")
                return .usage
            }
            options.seed = seed
        }
        options.strict = args.flag("strict")
        options.only = args.values("only")
        var threads = DerivationChecker.defaultThreads
        if let text = args.value("threads") {
            guard let n = Int(text), (1...DerivationChecker.maxThreads).contains(n) else {
                terminal.err("verify: error: --threads needs an integer from 1 to \(DerivationChecker.maxThreads), not '\(text)'")
                return .usage
            }
            threads = n
        }
        let snippets = args.value("diagnostics-format").map { $0 == "annotated" } ?? terminal.colorStderr
        var exit = ExitCode.success
        var results: [FileCheckResult] = []
        let cachePath = args.value("cache")
        var cache = cachePath.map { VerdictCacheFile.load($0, terminal: terminal) }
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else {
                let why = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
                terminal.err("\(path): error: \(why)")
                exit = .usage
                continue
            }
            let (file, parseDiagnostics) = DrvParser.parse(bytes: [UInt8](data), name: path)
            var inputDiagnostics = parseDiagnostics
            if !parseDiagnostics.contains(where: { $0.severity == .error }) {
                inputDiagnostics += SortChecker.analyze(file).diagnostics
            }
            let renderer = DiagnosticRenderer(file: file, options: .init(showsSnippets: snippets, usesColor: terminal.colorStderr))
            if inputDiagnostics.contains(where: { $0.severity == .error }) {
                terminal.err(renderer.render(DiagnosticRenderer.sorted(inputDiagnostics)))
                exit = .usage
                continue
            }
            let result = DerivationChecker(options: options, threads: threads).check(file, inputDiagnostics: inputDiagnostics, cacheSlot: &cache)
            results.append(result)
            if !args.flag("json") {
                terminal.out(TextReport(color: terminal.colorStdout).render(result))
            }
            if !result.diagnostics.isEmpty {
                terminal.err(renderer.render(DiagnosticRenderer.sorted(result.diagnostics)))
            }
            if result.hasInputErrors {
                exit = .usage
            } else if !result.holds && exit == .success {
                exit = .failure
            }
        }
        if let cachePath, let cache {
            VerdictCacheFile.save(cache, to: cachePath, terminal: terminal)
        }
        if args.flag("json") {
            terminal.out(ReportWriters.json(results))
        }
        if let path = args.value("latex") {
            if !write(ReportWriters.latex(results), to: path, terminal: terminal) { return .usage }
        }
        if let path = args.value("markdown") {
            if !write(ReportWriters.markdown(results), to: path, terminal: terminal) { return .usage }
        }
        return exit
    }

    static func write(_ text: String, to path: String, terminal: Terminal) -> Bool {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return true
        } catch {
            terminal.err("verify: error: cannot write '\(path)': \(error.localizedDescription)")
            return false
        }
    }
}
