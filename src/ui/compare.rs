//! How a published authority compares with its ten most similar
//! authorities, its region and England (`hne_core::published::compare`).

use leptos::prelude::*;

use super::ctx;
use hne_core::published;

#[component]
pub fn Compare() -> impl IntoView {
    let ctx = ctx();
    let data = Memo::new(move |_| {
        // Follows the comparisons' arrival as well as the authority.
        ctx.loaded.with(|l| {
            ctx.saved
                .with(|s| s.base.as_deref().and_then(|b| published::compare(l, b)))
        })
    });
    move || {
        data.get().map(|c| {
            let rows = published::table(&c);
            let region = c.region.0.clone();
            let name = c.name.clone();
            let similar = c.similar.clone();
            view! {
                <section class="compare-authorities" aria-labelledby="compare-title">
                    <h2 id="compare-title">{format!("How {} compares", c.name)}</h2>
                    <p>{format!(
                        "{} beside its region, England and its ten most similar authorities: {}. \"Similar authorities\" is the middle value of the ten. Shares of EHCPs are at January 2026 (independent: independent and non-maintained special schools); growth is a year from January 2019 to January 2026; spend is 2024-25 per EHCP in January 2025, like for like with section 251.",
                        c.name, c.similarity
                    )}</p>
                    <div class="table-wrap" tabindex="0" role="region" aria-label=format!("{}: the comparison as a table", c.name)>
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">"Figure"</th>
                                    <th scope="col">{name}</th>
                                    <th scope="col">"Similar authorities"</th>
                                    <th scope="col">{region}</th>
                                    <th scope="col">"England"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|(label, cells)| view! {
                                    <tr>
                                        <th scope="row">{label}</th>
                                        {cells.into_iter().map(|v| view! { <td class="num">{v}</td> }).collect_view()}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <p class="similar-list">"The ten similar authorities, nearest first: "
                        {similar.into_iter().enumerate().map(|(i, (code, n, _))| {
                            let id = published::base_id(&code);
                            view! {
                                {(i > 0).then_some(", ")}
                                <button type="button" class="link-button"
                                    on:click=move |_| ctx.choose_published(id.clone())>{n}</button>
                            }
                        }).collect_view()}
                        ". Choose one to open it."
                    </p>
                    <p>{published::summed_words(&c)}</p>
                    <p class="source">"Source: High Needs Explorer's published authority data (SEN2 EHCPs, section 251 spend). Contains public sector information licensed under the Open Government Licence v3.0."</p>
                </section>
            }
        })
    }
}
