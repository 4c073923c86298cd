//! The projection output format (spec section 6): readable, versioned JSON.
//!
//! The engine's [`Trace`] is flat arrays for speed; this module turns one
//! into named, per-year records for the app, the command-line tool, the JS
//! API and CSV, and computes the headline metrics, so that every consumer
//! shows the same figures.

use serde::{Deserialize, Serialize};

use crate::engine::{LeverId, Model, Trace};
use crate::schema::{Kind, PerPhase, Scenario};
use crate::{Phase, Problems, MODEL_VERSION, SCHEMA_VERSION};

/// One setting in one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingYear {
    pub id: String,
    pub name: String,
    pub ehcps: f64,
    pub ehcps_by_phase: PerPhase<f64>,
    pub unit_cost_pounds: f64,
    pub spend_pounds: f64,
}

/// One other spend line in one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineYear {
    pub name: String,
    pub pounds: f64,
}

/// Everything for one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Year {
    /// 0 = base year.
    pub t: usize,
    /// Financial year, "2026-27".
    pub year: String,
    pub ehcps: f64,
    pub ehcps_by_phase: PerPhase<f64>,
    pub settings: Vec<SettingYear>,
    pub other_spend: Vec<LineYear>,
    pub implementation_pounds: f64,
    pub placement_spend_pounds: f64,
    pub spend_pounds: f64,
    pub allocation_pounds: f64,
    pub transfer_pounds: f64,
    pub other_income_pounds: f64,
    pub income_pounds: f64,
    /// In-year balance: income less spend (negative = overspend).
    pub balance_pounds: f64,
    pub safety_valve_pounds: f64,
    pub contributions_pounds: f64,
    pub other_dsg_adjustments_pounds: f64,
    /// Cumulative DSG deficit at the end of the year before the High Needs
    /// Stability Grant (positive = deficit), as the council's accounts keep
    /// the reserve.
    pub deficit_pounds: f64,
    /// The High Needs Stability Grant paid in the year (2026-27).
    #[serde(default)]
    pub stability_grant_pounds: f64,
    /// What the council carries: the deficit less the grant paid so far.
    /// Every figure the page shows is this one.
    #[serde(default)]
    pub deficit_after_grant_pounds: f64,
    /// The schools block (the block transfer's base).
    #[serde(default)]
    pub schools_block_pounds: f64,
    pub cost_per_ehcp_pounds: f64,
    pub mainstream_share: f64,
    pub independent_share: f64,
    /// State special places available (absent = no limit given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_capacity: Option<f64>,
}

/// Headline figures of one projection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// First year from which the in-year balance is >= 0 in every later year.
    pub sustained_balance_year: Option<String>,
    pub sustained_balance_t: Option<usize>,
    pub final_year: String,
    pub final_spend_pounds: f64,
    pub final_balance_pounds: f64,
    /// What the council carries at the horizon: the cumulative deficit less
    /// the High Needs Stability Grant.
    pub deficit_at_horizon_pounds: f64,
    /// What the council carries at 31 March 2028 (end of the statutory
    /// override), where 2027-28 is within the projection.
    pub deficit_march_2028_pounds: Option<f64>,
    /// The cumulative deficit at 31 March 2026, before the grant, where
    /// 2025-26 is within the projection.
    #[serde(default)]
    pub deficit_march_2026_pounds: Option<f64>,
    /// The High Needs Stability Grant within the projection.
    #[serde(default)]
    pub stability_grant_pounds: f64,
    /// Spend over the projection years (1..=H, base year excluded).
    pub cumulative_spend_pounds: f64,
    pub final_ehcps: f64,
    pub final_mainstream_share: f64,
    pub final_independent_share: f64,
}

/// A projection: years 0..=H and its metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    pub years: Vec<Year>,
    pub metrics: Metrics,
}

/// The scenario against its unmitigated baseline (positive = better than baseline).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Savings {
    pub cumulative_spend_pounds: f64,
    pub deficit_at_horizon_pounds: f64,
    pub final_year_spend_pounds: f64,
    pub final_balance_pounds: f64,
}

/// The result of `project`: scenario, baseline and the difference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    pub schema: u32,
    pub model_version: String,
    pub scenario_name: String,
    pub authority: String,
    pub base_year: String,
    pub horizon: usize,
    pub levers_set: Vec<String>,
    pub scenario: Projection,
    pub baseline: Projection,
    pub savings: Savings,
}

