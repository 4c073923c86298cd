//! Read-only blocks (data tables, legends, marks, the headline figures) as
//! HTML text from pure functions, set with `inner_html`.
//!
//! Why not `view!`? Each reactive block of nested views compiles to its own
//! generic rendering code, several kilobytes of wasm apiece; these blocks
//! never take input, so a string per block does the same job at a fraction
//! of the size, and the functions are tested natively. Every piece of text
//! goes through [`escape`]: authority and setting names can come from a
//! council's own file.

use crate::charts::data::{Chart, Drawing, Rgb, Stroke, BLUE, GREEN, VERMILLION};
use crate::explorer::Mark;
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

/// A chart's data table: first column as row headers, numbers right-aligned.
pub fn table(chart: &Chart) -> String {
    let t = &chart.table;
    let mut s = format!(
        "<table><caption>{}</caption><thead><tr>",
        escape(&chart.title)
    );
    for h in &t.headers {
        s += &format!("<th scope=\"col\">{}</th>", escape(h));
    }
    s += "</tr></thead><tbody>";
    for row in &t.rows {
        s += "<tr>";
        for (i, cell) in row.iter().enumerate() {
            if i == 0 {
                s += &format!("<th scope=\"row\">{}</th>", escape(cell));
            } else {
                s += &format!("<td class=\"num\">{}</td>", escape(cell));
            }
        }
        s += "</tr>";
    }
    s + "</tbody></table>"
}

fn rgb((r, g, b): Rgb) -> String {
    format!("rgb({r},{g},{b})")
}

/// A chart's legend: a swatch drawn like the line (or bar) and its name.
pub fn legend(chart: &Chart) -> String {
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
            ("Unmitigated total".into(), VERMILLION, None),
            ("A lever that saves".into(), GREEN, None),
            (
                "A lever that adds".into(),
                crate::charts::draw::ORANGE,
                None,
            ),
            ("With this plan".into(), BLUE, None),
        ],
    };
    let mut s = String::from("<ul class=\"legend\">");
    for (name, colour, stroke) in items {
        let c = rgb(colour);
        let swatch = match stroke {
            None => format!("<svg width=\"22\" height=\"12\" aria-hidden=\"true\"><rect width=\"22\" height=\"12\" fill=\"{c}\"/></svg>"),
            Some(st) => {
                let (dash, words) = match st {
                    Stroke::Solid => ("none", "solid line, circles"),
                    Stroke::Dashed => ("6 4", "dashed line, triangles"),
                    Stroke::Dotted => ("2 3", "dotted line, crosses"),
                };
                format!("<svg width=\"30\" height=\"12\" aria-hidden=\"true\"><line x1=\"0\" y1=\"6\" x2=\"30\" y2=\"6\" stroke=\"{c}\" stroke-width=\"3\" stroke-dasharray=\"{dash}\"/></svg><span class=\"sr-only\"> ({words})</span>")
            }
        };
        s += &format!("<li>{swatch} {}</li>", escape(&name));
    }
    s + "</ul>"
}

/// A lever's marks: ticks on the slider's scale at `pos(mark)` per cent of
/// the thumb's travel, and the marks in words.
pub fn marks(marks: &[Mark], pos: impl Fn(f64) -> f64) -> (String, String) {
    if marks.is_empty() {
        return (String::new(), String::new());
    }
    // An SVG scale, not positioned spans: a style attribute would need
    // 'unsafe-inline' in the Content Security Policy. It lies under the
    // slider, inset by half the thumb (style/main.css), so a tick sits where
    // the thumb's centre is at that value.
    let mut scale = String::from(
        "<svg class=\"scale\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\">",
    );
    let mut words = String::from("<ul class=\"marks\">");
    for m in marks {
        let x = format!("{:.2}", pos(m.at));
        scale += &format!(
            "<line x1=\"{x}\" x2=\"{x}\" y1=\"0\" y2=\"10\" vector-effect=\"non-scaling-stroke\"/>"
        );
        words += &format!("<li>{}</li>", escape(&m.label));
    }
    (scale + "</svg>", words + "</ul>")
}

