//! What the words mean (`hne_core::glossary`), at the foot of the page.

use leptos::prelude::*;

#[component]
pub fn Glossary() -> impl IntoView {
    view! {
        <details class="glossary" id="glossary">
            <summary>"What the words mean"</summary>
            <dl>
                {hne_core::glossary::TERMS.iter().map(|(term, meaning)| view! {
                    <dt>{*term}</dt>
                    <dd>{*meaning}</dd>
                }).collect_view()}
            </dl>
        </details>
    }
}