/// The financial year that ends on 31 March 2028.
pub const OVERRIDE_END_YEAR: i32 = 2027;

/// Metrics from a trace.
pub fn metrics(m: &Model, tr: &Trace) -> Metrics {
    let h = tr.horizon;
    let mut sustained = None;
    for t in (0..=h).rev() {
        if tr.balance[t] >= 0.0 {
            sustained = Some(t);
        } else {
            break;
        }
    }
    let t2028 = OVERRIDE_END_YEAR - m.base_year;
    Metrics {
        sustained_balance_year: sustained.map(|t| m.year_label(t)),
        sustained_balance_t: sustained,
        final_year: m.year_label(h),
        final_spend_pounds: tr.spend[h],
        final_balance_pounds: tr.balance[h],
        deficit_at_horizon_pounds: tr.deficit[h],
        deficit_march_2028_pounds: (0..=h as i32)
            .contains(&t2028)
            .then(|| tr.deficit[t2028 as usize]),
        // A 2026-27 base year opens at 31 March 2026.
        deficit_march_2026_pounds: match crate::schema::GRANT_DEFICIT_YEAR - m.base_year {
            -1 => Some(m.opening_deficit()),
            t if (0..=h as i32).contains(&t) => Some(tr.deficit_before_grant[t as usize]),
            _ => None,
        },
        stability_grant_pounds: tr.grant.iter().sum(),
        cumulative_spend_pounds: tr.cumulative_spend(),
        final_ehcps: tr.ehcps[h],
        final_mainstream_share: tr.share_of_kind(m, h, Kind::Mainstream),
        final_independent_share: tr.share_of_kind(m, h, Kind::Independent),
    }
}

/// Per-year records from a trace.
pub fn projection(m: &Model, tr: &Trace, active: u16) -> Projection {
    let ns = m.ns;
    let years = (0..=tr.horizon)
        .map(|t| {
            let settings = (0..ns)
                .map(|s| SettingYear {
                    id: m.setting_ids[s].clone(),
                    name: m.setting_names[s].clone(),
                    ehcps: tr.setting_total(t, s),
                    ehcps_by_phase: PerPhase::from_fn(|ph| tr.ehcps_at(t, ph.index(), s)),
                    unit_cost_pounds: tr.unit[t * ns + s],
                    spend_pounds: tr.placement[t * ns + s],
                })
                .collect::<Vec<_>>();
            let other_spend = (0..tr.nl)
                .map(|l| LineYear {
                    name: m.line_names[l].clone(),
                    pounds: tr.lines[t * tr.nl + l],
                })
                .collect();
            let ehcps = tr.ehcps[t];
            Year {
                t,
                year: m.year_label(t),
                ehcps,
                ehcps_by_phase: PerPhase::from_fn(|ph| {
                    (0..ns).map(|s| tr.ehcps_at(t, ph.index(), s)).sum()
                }),
                placement_spend_pounds: settings.iter().map(|s| s.spend_pounds).sum(),
                settings,
                other_spend,
                implementation_pounds: tr.implementation[t],
                spend_pounds: tr.spend[t],
                allocation_pounds: tr.allocation[t],
                transfer_pounds: tr.transfer[t],
                other_income_pounds: tr.other_income[t],
                income_pounds: tr.income[t],
                balance_pounds: tr.balance[t],
                safety_valve_pounds: tr.safety_valve[t],
                contributions_pounds: tr.contributions[t],
                other_dsg_adjustments_pounds: tr.adjustments[t],
                deficit_pounds: tr.deficit_before_grant[t],
                stability_grant_pounds: tr.grant[t],
                deficit_after_grant_pounds: tr.deficit[t],
                schools_block_pounds: tr.schools_block[t],
                cost_per_ehcp_pounds: if ehcps > 0.0 {
                    (tr.spend[t] - tr.implementation[t]) / ehcps
                } else {
                    0.0
                },
                mainstream_share: tr.share_of_kind(m, t, Kind::Mainstream),
                independent_share: tr.share_of_kind(m, t, Kind::Independent),
                special_capacity: m.capacity(t, active, m.central.delivery),
            }
        })
        .collect();
    Projection {
        years,
        metrics: metrics(m, tr),
    }
}

