//! Workshops with no server (`hne_core::workshop`): the facilitator's room
//! (the question, the session code, plans read from QR codes, the room's
//! chart and ranking) and a participant's side (the session's levers, their
//! plan's code and QR code).

use hne_core::session::Event;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::ctx;
use crate::app::Ctx;
use crate::state::{browser, pixels};
use hne_core::answer::goal_years;
use hne_core::charts::data::{Chart, ChartId};
use hne_core::explorer::Control;
use hne_core::state::saved::Saved;
use hne_core::state::Notice;
use hne_core::workshop::{self, Entry, On, Room, Session};
use hne_core::{format, qr};
use hne_model::LeverId;

/// The workshop's state, shared by the toolbar, the levers and the room.
#[derive(Clone, Copy)]
pub struct Workshop {
    /// The facilitator's room is on screen (in place of the explorer).
    pub room_open: RwSignal<bool>,
    /// The "join a workshop" form is open.
    pub joining: RwSignal<bool>,
    /// This person has joined a session: its set-up.
    pub joined: RwSignal<Option<Session>>,
    /// A participant's name, carried with their code.
    pub name: RwSignal<String>,
    /// The facilitator's question: the goal's year and the levers in play.
    pub goal_t: RwSignal<Option<usize>>,
    pub in_play: RwSignal<u16>,
    /// Codes read so far, in the order they came.
    pub entries: RwSignal<Vec<Entry>>,
    /// Pictures in which no code could be read.
    pub unread: RwSignal<Vec<String>>,
}

impl Workshop {
    pub fn new() -> Workshop {
        Workshop {
            room_open: RwSignal::new(false),
            joining: RwSignal::new(false),
            joined: RwSignal::new(None),
            name: RwSignal::new(String::new()),
            goal_t: RwSignal::new(None),
            in_play: RwSignal::new(LeverId::ALL_MASK),
            entries: RwSignal::new(Vec::new()),
            unread: RwSignal::new(Vec::new()),
        }
    }

    /// Whether a lever is shown: every lever, unless this person is in a
    /// session that leaves it out.
    pub fn shows(&self, c: Control) -> bool {
        self.joined.with(|j| match (j, c) {
            (Some(s), Control::Lever(id)) => s.plays(id),
            _ => true,
        })
    }
}

impl Default for Workshop {
    fn default() -> Self {
        Workshop::new()
    }
}

pub fn ws() -> Workshop {
    use_context::<Workshop>().unwrap_or_default()
}

/// The session the facilitator's set-up makes: the figures now on screen.
fn session_of(ctx: Ctx, w: Workshop) -> Session {
    let loaded = ctx.loaded.get();
    ctx.saved.with(|s| Session {
        on: On::of(s, &loaded),
        goal_t: w
            .goal_t
            .get()
            .or(ctx.goal.get())
            .unwrap_or(s.scenario.horizon)
            .clamp(1, s.scenario.horizon.clamp(1, 15)),
        in_play: w.in_play.get(),
    })
}

/// Join a session from its code (or a link holding it): its figures, with
/// every lever neutral, its goal, and only its levers in play.
pub fn join(ctx: Ctx, w: Workshop, code: String) -> Result<(), String> {
    join_keeping(ctx, w, code, false)
}

/// [`join`]; with `keep`, a plan already on the session's figures stays
/// (a reload of a session this browser had joined).
fn join_keeping(ctx: Ctx, w: Workshop, code: String, keep: bool) -> Result<(), String> {
    let session = Session::read(&code)?;
    spawn_local(async move {
        if let Some(id) = session
            .on
            .base_id()
            .filter(|_| matches!(session.on, On::Published(_)))
        {
            match crate::state::published::load(&id, &ctx.loaded.get_untracked()).await {
                Ok(Some(s)) => {
                    ctx.dispatch(Event::Published(id, s));
                }
                Ok(None) => {}
                Err(why) => {
                    ctx.dispatch(Event::Notify(Notice::warning(format!(
                        "The workshop's authority could not be loaded: {why}."
                    ))));
                    return;
                }
            }
        }
        let own = ctx.saved.get_untracked();
        let same = match session.on {
            On::Own(fp) => workshop::fingerprint(&own.scenario) == fp,
            on => on.base_id() == own.base,
        };
        match session.on.start(Some(&own), &ctx.loaded.get_untracked()) {
            Ok(start) => {
                if !(keep && same) {
                    ctx.dispatch(Event::Replace(start));
                }
                ctx.dispatch(Event::Goal(Some(session.goal_t)));
                w.joined.set(Some(session));
                w.joining.set(false);
            }
            Err(why) => {
                ctx.dispatch(Event::Notify(Notice::warning(format!(
                    "This workshop cannot start here: {why}."
                ))));
            }
        }
    });
    Ok(())
}

