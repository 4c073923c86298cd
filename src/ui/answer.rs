//! The answer first (`hne_core::answer`): does the plan bring the High
//! Needs Block back into balance, by when, and if not, what would it take?
//! The goal (in-year balance from a chosen year) is the user's.

use leptos::prelude::*;

use super::ctx;
use hne_core::answer::{answer, goal_years, take_words, Goal};

#[component]
pub fn Answer() -> impl IntoView {
    let ctx = ctx();
    let result = Memo::new(move |_| {
        let goal = ctx.goal.get();
        ctx.saved.with(|s| {
            ctx.with_run(|r| {
                let g = goal.map_or_else(|| Goal::last(&s.scenario), |from_t| Goal { from_t });
                answer(&s.scenario, r, g)
            })
            .flatten()
        })
    });
    let years = Memo::new(move |_| ctx.saved.with(|s| goal_years(&s.scenario)));
    view! {
        <section class="answer" aria-labelledby="answer-title">
            <h2 id="answer-title">"Does this plan work?"</h2>
            {move || result.get().map(|a| {
                let met = a.standing.met;
                view! {
                    <p class=if met { "verdict met" } else { "verdict missed" } data-testid="verdict">
                        <strong class="tag">{if met { "Yes." } else { "Not yet." }}</strong>" "{a.verdict.clone()}
                    </p>
                    <p class="deficits">{a.deficits.clone()}</p>
                }
            })}
            <p class="goal">
                <label for="goal-year">"The goal: in-year balance from "</label>
                <select id="goal-year" on:change=move |ev| {
                    let v = event_target_value(&ev).parse::<usize>().ok();
                    ctx.goal.set(v);
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
            {move || result.with(|a| a.as_ref().map(take_words)).filter(|w| !w.is_empty()).map(|words| view! {
                <h3>"What it would take"</h3>
                <ul class="take" data-testid="take">
                    {words.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                </ul>
            })}
        </section>
    }
}
