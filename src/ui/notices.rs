//! Notices: what happened to a link or to saved work, in words, with a way
//! to act on it. A live region, so screen readers hear them.

use hne_core::session::Event;
use leptos::prelude::*;

use super::ctx;
use hne_core::state::Level;

#[component]
pub fn Notices() -> impl IntoView {
    let ctx = ctx();
    view! {
        <div class="notices" role="status" aria-live="polite">
            <For each=move || ctx.view.with(|v| v.notices.clone()) key=|(id, _)| *id let:item>
                {
                    let (id, n) = item;
                    let (class, label) = match n.level {
                        Level::Info => ("notice info", "Note: "),
                        Level::Warning => ("notice warning", "Warning: "),
                    };
                    view! {
                        <div class=class data-testid="notice">
                            <p><strong>{label}</strong>{n.text}</p>
                            <div class="notice-actions">
                                {n.offer_restore.then(|| view! {
                                    <button type="button" on:click=move |_| {
                                        ctx.dispatch(Event::Dismiss(id));
                                        ctx.restore_before_link();
                                    }>"Bring back my scenario"</button>
                                })}
                                <button type="button" on:click=move |_| { ctx.dispatch(Event::Dismiss(id)); }>"Dismiss"</button>
                            </div>
                        </div>
                    }
                }
            </For>
        </div>
    }
}
