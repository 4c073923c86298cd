//! The print report: what a committee paper needs on one or two A4 pages,
//! beside the headline figures and the story that the page already shows:
//! who and when, the model version, the lever settings, the charts as SVG
//! (sharp at any print resolution), the assumptions and the sources. Pure
//! HTML from the scenario and its projection; `style/main.css` lays it out
//! for print and hides it on screen.

use hne_model::output::Run;

use crate::assumptions::{self, End};
use crate::charts::{css_height, data::Chart, svg};
use crate::explorer::{self, Control};
use crate::html::escape;
use crate::state::saved::Saved;

/// The report's head: who, which scenario, when, which model. `date` is
/// the day it is printed, in words.
pub fn head(saved: &Saved, date: &str) -> String {
    let sc = &saved.scenario;
    format!(
        "<p class=\"report-title\">{}</p><p>{}. Printed {}. Model version {}. Projections from the data and assumptions shown, not forecasts.</p>",
        escape(&sc.authority.name),
        escape(if sc.name.is_empty() { "Scenario" } else { &sc.name }),
        escape(date),
        hne_model::MODEL_VERSION,
    )
}

/// The rest of the report, after the headline figures and the story.
pub fn body(saved: &Saved, run: &Run, charts: &[&Chart]) -> String {
    let sc = &saved.scenario;
    let mut s = String::new();
    // The levers, as set.
    s += "<section class=\"report-levers\"><h2>The plan</h2><table><tbody>";
    for c in Control::ALL {
        if c == Control::PlacesYear {
            continue;
        }
        let v = explorer::value(sc, c);
        let led = explorer::leads_to(run, c)
            .map(|w| format!(" {w}"))
            .unwrap_or_default();
        s += &format!(
            "<tr><th scope=\"row\">{}</th><td>{}{}</td></tr>",
            escape(c.spec().label),
            escape(&explorer::value_text(sc, c, v)),
            escape(&led)
        );
    }
    s += "</tbody></table></section>";
    // The charts, drawn as SVG.
    s += "<section class=\"report-charts\"><h2>Charts</h2>";
    for c in charts {
        let (w, h) = (520u32, css_height(&c.drawing, 520.0) as u32);
        s += &format!(
            "<figure><figcaption>{}</figcaption>{}{}</figure>",
            escape(&c.title),
            svg::to_svg(c, w, h),
            crate::html::legend(c)
        );
    }
    s += "</section>";
    // Assumptions (central, with the range) and sources.
    s += "<section class=\"report-assumptions\"><h2>Assumptions</h2><table><thead><tr><th scope=\"col\">Assumption</th><th scope=\"col\">Central</th><th scope=\"col\">Range</th></tr></thead><tbody>";
    for r in assumptions::general_rows() {
        let t = |e: End| assumptions::field_text(sc, &r.key, e);
        s += &format!(
            "<tr><th scope=\"row\">{}</th><td>{} {}</td><td>{} to {}</td></tr>",
            escape(&r.name),
            t(End::Central),
            r.unit,
            t(End::Low),
            t(End::High)
        );
    }
    s += "</tbody></table>";
    let sources = &sc.authority.sources;
    if !sources.is_empty() {
        s += "<h2>Sources</h2><ul class=\"report-sources\">";
        for src in sources {
            s += &format!(
                "<li>{}{}</li>",
                escape(&src.text),
                if src.estimated { " (estimate)" } else { "" }
            );
        }
        s += "</ul>";
    }
    s + "</section>"
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
        let h = head(&saved, "22 November 2026") + &body(&saved, &run, &[&a, &b]);
        assert!(h.contains("<p class=\"report-title\">Example Borough"));
        assert!(h.contains("Printed 22 November 2026"));
        assert!(h.contains(hne_model::MODEL_VERSION));
        assert_eq!(
            h.matches("<svg xmlns").count(),
            2,
            "two charts (legend swatches aside)"
        );
        assert!(h.contains("% fewer new EHCPs"), "lever settings in words");
        assert!(h.contains("Growth in new EHCPs each year"));
        assert!(h.contains("<ul class=\"report-sources\">"));
    }
}
