//! "Calibrate from your history": paste or edit history rows, see the
//! growth they suggest and a back-cast chart, then accept or decline.

use hne_core::session::Event;
use leptos::prelude::*;

use super::{ctx, figures::Figures};
use hne_core::calibration;
use hne_core::charts::data::{Chart, ChartId};
use hne_core::format;
use hne_core::state::Notice;
use hne_model::calibrate::{calibrate, history_from_csv, Calibration};
use hne_model::schema::{HistoryRow, Problems};

#[component]
pub fn Calibrate() -> impl IntoView {
    let ctx = ctx();
    let text_ref = NodeRef::<leptos::html::Textarea>::new();
    let found = RwSignal::new(None::<(Vec<HistoryRow>, Calibration)>);
    let problems = RwSignal::new(Vec::<String>::new());
    // The text box starts with the scenario's own history, and follows it
    // when another authority or file is opened.
    let shown = Memo::new(move |_| ctx.saved.with(|s| calibration::history_csv(&s.scenario)));
    let suggest = move |_| {
        let text = text_ref.get().map(|t| t.value()).unwrap_or_default();
        let horizon = ctx.saved.with_untracked(|s| s.scenario.horizon);
        match history_from_csv(&text).and_then(|rows| calibrate(&rows, horizon).map(|c| (rows, c)))
        {
            Ok(pair) => {
                problems.set(Vec::new());
                found.set(Some(pair));
            }
            Err(Problems(ps)) => {
                found.set(None);
                problems.set(ps.iter().map(|p| p.to_string()).collect());
            }
        }
    };
    let accept = move |_| {
        if let Some((rows, c)) = found.get_untracked() {
            let mut next = ctx.saved.get_untracked();
            calibration::accept(&mut next.scenario, &c.suggested, rows);
            ctx.dispatch(Event::Replace(next));
            ctx.dispatch(Event::Notify(Notice::info(
                "The suggested growth rates are now the central assumptions. Undo takes them back.",
            )));
            found.set(None);
        }
    };
    let decline = move |_| found.set(None);
    let table = move || {
        found.with(|f| {
            let (_, c) = f.as_ref()?;
            let s = &c.suggested;
            let now = ctx.saved.with(|sv| sv.scenario.assumptions.clone());
            let rows = [
                ("Growth in new EHCPs (from growth in EHCPs)", s.new_plan_growth, now.new_plan_growth.central),
                ("Unit-cost inflation (from spend per EHCP)", s.cost_inflation, now.cost_inflation.central),
                ("High needs funding growth", s.funding_growth, now.funding_growth.central),
            ];
            Some(view! {
                <table data-testid="calibration">
                    <caption>"Growth a year suggested by your history"</caption>
                    <thead><tr><th scope="col">"Assumption"</th><th scope="col">"From your history"</th><th scope="col">"Central now"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(name, sug, cur)| view! {
                            <tr><th scope="row">{name}</th><td class="num">{format::percent(sug)}</td><td class="num">{format::percent(cur)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })
        })
    };
    let chart: Memo<Option<Chart>> =
        Memo::new(move |_| found.with(|f| f.as_ref().map(|(_, c)| calibration::backcast(c))));
    view! {
        <details class="calibrate">
            <summary>"Calibrate from your history"</summary>
            <p class="hint">"One row per financial year, oldest first: year, EHCPs, expenditure and funding in pounds, and the cumulative deficit if you have it. Paste from a spreadsheet as CSV, or edit the rows below."</p>
            <label for="history-text">"History (CSV)"</label>
            <textarea id="history-text" node_ref=text_ref rows="8" spellcheck="false" prop:value=move || shown.get()></textarea>
            <p><button type="button" on:click=suggest>"Suggest growth from this history"</button></p>
            <div class="problems" role="alert" data-testid="history-problems">
                {move || problems.with(|p| (!p.is_empty()).then(|| view! {
                    <p><strong>"Nothing was changed:"</strong></p>
                    <ul>{p.iter().map(|l| view! { <li>{l.clone()}</li> }).collect_view()}</ul>
                }))}
            </div>
            <div>{table}</div>
            <div hidden=move || found.with(|f| f.is_none())>
                <p class="buttons">
                    <button type="button" on:click=accept>"Accept: use these as the central assumptions"</button>
                    <button type="button" on:click=decline>"Decline"</button>
                </p>
                <Figures charts=vec![(ChartId::Backcast, chart)]/>
            </div>
        </details>
    }
}
