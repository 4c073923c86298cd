//! Exact Shapley attribution of the lever effects (spec section 7).
//!
//! Levers interact (fewer new plans leave less for inclusion to redirect), so
//! "the effect of a lever" depends on which others are on. The Shapley value
//! averages each lever's marginal effect over every order of switching them
//! on; the values add up exactly to the total effect, which is what a
//! waterfall from the unmitigated to the mitigated deficit needs.

use serde::{Deserialize, Serialize};

use crate::engine::{LeverId, Model, Trace};

/// One lever's share of the total effect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeverShare {
    pub lever: String,
    pub name: String,
    /// Change in the cumulative deficit at the horizon due to this lever
    /// (negative = the lever reduces the deficit).
    pub deficit_pounds: f64,
    /// Change in spend over the projection years (negative = saves).
    pub cumulative_spend_pounds: f64,
}

/// Attribution of the whole scenario's effect to its levers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    pub baseline_deficit_pounds: f64,
    pub scenario_deficit_pounds: f64,
    pub baseline_cumulative_spend_pounds: f64,
    pub scenario_cumulative_spend_pounds: f64,
    /// In the specification's lever order; only levers that are set.
    pub levers: Vec<LeverShare>,
    /// Projections run (2 to the number of levers set).
    pub projections: usize,
}

/// Shapley values of the levers that are set, for D[H] and cumulative spend.
pub fn attribute(model: &Model) -> Attribution {
    let players: Vec<LeverId> = LeverId::ALL
        .into_iter()
        .filter(|l| model.set_mask & l.bit() != 0)
        .collect();
    let n = players.len();
    let coalitions = 1usize << n;
    let mut deficit = vec![0.0; coalitions];
    let mut spend = vec![0.0; coalitions];
    let mut trace = Trace::new(model);
    for c in 0..coalitions {
        let mut mask = 0u16;
        for (i, p) in players.iter().enumerate() {
            if c & (1 << i) != 0 {
                mask |= p.bit();
            }
        }
        model.simulate(mask, &model.central, &mut trace);
        deficit[c] = trace.final_deficit();
        spend[c] = trace.cumulative_spend();
    }
    // weight[k] = k! (n-k-1)! / n!
    let fact = |k: usize| (1..=k).map(|x| x as f64).product::<f64>();
    let weights: Vec<f64> = (0..n.max(1))
        .map(|k| fact(k) * fact(n.saturating_sub(k + 1)) / fact(n))
        .collect();
    let levers = players
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let bit = 1usize << i;
            let (mut phi_d, mut phi_s) = (0.0, 0.0);
            for c in 0..coalitions {
                if c & bit == 0 {
                    let w = weights[(c as u32).count_ones() as usize];
                    phi_d += w * (deficit[c | bit] - deficit[c]);
                    phi_s += w * (spend[c | bit] - spend[c]);
                }
            }
            LeverShare {
                lever: p.id().to_string(),
                name: p.name().to_string(),
                deficit_pounds: phi_d,
                cumulative_spend_pounds: phi_s,
            }
        })
        .collect();
    Attribution {
        baseline_deficit_pounds: deficit[0],
        scenario_deficit_pounds: deficit[coalitions - 1],
        baseline_cumulative_spend_pounds: spend[0],
        scenario_cumulative_spend_pounds: spend[coalitions - 1],
        levers,
        projections: coalitions,
    }
}
