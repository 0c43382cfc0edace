// Every benchmark group, in output order. Add a group by writing a file with a
// `static var cases: [BenchCase]` and listing it here. The derivation files run separately
// (`DerivationCases`, one child process per file).

enum BenchRegistry {
    static var all: [BenchCase] {
        ExpansionCases.cases + DifferentiationCases.cases + ZeroEquivalenceCases.cases + MonteCarloCases.cases
    }
}
