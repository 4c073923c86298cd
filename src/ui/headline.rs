//! The headline figures on the page: the live region and the cards (the
//! figures themselves come from `hne_core::headline`).

use leptos::prelude::*;

use super::ctx;
use hne_core::headline::{announcement, bands, figures};
use hne_core::html::{cards, Card};

#[component]
pub fn Headline() -> impl IntoView {
    let ctx = ctx();
    // One polite live region for the headline figures, spoken a second
    // after the last change (not on every step of a slider), and not at
    // start: a screen reader reads the page then.
    let spoken = RwSignal::new(String::new());
    let waiting = StoredValue::new(0u32);
    Effect::new(move |first: Option<()>| {
        let text = ctx.with_run(announcement);
        if first.is_none() {
            return;
        }
        let n = waiting.get_value() + 1;
        waiting.set_value(n);
        set_timeout(
            move || {
                if waiting.get_value() == n {
                    spoken.set(text.unwrap_or_default());
                }
            },
            std::time::Duration::from_millis(1000),
        );
    });
    let error = move || {
        ctx.computed
            .with(|c| c.0.as_ref().as_ref().err().map(|p| p.to_string()))
    };
    let who = move || ctx.with_run(|r| r.authority.clone()).unwrap_or_default();
    // Each figure's likely range, from the Monte Carlo: its own line under
    // the figure, so the cards are not rebuilt when a move restarts the
    // runs or they finish. While a move's runs are worked out, the last
    // ranges stay, marked busy (as the chance of balance is): taking the
    // lines out and putting them back made every card, and all below them,
    // jump on each move.
    let ranges = Memo::new(move |_| {
        ctx.fan
            .with(|f| f.as_ref().map(|u| bands(&u.0)))
            .unwrap_or_default()
    });
    let updating = move || (!ctx.fan_ready.get()).to_string();
    let cards_now = Memo::new(move |_| {
        let figs = ctx.with_run(figures).unwrap_or_default();
        let succeeds = ctx
            .answer
            .with(|a| a.as_ref().is_some_and(|a| a.standing.met));
        cards(&figs, succeeds)
    });
    view! {
        <section class="headline" aria-labelledby="headline-title">
            <h2 id="headline-title">"Headline figures"</h2>
            <p class="who">{who}</p>
            <p class="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="announce">{move || spoken.get()}</p>
            <p class="hint">"Each figure uses the central assumptions. Under it, its likely range: the middle 8 in 10 of the model's runs, from ranges fitted to past forecasts (see "<a href="#uncertainty-title">"How sure can we be?"</a>")."</p>
            <p class="warning-text" role="alert" hidden=move || error().is_none()>
                {move || error().map(|e| format!("The model cannot run this scenario: {e}"))}
            </p>
            <dl class="figures" aria-busy=updating>
                // Each card is built once (by its figure's id) and its words
                // change in place on a move: nothing is taken out of the
                // page and put back, which the browser would lay out again.
                <For each=move || cards_now.with(|v| v.iter().map(|c| c.id).collect::<Vec<_>>()) key=|id| *id let:id>
                    {
                        let card = move |f: fn(&Card) -> String| {
                            cards_now.with(|v| v.iter().find(|c| c.id == id).map(f).unwrap_or_default())
                        };
                        let range = move || ranges.with(|b| b.iter().find(|(i, _)| *i == id).map(|(_, r)| r.clone()));
                        view! {
                            <div class=move || card(|c| format!("figure {}", c.verdict)) data-testid=id
                                data-value=move || cards_now.with(|v| v.iter().find(|c| c.id == id).and_then(|c| c.raw).map(|v| v.to_string()))>
                                <dt>{move || card(|c| c.label.clone())}</dt>
                                <dd class="value">{move || card(|c| c.value.clone())}</dd>
                                <dd class="change">{move || card(|c| c.change.clone())}<span class="sr-only">{move || card(|c| format!(" ({})", c.spoken))}</span></dd>
                                {move || range().map(|r| view! { <dd class="range">{r}</dd> })}
                            </div>
                        }
                    }
                </For>
            </dl>
        </section>
    }
}