/// The headline figures as a description list. Green means success: only
/// when the plan meets its goal does a figure better than unmitigated get
/// it; otherwise "better" is an improvement, in the brand colour, with the
/// same words ("lower than unmitigated").
pub fn figures(figs: &[Figure], succeeds: bool) -> String {
    let mut s = String::new();
    for f in figs {
        let (text, verdict) = f
            .change
            .as_ref()
            .map(|c| (c.text.as_str(), c.verdict))
            .unwrap_or(("", ""));
        let verdict = if verdict == "better" && !succeeds {
            "improved"
        } else {
            verdict
        };
        let spoken = match verdict {
            "improved" => "better than unmitigated, but the plan misses its goal",
            v => v,
        };
        let value = f
            .raw
            .map(|v| format!(" data-value=\"{v}\""))
            .unwrap_or_default();
        let range = f
            .range
            .as_ref()
            .map(|r| format!("<dd class=\"range\">{}</dd>", escape(r)))
            .unwrap_or_default();
        s += &format!(
            "<div class=\"figure {verdict}\" data-testid=\"{}\"{value}><dt>{}</dt><dd class=\"value\">{}</dd><dd class=\"change\">{}<span class=\"sr-only\"> ({spoken})</span></dd>{range}</div>",
            f.id,
            escape(&f.label),
            escape(&f.value),
            escape(text),
        );
    }
    s
}

/// Rows of the band table: setting, band, share, today, with the change.
pub fn band_rows(rows: &[[String; 5]]) -> String {
    let mut s = String::new();
    for r in rows {
        s += &format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&r[0]),
            escape(&r[1]),
            escape(&r[2]),
            escape(&r[3]),
            escape(&r[4])
        );
    }
    s
}

/// `<option>`s for a select: (value, label), the `selected` one marked;
/// with `placeholder`, a first disabled option shown when nothing matches.
pub fn options(items: &[(String, String)], selected: &str, placeholder: Option<&str>) -> String {
    let mut s = String::new();
    if let Some(p) = placeholder {
        if !items.iter().any(|(v, _)| v == selected) {
            s += &format!(
                "<option value=\"\" selected disabled>{}</option>",
                escape(p)
            );
        }
    }
    for (value, label) in items {
        let sel = if value == selected { " selected" } else { "" };
        s += &format!(
            "<option value=\"{}\"{sel}>{}</option>",
            escape(value),
            escape(label)
        );
    }
    s
}

/// The notices, each with its buttons (`data-action`, `data-id`).
pub fn notices(list: &[(u32, crate::state::Notice)]) -> String {
    use crate::state::Level;
    let mut s = String::new();
    for (id, n) in list {
        let (class, label) = match n.level {
            Level::Info => ("info", "Note: "),
            Level::Warning => ("warning", "Warning: "),
        };
        s += &format!(
            "<div class=\"notice {class}\" data-testid=\"notice\"><p><strong>{label}</strong>{}</p><div class=\"notice-actions\">",
            escape(&n.text)
        );
        if n.offer_restore {
            s += &format!("<button type=\"button\" data-action=\"restore\" data-id=\"{id}\">Bring back my scenario</button>");
        }
        s += &format!("<button type=\"button\" data-action=\"dismiss\" data-id=\"{id}\">Dismiss</button></div></div>");
    }
    s
}

/// A lever's fixed markup: label, explanation, slider, number field and
/// unit, and the places for its marks and its note.
pub fn lever(control: crate::explorer::Control) -> String {
    let spec = control.spec();
    let id = control.id();
    format!(
        "<label class=\"lever-label\" id=\"{id}-label\" for=\"{id}-range\">{label}</label>\
<p class=\"explain\" id=\"{id}-explain\">{explain}</p>\
<div class=\"inputs\"><div class=\"track\"><input type=\"range\" id=\"{id}-range\" step=\"{step}\" aria-describedby=\"{id}-explain {id}-note\">\
<div id=\"{id}-scale\"></div></div>\
<input type=\"number\" id=\"{id}-number\" class=\"number\" step=\"{step}\" aria-labelledby=\"{id}-label {id}-unit\">\
<span class=\"unit\" id=\"{id}-unit\">{unit}</span></div>\
<div id=\"{id}-marks\"></div><p class=\"note\" id=\"{id}-note\" role=\"status\"></p>",
        label = escape(spec.label),
        explain = escape(spec.explain),
        step = spec.step,
        unit = escape(spec.unit),
    )
}

