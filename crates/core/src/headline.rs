//! The headline figures, each against the unmitigated baseline in words.

use crate::format::{self, balance_change, money_change, Better, Change};
use hne_model::uncertainty::Uncertainty;

/// One headline figure, as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub id: &'static str,
    pub label: String,
    pub value: String,
    /// The raw number, for tests and for people who copy it.
    pub raw: Option<f64>,
    pub change: Option<Change>,
    /// The figure under the optimistic and pessimistic assumptions, in words.
    pub range: Option<String>,
}

/// The headline figures of a projection (pure, tested natively).
pub fn figures(run: &hne_model::Run) -> Vec<Figure> {
    let m = &run.scenario.metrics;
    let b = &run.baseline.metrics;
    let money = |id, label: String, v: f64, base: f64, better| Figure {
        id,
        label,
        value: format::pounds(v),
        raw: Some(v),
        change: Some(money_change(v, base, better)),
        range: None,
    };
    let mut out = vec![
        money(
            "final-spend",
            format!("High Needs spend in {}", m.final_year),
            m.final_spend_pounds,
            b.final_spend_pounds,
            Better::Lower,
        ),
        Figure {
            value: format::balance(m.final_balance_pounds),
            change: Some(balance_change(
                m.final_balance_pounds,
                b.final_balance_pounds,
            )),
            ..money(
                "final-balance",
                format!("In-year balance in {}", m.final_year),
                m.final_balance_pounds,
                b.final_balance_pounds,
                Better::Higher,
            )
        },
        Figure {
            value: format::deficit(m.deficit_at_horizon_pounds),
            ..money(
                "deficit-horizon",
                format!(
                    "Deficit the council carries at the end of {}, after the grant",
                    m.final_year
                ),
                m.deficit_at_horizon_pounds,
                b.deficit_at_horizon_pounds,
                Better::Lower,
            )
        },
    ];
    if let (Some(v), Some(base)) = (m.deficit_march_2028_pounds, b.deficit_march_2028_pounds) {
        out.push(Figure {
            value: format::deficit(v),
            ..money(
                "deficit-2028",
                "Deficit the council carries at 31 March 2028, when the statutory override ends"
                    .into(),
                v,
                base,
                Better::Lower,
            )
        });
    }
    out.push(Figure {
        id: "balance-year",
        label: "Lasting in-year balance".into(),
        value: match &m.sustained_balance_year {
            Some(y) => format!("from {y}"),
            None => format!("not by {}", m.final_year),
        },
        raw: m.sustained_balance_t.map(|t| t as f64),
        range: None,
        change: Some(Change {
            text: match &b.sustained_balance_year {
                Some(y) => format!("with no plan: from {y}"),
                None => format!("with no plan: not by {}", m.final_year),
            },
            verdict: match (m.sustained_balance_t, b.sustained_balance_t) {
                (Some(a), Some(bb)) if a < bb => "better",
                (Some(_), None) => "better",
                (None, Some(_)) => "worse",
                (Some(a), Some(bb)) if a > bb => "worse",
                _ => "same",
            },
        }),
    });
    let saved = run.savings.cumulative_spend_pounds;
    out.push(Figure {
        id: "savings",
        label: format!(
            "Saved against no plan, {} to {}",
            run.scenario.years.get(1).map_or("", |y| y.year.as_str()),
            m.final_year
        ),
        value: if saved >= 0.0 {
            format::pounds(saved)
        } else {
            format!("{} more spent", format::pounds(-saved))
        },
        raw: Some(saved),
        range: None,
        change: Some(Change {
            text: {
                let d = run.savings.deficit_at_horizon_pounds;
                let way = if d >= 0.0 { "lower" } else { "higher" };
                format!(
                    "spend over the projection years; deficit {} {way}",
                    format::pounds(d.abs())
                )
            },
            verdict: if saved > 0.0 {
                "better"
            } else if saved < 0.0 {
                "worse"
            } else {
                "same"
            },
        }),
    });
    out
}

/// Each figure's likely range from the Monte Carlo (its P10 to P90, the
/// same range as the fan's), by figure id: the final year's spend, balance
/// and deficit, and the deficit at 31 March 2028. The year of lasting
/// balance and the saving have none (the runs do not keep them).
pub fn bands(u: &Uncertainty) -> Vec<(&'static str, String)> {
    let Some(last) = u.years.last() else {
        return Vec::new();
    };
    let likely = |a: String, b: String| format!("Likely {a} to {b}");
    let mut out = vec![
        (
            "final-spend",
            likely(
                format::pounds(last.spend_pounds.p10),
                format::pounds(last.spend_pounds.p90),
            ),
        ),
        (
            "final-balance",
            likely(
                format::balance(last.balance_pounds.p10),
                format::balance(last.balance_pounds.p90),
            ),
        ),
        (
            "deficit-horizon",
            likely(
                format::pounds(last.deficit_pounds.p10),
                format::pounds(last.deficit_pounds.p90),
            ),
        ),
    ];
    // The deficit at 31 March 2028 is the one at the end of 2027-28.
    if let Some(y) = u.years.iter().find(|y| y.year == "2027-28") {
        out.push((
            "deficit-2028",
            likely(
                format::pounds(y.deficit_pounds.p10),
                format::pounds(y.deficit_pounds.p90),
            ),
        ));
    }
    out
}

