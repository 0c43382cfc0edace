// Discrete dynamics in the model: recurrences (update rules with state), ODE systems, and
// the claims that relate them.
import Symbolic

/// `recurrence NAME(x, y) step h … end`: an update rule with state. The update lines run in
/// order, and a later line sees the values assigned by earlier ones (as in the algorithm's
/// pseudo-code), so `G <- …` followed by `theta <- … G …` uses the new `G`.
public struct Recurrence: Sendable {
    /// The recurrence's name.
    public var name: Located<String>
    /// The state variables, local to the block.
    public var state: [Located<Symbol>]
    /// The step-size parameter (`step gamma`), local to the block and to claims about it.
    public var step: Located<Symbol>
    /// The update lines `x <- expr`, in order.
    public var updates: [DynamicsEquation]
    /// The whole block.
    public var range: SourceRange

    /// Creates a recurrence.
    public init(name: Located<String>, state: [Located<Symbol>], step: Located<Symbol>, updates: [DynamicsEquation],
                range: SourceRange) {
        self.name = name
        self.state = state
        self.step = step
        self.updates = updates
        self.range = range
    }
}

/// `ode NAME(x, y) time t … end`: an autonomous or time-dependent ODE system `x' = f(x, t)`.
public struct ODESystem: Sendable {
    /// The system's name.
    public var name: Located<String>
    /// The state variables, local to the block.
    public var state: [Located<Symbol>]
    /// The time variable (`time tau`), local to the block.
    public var time: Located<Symbol>
    /// The equations `x' = expr`, one per state variable.
    public var equations: [DynamicsEquation]
    /// The whole block.
    public var range: SourceRange

    /// Creates an ODE system.
    public init(name: Located<String>, state: [Located<Symbol>], time: Located<Symbol>, equations: [DynamicsEquation],
                range: SourceRange) {
        self.name = name
        self.state = state
        self.time = time
        self.equations = equations
        self.range = range
    }
}

/// One line of a recurrence (`x <- expr`) or an ODE system (`x' = expr`).
public struct DynamicsEquation: Sendable {
    /// The state variable assigned or differentiated.
    public var variable: Located<Symbol>
    /// The right side.
    public var value: LocatedExpr

    /// Creates an equation.
    public init(variable: Located<Symbol>, value: LocatedExpr) {
        self.variable = variable
        self.value = value
    }
}

/// `NAME = expr` in a dynamics claim (`with lambda = 1 - beta*gamma`, `from theta = 1`).
public struct DynamicsBinding: Sendable {
    /// The bound name.
    public var name: Located<Symbol>
    /// Its value.
    public var value: LocatedExpr

    /// Creates a binding.
    public init(name: Located<Symbol>, value: LocatedExpr) {
        self.name = name
        self.value = value
    }
}

/// A claim relating a recurrence to an ODE system, carried by the claim's single step.
///
/// - `REC steps ODE [with …]`: one update is a consistent one-step method for the ODE, with
///   the recurrence's step as the time step (proved by series; the report says whether it is
///   exactly the explicit Euler step, a sequential (semi-implicit) Euler step, or only
///   agrees to first order).
/// - `REC converges order p to ODE as h -> 0 [with …] from x = …, … until t = T`: simulated
///   at h = T/10, T/20, … against an adaptive Runge–Kutta solution; the observed order must
///   be p.
public struct DynamicsClaim: Sendable {
    /// What is claimed.
    public enum Kind: Sendable {
        /// `steps`.
        case steps
        /// `converges order p … from … until t = T`; the initial values may mention the step
        /// (a method that starts from a half step), the reference starts from their value at
        /// step 0.
        case converges(order: LocatedExpr, initial: [DynamicsBinding], horizon: DynamicsBinding)
        /// `runs N steps … from … reaches x = v, … within tol` or `… cycles x in {v1, …, vk}
        /// within tol`: the recurrence is iterated N times (with `with` giving the step and any
        /// constants) and the end state, or the orbit that follows it, is compared with the
        /// stated values.
        case runs(steps: LocatedExpr, initial: [DynamicsBinding], target: RunTarget, tolerance: LocatedExpr)
    }

    /// The recurrence's name.
    public var recurrence: Located<String>
    /// The ODE system's name.
    public var ode: Located<String>
    /// The claim.
    public var kind: Kind
    /// `with NAME = expr, …`: relations substituted into both systems (e.g. λ = 1 − βγ).
    public var relations: [DynamicsBinding]
    /// `comparing x, y`: the state variables whose error is measured (all when empty).
    public var compared: [Located<Symbol>] = []

    /// Creates a dynamics claim.
    public init(recurrence: Located<String>, ode: Located<String>, kind: Kind, relations: [DynamicsBinding]) {
        self.recurrence = recurrence
        self.ode = ode
        self.kind = kind
        self.relations = relations
    }
}

/// What a `runs` claim says about the state after N steps.
public enum RunTarget: Sendable {
    /// `reaches x = v, …`: the state after N steps (a vector state takes a list `[v1, …, vn]`).
    case reaches([DynamicsBinding])
    /// `cycles x in {v1, …, vk}, …`: from step N on the orbit is periodic with period k, and over
    /// one period each named state variable takes the listed values, in some order.
    case cycles([DynamicsCycleValues])
}

/// `x in {v1, …, vk}` in a `cycles` clause.
public struct DynamicsCycleValues: Sendable {
    /// The state variable.
    public var name: Located<Symbol>
    /// Its values over one period (lists of entries for a vector state).
    public var values: [LocatedExpr]

    /// Creates the values of one variable over a cycle.
    public init(name: Located<Symbol>, values: [LocatedExpr]) {
        self.name = name
        self.values = values
    }
}
