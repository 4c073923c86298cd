//! Workshop mode, with no server: a participant's code and QR code, and the
//! facilitator's comparison of everyone's codes (`hne_core::workshop`).

use leptos::prelude::*;

use super::ctx;
use hne_core::html;
use hne_core::{qr, workshop};

#[component]
pub fn Workshop() -> impl IntoView {
    let ctx = ctx();
    let details = NodeRef::<leptos::html::Details>::new();
    let open = RwSignal::new(false);
    // The code and its QR only while the section is open: no work on every
    // lever move otherwise.
    let mine = move || {
        if !open.get() {
            return String::new();
        }
        ctx.saved.with(|s| match workshop::code(s) {
            Ok(c) => format!(
                "<p class=\"code\" data-testid=\"workshop-code\">{}</p>{}",
                html::escape(&c),
                qr::encode(&c)
                    .map(|q| qr::svg(&q, &format!("QR code of {c}"), 180))
                    .unwrap_or_default()
            ),
            Err(why) => format!("<p class=\"note\">{}</p>", html::escape(&why)),
        })
    };
    let pasted = NodeRef::<leptos::html::Textarea>::new();
    let report = RwSignal::new(String::new());
    let compare = move |_| {
        if let Some(t) = pasted.get() {
            let text = t.value();
            // Plans on published authorities decode against their figures:
            // load each authority named first.
            let mut ids: Vec<String> = text
                .lines()
                .filter_map(|l| workshop::needed(l.rsplit_once(':').map_or(l, |(_, c)| c)))
                .collect();
            ids.sort();
            ids.dedup();
            leptos::task::spawn_local(async move {
                for id in ids.iter().take(workshop::MAX_CODES) {
                    let _ = crate::state::published::load(id).await;
                }
                let r = workshop::report(&text, |s| hne_model::project(&s.scenario).ok());
                report.set(workshop::report_html(&r));
            });
        }
    };
    view! {
        <details class="workshop" node_ref=details
            on:toggle=move |_| open.set(details.get().is_some_and(|d| d.open()))>
            <summary>"Workshop: share your plan as a code"</summary>
            <h3>"Your plan's code"</h3>
            <p class="hint">"Read it out, write it down or scan it: it carries this plan (levers and timetable) on this authority."</p>
            <div class="mine" inner_html=mine></div>
            <h3><label for="workshop-codes">"Facilitator: compare everyone's codes"</label></h3>
            <p class="hint">"Paste one code per line, with a name first if you like (Sam: W1-… or W2-…)."</p>
            <textarea id="workshop-codes" node_ref=pasted rows="6" spellcheck="false"></textarea>
            <p><button type="button" on:click=compare>"Compare the codes"</button></p>
            <div data-testid="workshop-report" inner_html=move || report.get()></div>
        </details>
    }
}
