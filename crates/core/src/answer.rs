//! The answer first: does the plan bring the High Needs Block back into
//! balance, by when, and if not, what would it take?
//!
//! The goal is a Safety Valve agreement's: in-year balance (income at least
//! spend) from a chosen year, and every year after it to the end of the
//! projection. "What it would take", for a plan that misses the goal:
//! - the most that would still have to be saved in any one year from the
//!   goal year on;
//! - how much further the levers as set would have to go, all scaled
//!   together, each within its range;
//! - which lever could reach the goal on its own (from no plan), and at
//!   what setting, or that none can.
//!
//! Every search runs the compiled model at central assumptions: a few
//! hundred runs of a few microseconds each.

use hne_model::engine::{LeverId, Model};
use hne_model::levers::LEVERS;
use hne_model::output::Run;
use hne_model::schema::{year_label, Scenario};

use crate::explorer::{self, Control};
use crate::format::pounds;

/// In-year balance from this projection year (1 = the year after the base
/// year) to the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Goal {
    pub from_t: usize,
}

impl Goal {
    /// The default: balance by the last year of the projection.
    pub fn last(sc: &Scenario) -> Goal {
        Goal {
            from_t: sc.horizon.max(1),
        }
    }
    /// Kept within the projection.
    pub fn within(self, sc: &Scenario) -> Goal {
        Goal {
            from_t: self.from_t.clamp(1, sc.horizon.max(1)),
        }
    }
}

/// How a plan stands against the goal at central assumptions.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    /// Every year from the goal year on is in balance.
    pub met: bool,
    /// The first year from which every later year is in balance, if any.
    pub balanced_from: Option<usize>,
    /// The largest overspend in a year from the goal year on, and its year.
    pub worst_gap: f64,
    pub worst_t: usize,
}

fn standing(m: &Model, goal: Goal) -> Standing {
    let tr = m.run(m.set_mask);
    let h = m.horizon;
    // The first year of lasting balance, as the headline figures count it.
    let balanced_from = hne_model::output::metrics(m, &tr).sustained_balance_t;
    let (mut worst_gap, mut worst_t) = (0.0f64, goal.from_t);
    for t in goal.from_t..=h {
        let gap = -tr.balance[t];
        if gap > worst_gap {
            worst_gap = gap;
            worst_t = t;
        }
    }
    Standing {
        met: worst_gap <= 0.0,
        balanced_from,
        worst_gap,
        worst_t,
    }
}

fn with(m: &Model, values: &[(LeverId, f64)]) -> Model {
    let mut m = m.clone();
    for (id, v) in values {
        m.lever_value[id.index()] = *v;
        if *v != 0.0 {
            m.set_mask |= id.bit();
        } else {
            m.set_mask &= !id.bit();
        }
    }
    m
}

/// The single-strength levers, with the end of their range that saves.
fn helping_end(m: &Model, id: LeverId, goal: Goal) -> Option<f64> {
    let (lo, hi) = id.spec().single.as_ref()?.range;
    // The end that leaves the smaller worst gap (banding saves downwards).
    let at = |v: f64| standing(&with(m, &[(id, v)]), goal).worst_gap;
    let ends: Vec<f64> = [lo, hi].into_iter().filter(|v| *v != 0.0).collect();
    ends.into_iter().min_by(|a, b| at(*a).total_cmp(&at(*b)))
}

