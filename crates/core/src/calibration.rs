//! Calibrating from history, as the app does it: the history table in and
//! out as CSV text, the suggested rates set as central assumptions when the
//! user accepts them, and the back-cast chart. The arithmetic is the model's
//! (`hne_model::calibrate`); this is what the page needs around it.

use hne_model::calibrate::{Calibration, Suggested};
use hne_model::schema::{HistoryRow, Range, Scenario};

use crate::charts::data::{Chart, Series, Stroke, Table, BLUE, GREEN, VERMILLION};
use crate::format;

/// The scenario's history rows as the CSV the text box shows.
pub fn history_csv(sc: &Scenario) -> String {
    let mut s =
        String::from("year,ehcps,expenditure_pounds,funding_pounds,cumulative_deficit_pounds\n");
    for r in &sc.authority.history {
        s += &format!(
            "{},{},{},{},{}\n",
            r.year,
            r.ehcps,
            r.expenditure_pounds,
            r.funding_pounds,
            r.cumulative_deficit_pounds
                .map_or(String::new(), |v| v.to_string())
        );
    }
    s
}

fn with_central(r: Range, v: f64) -> Range {
    // The suggestion becomes the central value; the range widens to hold it.
    Range::new(r.low.min(v), v, r.high.max(v))
}

/// Accept the suggestions: they become the central assumptions, and the
/// history is kept with the scenario.
pub fn accept(sc: &mut Scenario, s: &Suggested, rows: Vec<HistoryRow>) {
    let a = &mut sc.assumptions;
    a.new_plan_growth = with_central(a.new_plan_growth, s.new_plan_growth);
    a.cost_inflation = with_central(a.cost_inflation, s.cost_inflation);
    a.funding_growth = with_central(a.funding_growth, s.funding_growth);
    sc.authority.history = rows;
}

/// Actual spend and funding against the compound curves fitted to them.
pub fn backcast(c: &Calibration) -> Chart {
    let years: Vec<String> = c.history.iter().map(|h| h.year.clone()).collect();
    let series = vec![
        Series {
            name: "Spend, actual".into(),
            values: c.history.iter().map(|h| h.expenditure_pounds).collect(),
            stroke: Stroke::Solid,
            colour: BLUE,
        },
        Series {
            name: "Spend, fitted trend".into(),
            values: c.backcast.iter().map(|f| f.expenditure_pounds).collect(),
            stroke: Stroke::Dashed,
            colour: VERMILLION,
        },
        Series {
            name: "Funding, actual".into(),
            values: c.history.iter().map(|h| h.funding_pounds).collect(),
            stroke: Stroke::Dotted,
            colour: GREEN,
        },
    ];
    let first = c.history.first();
    let last = c.history.last();
    let summary = match (first, last) {
        (Some(f), Some(l)) => format!(
            "From {} to {}, spend went from {} to {} ({} a year) and funding from {} to {} ({} a year); EHCPs grew {} a year and spend per EHCP {} a year.",
            f.year,
            l.year,
            format::pounds(f.expenditure_pounds),
            format::pounds(l.expenditure_pounds),
            format::percent(c.suggested.expenditure_growth),
            format::pounds(f.funding_pounds),
            format::pounds(l.funding_pounds),
            format::percent(c.suggested.funding_growth),
            format::percent(c.suggested.new_plan_growth),
            format::percent(c.suggested.cost_inflation),
        ),
        _ => "No history.".into(),
    };
    let rows = years
        .iter()
        .enumerate()
        .map(|(t, y)| {
            std::iter::once(y.clone())
                .chain(series.iter().map(|s| format::millions(s.values[t])))
                .collect()
        })
        .collect();
    Chart {
        id: crate::charts::data::ChartId::Backcast,
        title: "Your history against the fitted trend".into(),
        summary,
        table: Table {
            headers: [
                "Year",
                "Spend, actual (£m)",
                "Spend, fitted (£m)",
                "Funding, actual (£m)",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            rows,
        },
        drawing: crate::charts::data::pound_lines(years, series),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hne_model::calibrate::{calibrate, history_from_csv};
    use hne_model::examples;

    #[test]
    fn cambridgeshire_history_calibrates_and_accepting_sets_the_centrals() {
        let mut sc = examples::by_name("cambridgeshire").unwrap();
        let text = history_csv(&sc);
        let rows = history_from_csv(&text).unwrap();
        assert_eq!(
            rows, sc.authority.history,
            "the text box round-trips the history"
        );
        let c = calibrate(&rows, sc.horizon).unwrap();
        // The paper's compound rates (docs/model.md): EHCPs +12.21%, funding +6.25%.
        assert!(
            (c.suggested.new_plan_growth - 0.1221).abs() < 0.0005,
            "{:?}",
            c.suggested
        );
        assert!(
            (c.suggested.funding_growth - 0.0625).abs() < 0.0005,
            "{:?}",
            c.suggested
        );
        let before = sc.clone();
        accept(&mut sc, &c.suggested, rows);
        let a = &sc.assumptions;
        assert_eq!(a.new_plan_growth.central, c.suggested.new_plan_growth);
        assert!(
            a.new_plan_growth.low <= a.new_plan_growth.central
                && a.new_plan_growth.central <= a.new_plan_growth.high
        );
        assert!(sc.validate().is_ok());
        assert_ne!(sc, before);
        let chart = backcast(&c);
        assert_eq!(chart.table.rows.len(), c.history.len());
        assert!(chart.summary.contains("12.2% a year"), "{}", chart.summary);
    }
}