/// Project a scenario and its unmitigated baseline.
pub fn project(scenario: &Scenario) -> Result<Run, Problems> {
    let model = Model::new(scenario)?;
    Ok(project_model(&model, scenario))
}

/// As [`project`], for an already compiled model.
pub fn project_model(model: &Model, scenario: &Scenario) -> Run {
    let sc_trace = model.run(LeverId::ALL_MASK);
    let base_trace = model.run(0);
    let sc = projection(model, &sc_trace, LeverId::ALL_MASK);
    let base = projection(model, &base_trace, 0);
    let h = model.horizon;
    Run {
        schema: SCHEMA_VERSION,
        model_version: MODEL_VERSION.to_string(),
        scenario_name: scenario.name.clone(),
        authority: scenario.authority.name.clone(),
        base_year: model.year_label(0),
        horizon: h,
        levers_set: LeverId::ALL
            .iter()
            .filter(|l| model.set_mask & l.bit() != 0)
            .map(|l| l.id().to_string())
            .collect(),
        savings: Savings {
            cumulative_spend_pounds: base_trace.cumulative_spend() - sc_trace.cumulative_spend(),
            deficit_at_horizon_pounds: base_trace.final_deficit() - sc_trace.final_deficit(),
            final_year_spend_pounds: base_trace.spend[h] - sc_trace.spend[h],
            final_balance_pounds: sc_trace.balance[h] - base_trace.balance[h],
        },
        scenario: sc,
        baseline: base,
    }
}

/// The run as a year-by-year CSV table (one row a year, scenario then baseline).
pub fn to_csv(run: &Run) -> String {
    let mut header: Vec<String> = [
        "year",
        "ehcps",
        "mainstream_share",
        "independent_share",
        "spend_pounds",
        "income_pounds",
        "transfer_pounds",
        "balance_pounds",
        "deficit_pounds",
        "stability_grant_pounds",
        "deficit_after_grant_pounds",
        "cost_per_ehcp_pounds",
        "baseline_ehcps",
        "baseline_spend_pounds",
        "baseline_balance_pounds",
        "baseline_deficit_pounds",
        "baseline_deficit_after_grant_pounds",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if let Some(y0) = run.scenario.years.first() {
        for s in &y0.settings {
            header.push(format!("ehcps_{}", s.id));
        }
        for s in &y0.settings {
            header.push(format!("spend_pounds_{}", s.id));
        }
    }
    let mut out = header
        .iter()
        .map(|h| crate::csv::escape(h))
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    for (y, b) in run.scenario.years.iter().zip(&run.baseline.years) {
        let mut row = vec![
            y.year.clone(),
            fmt_num(y.ehcps),
            fmt_share(y.mainstream_share),
            fmt_share(y.independent_share),
            fmt_num(y.spend_pounds),
            fmt_num(y.income_pounds),
            fmt_num(y.transfer_pounds),
            fmt_num(y.balance_pounds),
            fmt_num(y.deficit_pounds),
            fmt_num(y.stability_grant_pounds),
            fmt_num(y.deficit_after_grant_pounds),
            fmt_num(y.cost_per_ehcp_pounds),
            fmt_num(b.ehcps),
            fmt_num(b.spend_pounds),
            fmt_num(b.balance_pounds),
            fmt_num(b.deficit_pounds),
            fmt_num(b.deficit_after_grant_pounds),
        ];
        row.extend(y.settings.iter().map(|s| fmt_num(s.ehcps)));
        row.extend(y.settings.iter().map(|s| fmt_num(s.spend_pounds)));
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// Whole pounds / whole EHCPs to one decimal, as a spreadsheet wants them.
fn fmt_num(v: f64) -> String {
    format!("{:.1}", v)
}

fn fmt_share(v: f64) -> String {
    format!("{:.6}", v)
}

/// EHCPs by phase for all settings (convenience for tests and summaries).
pub fn phase_totals(tr: &Trace, t: usize) -> [f64; Phase::COUNT] {
    let mut out = [0.0; Phase::COUNT];
    for (a, o) in out.iter_mut().enumerate() {
        *o = (0..tr.ns).map(|s| tr.ehcps_at(t, a, s)).sum();
    }
    out
}
