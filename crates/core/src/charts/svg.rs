//! Charts as SVG text: for export and print, and for native tests of the
//! drawing (SVG has real `<text>`, so labels can be checked).
//!
//! Written straight from the same [`layout`] the canvas is painted from, so
//! the picture is the same; not through plotters' SVG backend, which would
//! compile the painter a second time (about 12 KB of wasm) to write the few
//! element types a chart uses.

use super::data::{Chart, Rgb};
use super::draw::{layout, Anchor, Shape};
use crate::html::escape;

fn colour((r, g, b): Rgb) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn points(p: &[(i32, i32)]) -> String {
    p.iter()
        .map(|(x, y)| format!("{x},{y}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The chart drawn at `width` x `height` CSS pixels, as an SVG document.
pub fn to_svg(chart: &Chart, width: u32, height: u32) -> String {
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\">\
<title>{}</title><desc>{}</desc><rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>",
        escape(&chart.title),
        escape(&chart.summary)
    );
    for shape in layout(&chart.drawing, width as f64, height as f64, 1.0) {
        out += &match shape {
            Shape::Rect { from, to, fill } => format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
                from.0.min(to.0),
                from.1.min(to.1),
                (to.0 - from.0).abs(),
                (to.1 - from.1).abs(),
                colour(fill)
            ),
            Shape::Line {
                points: p,
                colour: c,
                width,
            } => format!(
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{width}\"/>",
                points(&p),
                colour(c)
            ),
            Shape::Polygon { points: p, fill } => {
                format!(
                    "<polygon points=\"{}\" fill=\"{}\"/>",
                    points(&p),
                    colour(fill)
                )
            }
            Shape::Circle { at, radius, fill } => format!(
                "<circle cx=\"{}\" cy=\"{}\" r=\"{radius}\" fill=\"{}\"/>",
                at.0,
                at.1,
                colour(fill)
            ),
            Shape::Text {
                text,
                at,
                size,
                anchor,
            } => {
                let anchor = match anchor {
                    Anchor::Left => "start",
                    Anchor::Centre => "middle",
                    Anchor::Right => "end",
                };
                format!(
                    "<text x=\"{}\" y=\"{}\" font-size=\"{size}\" text-anchor=\"{anchor}\" dominant-baseline=\"central\" fill=\"#212121\">{}</text>",
                    at.0,
                    at.1,
                    escape(&text)
                )
            }
        };
    }
    out + "</svg>"
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
        // Every shape kind appears, and the document is well formed enough
        // to have one root.
        let svg = to_svg(&charts[1], 640, 360);
        for tag in ["<polyline", "<circle", "<polygon", "<text", "</svg>"] {
            assert!(svg.contains(tag), "{tag}");
        }
        assert!(to_svg(&charts[3], 640, 360).contains("<rect x="));
        assert_eq!(svg.matches("<svg").count(), 1);
        // Narrow screens shorten the years rather than overlap them.
        assert!(to_svg(&charts[0], 320, 240).contains("26-27"));
    }
}
