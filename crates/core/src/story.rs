//! The story: the current scenario in plain English, for a council member
//! rather than an analyst. A few short paragraphs, in the order a committee
//! asks: where spend ends up against income, whether and when the year
//! balances, the deficit (at the statutory override's end and at the
//! horizon) against doing nothing, which levers do the work, how sure the
//! figures are, and what happens to the children's placements. Pure, so it
//! is tested on fixed scenarios; the page and the print report show it.

use hne_model::attribution::Attribution;
use hne_model::output::Run;
use hne_model::uncertainty::{Sensitivity, Uncertainty};

use crate::charts::data::{by_saving, short_name};
use crate::format::{count, lower_first, percent, pounds};

/// "£X more than" / "£X less than" / "the same as".
fn against(v: f64, base: f64) -> String {
    let d = v - base;
    if d.abs() < 50_000.0 {
        "about the same as".into()
    } else if d > 0.0 {
        format!("{} more than", pounds(d))
    } else {
        format!("{} less than", pounds(-d))
    }
}

/// The story's paragraphs (plain text).
pub fn story(
    run: &Run,
    att: Option<&Attribution>,
    sens: Option<&Sensitivity>,
    fan: Option<&Uncertainty>,
) -> Vec<String> {
    let m = &run.scenario.metrics;
    let b = &run.baseline.metrics;
    let last = &run.scenario.years[run.horizon];
    let first = &run.scenario.years[0];
    let plan = if run.levers_set.is_empty() {
        "With no plan in place"
    } else {
        "With this plan"
    };
    let mut out = Vec::new();

    // Spend against income, and the balance.
    let gap = last.income_pounds - last.spend_pounds;
    let balance = match (&m.sustained_balance_year, m.sustained_balance_t) {
        (Some(y), Some(0)) => {
            format!("Spend is within income from {y}, and stays there.")
        }
        (Some(y), _) => format!(
            "The year balances from {y} and stays in balance to {}.",
            m.final_year
        ),
        _ => format!(
            "Spend stays above income in {}, so the deficit is still growing at the end.",
            if gap < 0.0 {
                "the final year"
            } else {
                "some years"
            }
        ),
    };
    out.push(format!(
        "{plan}, High Needs spend goes from {} in {} to {} in {}, {} income of {}. {balance}",
        pounds(first.spend_pounds),
        first.year,
        pounds(last.spend_pounds),
        m.final_year,
        if gap < 0.0 {
            format!("{} more than", pounds(-gap))
        } else if gap > 0.0 {
            format!("{} less than", pounds(gap))
        } else {
            "the same as".to_string()
        },
        pounds(last.income_pounds),
    ));

    // The deficit against doing nothing.
    let mut deficit = String::new();
    if let Some(d26) = m.deficit_march_2026_pounds.filter(|d| *d > 0.0) {
        deficit += &if m.stability_grant_pounds > 0.0 {
            format!(
                "The deficit at 31 March 2026 is {}; the High Needs Stability Grant pays {} of it in 2026-27, once the council's SEND reform plan is approved, and the council carries the rest and everything added from April 2026. ",
                pounds(d26),
                pounds(m.stability_grant_pounds)
            )
        } else {
            format!(
                "The deficit at 31 March 2026 is {}; with no approved SEND reform plan there is no High Needs Stability Grant, so the council carries all of it. ",
                pounds(d26)
            )
        };
    }
    if let (Some(d28), Some(b28)) = (m.deficit_march_2028_pounds, b.deficit_march_2028_pounds) {
        deficit += &format!(
            "What the council carries is {} at 31 March 2028, when the statutory override is due to end ({} doing nothing). ",
            pounds(d28),
            against(d28, b28),
        );
    }
    deficit += &format!(
        "By the end of {} it is {}: {} the {} it would be if nothing changed.",
        m.final_year,
        pounds(m.deficit_at_horizon_pounds),
        against(m.deficit_at_horizon_pounds, b.deficit_at_horizon_pounds),
        pounds(b.deficit_at_horizon_pounds),
    );
    out.push(deficit);

    // Which levers do the work.
    if let Some(a) = att.filter(|a| !a.levers.is_empty()) {
        let by_size = by_saving(a);
        let saving: Vec<String> = by_size
            .iter()
            .filter(|l| l.deficit_pounds < -50_000.0)
            .take(3)
            .map(|l| {
                format!(
                    "{} ({})",
                    short_name(&l.lever).to_ascii_lowercase(),
                    pounds(-l.deficit_pounds)
                )
            })
            .collect();
        let adding: Vec<String> = by_size
            .iter()
            .rev()
            .filter(|l| l.deficit_pounds > 50_000.0)
            .map(|l| {
                format!(
                    "{} (adds {})",
                    short_name(&l.lever).to_ascii_lowercase(),
                    pounds(l.deficit_pounds)
                )
            })
            .collect();
        let mut s = match saving.len() {
            0 => "None of the levers set reduces the deficit.".to_string(),
            1 => format!("The saving comes from {}.", saving[0]),
            _ => format!(
                "The largest saving comes from {}, then {}.",
                saving[0],
                saving[1..].join(" and ")
            ),
        };
        if !adding.is_empty() {
            s += &format!(" Costs go the other way: {}.", adding.join(", "));
        }
        out.push(s);
    }

    // How sure.
    if let Some(u) = fan.filter(|u| u.years.len() == run.horizon + 1) {
        let d = u.years[run.horizon].deficit_pounds;
        let top = sens.and_then(|s| s.tornado.bars.first());
        out.push(format!(
            "These figures assume growth, costs and funding at their central values and the plan delivered in full. The deficit at the end of {} is likely to be between {} and {}: the middle 8 in 10 of {} runs with the assumptions drawn from ranges fitted to past forecasts.{}",
            m.final_year,
            pounds(d.p10),
            pounds(d.p90),
            count(u.runs as f64),
            top.filter(|t| t.swing_pounds > 0.0)
                .map(|t| format!(
                    " It depends most on {}.",
                    lower_first(&t.name)
                ))
                .unwrap_or_default()
        ));
    }

    // The children.
    out.push(format!(
        "EHCPs go from {} to {} ({} if nothing changed); {} of them are in mainstream schools in {}, against {} in {}.",
        count(first.ehcps),
        count(last.ehcps),
        count(b.final_ehcps),
        percent(m.final_mainstream_share),
        m.final_year,
        percent(first.mainstream_share),
        first.year,
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use hne_model::attribution::attribute;
    use hne_model::uncertainty::{knobs, sensitivity, uncertainty, UncertaintyOptions};
    use hne_model::{examples, presets, project, Model};

    fn told(name: &str, preset: &str) -> (Run, Vec<String>) {
        let mut sc = examples::by_name(name).unwrap();
        sc.levers = presets::levers(preset).unwrap();
        let model = Model::new(&sc).unwrap();
        let run = project(&sc).unwrap();
        let a = attribute(&model);
        let s = sensitivity(&model, &knobs(&sc));
        let u = uncertainty(&sc, &UncertaintyOptions::default()).unwrap();
        let st = story(&run, Some(&a), Some(&s), Some(&u));
        (run, st)
    }

    #[test]
    fn the_dbv_plan_on_example_borough() {
        let (run, st) = told("example", "dbv");
        let all = st.join("\n");
        assert!(all.starts_with("With this plan, High Needs spend goes from £84.2m in 2026-27 to £131.2m in 2032-33, £41.1m more than income of £90.1m."), "{all}");
        assert!(all.contains("so the deficit is still growing"), "{all}");
        assert!(all.contains("£30.4m at 31 March 2028"), "{all}");
        assert!(all.contains("The deficit at 31 March 2026 is £38.0m; the High Needs Stability Grant pays £34.2m of it in 2026-27"), "{all}");
        assert!(all.contains("By the end of 2032-33 it is £184.7m: £139.1m less than the £323.8m it would be if nothing changed."), "{all}");
        assert!(all.contains("The largest saving comes from "), "{all}");
        assert!(
            all.contains("It depends most on growth in new EHCPs."),
            "{all}"
        );
        assert!(all.contains(&format!(
            "EHCPs go from {}",
            count(run.scenario.years[0].ehcps)
        )));
    }

    #[test]
    fn no_plan_and_a_plan_that_balances() {
        let mut sc = examples::by_name("example").unwrap();
        sc.levers = Default::default();
        let run = project(&sc).unwrap();
        let st = story(&run, None, None, None);
        assert!(st[0].starts_with("With no plan in place"));
        assert!(st[1].contains("about the same as the £323.8m"), "{}", st[1]);
        assert_eq!(
            st.len(),
            3,
            "no levers or ranges without attribution and sensitivity"
        );

        let (run, st) = told("cambridgeshire", "safety_valve");
        if let Some(y) = &run.scenario.metrics.sustained_balance_year {
            assert!(
                st[0].contains(&format!("The year balances from {y}")),
                "{}",
                st[0]
            );
        }
    }
}