/// A participant's side: the session, their name and their plan's code.
#[component]
pub fn Joined() -> impl IntoView {
    let ctx = ctx();
    let w = ws();
    let show = RwSignal::new(false);
    // The code and its QR code only while shown: no work on the way from a
    // move to its paint otherwise.
    let code = Memo::new(move |_| {
        w.joined.get()?;
        show.get().then(|| {
            ctx.loaded
                .with(|l| ctx.saved.with(|s| workshop::code(s, l)))
        })
    });
    let question = move || {
        let s = w.joined.get()?;
        Some(ctx.saved.with(|sv| s.question(&sv.scenario)))
    };
    move || {
        w.joined.get().is_some().then(|| {
            view! {
                <section class="joined" aria-labelledby="joined-title" data-testid="joined">
                    <h2 id="joined-title">"Your workshop plan"</h2>
                    <p>{question}</p>
                    <div class="field">
                        <label for="participant-name">"Your name or table (the facilitator sees it with your plan)"</label>
                        <input id="participant-name" type="text" maxlength="40" autocomplete="name"
                            prop:value=move || w.name.get()
                            on:input=move |ev| w.name.set(workshop::tidy_name(&event_target_value(&ev))) />
                    </div>
                    <p>
                        <button type="button" aria-expanded=move || show.get().to_string() aria-controls="my-code"
                            on:click=move |_| show.update(|s| *s = !*s)>
                            {move || if show.get() { "Hide my code" } else { "Show my code to the facilitator" }}
                        </button>
                        " "
                        <button type="button" on:click=move |_| w.joined.set(None)>"Leave the workshop"</button>
                    </p>
                    <div id="my-code" class="my-code" hidden=move || !show.get()>
                        {move || code.get().map(|c| {
                            let text = workshop::labelled(&w.name.get(), &c.code);
                            view! {
                                {qr_svg(&text, 260)}
                                <div>
                                    <p class="code" data-testid="workshop-code">{c.code.clone()}</p>
                                    <p class="hint">"The facilitator scans this, or you read it out. It changes as you move the levers: show it when your plan is ready."</p>
                                    {(!c.exact).then(|| view! { <p class="note">"A lever holds a value finer than a hundredth of its unit (from a file): the code rounds it, so the facilitator's figures may differ slightly from yours."</p> })}
                                    {(!c.all_carried).then(|| view! { <p class="note">"You have changed figures or assumptions: the code carries only your levers and timetable, so the facilitator sees your plan on the session's figures."</p> })}
                                </div>
                            }
                        })}
                    </div>
                </section>
            }
        })
    }
}

/// A QR code of `text`, `px` pixels square, with its text as its name.
fn qr_svg(text: &str, px: u32) -> impl IntoView {
    let q = qr::encode(text);
    let label = format!("QR code of {text}");
    q.map(|q| {
        let n = q.size + 8;
        view! {
            <svg xmlns="http://www.w3.org/2000/svg" class="qr" role="img" aria-label=label
                width=px height=px viewBox=format!("0 0 {n} {n}") shape-rendering="crispEdges">
                <rect width=n height=n fill="#fff"/>
                <path fill="#000" d=qr::path(&q)/>
            </svg>
        }
    })
}

/// Open or close the workshop panel (join with a code, or run the room),
/// its field focused.
pub fn toggle_panel(w: Workshop) {
    w.joining.update(|j| *j = !*j);
    if w.joining.get_untracked() {
        w.room_open.set(false);
        request_animation_frame(|| {
            use wasm_bindgen::JsCast;
            if let Some(f) = document()
                .get_element_by_id("session-code")
                .and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = f.focus();
            }
        });
    }
}