/// The smallest step along 0..=1 of `f` that meets the goal, by bisection
/// (`f(1)` is known to meet it).
fn bisect(mut ok: impl FnMut(f64) -> bool) -> f64 {
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for _ in 0..16 {
        let mid = (lo + hi) / 2.0;
        if ok(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// One lever alone, and the setting that reaches the goal.
#[derive(Debug, Clone, PartialEq)]
pub struct Alone {
    pub lever: LeverId,
    /// Its strength, in the format's units (0.2 = 20%).
    pub value: f64,
    /// The setting as the lever's control shows it ("47.2%").
    pub words: String,
}

/// What it would take to meet the goal.
#[derive(Debug, Clone, PartialEq)]
pub struct Take {
    /// The most that would still have to be saved in a year, and the year.
    pub gap: f64,
    pub gap_year: String,
    /// The levers as set, scaled together: the factor that reaches the goal
    /// (`Some`), or `None` when even every one at the end of its range does
    /// not; then the gap left at that point. No lever set: `levers_set` false.
    pub levers_set: bool,
    pub scale: Option<f64>,
    pub gap_at_full: f64,
    /// Levers that reach it alone, with their settings.
    pub alone: Vec<Alone>,
}

/// The verdict and, when the goal is missed, what it would take.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub goal: Goal,
    pub goal_year: String,
    pub last_year: String,
    pub standing: Standing,
    /// "Balances from 2029-30 and stays in balance to 2032-33."
    pub verdict: String,
    /// The deficit at 31 March 2028 and at the end, in words.
    pub deficits: String,
    /// What the council carries at 31 March 2028 after the High Needs
    /// Stability Grant, in one sentence beside the verdict.
    pub carries: String,
    /// The verdict in a few words, for a bar that stays in view while the
    /// levers move ("Not yet: £41.1m a year short in 2032-33").
    pub brief: String,
    pub take: Option<Take>,
}

/// What the council carries, in words: the deficit at 31 March 2026, the
/// High Needs Stability Grant (90% of it, once the reform plan is approved),
/// and what is left at 31 March 2028, when the statutory override ends, and
/// at the end.
pub fn deficits_words(sc: &Scenario, run: &Run, last_year: &str) -> String {
    let met = &run.scenario.metrics;
    let rule = &sc.authority.deficit.stability_grant;
    let share = format!("{:.0}%", rule.share * 100.0);
    let carries = match met.deficit_march_2028_pounds {
        Some(d28) => format!(
            "{} at 31 March 2028, when the statutory override (which keeps it off the council's main accounts) ends, and {} at the end of {last_year}",
            deficit_words(d28),
            deficit_words(met.deficit_at_horizon_pounds)
        ),
        None => format!(
            "{} at the end of {last_year}",
            deficit_words(met.deficit_at_horizon_pounds)
        ),
    };
    match met.deficit_march_2026_pounds {
        Some(d26) if d26 > 0.0 && met.stability_grant_pounds > 0.0 => format!(
            "The Dedicated Schools Grant (DSG) deficit at 31 March 2026: {}. The High Needs Stability Grant pays {share} of it ({}) in 2026-27, once the council's SEND reform plan is approved (assumed here); the council carries the rest and every overspend from April 2026: {carries}.",
            pounds(d26),
            pounds(met.stability_grant_pounds)
        ),
        Some(d26) if d26 > 0.0 && !rule.plan_approved => format!(
            "The Dedicated Schools Grant (DSG) deficit at 31 March 2026: {}. With no approved SEND reform plan there is no High Needs Stability Grant, so the council carries all of it and every overspend from April 2026: {carries}.",
            pounds(d26)
        ),
        Some(d26) if d26 <= 0.0 => format!(
            "No Dedicated Schools Grant (DSG) deficit at 31 March 2026 (a surplus of {}), so no High Needs Stability Grant. What the council carries: {carries}.",
            pounds(-d26)
        ),
        _ => format!(
            "What the council carries in its Dedicated Schools Grant (DSG) deficit: {carries}."
        ),
    }
}

/// What the council carries when the statutory override ends (or at the
/// end, if 2027-28 is not projected), after the grant, in one sentence.
pub fn carries_words(sc: &Scenario, run: &Run, last_year: &str) -> String {
    let met = &run.scenario.metrics;
    let who = &sc.authority.name;
    let (when, v) = match met.deficit_march_2028_pounds {
        Some(v) => ("At 31 March 2028".to_string(), v),
        None => (
            format!("At the end of {last_year}"),
            met.deficit_at_horizon_pounds,
        ),
    };
    let what = if v < 0.0 {
        format!("no deficit (a surplus of {})", pounds(-v))
    } else {
        pounds(v)
    };
    let rule = &sc.authority.deficit.stability_grant;
    match met.deficit_march_2026_pounds {
        Some(d26) if d26 > 0.0 && met.stability_grant_pounds > 0.0 => format!(
            "{when} {who} carries {what}, after the High Needs Stability Grant pays {:.0}% of its {} deficit at 31 March 2026.",
            rule.share * 100.0,
            pounds(d26)
        ),
        Some(d26) if d26 > 0.0 && !rule.plan_approved => format!(
            "{when} {who} carries {what}, with no High Needs Stability Grant on its {} deficit at 31 March 2026, as no local special educational needs and disabilities (SEND) reform plan is approved.",
            pounds(d26)
        ),
        _ => format!("{when} {who} carries {what}."),
    }
}

/// What the figures are, and how fresh, in one line for the first screen:
/// for a published authority, the census, the outturn, the balances and
/// the allocations it is built from (published or estimated).
pub fn data_line(sc: &Scenario) -> String {
    let a = &sc.authority;
    let src = |field: &str| a.sources.iter().find(|s| s.field == field);
    let published = a.sources.iter().any(|s| {
        s.field == "authority"
            && s.text
                .starts_with("High Needs Explorer published authority data")
    });
    if !published {
        return format!(
            "Figures: {} as entered, base year {}; where each came from is under \"Your authority's data\".",
            a.name,
            year_label(a.base_year)
        );
    }
    let census = src("authority.caseload")
        .and_then(|s| {
            let i = s.text.find("at the January ")?;
            s.text.get(i + 15..i + 19).map(str::to_string)
        })
        .unwrap_or_else(|| (a.base_year + 1).to_string());
    let allocation = match src("authority.funding.allocation_overrides") {
        Some(s) if !s.estimated => "published",
        Some(_) => "estimated",
        None => "not known",
    };
    let base = a.base_year;
    format!(
        "Figures: education, health and care plans (EHCPs), January {census} census; spending, {} outturn; Dedicated Schools Grant (DSG) balances, published to 31 March {} (later ones estimated); High Needs Block {}, {allocation}. Type your council's own under \"Your authority's data\".",
        year_label(base - 1),
        base - 1,
        year_label(base + 1),
    )
}

fn deficit_words(v: f64) -> String {
    if v < 0.0 {
        format!("nothing: a surplus of {}", pounds(-v))
    } else {
        pounds(v)
    }
}

/// The answer for a scenario and its projection, with what it would take.
pub fn answer(sc: &Scenario, run: &Run, goal: Goal) -> Option<Answer> {
    let m = Model::new(sc).ok()?;
    let mut a = verdict(sc, &m, run, goal);
    a.take = take(sc, &m, &a);
    Some(a)
}

/// What it would take, for an answer whose plan misses the goal (a few
/// hundred runs: the app works it out after the verdict has painted).
/// `m` is the scenario compiled (the app's own, already built).
pub fn take(sc: &Scenario, m: &Model, a: &Answer) -> Option<Take> {
    (!a.standing.met).then(|| what_it_would_take(sc, m, a.goal, &a.standing))
}

/// The verdict alone (one run of the compiled scenario `m`): `take` is
/// left empty.
pub fn verdict(sc: &Scenario, m: &Model, run: &Run, goal: Goal) -> Answer {
    let goal = goal.within(sc);
    let h = m.horizon;
    let label = |t: usize| m.year_label(t);
    let s = standing(m, goal);
    let last_year = label(h);
    let goal_year = label(goal.from_t);
    // With no lever set, there is no plan to judge: say what happens as
    // things are.
    let plan = m.set_mask != 0;
    let verdict = match (s.met, s.balanced_from) {
        (true, Some(from)) if from <= goal.from_t => format!(
            "{}the High Needs Block is in balance from {} and every year after, to {last_year}, so it meets the goal of balance by {goal_year}.",
            if plan { "This plan works: " } else { "With no plan, " },
            label(from.max(1))
        ),
        (_, Some(from)) if from <= h => format!(
            "{} the High Needs Block into balance from {}, later than the goal of {goal_year}: in {} it is still {} short.",
            if plan { "This plan brings" } else { "With no plan, things as they are bring" },
            label(from),
            label(s.worst_t),
            pounds(s.worst_gap)
        ),
        _ => format!(
            "{}: in {last_year} it is still {} a year short{}.",
            if plan {
                "This plan does not balance the High Needs Block"
            } else {
                "With no plan, the High Needs Block does not balance"
            },
            pounds(-run.scenario.metrics.final_balance_pounds),
            if s.worst_t != h {
                format!(", and {} short in {}", pounds(s.worst_gap), label(s.worst_t))
            } else {
                String::new()
            }
        ),
    };
    let brief = match (s.met, s.balanced_from) {
        (true, Some(from)) if from <= goal.from_t => {
            format!("Yes: in balance from {}", label(from.max(1)))
        }
        (_, Some(from)) if from <= h => format!(
            "Not yet: in balance from {}, after the goal of {goal_year}",
            label(from)
        ),
        _ => format!(
            "Not yet: {} a year short in {last_year}",
            pounds(-run.scenario.metrics.final_balance_pounds)
        ),
    };
    let deficits = deficits_words(sc, run, &last_year);
    let carries = carries_words(sc, run, &last_year);
    Answer {
        goal,
        goal_year,
        last_year,
        standing: s,
        verdict,
        deficits,
        carries,
        brief,
        take: None,
    }
}

fn what_it_would_take(sc: &Scenario, m: &Model, goal: Goal, s: &Standing) -> Take {
    // The levers as set, scaled together toward the ends of their ranges.
    let set: Vec<(LeverId, f64, f64)> = LEVERS
        .iter()
        .filter_map(|spec| {
            let one = spec.single.as_ref()?;
            let v = m.lever_value[spec.id.index()];
            (v != 0.0).then(|| {
                let end = if v > 0.0 { one.range.1 } else { one.range.0 };
                (spec.id, v, end)
            })
        })
        .collect();
    let scaled = |k: f64| -> Model {
        let values: Vec<(LeverId, f64)> = set
            .iter()
            .map(|(id, v, end)| {
                let x = v * k;
                (*id, if v.abs() * k > end.abs() { *end } else { x })
            })
            .collect();
        with(m, &values)
    };
    let kmax = set.iter().map(|(_, v, end)| end / v).fold(1.0f64, f64::max);
    let full = standing(&scaled(kmax), goal);
    let scale = (!set.is_empty() && full.met).then(|| {
        let t = bisect(|x| standing(&scaled(1.0 + x * (kmax - 1.0)), goal).met);
        1.0 + t * (kmax - 1.0)
    });
    // Each lever alone, from no plan.
    let none = with(
        m,
        &LeverId::ALL
            .iter()
            .filter(|id| id.spec().single.is_some())
            .map(|id| (*id, 0.0))
            .collect::<Vec<_>>(),
    );
    let mut alone = Vec::new();
    for spec in LEVERS.iter().filter(|s| s.single.is_some()) {
        let id = spec.id;
        let Some(end) = helping_end(&none, id, goal) else {
            continue;
        };
        if !standing(&with(&none, &[(id, end)]), goal).met {
            continue;
        }
        let t = bisect(|x| standing(&with(&none, &[(id, x * end)]), goal).met);
        let value = t * end;
        // The setting as its control shows it, and for the inclusion and
        // independent levers what it leads to.
        let mut alone_sc = sc.clone();
        alone_sc.levers = Default::default();
        if let Some(one) = spec.single.as_ref() {
            (one.get_mut)(&mut alone_sc.levers).value = value;
        }
        let c = Control::Lever(id);
        let mut words = explorer::value_text(&alone_sc, c, explorer::value(&alone_sc, c));
        // Only inclusion and independent lead to a share: only they need
        // a projection here.
        let leads = matches!(id, LeverId::Inclusion | LeverId::Independent);
        if let Some(led) = leads
            .then(|| hne_model::project(&alone_sc).ok())
            .flatten()
            .and_then(|run| explorer::leads_to(&run, c))
        {
            words = format!(
                "{words}, leading to {}",
                led.trim_start_matches("Leads to ").trim_end_matches('.')
            );
        }
        alone.push(Alone {
            lever: id,
            value,
            words,
        });
    }
    Take {
        gap: s.worst_gap,
        gap_year: m.year_label(s.worst_t),
        levers_set: !set.is_empty(),
        scale,
        gap_at_full: full.worst_gap,
        alone,
    }
}

/// "What it would take" as sentences, in order.
pub fn take_words(a: &Answer) -> Vec<String> {
    let Some(t) = &a.take else {
        return Vec::new();
    };
    let mut out = vec![if a.goal_year == a.last_year {
        format!(
            "To be in balance in {}, about {} more would have to be saved that year.",
            a.last_year,
            pounds(t.gap)
        )
    } else {
        format!(
            "To be in balance every year from {} to {}, about {} a year more would have to be saved by {} (the biggest gap in those years).",
            a.goal_year,
            a.last_year,
            pounds(t.gap),
            t.gap_year
        )
    }];
    out.push(match (t.levers_set, t.scale) {
        (false, _) => "No lever is set yet: move one, or choose a plan above, to see how far it goes.".into(),
        (true, Some(k)) => format!(
            "The levers as set would reach it if each went {:.1} times as far (each within its range).",
            k
        ),
        (true, None) => format!(
            "Even with every lever as set taken to the end of its range, the plan would still be {} a year short.",
            pounds(t.gap_at_full)
        ),
    });
    if t.alone.is_empty() {
        out.push("No single lever reaches it on its own: it would take several together.".into());
    } else {
        let list: Vec<String> = t
            .alone
            .iter()
            .map(|l| format!("{} at {}", l.lever.spec().name, l.words))
            .collect();
        out.push(format!(
            "On its own (with no other lever), {} would reach it: {}.",
            if t.alone.len() == 1 {
                "one lever"
            } else {
                "each of these"
            },
            list.join("; ")
        ));
    }
    out
}

/// The years a goal can be set to: (projection year, label).
pub fn goal_years(sc: &Scenario) -> Vec<(usize, String)> {
    (1..=sc.horizon)
        .map(|t| (t, year_label(sc.authority.base_year + t as i32)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hne_model::{examples, presets, project};

    fn example(preset: &str) -> (Scenario, Run) {
        let mut sc = examples::example_borough();
        sc.levers = presets::levers(preset).unwrap();
        let run = project(&sc).unwrap();
        (sc, run)
    }

    /// The first screen names its data, read off the authority's own
    /// sources: the census the base year's EHCPs come from, the outturn,
    /// the balances, and whether the next year's allocation is published.
    #[test]
    fn the_data_line_names_the_census_the_outturn_and_the_balances() {
        let kent: hne_model::schema::Scenario = serde_json::from_str(include_str!(
            "../../../public/data/authorities/2026.1/886.json"
        ))
        .unwrap();
        let line = data_line(&kent);
        for part in [
            "education, health and care plans (EHCPs), January 2026 census",
            "spending, 2024-25 outturn",
            "Dedicated Schools Grant (DSG) balances, published to 31 March 2024",
            "High Needs Block 2026-27, estimated",
        ] {
            assert!(line.contains(part), "{part}: {line}");
        }
        // A council's own figures are not called published.
        let line = data_line(&examples::example_borough());
        assert!(
            line.contains("as entered") && !line.contains("census"),
            "{line}"
        );
    }

    #[test]
    fn an_overspending_plan_says_how_short_it_is() {
        let (sc, run) = example("dbv");
        let a = answer(&sc, &run, Goal::last(&sc)).unwrap();
        assert!(!a.standing.met);
        let short = -run.scenario.metrics.final_balance_pounds;
        assert!(
            a.verdict.starts_with("This plan does not balance"),
            "{}",
            a.verdict
        );
        assert!(
            a.verdict.contains(&pounds(short)),
            "{} / {}",
            a.verdict,
            pounds(short)
        );
        assert!(a.deficits.contains("31 March 2028") || a.deficits.contains("at the end"));
        assert!(a.take.is_some());
    }

    #[test]
    fn the_goal_seek_answers_are_checked_against_the_model() {
        let (sc, run) = example("dbv");
        let goal = Goal::last(&sc);
        let a = answer(&sc, &run, goal).unwrap();
        let t = a.take.as_ref().unwrap();
        let m = Model::new(&sc).unwrap();
        // The gap is the model's own overspend in the worst goal year.
        let tr = m.run(m.set_mask);
        assert!(
            (t.gap - (-tr.balance[sc.horizon])).abs() < 1.0 || t.gap >= -tr.balance[sc.horizon]
        );
        // Each lever said to reach it alone does, and a little less does not.
        let none = with(
            &m,
            &LeverId::ALL
                .iter()
                .filter(|i| i.spec().single.is_some())
                .map(|i| (*i, 0.0))
                .collect::<Vec<_>>(),
        );
        for l in &t.alone {
            assert!(
                standing(&with(&none, &[(l.lever, l.value)]), goal).met,
                "{:?}",
                l
            );
            assert!(
                !standing(&with(&none, &[(l.lever, l.value * 0.97)]), goal).met,
                "{:?} is not the least",
                l
            );
        }
        // The scale factor reaches it, and 3% less does not.
        if let Some(k) = t.scale {
            let scaled = |k: f64| {
                let v: Vec<(LeverId, f64)> = LEVERS
                    .iter()
                    .filter_map(|s| {
                        let one = s.single.as_ref()?;
                        let v = m.lever_value[s.id.index()];
                        (v != 0.0).then(|| {
                            let end = if v > 0.0 { one.range.1 } else { one.range.0 };
                            (
                                s.id,
                                if (v * k).abs() > end.abs() {
                                    end
                                } else {
                                    v * k
                                },
                            )
                        })
                    })
                    .collect();
                with(&m, &v)
            };
            assert!(standing(&scaled(k), goal).met);
            assert!(!standing(&scaled(1.0 + (k - 1.0) * 0.97), goal).met);
        }
        let words = take_words(&a);
        assert_eq!(words.len(), 3, "{words:?}");
    }

    #[test]
    fn a_plan_that_balances_says_so_and_needs_nothing_more() {
        // Funding well above spend: every year in balance.
        let (mut sc, _) = example("dbv");
        sc.authority.funding.hnb_allocation_pounds *= 2.0;
        let run = project(&sc).unwrap();
        let a = answer(&sc, &run, Goal { from_t: 1 }).unwrap();
        assert!(a.standing.met, "{:?}", a.standing);
        assert!(a.verdict.starts_with("This plan works"), "{}", a.verdict);
        assert!(a.take.is_none() && take_words(&a).is_empty());
        assert!(a.deficits.contains("surplus") || a.deficits.contains("deficit"));
        assert!(a.brief.starts_with("Yes: in balance from "), "{}", a.brief);
    }

    #[test]
    fn with_no_lever_set_it_says_there_is_no_plan() {
        let (sc, run) = example("unmitigated");
        let a = answer(&sc, &run, Goal::last(&sc)).unwrap();
        assert!(
            a.verdict
                .starts_with("With no plan, the High Needs Block does not balance"),
            "{}",
            a.verdict
        );
        assert!(take_words(&a)[1].starts_with("No lever is set yet"));
        let short = pounds(-run.scenario.metrics.final_balance_pounds);
        assert_eq!(
            a.brief,
            format!("Not yet: {short} a year short in {}", a.last_year)
        );
    }

    #[test]
    fn an_earlier_goal_is_harder() {
        let (sc, run) = example("safety_valve");
        let late = answer(&sc, &run, Goal::last(&sc)).unwrap();
        let early = answer(&sc, &run, Goal { from_t: 2 }).unwrap();
        let gap = |a: &Answer| a.take.as_ref().map_or(0.0, |t| t.gap);
        assert!(gap(&early) >= gap(&late));
        assert_eq!(goal_years(&sc).len(), sc.horizon);
    }
}
