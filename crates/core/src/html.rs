//! The page's read-only blocks as plain data (legend entries, headline
//! cards) that the app's Leptos views render, so the rules live here and
//! are tested natively; and [`escape`] for the SVG we write (authority and
//! setting names can come from a council's own file; the page's views
//! escape by construction).

use crate::charts::data::{Chart, Drawing, Rgb, Stroke, BLUE, GREEN, VERMILLION};
use crate::headline::Figure;

/// Text safe inside HTML elements and double-quoted attributes, and inside
/// the SVG and XML we write: control characters that XML does not allow
/// (U+0000 in a saved name made the comparison SVG invalid) are left out.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn rgb((r, g, b): Rgb) -> String {
    format!("rgb({r},{g},{b})")
}

/// One entry of a chart's legend: its name, its colour (CSS), and for a
/// line its dash pattern (SVG `stroke-dasharray`) and that pattern in words.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendItem {
    pub name: String,
    pub colour: String,
    pub line: Option<(&'static str, &'static str)>,
}

/// A chart's legend: a swatch drawn like the line (or bar) and its name.
pub fn legend_items(chart: &Chart) -> Vec<LegendItem> {
    let items: Vec<(String, Rgb, Option<Stroke>)> = match &chart.drawing {
        Drawing::Lines(l) => l
            .band
            .iter()
            .map(|b| {
                (
                    b.name.clone(),
                    crate::charts::draw::tint(b.colour, 0.75),
                    None,
                )
            })
            .chain(
                l.series
                    .iter()
                    .map(|s| (s.name.clone(), s.colour, (!l.stacked).then_some(s.stroke))),
            )
            .collect(),
        Drawing::Waterfall(w) if w.reference.is_some() => vec![
            ("A higher value lowers the deficit".into(), GREEN, None),
            (
                "A higher value raises the deficit".into(),
                crate::charts::draw::ORANGE,
                None,
            ),
            (
                "Deficit at central assumptions".into(),
                (33, 33, 33),
                Some(Stroke::Solid),
            ),
        ],
        Drawing::Waterfall(_) => vec![
            ("Total with no plan".into(), VERMILLION, None),
            ("A lever that saves".into(), GREEN, None),
            (
                "A lever that adds".into(),
                crate::charts::draw::ORANGE,
                None,
            ),
            ("With this plan".into(), BLUE, None),
        ],
    };
    items
        .into_iter()
        .map(|(name, colour, stroke)| LegendItem {
            name,
            colour: rgb(colour),
            line: stroke.map(|st| match st {
                Stroke::Solid => ("none", "solid line, circles"),
                Stroke::Dashed => ("6 4", "dashed line, triangles"),
                Stroke::Dotted => ("2 3", "dotted line, crosses"),
            }),
        })
        .collect()
}

/// A headline figure as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub id: &'static str,
    /// "better", "improved", "worse" or "same": the card's class.
    pub verdict: &'static str,
    pub label: String,
    pub value: String,
    pub change: String,
    /// The verdict for screen readers, after the change.
    pub spoken: &'static str,
    pub range: Option<String>,
    pub raw: Option<f64>,
}

/// The headline figures as cards. Green means success: only when the plan
/// meets its goal does a figure better than unmitigated get it; otherwise
/// "better" is an improvement, in the brand colour, with the same words
/// ("lower than unmitigated").
pub fn cards(figs: &[Figure], succeeds: bool) -> Vec<Card> {
    figs.iter()
        .map(|f| {
            let (change, verdict) = f
                .change
                .as_ref()
                .map(|c| (c.text.clone(), c.verdict))
                .unwrap_or_default();
            let verdict = if verdict == "better" && !succeeds {
                "improved"
            } else {
                verdict
            };
            Card {
                id: f.id,
                verdict,
                label: f.label.clone(),
                value: f.value.clone(),
                change,
                spoken: match verdict {
                    "improved" => "better than with no plan, but the plan misses its goal",
                    v => v,
                },
                range: f.range.clone(),
                raw: f.raw,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::data;
    use hne_model::{examples, project};

    #[test]
    fn control_characters_never_reach_the_markup() {
        assert_eq!(escape("a\u{0}b\u{1b}c\u{7f}d\u{ffff}"), "abcd");
        assert_eq!(
            escape("<b>\"x\"</b>\n"),
            "&lt;b&gt;&quot;x&quot;&lt;/b&gt;\n"
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<b>\"A&B's\"</b>"),
            "&lt;b&gt;&quot;A&amp;B&#39;s&quot;&lt;/b&gt;"
        );
    }

    #[test]
    fn a_legend_names_each_line_and_says_its_pattern() {
        let run = project(&examples::by_name("example").unwrap()).unwrap();
        let items = legend_items(&data::deficit(&run));
        let dashed = items
            .iter()
            .find(|i| i.name == "Carried with no plan")
            .unwrap();
        assert_eq!(dashed.line, Some(("6 4", "dashed line, triangles")));
        assert!(items.iter().all(|i| i.colour.starts_with("rgb(")));
    }

    #[test]
    fn figures_carry_values_and_verdicts() {
        let run = project(&examples::by_name("example").unwrap()).unwrap();
        let base = cards(&crate::headline::figures(&run), true);
        let d = base.iter().find(|c| c.id == "deficit-horizon").unwrap();
        assert!(d.raw.is_some() && d.value == "£323.8m", "{d:?}");
        assert_eq!(d.verdict, "same");
        let mut t = examples::by_name("example").unwrap();
        t.levers.demand.value = 0.2;
        let plan = project(&t).unwrap();
        let figs = crate::headline::figures(&plan);
        let missed = cards(&figs, false);
        let d = missed.iter().find(|c| c.id == "deficit-horizon").unwrap();
        assert_eq!(
            (d.verdict, d.spoken),
            (
                "improved",
                "better than with no plan, but the plan misses its goal"
            )
        );
        let met = cards(&figs, true);
        assert_eq!(
            met.iter()
                .find(|c| c.id == "deficit-horizon")
                .unwrap()
                .verdict,
            "better"
        );
    }
}