/// "Join a workshop": a session code typed or pasted; or run one.
#[component]
pub fn JoinForm() -> impl IntoView {
    let ctx = ctx();
    let w = ws();
    let field = NodeRef::<leptos::html::Input>::new();
    let problem = RwSignal::new(None::<String>);
    let go = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = field.get().map(|f| f.value()).unwrap_or_default();
        match join(ctx, w, text) {
            Ok(()) => problem.set(None),
            Err(why) => problem.set(Some(format!("That is not a session code: {why}."))),
        }
    };
    move || {
        w.joining.get().then(|| {
            view! {
                <form class="join" on:submit=go aria-labelledby="join-title">
                    <h2 id="join-title">"Join a workshop"</h2>
                    <div class="field">
                        <label for="session-code">"The session code the facilitator shows (S1-…)"</label>
                        <input id="session-code" node_ref=field type="text" autocomplete="off" spellcheck="false"
                            aria-describedby="session-problem" aria-invalid=move || problem.with(|p| p.is_some()).to_string() />
                    </div>
                    <p id="session-problem" class="note" role="alert">{move || problem.get()}</p>
                    <p class="hint">"On the council's own figures? Open the session's file of figures (Your data, Open a file) first, then join."</p>
                    <p>
                        <button type="submit">"Join"</button>
                        " "
                        <button type="button" on:click=move |_| w.joining.set(false)>"Cancel"</button>
                    </p>
                    <p>"Running a workshop for a room? "
                        <button type="button" on:click=move |_| { w.joining.set(false); w.room_open.set(true); }>"Run a workshop"</button>
                    </p>
                </form>
            }
        })
    }
}

