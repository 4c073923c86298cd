//! Component tests in a real browser (wasm-bindgen-test in headless Chromium):
//! each mounts components over a fresh [`Ctx`], acts as a user would through
//! the DOM, and reads the DOM back.
//!
//! Run: CHROMEDRIVER=/usr/bin/chromedriver \
//!   CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   cargo test --target wasm32-unknown-unknown --test web
#![cfg(target_arch = "wasm32")]

use high_needs_explorer::app::Ctx;
use high_needs_explorer::ui;
use hne_core::state::{startup, Notice};
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mount `f` under a fresh context in its own element; returns the element
/// and the context.
fn mount<V: IntoView + 'static>(f: impl Fn() -> V + 'static) -> (web_sys::HtmlElement, Ctx) {
    let doc = document();
    let host: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    host.style().set_property("width", "900px").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    let ctx_cell = std::rc::Rc::new(std::cell::Cell::new(None));
    let cell = ctx_cell.clone();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        // The example with no plan (a first visit opens a typical plan).
        let loaded = hne_core::published::Loaded::default();
        let mut start = startup("", None, &loaded);
        start.saved = hne_core::state::saved::Saved::example("example").unwrap();
        let ctx = Ctx::new(start, loaded);
        provide_context(ctx);
        cell.set(Some(ctx));
        f()
    });
    handle.forget();
    (host, ctx_cell.get().unwrap())
}

/// Let the browser run its queued tasks (a details element's toggle event).
async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

