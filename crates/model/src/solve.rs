//! Target solvers (spec section 3): users set the inclusion and independent
//! levers as outcomes ("45% of EHCPs in mainstream by 2032-33"), and the
//! solver finds the lever strength that gets there, by bisection.
//!
//! Bisection is enough and robust because the mainstream share at the horizon
//! never falls as the inclusion lever rises, and the independent share never
//! rises as the independent lever rises (the total is untouched by either).

use serde::{Deserialize, Serialize};

use crate::engine::{LeverId, Model, Trace};
use crate::schema::{Kind, Scenario};
use crate::Problems;

/// Tolerance on the share, as the specification sets.
pub const SHARE_TOLERANCE: f64 = 1e-6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    /// The lever strength found reaches the target.
    Reached,
    /// The target is met with the lever off.
    AlreadyMet,
    /// Even at full strength the target is not reached: the lever is set to 1.
    OutOfReach,
}

/// The solver's answer for one target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetSolution {
    pub lever: String,
    pub target_share: f64,
    /// Lever strength to use (0..1).
    pub value: f64,
    /// Share reached at the horizon with that value.
    pub achieved_share: f64,
    /// Share with the lever off, and at full strength: the reachable range.
    pub share_at_zero: f64,
    pub share_at_full: f64,
    pub status: TargetStatus,
}

/// Targets for the final year; either may be absent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// Share of EHCPs in mainstream schools at the horizon (at least this).
    #[serde(default)]
    pub mainstream_share: Option<f64>,
    /// Share of EHCPs in independent settings at the horizon (at most this).
    #[serde(default)]
    pub independent_share: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Solutions {
    pub inclusion: Option<TargetSolution>,
    pub independent: Option<TargetSolution>,
    /// The scenario with the solved lever values written in.
    pub scenario: Scenario,
}

fn share_with(model: &mut Model, lever: LeverId, value: f64, kind: Kind, trace: &mut Trace) -> f64 {
    model.lever_value[lever.index()] = value;
    model.set_mask |= lever.bit();
    let central = model.central.clone();
    model.simulate(LeverId::ALL_MASK, &central, trace);
    trace.share_of_kind(model, model.horizon, kind)
}

/// Find the lever value for one target. `rising` is true where the share
/// rises with the lever (mainstream), false where it falls (independent).
fn solve_one(
    model: &Model,
    lever: LeverId,
    kind: Kind,
    target: f64,
    rising: bool,
) -> TargetSolution {
    let mut m = model.clone();
    let mut trace = Trace::new(&m);
    let at0 = share_with(&mut m, lever, 0.0, kind, &mut trace);
    let at1 = share_with(&mut m, lever, 1.0, kind, &mut trace);
    let met = |share: f64| {
        if rising {
            share >= target - SHARE_TOLERANCE
        } else {
            share <= target + SHARE_TOLERANCE
        }
    };
    let mut solution = TargetSolution {
        lever: lever.id().to_string(),
        target_share: target,
        value: 0.0,
        achieved_share: at0,
        share_at_zero: at0,
        share_at_full: at1,
        status: TargetStatus::AlreadyMet,
    };
    if met(at0) {
        return solution;
    }
    if !met(at1) {
        solution.value = 1.0;
        solution.achieved_share = at1;
        solution.status = TargetStatus::OutOfReach;
        return solution;
    }
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    let mut share = at1;
    // The share is monotone in the lever: keep `hi` meeting the target.
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        let s = share_with(&mut m, lever, mid, kind, &mut trace);
        if met(s) {
            hi = mid;
            share = s;
        } else {
            lo = mid;
        }
        if (s - target).abs() <= SHARE_TOLERANCE || hi - lo < 1e-12 {
            break;
        }
    }
    solution.value = hi;
    solution.achieved_share = share;
    solution.status = TargetStatus::Reached;
    solution
}

/// Solve the targets: inclusion first, then the independent share given the
/// inclusion just solved (inclusion also lowers the independent share).
pub fn solve_targets(scenario: &Scenario, targets: &Targets) -> Result<Solutions, Problems> {
    for (path, v) in [
        ("targets.mainstream_share", targets.mainstream_share),
        ("targets.independent_share", targets.independent_share),
    ] {
        if let Some(v) = v {
            if !v.is_finite() || !(0.0..=1.0).contains(&v) {
                return Err(Problems::one(
                    path,
                    format!("must be a share from 0 to 1; got {v}"),
                ));
            }
        }
    }
    let mut scenario = scenario.clone();
    let mut model = Model::new(&scenario)?;
    let inclusion = targets.mainstream_share.map(|target| {
        let sol = solve_one(&model, LeverId::Inclusion, Kind::Mainstream, target, true);
        scenario.levers.inclusion.value = sol.value;
        model.lever_value[LeverId::Inclusion.index()] = sol.value;
        sol
    });
    let independent = targets.independent_share.map(|target| {
        let sol = solve_one(
            &model,
            LeverId::Independent,
            Kind::Independent,
            target,
            false,
        );
        scenario.levers.independent.value = sol.value;
        sol
    });
    Ok(Solutions {
        inclusion,
        independent,
        scenario,
    })
}