/// The facilitator's room.
#[component]
pub fn RoomView() -> impl IntoView {
    let ctx = ctx();
    let w = ws();
    let session = Memo::new(move |_| session_of(ctx, w));
    let own = Memo::new(move |_| matches!(session.get().on, On::Own(_)).then(|| ctx.saved.get()));
    let room = Memo::new(move |_| {
        let s = session.get();
        let own = own.get();
        // Read again as published figures arrive: a plan on one reads
        // against them.
        ctx.loaded.with(|l| {
            w.entries.with(|e| {
                workshop::room(e, Some(&s), own.as_ref(), l, |p| {
                    hne_model::project(&p.scenario).ok()
                })
            })
        })
    });
    let chart = Memo::new(move |_| {
        room.with(|r| {
            let plans: Vec<(String, &hne_model::output::Run)> =
                r.plans.iter().map(|p| (p.who.clone(), &p.run)).collect();
            hne_core::charts::data::room(&plans, session.get().goal_t)
        })
    });
    let years = Memo::new(move |_| ctx.saved.with(|s| goal_years(&s.scenario)));
    let link = move || {
        let code = session.get().code();
        let url = browser::app_url();
        if url.starts_with("http") {
            format!("{url}?workshop={code}")
        } else {
            code
        }
    };
    let download_figures = move |_| {
        ctx.saved.with_untracked(|s| {
            let mut plain = s.clone();
            plain.scenario.levers = Default::default();
            browser::download(
                "workshop-figures.json",
                "application/json",
                &hne_core::state::saved::to_json(&plain),
            );
        })
    };
    view! {
        <section class="room" aria-labelledby="workshop-room-title" data-testid="room">
            <div class="room-head">
                <h2 id="workshop-room-title">"Workshop room"</h2>
                <button type="button" on:click=move |_| w.room_open.set(false)>"Back to the explorer"</button>
            </div>
            <div class="room-setup">
                <div>
                    <h3>"1. The question"</h3>
                    <p>{move || ctx.saved.with(|s| format!(
                        "Plans on {}{}. For another authority, choose it under Authority at the top; for your own figures, open them from Your data in the explorer first.",
                        s.scenario.authority.name,
                        if matches!(session.get().on, On::Own(_)) { " (your own figures)" } else { "" }
                    ))}</p>
                    <div class="field">
                        <label for="room-goal">"The goal: in-year balance from"</label>
                        <select id="room-goal" on:change=move |ev| w.goal_t.set(event_target_value(&ev).parse().ok())>
                            {move || years.get().into_iter().map(|(t, y)| view! {
                                <option value=t.to_string() selected=move || session.get().goal_t == t>{y}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <fieldset class="in-play">
                        <legend>"Levers in play"</legend>
                        {LeverId::ALL.into_iter().map(|id| {
                            let box_id = format!("play-{}", id.id());
                            let for_id = box_id.clone();
                            view! {
                                <label for=for_id>
                                    <input type="checkbox" id=box_id prop:checked=move || w.in_play.get() & id.bit() != 0
                                        on:change=move |_| w.in_play.update(|m| *m ^= id.bit()) />
                                    {Control::Lever(id).spec().label}
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                </div>
                <div class="session">
                    <h3>"2. Everyone joins"</h3>
                    <p>"Participants scan this, or choose “Join a workshop” (on a phone: “Workshop”, under the title) and type the code:"</p>
                    <p class="code session-code" data-testid="session-code">{move || session.get().code()}</p>
                    {move || qr_svg(&link(), 320)}
                    {move || matches!(session.get().on, On::Own(_)).then(|| view! {
                        <p class="note">"These are your own figures, which a code cannot carry: give participants the session's file of figures to open first (Your data, Open a file)."
                            " " <button type="button" on:click=download_figures>"Download the session's figures"</button></p>
                    })}
                </div>
            </div>
            <Collect/>
            <Results room chart/>
        </section>
    }
}

/// Plans on published authorities read against their figures: load any
/// that `entries` name and are not loaded yet, then read the room again.
fn load_needed(ctx: Ctx, entries: &[Entry]) {
    let mut ids: Vec<String> = entries
        .iter()
        .filter_map(|e| workshop::needed(e.text.rsplit_once(':').map_or(&e.text, |(_, c)| c)))
        .filter(|id| ctx.loaded.with_untracked(|l| l.get(id).is_none()))
        .collect();
    ids.sort();
    ids.dedup();
    if !ids.is_empty() {
        spawn_local(async move {
            for id in ids.iter().take(workshop::MAX_CODES) {
                if let Ok(Some(s)) =
                    crate::state::published::load(id, &ctx.loaded.get_untracked()).await
                {
                    ctx.dispatch(Event::Published(id.clone(), s));
                }
            }
        });
    }
}

/// Codes come in: the camera, pictures or text files, pasted text.
#[component]
fn Collect() -> impl IntoView {
    let w = ws();
    let ctx = super::ctx();
    let pasted = NodeRef::<leptos::html::Textarea>::new();
    let files = NodeRef::<leptos::html::Input>::new();
    let video = NodeRef::<leptos::html::Video>::new();
    let status = RwSignal::new(String::new());
    let camera = StoredValue::new_local(None::<pixels::Camera>);
    let filming = RwSignal::new(false);
    let add = move |new: Vec<Entry>| {
        let n = new.len();
        load_needed(ctx, &new);
        if n > 0 {
            w.entries.update(|e| e.extend(new));
        }
        n
    };
    let read_pasted = move |_| {
        if let Some(t) = pasted.get() {
            let n = add(workshop::lines(&t.value()));
            t.set_value("");
            status.set(format!(
                "{n} pasted line{} read.",
                if n == 1 { "" } else { "s" }
            ));
        }
    };
    let read_files = move |_| {
        let Some(list) = files.get().and_then(|f| f.files()) else {
            return;
        };
        let list: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        if let Some(f) = files.get() {
            f.set_value("");
        }
        spawn_local(async move {
            let (mut read, mut unread) = (0, Vec::new());
            for file in list {
                let name = file.name();
                if file.type_().starts_with("image/") {
                    match pixels::codes_in_image(&file).await {
                        Ok(texts) if !texts.is_empty() => {
                            read += add(texts.into_iter().map(|text| Entry {
                                from: format!("picture {name}"),
                                text,
                            }).collect());
                        }
                        Ok(_) => unread.push(format!("{name}: no QR code could be read in this picture; try a closer, sharper one.")),
                        Err(why) => unread.push(format!("{name}: {why}.")),
                    }
                } else {
                    match pixels::text_of(&file).await {
                        Ok(text) => {
                            read += add(workshop::lines(&text)
                                .into_iter()
                                .map(|mut e| {
                                    e.from = format!("{name}, {}", e.from);
                                    e
                                })
                                .collect());
                        }
                        Err(why) => unread.push(format!("{name}: {why}.")),
                    }
                }
            }
            status.set(format!(
                "{read} code{} read from the files.",
                if read == 1 { "" } else { "s" }
            ));
            w.unread.update(|u| u.extend(unread));
        });
    };
    let stop = move || {
        camera.update_value(|c| {
            if let Some(c) = c.take() {
                c.stop();
            }
        });
        filming.set(false);
    };
    let start = move |_| {
        if filming.get_untracked() {
            stop();
            status.set("The camera is off.".into());
            return;
        }
        let Some(v) = video.get() else { return };
        spawn_local(async move {
            let seen = std::rc::Rc::new(std::cell::RefCell::new(
                std::collections::HashSet::<String>::new(),
            ));
            let on_code = move |text: String| {
                if seen.borrow_mut().insert(text.clone()) {
                    let who = text
                        .rsplit_once(':')
                        .map_or("A plan".to_string(), |(n, _)| {
                            format!("{}'s plan", n.trim())
                        });
                    add(vec![Entry {
                        from: "camera".into(),
                        text,
                    }]);
                    status.set(format!("{who} was read."));
                }
            };
            match pixels::Camera::start(v, on_code).await {
                Ok(c) => {
                    camera.set_value(Some(c));
                    filming.set(true);
                    status.set("The camera is on: hold each participant's QR code up to it.".into());
                }
                Err(why) => status.set(format!("The camera cannot be used here: {why}. Add photos or screenshots of the codes instead, or paste them.")),
            }
        });
    };
    on_cleanup(stop);
    view! {
        <div class="collect">
            <h3>"3. Collect the plans"</h3>
            <div class="collect-ways">
                <div>
                    <p><button type="button" on:click=start aria-pressed=move || filming.get().to_string()>
                        {move || if filming.get() { "Stop the camera" } else { "Scan codes with the camera" }}
                    </button></p>
                    <video node_ref=video class="camera" muted=true playsinline=true hidden=move || !filming.get() aria-label="The camera's view"></video>
                </div>
                <div class="field">
                    <label for="room-files">"Photos or screenshots of codes, or a text file of codes"</label>
                    <input id="room-files" node_ref=files type="file" multiple=true accept="image/*,.txt,text/plain" on:change=read_files />
                </div>
                <div class="field">
                    <label for="workshop-codes">"Or paste codes, one a line (a name first if you like: Sam: W4-…)"</label>
                    <textarea id="workshop-codes" node_ref=pasted rows="4" spellcheck="false"></textarea>
                    <p><button type="button" on:click=read_pasted>"Read the pasted codes"</button></p>
                </div>
            </div>
            <p class="status" role="status" aria-live="polite" data-testid="collect-status">{move || status.get()}</p>
        </div>
    }
}

#[component]
fn Results(room: Memo<Room>, chart: Memo<Option<Chart>>) -> impl IntoView {
    let ctx = ctx();
    let w = ws();
    let open = move |i: usize| {
        if let Some(p) =
            room.with_untracked(|r| r.plans.get(i).map(|p| (p.who.clone(), p.saved.clone())))
        {
            let (who, mut saved): (String, Saved) = p;
            saved.scenario.name = format!("{who}'s plan");
            ctx.dispatch(Event::Replace(saved));
            w.room_open.set(false);
            ctx.dispatch(Event::Notify(Notice::info(format!(
                "{who}'s plan is open. Choose “Run a workshop” to go back to the room."
            ))));
            if let Some(top) = document().get_element_by_id("results") {
                top.scroll_into_view();
            }
        }
    };
    let problems = move || {
        let mut all = w.unread.get();
        all.extend(room.with(|r| r.problems.clone()));
        (!all.is_empty()).then(|| {
            view! {
                <div class="problems" role="alert">
                    <h4>"Codes that could not be used"</h4>
                    <ul>{all.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            }
        })
    };
    let count = move || room.with(|r| r.plans.len());
    let excel_said = RwSignal::new(String::new());
    view! {
        <div class="room-results" data-testid="workshop-report">
            <div class="room-results-head">
                <h3>{move || format!("4. The room: {} plan{}", count(), if count() == 1 { "" } else { "s" })}</h3>
                <p class="room-actions">
                    <button type="button" disabled=move || count() == 0 on:click=move |_| {
                        room.with_untracked(|r| browser::download("workshop-results.csv", "text/csv", &workshop::csv(r)));
                    }>"Download the results (CSV)"</button>
                    " "
                    <button type="button" disabled=move || count() == 0 on:click=move |_| {
                        let book = room.with_untracked(|r| hne_core::workbook::workshop(r, &browser::today()));
                        crate::state::excel::download("results", "workshop-results.xlsx", book, move |m| excel_said.set(m));
                    }>"Download the results (Excel)"</button>
                    " "
                    <button type="button" on:click=move |_| { w.entries.set(Vec::new()); w.unread.set(Vec::new()); }>"Clear the plans"</button>
                </p>
            </div>
            <p class="note" role="status" data-testid="workshop-excel-status">{move || excel_said.get()}</p>
            {problems}
            {move || (count() == 0).then(|| view! { <p>"No plans read yet."</p> })}
            <div hidden=move || count() == 0>
                <super::figures::Figures charts=vec![(ChartId::Room, chart)]/>
            </div>
            {move || (count() > 0).then(|| view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label="Plans ranked">
                    <table data-testid="workshop-ranked">
                        <caption>"The plans, closest to the goal first"</caption>
                        <thead><tr><th scope="col">"Rank"</th><th scope="col">"Participant"</th><th scope="col">"Against the goal"</th><th scope="col">"Deficit at the end"</th><th scope="col"><span class="visually-hidden">"Open"</span></th></tr></thead>
                        <tbody>
                            {room.get().plans.iter().enumerate().map(|(i, p)| view! {
                                <tr>
                                    <td class="num">{i + 1}</td>
                                    <th scope="row">{p.who.clone()}</th>
                                    <td class=if p.meets() { "met" } else { "short" }>{if p.meets() { "✓ " } else { "✗ " }}{p.standing()}</td>
                                    <td class="num" data-value=p.run.scenario.metrics.deficit_at_horizon_pounds.to_string()>{format::deficit(p.run.scenario.metrics.deficit_at_horizon_pounds)}</td>
                                    <td><button type="button" on:click=move |_| open(i)>{format!("Open {}'s plan", p.who)}</button></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <Strips room/>
            })}
        </div>
    }
}

/// Each lever in play across the room: a strip with a dot for each plan.
#[component]
fn Strips(room: Memo<Room>) -> impl IntoView {
    view! {
        <div class="strips" data-testid="workshop-levers">
            <h4>"The levers across the room"</h4>
            <ul>
                {move || room.get().levers.into_iter().map(|l| {
                    let words = l.words();
                    let span = (l.max - l.min).max(1e-9);
                    let x = move |v: f64| 8.0 + (v - l.min) / span * 384.0;
                    view! {
                        <li>
                            <p>{words}</p>
                            <svg class="strip" viewBox="0 0 400 28" width="400" height="28" aria-hidden="true">
                                <line x1="8" y1="14" x2="392" y2="14" stroke="#6f6f6f" stroke-width="2"/>
                                <text x="8" y="27" font-size="9">{workshop::shown(l.min)}</text>
                                <text x="392" y="27" font-size="9" text-anchor="end">{workshop::shown(l.max)}</text>
                                <line x1=x(l.median) y1="3" x2=x(l.median) y2="25" stroke="#0b0c0c" stroke-width="2"/>
                                {l.values.iter().map(|v| view! {
                                    <circle cx=x(*v) cy="14" r="5" fill="#0072b2" fill-opacity="0.6" stroke="#fff"/>
                                }).collect_view()}
                            </svg>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// At the start: the workshop this browser kept (a facilitator's room, a
/// participant's session and name), then `?workshop=S1-…` in the page's
/// address; and keep the workshop from then on, as it changes.
pub fn restore(ctx: Ctx, w: Workshop) {
    let kept = browser::storage_get(workshop::KEPT_KEY)
        .map(|t| workshop::Kept::read(&t))
        .unwrap_or_default();
    w.room_open.set(kept.room_open);
    w.goal_t.set(kept.goal_t);
    if let Some(m) = kept.in_play {
        w.in_play.set(m);
    }
    load_needed(ctx, &kept.entries);
    w.entries.set(kept.entries);
    w.name.set(kept.name);
    let q = browser::query();
    let addressed = q
        .trim_start_matches('?')
        .split('&')
        .find_map(|p| p.strip_prefix("workshop="))
        .map(|c| {
            js_sys::decode_uri_component(c)
                .ok()
                .and_then(|c| c.as_string())
                .unwrap_or_default()
        });
    match (addressed, kept.joined) {
        (Some(code), joined) => {
            // The same session again (a reload): the plan stays.
            let again = joined.is_some_and(|j| Session::read(&j).ok() == Session::read(&code).ok());
            if let Err(why) = join_keeping(ctx, w, code, again) {
                ctx.dispatch(Event::Notify(Notice::warning(format!(
                    "This page's address names a workshop, but its code cannot be read: {why}."
                ))));
            }
        }
        (None, Some(code)) => {
            let _ = join_keeping(ctx, w, code, true);
        }
        (None, None) => {}
    }
    // Kept as it changes; not written at start, when nothing has changed.
    Effect::new(move |first: Option<()>| {
        let kept = workshop::Kept {
            room_open: w.room_open.get(),
            goal_t: w.goal_t.get(),
            in_play: Some(w.in_play.get()),
            entries: w.entries.get(),
            joined: w.joined.get().map(|s| s.code()),
            name: w.name.get(),
        };
        // A browser that keeps nothing still runs the workshop.
        if first.is_some() {
            let _ = browser::storage_set(workshop::KEPT_KEY, &kept.to_json());
        }
    });
}
