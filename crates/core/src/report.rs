//! The print report: what a committee paper needs on one or two A4 pages,
//! beside the headline figures and the story that the page already shows:
//! who and when, the model version, the lever settings, the charts as SVG
//! (sharp at any print resolution), the assumptions and the sources. Plain
//! data from the scenario and its projection, which the app's views lay out
//! (`style/main.css` lays it out for print and hides it on screen).

use hne_model::output::Run;

use crate::assumptions::{self, End};
use crate::charts::{css_height, data::Chart, svg};
use crate::explorer::{self, Control};
use crate::state::saved::Saved;

/// One chart of the report: its title, the SVG document, its legend.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportChart {
    pub title: String,
    pub svg: String,
    pub legend: Vec<crate::html::LegendItem>,
}

/// The report, in the order it prints.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// The authority's name.
    pub title: String,
    /// Which scenario, when printed, which model.
    pub line: String,
    /// Each control's label and its setting in words.
    pub levers: Vec<(String, String)>,
    pub charts: Vec<ReportChart>,
    /// Each assumption: name, central with its unit, range.
    pub assumptions: Vec<[String; 3]>,
    /// Each source in words, with "(estimate)" where it is one.
    pub sources: Vec<String>,
}

/// The report for this scenario and projection, printed on `date` (in words).
pub fn report(saved: &Saved, run: &Run, charts: &[&Chart], date: &str) -> Report {
    let sc = &saved.scenario;
    let levers = Control::ALL
        .into_iter()
        .filter(|c| *c != Control::PlacesYear)
        .map(|c| {
            let v = explorer::value(sc, c);
            let led = explorer::leads_to(run, c)
                .map(|w| format!(" {w}"))
                .unwrap_or_default();
            (
                c.spec().label.to_string(),
                format!("{}{led}", explorer::value_text(sc, c, v)),
            )
        })
        .collect();
    let charts = charts
        .iter()
        .map(|c| {
            let (w, h) = (520u32, css_height(&c.drawing, 520.0) as u32);
            ReportChart {
                title: c.title.clone(),
                svg: svg::to_svg(c, w, h),
                legend: crate::html::legend_items(c),
            }
        })
        .collect();
    let assumptions = assumptions::general_rows()
        .into_iter()
        .map(|r| {
            let t = |e: End| assumptions::field_text(sc, &r.key, e);
            [
                r.short.clone(),
                format!("{} {}", t(End::Central), r.unit),
                format!("{} to {}", t(End::Low), t(End::High)),
            ]
        })
        .collect();
    let sources = sc
        .authority
        .sources
        .iter()
        .map(|s| format!("{}{}", s.text, if s.estimated { " (estimate)" } else { "" }))
        .collect();
    Report {
        title: sc.authority.name.clone(),
        line: format!(
            "{}. Printed {date}. Model version {}. Projections from the data and assumptions shown, not forecasts.",
            if sc.name.is_empty() { "Scenario" } else { &sc.name },
            hne_model::MODEL_VERSION,
        ),
        levers,
        charts,
        assumptions,
        sources,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::data;

    #[test]
    fn the_report_has_the_plan_the_charts_and_the_sources() {
        let mut saved = Saved::example("example").unwrap();
        explorer::apply_preset(&mut saved, "dbv");
        let run = hne_model::project(&saved.scenario).unwrap();
        let (a, b) = (data::spend(&run), data::deficit(&run));
        let r = report(&saved, &run, &[&a, &b], "22 November 2026");
        assert!(r.title.starts_with("Example Borough"));
        assert!(r.line.contains("Printed 22 November 2026"));
        assert!(r.line.contains(hne_model::MODEL_VERSION));
        assert_eq!(r.charts.len(), 2);
        assert!(r.charts.iter().all(|c| c.svg.starts_with("<svg xmlns")));
        assert!(
            r.levers
                .iter()
                .any(|(_, v)| v.contains("% fewer new EHCPs")),
            "lever settings in words"
        );
        assert!(r
            .levers
            .iter()
            .any(|(_, v)| v.contains("Leads to") && v.contains("in mainstream schools")));
        assert!(r.assumptions.iter().any(|a| a[0] == "Growth in new EHCPs"));
        assert!(!r.sources.is_empty());
    }
}
