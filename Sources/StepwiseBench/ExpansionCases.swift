// (a) Expansion cases, as in /work/shared/bench/bench_expand.py.
//
// `stepwise` times the full path: the input `Expr` (built untimed) → rational function /
// polynomial → expanded `Expr`. `stepwise-poly` times the polynomial arithmetic only, like
// SymPy's `sympy-ring` column: the power is inside the timing for expand_pow20_xyz1 only;
// for the products, f is built untimed and f·(f+1) is timed.
import Symbolic

enum ExpansionCases {
    static var cases: [BenchCase] {
        var out: [BenchCase] = []
        let x = Expr.symbol("x"), y = Expr.symbol("y"), z = Expr.symbol("z")
        let t = Expr.symbol("t"), w = Expr.symbol("w")

        // expand((x+y+z+1)^20)
        out += pair(name: "expand_pow20_xyz1", terms: 1771,
                    expression: .power(.sum([x, y, z, 1]), 20),
                    polynomial: { v in
                        let p = try Polynomial(.sum([x, y, z, 1]), variables: &v)
                        return { try p.power(20) }
                    })
        // Fateman, 4 variables: f = (1+x+y+z+t)^n, f*(f+1)
        for (n, terms) in [(7, 3060), (10, 10626)] {
            let f = Expr.power(.sum([1, x, y, z, t]), .integer(n))
            out += pair(name: "fateman4_n\(n)", terms: terms,
                        expression: .product([f, .sum([f, 1])]),
                        polynomial: { v in
                            let p = try Polynomial(f, variables: &v)
                            return { try p.multiplied(by: p + .one) }
                        })
        }
        // GiNaC's Fateman test: p = (x+y+z+1)^20, p*(p+1)
        let p = Expr.power(.sum([x, y, z, 1]), 20)
        out += pair(name: "ginac_fateman3_n20", terms: 12341,
                    expression: .product([p, .sum([p, 1])]),
                    polynomial: { v in
                        let q = try Polynomial(p, variables: &v)
                        return { try q.multiplied(by: q + .one) }
                    })
        // SymEngine expand2: e = (x+y+z+w)^15, e*(e+w)
        let e = Expr.power(.sum([x, y, z, w]), 15)
        out += pair(name: "se_expand2_n15", terms: 6272,
                    expression: .product([e, .sum([e, w])]),
                    polynomial: { v in
                        let q = try Polynomial(e, variables: &v)
                        let wp = try Polynomial(w, variables: &v)
                        return { try q.multiplied(by: q + wp) }
                    })
        return out
    }

    /// The `stepwise` and `stepwise-poly` cases of one expansion, checked by term count.
    static func pair(name: String, terms: Int, expression: Expr,
                     polynomial: @escaping (inout PolynomialVariables) throws -> () throws -> Polynomial) -> [BenchCase] {
        let full = BenchCase(name: name, tool: "stepwise") {
            let box = ResultBox<Expr>()
            return BenchBody(run: {
                var variables = PolynomialVariables()
                let r = try RationalFunction(expression, variables: &variables)
                box.value = r.expression(variables: variables)
            }, check: {
                guard let result = box.value else { return "no result" }
                guard case .sum(let items) = result.kind else { return "result is not a sum" }
                return items.count == terms ? nil : "expected \(terms) terms, got \(items.count)"
            }, reset: { box.value = nil })
        }
        let poly = BenchCase(name: name, tool: "stepwise-poly") {
            var variables = PolynomialVariables()
            let work = try polynomial(&variables)
            let box = ResultBox<Polynomial>()
            return BenchBody(run: { box.value = try work() }, check: {
                guard let result = box.value else { return "no result" }
                return result.termCount == terms ? nil : "expected \(terms) terms, got \(result.termCount)"
            }, reset: { box.value = nil })
        }
        return [full, poly]
    }
}
