//! The answer before the app loads: the first screen of a first visit (the
//! example with the typical plan, `state::default_saved`) as static HTML,
//! written at build time by the same code the app runs (the verdict from
//! `answer`, the lead chart from `charts`, drawn as SVG). The build puts it
//! in index.html (`scripts/postbuild.py`, with the `prerender` program), so
//! a phone shows the answer as soon as the page and its style arrive; the
//! app removes it in the same task as it mounts its own, which is new
//! content, not a shift. With JavaScript or WebAssembly off it stays, and
//! says why the levers do not move.

use crate::answer::{verdict, Goal};
use crate::charts::{css_height, data, svg};
use crate::explorer::{self, Control};
use crate::html::{escape, legend_items};
use crate::state::codec::base64_encode;
use crate::state::default_saved;
use crate::state::saved::Saved;

/// The drawing's width: the lead chart's box on a laptop. The image scales
/// to its box, so a phone shows the same drawing smaller.
const WIDTH: f64 = 640.0;

/// The first screen of `saved` as HTML: the title, the verdict, the lead
/// chart with its words and legend, the deficits, and in the levers' place
/// the plan's levers in words. `None` when the scenario cannot run.
pub fn first_screen(saved: &Saved) -> Option<String> {
    let sc = &saved.scenario;
    let model = hne_model::Model::new(sc).ok()?;
    let run = hne_model::project(sc).ok()?;
    let a = verdict(sc, &model, &run, Goal::last(sc));
    let mut chart = data::spend(&run);
    data::mark_goal(&mut chart, a.goal.from_t, &a.goal_year);
    let height = css_height(&chart.drawing, WIDTH);
    let picture = svg::to_svg(&chart, WIDTH as u32, height as u32);
    let legend: String = legend_items(&chart)
        .into_iter()
        .map(|item| {
            let swatch = match item.line {
                None => format!(
                    "<svg width=\"22\" height=\"12\" aria-hidden=\"true\"><rect width=\"22\" height=\"12\" fill=\"{}\"/></svg>",
                    item.colour
                ),
                Some((dash, words)) => format!(
                    "<svg width=\"30\" height=\"12\" aria-hidden=\"true\"><line x1=\"0\" y1=\"6\" x2=\"30\" y2=\"6\" stroke=\"{}\" stroke-width=\"3\" stroke-dasharray=\"{dash}\"/></svg><span class=\"sr-only\"> ({words})</span>",
                    item.colour
                ),
            };
            format!("<li>{swatch} {}</li>", escape(&item.name))
        })
        .collect();
    // The levers this plan sets, in words (the app's plan summary).
    let set: Vec<Control> = Control::ALL
        .into_iter()
        .filter(|c| matches!(c, Control::Lever(_)) && explorer::value(sc, *c) != 0.0)
        .collect();
    let levers: String = set
        .iter()
        .map(|c| {
            format!(
                "<li>{}: {}</li>",
                escape(c.spec().label),
                escape(&explorer::value_text(sc, *c, explorer::value(sc, *c)))
            )
        })
        .collect();
    let met = a.standing.met;
    Some(format!(
        "<div id=\"loading\" class=\"prerendered\">\
<header class=\"top\"><div class=\"brand\"><h1>High Needs Explorer</h1>\
<p class=\"tagline\"><span class=\"intro\">Project a council's High Needs Block and test a plan to bring it back into balance.</span></p></div></header>\
<main class=\"layout\">\
<section class=\"lead\" aria-label=\"The answer\">\
<section class=\"answer\"><h2>Does this plan work?</h2>\
<p class=\"verdict {}\"><strong class=\"tag\">{}</strong> {}</p></section>\
<figure class=\"chart\"><h3>{}</h3><p class=\"summary\">{}</p>\
<div class=\"canvas-box\"><img decoding=\"sync\" src=\"data:image/svg+xml;base64,{}\" width=\"{}\" height=\"{}\" alt=\"{}\"></div>\
<ul class=\"legend\">{legend}</ul></figure>\
<p class=\"deficits\">{}</p>\
</section>\
<section class=\"levers\"><h2>The plan</h2>\
<p class=\"hint\">{}: the example council, with this plan.</p>\
<div class=\"plan-summary\"><p class=\"plan-summary-title\">This plan sets {} levers:</p><ul>{levers}</ul></div>\
<p class=\"pre-note js-only\" role=\"status\">Loading the levers, so you can change the plan and choose your council…</p>\
<noscript><p class=\"pre-note\">The levers need JavaScript and WebAssembly, which are switched off here: this is the example's answer, and it cannot change until they are on.</p></noscript>\
</section></main></div>",
        if met { "met" } else { "missed" },
        if met { "Yes." } else { "Not yet." },
        escape(&a.verdict),
        escape(&chart.title),
        escape(&chart.summary),
        base64_encode(picture.as_bytes()),
        WIDTH as u32,
        height as u32,
        escape(&chart.summary),
        escape(&a.deficits),
        escape(&run.authority),
        set.len(),
    ))
}

/// The first visit's first screen.
pub fn first_visit() -> Option<String> {
    first_screen(&default_saved())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_visit_shows_the_app_s_own_verdict_chart_and_plan() {
        let html = first_visit().unwrap();
        let saved = default_saved();
        let sc = &saved.scenario;
        let run = hne_model::project(sc).unwrap();
        let m = hne_model::Model::new(sc).unwrap();
        let a = verdict(sc, &m, &run, Goal::last(sc));
        // The same words the app shows, escaped.
        assert!(html.contains(&escape(&a.verdict)), "{html}");
        assert!(html.contains(&escape(&a.deficits)));
        assert!(html.contains("<strong class=\"tag\">Not yet.</strong>"));
        assert!(html.contains(&escape(&data::spend(&run).title)));
        assert!(html.contains("This plan sets 5 levers:"));
        assert!(html.contains("data:image/svg+xml;base64,"));
        // It is what the app removes when it mounts, and says why the levers
        // cannot move without JavaScript.
        assert!(html.starts_with("<div id=\"loading\""));
        assert!(html.contains("<noscript>"));
        // No inline style or script: the page's policy forbids them.
        assert!(!html.contains("style=") && !html.contains("<script"));
    }
}