/// Put each figure's likely range (`bands`) on it.
pub fn with_bands(figs: &mut [Figure], u: &Uncertainty) {
    let b = bands(u);
    for f in figs.iter_mut() {
        f.range = b.iter().find(|(id, _)| *id == f.id).map(|(_, r)| r.clone());
    }
}

/// What the live region says after a change: the deficit at the horizon
/// against doing nothing, and the final year's balance.
pub fn announcement(run: &hne_model::Run) -> String {
    let m = &run.scenario.metrics;
    let c = money_change(
        m.deficit_at_horizon_pounds,
        run.baseline.metrics.deficit_at_horizon_pounds,
        Better::Lower,
    );
    format!(
        "Deficit carried at the end of {}, after the grant: {}, {}. In-year balance in {}: {}.",
        m.final_year,
        format::pounds(m.deficit_at_horizon_pounds),
        c.text.trim_start_matches(['▼', '▲', '=', ' ']),
        m.final_year,
        format::balance(m.final_balance_pounds),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use hne_model::{examples, presets, project};

    #[test]
    fn figures_name_the_year_and_compare_in_words() {
        let mut sc = examples::by_name("example").unwrap();
        sc.levers = presets::levers("dbv").unwrap();
        let run = project(&sc).unwrap();
        let f = figures(&run);
        let deficit = f.iter().find(|f| f.id == "deficit-horizon").unwrap();
        assert_eq!(
            deficit.label,
            "Deficit the council carries at the end of 2032-33, after the grant"
        );
        assert_eq!(deficit.value, "£184.7m");
        let c = deficit.change.as_ref().unwrap();
        assert_eq!(c.text, "▼ £139.1m lower than with no plan");
        assert_eq!(c.verdict, "better");
        assert!(f.iter().any(|f| f.id == "deficit-2028"));
        let balance = f.iter().find(|f| f.id == "final-balance").unwrap();
        assert_eq!(balance.value, "£41.1m overspend");
        let c = balance.change.as_ref().unwrap();
        assert_eq!(
            c.text,
            "▲ £46.4m better than the £87.5m overspend with no plan"
        );
        assert_eq!(c.verdict, "better");
        let year = f.iter().find(|f| f.id == "balance-year").unwrap();
        assert!(year.value.starts_with("from ") || year.value == "not by 2032-33");
        assert!(f.iter().find(|f| f.id == "savings").unwrap().raw.unwrap() > 0.0);
    }

    #[test]
    fn a_plan_that_costs_more_says_so_in_words() {
        let mut sc = examples::by_name("example").unwrap();
        sc.levers.banding.value = 0.2;
        let run = project(&sc).unwrap();
        let f = figures(&run);
        let s = f.iter().find(|f| f.id == "savings").unwrap();
        assert!(s.value.ends_with("more spent"), "{}", s.value);
        let c = s.change.as_ref().unwrap();
        assert!(
            c.text.contains("higher") && !c.text.contains('-'),
            "{}",
            c.text
        );
        assert_eq!(c.verdict, "worse");
    }

    #[test]
    fn unmitigated_figures_say_same() {
        let run = project(&examples::by_name("example").unwrap()).unwrap();
        for f in figures(&run) {
            assert_eq!(f.change.unwrap().verdict, "same", "{}", f.id);
        }
    }

    #[test]
    fn each_figure_s_likely_range_is_the_fan_s_and_holds_the_figure() {
        use hne_model::uncertainty::{uncertainty, UncertaintyOptions};
        let mut sc = examples::by_name("example").unwrap();
        sc.levers = presets::levers("dbv").unwrap();
        sc.assumptions.leaving = hne_model::schema::Range::new(-0.05, 0.0, 0.05);
        let run = project(&sc).unwrap();
        let u = uncertainty(&sc, &UncertaintyOptions::default()).unwrap();
        let mut f = figures(&run);
        with_bands(&mut f, &u);
        let last = u.years.last().unwrap();
        let d = f.iter().find(|f| f.id == "deficit-horizon").unwrap();
        assert_eq!(
            d.range.as_deref().unwrap(),
            format!(
                "Likely {} to {}",
                format::pounds(last.deficit_pounds.p10),
                format::pounds(last.deficit_pounds.p90)
            )
        );
        // The headline figure sits inside its own likely range.
        let v = d.raw.unwrap();
        assert!(
            last.deficit_pounds.p10 <= v && v <= last.deficit_pounds.p90,
            "{v} {last:?}"
        );
        for id in [
            "final-spend",
            "final-balance",
            "deficit-horizon",
            "deficit-2028",
        ] {
            assert!(
                f.iter().find(|f| f.id == id).unwrap().range.is_some(),
                "{id}"
            );
        }
        assert!(f
            .iter()
            .find(|f| f.id == "savings")
            .unwrap()
            .range
            .is_none());
        assert!(super::super::html::cards(&f, true)
            .iter()
            .any(|c| c.range.is_some()));
    }

    #[test]
    fn the_announcement_says_the_deficit_and_the_balance() {
        let mut sc = examples::by_name("example").unwrap();
        sc.levers = presets::levers("dbv").unwrap();
        let run = project(&sc).unwrap();
        assert_eq!(
            announcement(&run),
            "Deficit carried at the end of 2032-33, after the grant: £184.7m, £139.1m lower than with no plan. In-year balance in 2032-33: £41.1m overspend."
        );
    }
}
