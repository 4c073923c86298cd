//! The answer before the app loads: the first screen of a first visit (the
//! example with the typical plan, `state::default_saved`) as static HTML,
//! written at build time by the same code the app runs (the verdict from
//! `answer`, the lead chart from `charts`, drawn as SVG). The build puts it
//! in index.html (`scripts/postbuild.py`, with the `prerender` program), so
//! a phone shows the answer as soon as the page and its style arrive; the
//! app removes it in the same task as it mounts its own, which is new
//! content, not a shift. With JavaScript or WebAssembly off it stays, and
//! says why the levers do not move.

use crate::answer::{verdict, Answer, Goal};
use crate::charts::data::{Chart, ChartId};
use crate::charts::{css_height, data, svg};
use crate::explorer::{self, Control};
use crate::html::{escape, legend_items};
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
    let chart = lead_chart(ChartId::Spend, &model, &run, &a);
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
    Some(format!(
        "<div id=\"loading\" class=\"prerendered\">\
<header class=\"top\"><div class=\"brand\"><h1>High Needs Explorer</h1>\
<p class=\"tagline\"><span class=\"intro\">Project a council's High Needs Block and test a plan to bring it back into balance.</span></p></div></header>\
<main class=\"layout\">\
{}\
<section class=\"levers\"><h2>The plan</h2>\
<p class=\"hint\">{}: the example council, with this plan.</p>\
<div class=\"plan-summary\"><p class=\"plan-summary-title\">This plan sets {} levers:</p><ul>{levers}</ul></div>\
<p class=\"pre-note js-only\" role=\"status\">Loading the levers, so you can change the plan and choose your council…</p>\
<noscript><p class=\"pre-note\">The levers need JavaScript and WebAssembly, which are switched off here: this is the example's answer, and it cannot change until they are on.</p></noscript>\
</section></main></div>",
        lead(
            &a,
            &chart,
            sc.authority.deficit.stability_grant.plan_approved,
            &crate::answer::data_line(sc)
        ),
        escape(&run.authority),
        set.len(),
    ))
}

/// The answer, its chart and the deficits: the app's lead section.
fn lead(a: &Answer, chart: &Chart, approved: bool, data: &str) -> String {
    let met = a.standing.met;
    format!(
        "<section class=\"lead\" aria-label=\"The answer\">\
<section class=\"answer\"><h2>Does this plan work?</h2>\
<p class=\"verdict {}\"><strong class=\"tag\">{}</strong> {}</p></section>\
{}<p class=\"carries\">{}</p>\
<p class=\"grant-switch\"><input type=\"checkbox\" id=\"grant-approved\" disabled{}> \
<label for=\"grant-approved\">Our local special educational needs and disabilities (SEND) reform plan is approved, so the High Needs Stability Grant is paid (assumed: untick to see the deficit without it)</label></p>\
<p class=\"data-line\">{}</p>\
<p class=\"deficits\">{}</p></section>",
        if met { "met" } else { "missed" },
        if met { "Yes." } else { "Not yet." },
        escape(&a.verdict),
        figure(chart),
        escape(&a.carries),
        if approved { " checked" } else { "" },
        escape(data),
        escape(&a.deficits),
    )
}

/// A chart as the app's figure shows it: title, words, the drawing (an SVG
/// image) and its legend.
fn figure(chart: &Chart) -> String {
    let height = css_height(&chart.drawing, WIDTH);
    let picture = svg::to_svg(chart, WIDTH as u32, height as u32);
    let legend: String = legend_items(chart)
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
    format!(
        "<figure class=\"chart\"><h3>{}</h3><p class=\"summary\">{}</p>\
<div class=\"canvas-box\"><img decoding=\"sync\" src=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\"></div>\
<ul class=\"legend\">{legend}</ul></figure>",
        escape(&chart.title),
        escape(&chart.summary),
        svg_data_uri(&picture),
        WIDTH as u32,
        height as u32,
        escape(&chart.summary),
    )
}

/// The chart `id` (one of [`crate::embed::CHARTS`]; any other is the
/// deficit, as the app reads it), as the app draws it
/// ([`ChartId::of_projection`]): spend against income with the goal marked.
fn lead_chart(id: ChartId, model: &hne_model::Model, run: &hne_model::Run, a: &Answer) -> Chart {
    let attribution = (id == ChartId::Waterfall).then(|| hne_model::attribution::attribute(model));
    id.of_projection(
        run,
        Some((a.goal.from_t, &a.goal_year)),
        attribution.as_ref(),
    )
    .unwrap_or_else(|| data::deficit(run))
}

