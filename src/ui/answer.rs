//! The answer first (`hne_core::answer`): does the plan bring the High
//! Needs Block back into balance, by when, and if not, what would it take?
//! The goal (in-year balance from a chosen year) is the user's.

use hne_core::session::Event;
use leptos::prelude::*;

use super::ctx;
use hne_core::answer::{goal_years, take_words};

/// The verdict: at the top, with the lead chart and the deficits under it.
#[component]
pub fn Answer() -> impl IntoView {
    let ctx = ctx();
    let result = ctx.answer;
    view! {
        <section class="answer" aria-labelledby="answer-title">
            <h2 id="answer-title">"Does this plan work?"</h2>
            {move || result.get().map(|a| {
                let met = a.standing.met;
                view! {
                    <p class=if met { "verdict met" } else { "verdict missed" } data-testid="verdict">
                        <strong class="tag">{if met { "Yes." } else { "Not yet." }}</strong>" "{a.verdict.clone()}
                    </p>
                }
            })}
        </section>
    }
}

/// The cumulative deficit at 31 March 2028 and at the end, in words: under
/// the lead chart, so a phone shows the verdict and the chart first.
/// What the council carries at 31 March 2028 after the High Needs
/// Stability Grant: on a wide screen between the verdict and its chart
/// (style/main.css), on a phone under the chart.
#[component]
pub fn Carries() -> impl IntoView {
    let ctx = ctx();
    view! {
        <p class="carries" data-testid="carries">{move || ctx.answer.with(|a| a.as_ref().map(|a| a.carries.clone()))}</p>
    }
}

/// The switch (the reform plan approved, so the grant is paid), what the
/// figures are and how fresh, and the deficits in words.
#[component]
pub fn Deficits() -> impl IntoView {
    let ctx = ctx();
    let approved = Memo::new(move |_| {
        ctx.saved
            .with(|s| s.scenario.authority.deficit.stability_grant.plan_approved)
    });
    let data = Memo::new(move |_| ctx.saved.with(|s| hne_core::answer::data_line(&s.scenario)));
    view! {
            <p class="grant-switch">
            <input type="checkbox" id="grant-approved" data-testid="grant-approved"
                prop:checked=move || approved.get()
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    ctx.dispatch(Event::PlanApproved(on));
                    ctx.dispatch(Event::Commit);
                }/>
            <label for="grant-approved">"Our local special educational needs and disabilities (SEND) reform plan is approved, so the High Needs Stability Grant is paid (assumed: untick to see the deficit without it)"</label>
        </p>
        <p class="data-line" data-testid="data-line">{move || data.get()}</p>
        <p class="deficits" data-testid="deficits">{move || ctx.answer.with(|a| a.as_ref().map(|a| a.deficits.clone()))}</p>
    }
}

/// The goal, and what it would take for a plan that misses it.
#[component]
pub fn Take() -> impl IntoView {
    let ctx = ctx();
    let result = ctx.answer;
    let years = Memo::new(move |_| ctx.saved.with(|s| goal_years(&s.scenario)));
    // Worked out after the verdict has painted (Ctx::take).
    let words = move || {
        ctx.take
            .with(|a| a.as_ref().map(take_words))
            .unwrap_or_default()
    };
    view! {
        <section class="take-panel" aria-labelledby="take-title">
            <h2 id="take-title">"The goal, and what it would take"</h2>
            <p class="goal">
                <label for="goal-year">"The goal: in-year balance from "</label>
                <select id="goal-year" on:change=move |ev| {
                    let v = event_target_value(&ev).parse::<usize>().ok();
                    ctx.dispatch(Event::Goal(v));
                }>
                    {move || {
                        let chosen = result.with(|a| a.as_ref().map(|a| a.goal.from_t));
                        years.get().into_iter().map(|(t, label)| view! {
                            <option value=t.to_string() selected=chosen == Some(t)>{label}</option>
                        }).collect_view()
                    }}
                </select>
                " and every year after it, as a Safety Valve agreement with the Department for Education asks."
            </p>
            {move || {
                let w = words();
                if w.is_empty() {
                    view! { <p data-testid="take">"This plan meets the goal: nothing more is needed at the central assumptions (see How sure can we be?)."</p> }.into_any()
                } else {
                    view! {
                        <ul class="take" data-testid="take">
                            {w.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// The verdict in a few words, in a bar that stays at the foot of the screen
/// while the levers are on it (on a phone, and in the embed), so a lever's
/// effect is seen without scrolling. Screen readers hear the headline
/// figures' live region instead, so the bar is hidden from them.
#[component]
pub fn StickyAnswer() -> impl IntoView {
    let ctx = ctx();
    let brief = move || {
        ctx.answer.with(|a| {
            a.as_ref().map(|a| {
                let end = ctx
                    .with_run(|r| {
                        hne_core::format::deficit(r.scenario.metrics.deficit_at_horizon_pounds)
                    })
                    .unwrap_or_default();
                (
                    a.standing.met,
                    a.brief.clone(),
                    format!("Deficit at the end of {}: {end}", a.last_year),
                )
            })
        })
    };
    view! {
        <div class="sticky-answer" aria-hidden="true" data-testid="sticky-answer">
            {move || brief().map(|(met, words, deficit)| view! {
                <strong class=if met { "met" } else { "missed" }>{words}</strong>
                <span>{deficit}</span>
            })}
        </div>
    }
}