/// A lever's "why": the evidence behind it, folded.
pub fn why(control: crate::explorer::Control) -> String {
    format!(
        "<details class=\"why\"><summary>Why this lever?</summary><p>{}</p></details>",
        escape(control.spec().why)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::data;
    use hne_model::{examples, project, LeverId};

    #[test]
    fn control_characters_never_reach_the_markup() {
        assert_eq!(escape("a\u{0}b\u{1b}c\u{7f}d\u{ffff}"), "abcd");
        assert_eq!(
            escape("<b>\"x\"</b>\n"),
            "&lt;b&gt;&quot;x&quot;&lt;/b&gt;\n"
        );
    }

    #[test]
    fn marks_put_a_tick_for_each_mark_and_name_it() {
        let mk = [
            Mark {
                at: 0.415,
                label: "Today 41.5%".into(),
            },
            Mark {
                at: 0.548,
                label: "London <54.8%>".into(),
            },
        ];
        let (scale, words) = marks(&mk, |at| at * 100.0);
        assert_eq!(scale.matches("<line ").count(), 2);
        assert!(scale.contains("x1=\"41.50\"") && scale.contains("x1=\"54.80\""));
        assert!(words.contains("<li>Today 41.5%</li>"));
        assert!(words.contains("London &lt;54.8%&gt;"), "{words}");
        assert_eq!(marks(&[], |at| at), (String::new(), String::new()));
    }

    #[test]
    fn options_mark_the_selected_one() {
        let items = vec![
            ("1".to_string(), "2027-28".to_string()),
            ("2".to_string(), "2028-29".to_string()),
        ];
        assert_eq!(
            options(&items, "2", None),
            "<option value=\"1\">2027-28</option><option value=\"2\" selected>2028-29</option>"
        );
        assert!(options(&items, "", Some("Your own data"))
            .starts_with("<option value=\"\" selected disabled>Your own data"));
        assert!(!options(&items, "1", Some("Your own data")).contains("Your own data"));
    }

    #[test]
    fn notices_carry_their_actions() {
        let mut n = crate::state::Notice::info("Opened <the> link.");
        n.offer_restore = true;
        let html = notices(&[(7, n)]);
        assert!(html.contains("<strong>Note: </strong>Opened &lt;the&gt; link."));
        assert!(html.contains("data-action=\"restore\" data-id=\"7\""));
        assert!(html.contains("data-action=\"dismiss\" data-id=\"7\""));
    }

    #[test]
    fn a_lever_has_its_label_inputs_and_why() {
        use crate::explorer::Control;
        let h = lever(Control::Lever(LeverId::Transfer));
        assert!(h.contains("<label class=\"lever-label\" id=\"transfer-label\" for=\"transfer-range\">Block transfer"));
        assert!(h.contains("id=\"transfer-range\" step=\"0.05\""));
        assert!(h.contains("id=\"transfer-number\""));
        assert!(h.contains("% of schools block</span>"));
        assert!(why(Control::Lever(LeverId::Transfer)).contains("Secretary of State"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<b>\"A&B's\"</b>"),
            "&lt;b&gt;&quot;A&amp;B&#39;s&quot;&lt;/b&gt;"
        );
    }

    #[test]
    fn a_table_has_a_caption_headers_and_every_row() {
        let run = project(&examples::by_name("example").unwrap()).unwrap();
        let chart = data::deficit(&run);
        let html = table(&chart);
        assert!(html.starts_with("<table><caption>Cumulative DSG deficit"));
        assert_eq!(html.matches("<tr>").count(), run.horizon + 2);
        assert!(html.contains("<th scope=\"row\">2032-33</th>"));
        let legend = legend(&chart);
        assert!(legend.contains("dashed line") && legend.contains("Deficit, unmitigated"));
    }

    #[test]
    fn a_council_name_cannot_inject_markup() {
        let mut sc = examples::by_name("example").unwrap();
        sc.authority.settings[0].name = "<img src=x onerror=alert(1)>".into();
        let run = project(&sc).unwrap();
        let chart = data::ehcps(&run);
        assert!(!table(&chart).contains("<img"));
        assert!(!legend(&chart).contains("<img"));
    }

    #[test]
    fn figures_carry_values_and_verdicts() {
        let run = project(&examples::by_name("example").unwrap()).unwrap();
        let html = figures(&crate::headline::figures(&run), true);
        assert!(html.contains("data-testid=\"deficit-horizon\" data-value=\""));
        assert!(html.contains("£358.0m"));
        assert!(html.contains("(same)"));
    }
}
