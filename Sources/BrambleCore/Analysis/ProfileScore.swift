/// The goal's figures for one attacker profile: the tree scored with every step beyond the
/// profile's reach made impossible.
public struct ProfileScore: Sendable {
    public let profile: AttackerProfile
    /// The steps beyond the profile's reach, in id order.
    public let beyondReach: [Int]
    public let inherent: Evaluation
    public let residual: Evaluation
    public let projected: Evaluation

    /// Returns the evaluation of a view.
    public func evaluation(_ view: View) -> Evaluation {
        switch view {
        case .inherent: inherent
        case .residual: residual
        case .projected: projected
        }
    }
}

extension Analysis {
    /// Scores the tree once per attacker profile declared in its header, in declaration order.
    /// - Complexity: three evaluations of the whole tree per profile.
    public func profileScores() -> [ProfileScore] {
        tree.profiles.map { profile in
            let restricted = tree.restricted(to: profile)
            return ProfileScore(
                profile: profile, beyondReach: tree.stepsBeyondReach(of: profile),
                inherent: Scorer.evaluate(restricted, view: .inherent),
                residual: Scorer.evaluate(restricted, view: .residual),
                projected: Scorer.evaluate(restricted, view: .projected))
        }
    }
}
