//! Charts as SVG text: for export and print, and for native tests of the
//! drawing code (SVG writes real `<text>`, so labels can be checked).

use plotters::prelude::*;

use super::data::Chart;
use super::draw::draw;

/// The chart drawn at `width` x `height` CSS pixels, as an SVG document.
pub fn to_svg(chart: &Chart, width: u32, height: u32) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        if draw(&root, &chart.drawing, 1.0).is_err() {
            return String::new();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::data;
    use hne_model::{attribution::attribute, examples, presets, project, Model};

    #[test]
    fn every_chart_draws_with_its_labels() {
        let mut sc = examples::by_name("example").unwrap();
        sc.levers = presets::levers("dbv").unwrap();
        let run = project(&sc).unwrap();
        let att = attribute(&Model::new(&sc).unwrap());
        let charts = [
            data::spend(&run),
            data::deficit(&run),
            data::ehcps(&run),
            data::waterfall(&att, &run.scenario.metrics.final_year),
        ];
        for (chart, expect) in charts.iter().zip(["2026-27", "£", ",000", "Early support"]) {
            let svg = to_svg(chart, 640, 360);
            assert!(svg.starts_with("<svg"), "{}", chart.id);
            assert!(svg.contains(expect), "{} lacks {expect}", chart.id);
        }
        // The waterfall labels its plan total.
        let svg = to_svg(&charts[3], 640, 360);
        assert!(svg.contains(&crate::format::pounds(
            run.scenario.metrics.deficit_at_horizon_pounds
        )));
        // Narrow screens shorten the years rather than overlap them.
        assert!(to_svg(&charts[0], 320, 240).contains("26-27"));
    }
}