/// An SVG as a `data:` address for an `<img>` in a double-quoted attribute:
/// percent-encoded like `encodeURIComponent`, but keeping the characters
/// an SVG is mostly made of, so it stays small (a third smaller gzipped
/// than base64).
fn svg_data_uri(svg: &str) -> String {
    let mut out = String::from("data:image/svg+xml;charset=utf-8,");
    for b in svg.bytes() {
        if b.is_ascii_alphanumeric() || b" -_.~,:;=/()!*'".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The compact app's first screen (`?embed`) for `saved`, showing `chart`
/// (one of [`crate::embed::CHARTS`]; any other is the deficit, as the app
/// reads it): the title and the introduction, the verdict, the chart
/// and the deficits. `public/pre.js` fetches it for an embed's address, so
/// the host page shows the answer before the app loads. `None` when the
/// scenario cannot run.
pub fn embed_screen(saved: &Saved, chart: ChartId) -> Option<String> {
    let sc = &saved.scenario;
    let model = hne_model::Model::new(sc).ok()?;
    let run = hne_model::project(sc).ok()?;
    let a = verdict(sc, &model, &run, Goal::last(sc));
    let chart = lead_chart(chart, &model, &run, &a);
    Some(format!(
        "<div id=\"loading\" class=\"prerendered\"><main class=\"layout embedded\">\
<div class=\"embed-intro\"><h1>High Needs Explorer: {}</h1>\
<p>Does a plan bring the High Needs Block, the money for children and young people with special educational needs, back into balance? Move the levers below and see.</p></div>\
{}<p class=\"pre-note\" role=\"status\">Loading the levers, so you can change the plan…</p></main></div>",
        escape(&run.authority),
        lead(
            &a,
            &chart,
            sc.authority.deficit.stability_grant.plan_approved,
            &crate::answer::data_line(sc)
        ),
    ))
}

/// Every embed's first screen a build can write ahead: each built-in
/// authority and each published one in `published_dir` (the build's
/// `public/data/authorities/<version>/`), with no plan and with each
/// preset, showing each chart. Named `<authority>.<plan>.<chart>.html`, as
/// `public/pre.js` asks for them (`none` for no preset in the address).
pub fn embed_screens(published_dir: &std::path::Path) -> Vec<(String, String)> {
    let mut loaded = crate::published::Loaded::default();
    let mut ids: Vec<(String, String)> = hne_model::examples::NAMES
        .iter()
        .map(|n| (n.to_string(), n.to_string()))
        .collect();
    for e in &crate::published::index().authorities {
        let id = crate::published::base_id(&e.code);
        let Ok(text) = std::fs::read_to_string(published_dir.join(format!("{}.json", e.code)))
        else {
            continue;
        };
        if loaded.register(&id, &text).is_ok() {
            ids.push((e.code.clone(), id));
        }
    }
    let mut out = Vec::new();
    for (name, id) in &ids {
        let Some(start) = loaded.saved(id) else {
            continue;
        };
        // No preset and "unmitigated" are the same plan: pre.js asks for
        // "none" for both.
        for plan in ["none", "dbv", "safety_valve"] {
            let mut saved = start.clone();
            if plan != "none" {
                explorer::apply_preset(&mut saved, plan);
            }
            for chart in crate::embed::CHARTS {
                if let Some(html) = embed_screen(&saved, chart) {
                    out.push((format!("{name}.{plan}.{chart}.html"), html));
                }
            }
        }
    }
    out
}

/// The first visit's first screen.
pub fn first_visit() -> Option<String> {
    first_screen(&default_saved())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_chart_of_a_projection_is_drawn_by_one_builder_for_the_app_the_embed_and_the_screens_ahead(
    ) {
        let mut saved = Saved::example("example").unwrap();
        explorer::apply_preset(&mut saved, "dbv");
        let sc = &saved.scenario;
        let model = hne_model::Model::new(sc).unwrap();
        let run = hne_model::project(sc).unwrap();
        let attribution = hne_model::attribution::attribute(&model);
        let mut names: Vec<&str> = ChartId::ALL.iter().map(|c| c.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), ChartId::ALL.len(), "two charts share a name");
        for id in ChartId::ALL {
            assert_eq!(ChartId::from_name(id.name()), Some(id));
        }
        for id in ChartId::MAIN {
            // The app's memo and the screens ahead call this builder.
            let chart = id
                .of_projection(&run, Some((3, "2029-30")), Some(&attribution))
                .unwrap_or_else(|| panic!("{id} has no builder"));
            assert_eq!(chart.id, id);
            // An embed can ask for it by name, and its screen ahead shows it.
            assert!(
                crate::embed::CHARTS.contains(&id),
                "an embed cannot show {id}"
            );
            let e = crate::embed::from_query(&format!("?embed&chart={id}")).unwrap();
            assert_eq!(e.chart, id);
            let html = embed_screen(&saved, id).unwrap();
            assert!(html.contains(&escape(&chart.title)), "{id}: {html}");
        }
        // And the written-ahead screens cover every chart an embed shows.
        assert_eq!(crate::embed::CHARTS.len(), ChartId::MAIN.len());
        assert_eq!(ChartId::Tornado.of_projection(&run, None, None), None);
    }

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
        assert!(html.contains("src=\"data:image/svg+xml;charset=utf-8,%3Csvg"));
        // It is what the app removes when it mounts, and says why the levers
        // cannot move without JavaScript.
        assert!(html.starts_with("<div id=\"loading\""));
        assert!(html.contains("<noscript>"));
        // No inline style or script: the page's policy forbids them.
        assert!(!html.contains("style=") && !html.contains("<script"));
    }
}