fn text(host: &web_sys::HtmlElement, selector: &str) -> String {
    host.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn input(host: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlInputElement {
    host.query_selector(selector)
        .unwrap()
        .unwrap()
        .unchecked_into()
}

fn fire(el: &web_sys::HtmlElement, event: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict(event, &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn headline_shows_the_example_and_follows_a_preset() {
    let (host, ctx) = mount(|| view! { <ui::headline::Headline/> });
    tick().await;
    assert_eq!(
        text(&host, "[data-testid=deficit-horizon] .value"),
        "£323.8m"
    );
    assert!(text(&host, "[data-testid=deficit-horizon] .change").contains("same as with no plan"));
    ctx.dispatch(hne_core::session::Event::Preset("dbv".into()));
    tick().await;
    assert_eq!(
        text(&host, "[data-testid=deficit-horizon] .value"),
        "£184.7m"
    );
    let change = text(&host, "[data-testid=deficit-horizon] .change");
    assert!(
        change.contains("▼ £139.1m lower than with no plan"),
        "{change}"
    );
    // Better than with no plan, but the plan misses its goal: said in
    // words, and not in success's colour.
    assert!(
        change.contains("(better than with no plan, but the plan misses its goal)"),
        "the verdict is in words too: {change}"
    );
}

#[wasm_bindgen_test]
async fn a_slider_moves_the_lever_and_one_change_is_one_undo_step() {
    let (host, ctx) = mount(|| view! { <ui::levers::Levers/> <ui::headline::Headline/> });
    tick().await;
    // The levers' groups follow one paint at a time.
    sleep(150).await;
    let slider = input(&host, "#demand-range");
    for v in ["10", "20", "30"] {
        slider.set_value(v);
        fire(&slider, "input");
    }
    fire(&slider, "change");
    tick().await;
    tick().await;
    assert_eq!(
        ctx.saved.with_untracked(|s| s.scenario.levers.demand.value),
        0.3
    );
    assert_eq!(input(&host, "#demand-number").value(), "30");
    assert!(ctx.view.with_untracked(|v| v.can_undo));
    ctx.dispatch(hne_core::session::Event::Undo);
    tick().await;
    assert_eq!(
        ctx.saved.with_untracked(|s| s.scenario.levers.demand.value),
        0.0
    );
    assert_eq!(
        text(&host, "[data-testid=deficit-horizon] .value"),
        "£323.8m"
    );
    assert!(
        !ctx.view.with_untracked(|v| v.can_undo),
        "three input events and one change are one step"
    );
}

#[wasm_bindgen_test]
async fn a_number_field_refuses_what_is_not_a_number() {
    let (host, ctx) = mount(|| view! { <ui::levers::Levers/> });
    tick().await;
    sleep(150).await;
    let field = input(&host, "#transfer-number");
    field.set_value("");
    fire(&field, "change");
    tick().await;
    assert!(text(&host, "#transfer-note").contains("not a number"));
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        ctx.saved
            .with_untracked(|s| s.scenario.levers.transfer.value),
        0.0
    );
    field.set_value("0.75");
    fire(&field, "change");
    tick().await;
    assert_eq!(
        ctx.saved
            .with_untracked(|s| s.scenario.levers.transfer.value),
        0.0075
    );
    assert!(text(&host, "#transfer-note").is_empty());
    let warning = host.query_selector(".warning-text").unwrap().unwrap();
    assert!(
        !warning.has_attribute("hidden"),
        "above 0.5% the approval note shows"
    );
}

#[wasm_bindgen_test]
async fn charts_paint_and_carry_their_words_and_tables() {
    let (host, ctx) = mount(|| {
        let charts = expect_context::<high_needs_explorer::app::Ctx>()
            .charts
            .to_vec();
        view! { <ui::figures::Figures charts/> }
    });
    tick().await;
    tick().await;
    // The waterfall's attribution follows the first paint, in a task of its
    // own.
    sleep(100).await;
    // Every chart of the projection (ChartId::MAIN, the same list the
    // embed and the screens written ahead draw from) is drawn, by its name.
    use hne_core::charts::data::ChartId;
    let painted =
        js_sys::Reflect::get(&web_sys::window().unwrap(), &"__hnePainted".into()).unwrap();
    for id in ChartId::MAIN {
        assert!(
            host.query_selector(&format!("figure[data-chart={id}] canvas"))
                .unwrap()
                .is_some(),
            "{id} has no figure"
        );
        assert!(
            js_sys::Reflect::has(&painted, &id.name().into()).unwrap(),
            "{id} was not painted"
        );
    }
    let canvases = host.query_selector_all("canvas").unwrap();
    assert_eq!(canvases.length() as usize, ChartId::MAIN.len());
    for i in 0..canvases.length() {
        let c: web_sys::HtmlCanvasElement = canvases.item(i).unwrap().unchecked_into();
        assert!(c.width() >= 300, "canvas {i} is {}px wide", c.width());
        assert!(c.get_attribute("aria-label").is_some_and(|l| l.len() > 20));
    }
    let rows = || {
        host.query_selector_all("figure[data-chart=deficit] tbody tr")
            .unwrap()
            .length()
    };
    assert_eq!(rows(), 0, "the table is built when it is opened");
    let details: web_sys::HtmlDetailsElement = host
        .query_selector("figure[data-chart=deficit] details.data")
        .unwrap()
        .unwrap()
        .unchecked_into();
    details.set_open(true);
    sleep(50).await;
    tick().await;
    assert_eq!(rows(), 7, "base year and six projection years");
    ctx.dispatch(hne_core::session::Event::Preset("safety_valve".into()));
    tick().await;
    sleep(100).await;
    let summary = text(&host, "figure[data-chart=waterfall] .summary");
    assert!(summary.contains("saves"), "{summary}");
}

#[wasm_bindgen_test]
async fn notices_show_and_dismiss() {
    let (host, ctx) = mount(|| view! { <ui::notices::Notices/> });
    ctx.dispatch(hne_core::session::Event::Notify(Notice::warning(
        "The link is damaged.",
    )));
    tick().await;
    assert!(text(&host, "[data-testid=notice]").contains("Warning: The link is damaged."));
    let dismiss: web_sys::HtmlElement = host
        .query_selector("[data-testid=notice] button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    dismiss.click();
    tick().await;
    assert!(host
        .query_selector("[data-testid=notice]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn toolbar_undo_is_disabled_until_there_is_something_to_undo() {
    let (host, ctx) = mount(|| view! { <ui::toolbar::Toolbar/> });
    tick().await;
    let select: web_sys::HtmlSelectElement = host
        .query_selector("#authority")
        .unwrap()
        .unwrap()
        .unchecked_into();
    // Until the list is built (after the first paint) the switcher holds
    // the authority's name alone.
    assert_eq!(select.length(), 1);
    assert_eq!(
        text(&host, "#authority option"),
        hne_core::explorer::base_label(Some("example"))
    );
    sleep(100).await;
    assert!(select.length() > 150, "{} options", select.length());
    assert_eq!(select.value(), "example");
    let undo = |host: &web_sys::HtmlElement| {
        let buttons = host.query_selector_all("button").unwrap();
        (0..buttons.length())
            .map(|i| {
                buttons
                    .item(i)
                    .unwrap()
                    .unchecked_into::<web_sys::HtmlButtonElement>()
            })
            .find(|b| b.text_content().as_deref() == Some("Undo"))
            .unwrap()
    };
    assert!(undo(&host).disabled());
    ctx.dispatch(hne_core::session::Event::Preset("dbv".into()));
    tick().await;
    assert!(!undo(&host).disabled());
    select.set_value("cambridgeshire");
    fire(&select, "change");
    tick().await;
    assert_eq!(
        ctx.saved.with_untracked(|s| s.base.clone()).as_deref(),
        Some("cambridgeshire")
    );
}

#[wasm_bindgen_test]
async fn the_grant_switch_beside_the_verdict_changes_what_the_council_carries() {
    let (host, ctx) = mount(|| view! { <ui::answer::Carries/> <ui::answer::Deficits/> });
    tick().await;
    let carries = text(&host, "[data-testid=carries]");
    assert!(
        carries.contains("carries £33.7m, after the High Needs Stability Grant pays 90% of its £38.0m deficit at 31 March 2026"),
        "{carries}"
    );
    let switch = input(&host, "#grant-approved");
    assert!(switch.checked(), "on unless the user unticks it");
    switch.set_checked(false);
    fire(&switch, "change");
    tick().await;
    assert!(!ctx.saved.with_untracked(|s| s
        .scenario
        .authority
        .deficit
        .stability_grant
        .plan_approved));
    let carries = text(&host, "[data-testid=carries]");
    assert!(
        carries.contains("with no High Needs Stability Grant"),
        "{carries}"
    );
    assert!(
        ctx.view.with_untracked(|v| v.can_undo),
        "unticking is one undo step"
    );
    ctx.dispatch(hne_core::session::Event::Undo);
    tick().await;
    assert!(input(&host, "#grant-approved").checked());
    assert!(text(&host, "[data-testid=data-line]").starts_with("Figures:"));
}
