//! Workshop mode, with no server: a participant's code and QR code, and the
//! facilitator's comparison of everyone's codes (`hne_core::workshop`).

use leptos::prelude::*;

use super::ctx;
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
            return None;
        }
        Some(ctx.saved.with(|s| match workshop::code(s) {
            Ok(c) => {
                let qr = qr::encode(&c).map(|q| {
                    let n = q.size + 8;
                    view! {
                        <svg xmlns="http://www.w3.org/2000/svg" class="qr" role="img" aria-label=format!("QR code of {c}")
                            width="180" height="180" viewBox=format!("0 0 {n} {n}") shape-rendering="crispEdges">
                            <rect width=n height=n fill="#fff"/>
                            <path fill="#000" d=qr::path(&q)/>
                        </svg>
                    }
                });
                view! { <p class="code" data-testid="workshop-code">{c.clone()}</p>{qr} }.into_any()
            }
            Err(why) => view! { <p class="note">{why}</p> }.into_any(),
        }))
    };
    let pasted = NodeRef::<leptos::html::Textarea>::new();
    let report = RwSignal::new(None::<workshop::Report>);
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
                report.set(Some(r));
            });
        }
    };
    view! {
        <details class="workshop" node_ref=details
            on:toggle=move |_| open.set(details.get().is_some_and(|d| d.open()))>
            <summary>"Workshop: share your plan as a code"</summary>
            <h3>"Your plan's code"</h3>
            <p class="hint">"Read it out, write it down or scan it: it carries this plan (levers and timetable) on this authority."</p>
            <div class="mine">{mine}</div>
            <h3><label for="workshop-codes">"Facilitator: compare everyone's codes"</label></h3>
            <p class="hint">"Paste one code per line, with a name first if you like (Sam: W1-… or W2-…)."</p>
            <textarea id="workshop-codes" node_ref=pasted rows="6" spellcheck="false"></textarea>
            <p><button type="button" on:click=compare>"Compare the codes"</button></p>
            <div data-testid="workshop-report">{move || report.get().map(room)}</div>
        </details>
    }
}

/// The room's results: problems by line, the levers across participants,
/// and the participants ranked.
fn room(r: workshop::Report) -> impl IntoView {
    let problems = (!r.problems.is_empty()).then(|| {
        view! {
            <ul class="problems">
                {r.problems.iter().map(|(line, why)| view! { <li>{format!("Line {line}: {why}")}</li> }).collect_view()}
            </ul>
        }
    });
    if r.ranked.is_empty() {
        return view! { {problems}<p>"No codes read yet."</p> }.into_any();
    }
    let unit = |u: &str| {
        if u.is_empty() {
            String::new()
        } else {
            format!(" {u}")
        }
    };
    view! {
        {problems}
        {r.mixed.then(|| view! { <p class="note">"These codes are on more than one authority: compare the levers with care."</p> })}
        <div class="table-wrap" tabindex="0" role="region" aria-label="Levers across participants">
            <table data-testid="workshop-levers">
                <caption>{format!("The levers across {} participants", r.ranked.len())}</caption>
                <thead><tr><th scope="col">"Lever"</th><th scope="col">"Lowest"</th><th scope="col">"Median"</th><th scope="col">"Highest"</th><th scope="col">"Moved it"</th></tr></thead>
                <tbody>
                    {r.levers.iter().map(|(name, u, lo, mid, hi, moved)| {
                        let u = unit(u);
                        view! {
                            <tr><th scope="row">{*name}</th>
                                <td class="num">{format!("{}{u}", workshop::shown(*lo))}</td>
                                <td class="num">{format!("{}{u}", workshop::shown(*mid))}</td>
                                <td class="num">{format!("{}{u}", workshop::shown(*hi))}</td>
                                <td class="num">{*moved}</td></tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Participants ranked">
            <table data-testid="workshop-ranked">
                <caption>"Participants, lowest deficit first"</caption>
                <thead><tr><th scope="col">"Rank"</th><th scope="col">"Participant"</th><th scope="col">"Deficit at the end"</th><th scope="col">"In-year balance"</th></tr></thead>
                <tbody>
                    {r.ranked.iter().enumerate().map(|(i, (label, deficit, year, _))| view! {
                        <tr><td class="num">{i + 1}</td><th scope="row">{label.clone()}</th><td class="num">{hne_core::format::pounds(*deficit)}</td><td>{year.clone()}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
