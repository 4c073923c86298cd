//! The App: one state signal, one memo per derived result, and the views.
//!
//! Data flows one way: a control sends an event ([`Ctx::dispatch`]) to the
//! state, whose rules and words are in `hne_core::session` (tested
//! natively); the scenario and the view are memos of it; the memos recompute (the projection, the verdict, one chart
//! each); each chart's effect repaints its canvas (one off the screen after
//! the paint); after the paint, tasks of their own work out the
//! attribution, the tornado and outlooks, and what it would take; one more
//! effect writes the link and local storage. Components hold no arithmetic.

use std::sync::Arc;

use hne_model::attribution::{attribute, Attribution};
use hne_model::output::{project_model, Run};
use hne_model::uncertainty::{knobs, sensitivity, Knob, MonteCarlo, Sensitivity, Uncertainty};
use hne_model::{Model, Problems};
use leptos::prelude::*;

use crate::state::browser::{self, Local};
use crate::ui;
use crate::ui::defer::{use_deferred, Drag, Live, When};
use hne_core::charts::data::{self, Chart, ChartId};
use hne_core::published::Loaded;
use hne_core::session::{self, Event, View};
use hne_core::state::saved::{to_json, to_link, Saved};
use hne_core::state::{self, Notice};

/// A memo value compared by identity: a new projection is always news, and
/// comparing two whole projections would cost more than it saves.
#[derive(Debug)]
pub struct Fresh<T>(pub Arc<T>);

impl<T> Clone for Fresh<T> {
    fn clone(&self) -> Self {
        Fresh(self.0.clone())
    }
}
impl<T> PartialEq for Fresh<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// A compiled model, its projection and its uncertain assumptions.
pub struct Computed {
    pub model: Model,
    pub run: Run,
    pub knobs: Vec<Knob>,
}

/// Monte Carlo runs behind the fans and the probability (the spec's default).
pub const MC_RUNS: usize = 2000;
/// The seed: the same scenario always shows the same fan.
pub const MC_SEED: u64 = 2024;
/// How long one slice of the Monte Carlo may hold the page's thread.
const SLICE_MS: f64 = 6.0;

/// Everything the components share: signals, memos and the actions on them.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// The state and every change to it (`hne_core::session`): the
    /// components send events through [`Ctx::dispatch`].
    pub model: RwSignal<session::Model>,
    /// The scenario open now, and what the page shows of the rest.
    pub saved: Memo<Saved>,
    pub view: Memo<View>,
    pub computed: Memo<Fresh<Result<Computed, Problems>>>,
    /// The waterfall's attribution: worked out after the paint that
    /// follows a move, not on the way to it.
    pub attribution: RwSignal<Option<Attribution>>,
    /// The charts of the projection (`ChartId::MAIN`), each by its id.
    pub charts: [(ChartId, Memo<Option<Chart>>); 4],
    /// The tornado: after the paint that follows a move.
    pub sensitivity: RwSignal<Option<Sensitivity>>,
    /// The last finished Monte Carlo, and how far the current one has got.
    pub fan: RwSignal<Option<Fresh<Uncertainty>>>,
    /// How far the Monte Carlo of the figures now on the page has got:
    /// none of its runs while the figures are newer than the last one
    /// started (a drag, or before it starts).
    pub fan_progress: Memo<(usize, usize)>,
    /// What the last Monte Carlo started was of, and how far it has got.
    mc_progress: RwSignal<(Option<McOf>, usize, usize)>,
    /// Whether the current Monte Carlo is done (changes twice a run, not
    /// with every slice).
    pub fan_ready: Memo<bool>,
    /// The fans and the tornado.
    pub uncertainty_charts: [(ChartId, Memo<Option<Chart>>); 3],
    /// Keeps the scenario in this browser's storage, never at the cost of
    /// a copy the user had.
    pub keeper: StoredValue<state::Keeper>,
    /// The published authority whose figures are being fetched, in words.
    pub loading: RwSignal<Option<String>>,
    /// The goal's first year of in-year balance (projection year; None:
    /// the last year), and the year of the chance of balance.
    pub goal: Memo<Option<usize>>,
    pub target_t: Memo<Option<usize>>,
    /// The published data fetched so far (a link names an authority's
    /// figures once they are here; the comparisons and past forecasts).
    pub loaded: Memo<Arc<Loaded>>,
    /// The verdict against the goal (on the way to the paint).
    pub answer: Memo<Option<hne_core::answer::Answer>>,
    /// The answer with what it would take, worked out in a task after the
    /// verdict (a few hundred runs kept off the path from a move to its
    /// paint; a later move makes an unstarted one stale and it is dropped).
    pub take: RwSignal<Option<hne_core::answer::Answer>>,
    /// A slider is being dragged: the work that follows a paint waits for
    /// the drag to end, so no move queues behind work a later move makes
    /// stale.
    pub dragging: RwSignal<bool>,
}

impl Ctx {
    pub fn new(start: state::Startup, loaded: Loaded) -> Ctx {
        let model = RwSignal::new(session::Model::new(start.saved, start.notices, loaded));
        let saved = Memo::new(move |_| model.with(|m| m.saved().clone()));
        let goal = Memo::new(move |_| model.with(|m| m.goal()));
        let computed = Memo::new(move |_| {
            Fresh(Arc::new(saved.with(|s| {
                Model::new(&s.scenario).map(|model| {
                    let run = project_model(&model, &s.scenario);
                    let knobs = knobs(&s.scenario);
                    Computed { model, run, knobs }
                })
            })))
        });
        // Worked out after the paint that follows a move (drive_after_paint).
        let attribution = RwSignal::new(None::<Attribution>);
        let sensitivity = RwSignal::new(None::<Sensitivity>);
        let answer = Memo::new(move |_| {
            let g = goal.get();
            saved.with(|s| {
                computed.with(|c| {
                    let c = c.0.as_ref().as_ref().ok()?;
                    let goal = g.map_or_else(
                        || hne_core::answer::Goal::last(&s.scenario),
                        |from_t| hne_core::answer::Goal { from_t },
                    );
                    // The compiled model the projection used: no second compile.
                    Some(hne_core::answer::verdict(
                        &s.scenario,
                        &c.model,
                        &c.run,
                        goal,
                    ))
                })
            })
        });
        let fan = RwSignal::new(None::<Fresh<Uncertainty>>);
        let fan_chart = move |which: data::Fan| {
            Memo::new(move |_| fan.with(|f| f.as_ref().map(|u| data::fan(&u.0, which))))
        };
        let tornado = Memo::new(move |_| {
            let year = computed.with(|c| {
                c.0.as_ref()
                    .as_ref()
                    .ok()
                    .map(|c| c.run.scenario.metrics.final_year.clone())
            })?;
            sensitivity.with(|s| s.as_ref().map(|s| data::tornado(&s.tornado, &year)))
        });
        let target_t = Memo::new(move |_| model.with(|m| m.target_t()));
        let mc_progress = RwSignal::new((None::<McOf>, 0, MC_RUNS));
        let fan_progress = Memo::new(move |_| {
            let now = McOf(computed.get(), target_t.get());
            mc_progress.with(|(of, done, runs)| {
                if of.as_ref() == Some(&now) {
                    (*done, *runs)
                } else {
                    (0, MC_RUNS)
                }
            })
        });
        let ctx = Ctx {
            sensitivity,
            fan,
            fan_progress,
            mc_progress,
            fan_ready: Memo::new(move |_| fan_progress.with(|(done, runs)| done >= runs)),
            target_t,
            uncertainty_charts: [
                (ChartId::FanDeficit, fan_chart(data::Fan::Deficit)),
                (ChartId::FanBalance, fan_chart(data::Fan::Balance)),
                (ChartId::Tornado, tornado),
            ],
            model,
            saved,
            view: Memo::new(move |_| model.with(|m| m.view())),
            computed,
            attribution,
            // Each chart of the projection as its one builder draws it
            // (ChartId::of_projection, as the embed and the screens written
            // ahead do); each follows only what it reads: spend the goal,
            // the waterfall the attribution.
            charts: ChartId::MAIN.map(|id| {
                (
                    id,
                    Memo::new(move |_| {
                        let goal = (id == ChartId::Spend)
                            .then(|| {
                                answer.with(|a| {
                                    a.as_ref().map(|a| (a.goal.from_t, a.goal_year.clone()))
                                })
                            })
                            .flatten();
                        computed.with(|c| {
                            let c = c.0.as_ref().as_ref().ok()?;
                            let goal = goal.as_ref().map(|(t, y)| (*t, y.as_str()));
                            if id == ChartId::Waterfall {
                                attribution.with(|a| id.of_projection(&c.run, goal, a.as_ref()))
                            } else {
                                id.of_projection(&c.run, goal, None)
                            }
                        })
                    }),
                )
            }),
            keeper: StoredValue::new(state::Keeper::default()),
            loading: RwSignal::new(None),
            goal,
            loaded: Memo::new(move |_| model.with(|m| m.loaded().clone())),
            answer,
            take: RwSignal::new(None),
            dragging: RwSignal::new(false),
        };
        drive_after_paint(ctx);
        ctx
    }

    /// Send one event to the state (`hne_core::session::Model::update`).
    /// Whether it was taken (false: an aim or a number refused, or figures
    /// held back by a warning).
    pub fn dispatch(&self, event: Event) -> bool {
        let mut taken = false;
        self.model.update(|m| taken = m.update(event));
        taken
    }

    /// Whether the link can carry the whole scenario (false when the
    /// council's own data is too long for a link).
    pub fn link_has_data(&self) -> bool {
        self.saved
            .with_untracked(|s| to_link(s, &self.loaded.get_untracked()).authority_included)
    }

    /// The projection, if the scenario is valid.
    pub fn with_run<R>(&self, f: impl FnOnce(&Run) -> R) -> Option<R> {
        self.computed
            .with(|c| c.0.as_ref().as_ref().ok().map(|c| f(&c.run)))
    }

    /// Open a published authority (`la/886@2025.1`): its figures are
    /// fetched first (or read from the page), then the plan moves onto them
    /// as onto a built-in authority.
    pub fn choose_published(&self, id: String) {
        let ctx = *self;
        let name = hne_core::published::entry(&id)
            .map(|e| e.name.clone())
            .unwrap_or_else(|| id.clone());
        ctx.loading.set(Some(format!("Loading {name}'s figures…")));
        leptos::task::spawn_local(async move {
            let result = crate::state::published::load(&id, &ctx.loaded.get_untracked()).await;
            ctx.loading.set(None);
            match result {
                Ok(fetched) => {
                    if let Some(s) = fetched {
                        ctx.dispatch(Event::Published(id.clone(), s));
                    }
                    ctx.dispatch(Event::SwitchAuthority(id));
                    ctx.load_comparisons();
                }
                Err(why) => {
                    ctx.dispatch(Event::Notify(Notice::warning(format!(
                        "{why}. Nothing was changed."
                    ))));
                }
            }
        });
    }

    /// Fetch the comparisons with similar authorities once, in the
    /// background; the levers' marks and the comparison follow.
    pub fn load_comparisons(&self) {
        if self.loaded.with_untracked(|l| l.comparisons().is_some()) {
            return;
        }
        let ctx = *self;
        leptos::task::spawn_local(async move {
            if let Ok(c) = crate::state::published::load_comparisons().await {
                ctx.dispatch(Event::Comparisons(c));
            }
        });
    }

    /// Bring back the user's own scenario, which a shared link's scenario
    /// stands in front of (still in its place, or kept aside).
    pub fn restore_before_link(&self) {
        let own = self.keeper.with_value(|k| k.own(&Local::new()));
        let loaded = self.loaded.get_untracked();
        match own.and_then(|(_, text)| state::saved::from_json(&text, &loaded).ok()) {
            Some(s) => {
                self.dispatch(Event::Replace(s));
                self.dispatch(Event::Notify(Notice::info(
                    "Your own scenario is back. Undo returns to the one from the link.",
                )));
            }
            None => {
                self.dispatch(Event::Notify(Notice::warning(
                    "There is no earlier scenario to bring back.",
                )));
            }
        }
    }
}

/// The Monte Carlo, a slice at a time: it starts again whenever the
/// scenario or the target year changes (once a drag ends, not at each of
/// its steps), runs in zero-timeout slices of at most `SLICE_MS` (so a
/// lever move never waits behind it for more than a slice), and publishes
/// the fan when all the runs are done. The previous fan stays on the page
/// meanwhile, marked as updating.
fn drive_monte_carlo(ctx: Ctx) {
    use_deferred(
        ctx.dragging,
        move || McOf(ctx.computed.get(), ctx.target_t.get()),
        |_| (When::NextTask, Drag::Hold),
        move |of, live| {
            let Ok(c) = of.0 .0.as_ref() else {
                return;
            };
            let h = c.model.horizon;
            let t = of.1.unwrap_or(h).clamp(1, h.max(1));
            let mc = MonteCarlo::new(&c.model, MC_RUNS, MC_SEED, t);
            ctx.mc_progress.set((Some(of.clone()), 0, MC_RUNS));
            slice(
                ctx,
                Job {
                    of,
                    mc,
                    live,
                    started: browser::now_ms(),
                    busy_ms: 0.0,
                    slices: 0,
                },
            );
        },
    );
}

/// After each move's paint, in tasks of their own (a later move drops
/// unstarted ones): the attribution behind the waterfall, then the tornado
/// (the figures' likely ranges come from the Monte Carlo). Only the projection, the
/// verdict, the figures and the charts that need nothing more are on the
/// way from a move to its paint.
fn drive_after_paint(ctx: Ctx) {
    use_deferred(
        ctx.dragging,
        move || ctx.computed.get(),
        |_| (When::AfterPaint, Drag::Hold),
        move |computed, live| {
            let a = computed
                .0
                .as_ref()
                .as_ref()
                .ok()
                .map(|c| attribute(&c.model));
            ctx.attribution.set(a);
            set_timeout(
                move || {
                    if !live.current() {
                        return;
                    }
                    let s = computed
                        .0
                        .as_ref()
                        .as_ref()
                        .ok()
                        .map(|c| sensitivity(&c.model, &c.knobs));
                    ctx.sensitivity.set(s);
                },
                std::time::Duration::ZERO,
            );
        },
    );
}

/// Work out what it would take after each verdict, in a task of its own.
fn drive_take(ctx: Ctx) {
    // No verdict: nothing to take, at once; a verdict: worked out in a task
    // of its own, once a drag ends.
    use_deferred(
        ctx.dragging,
        move || ctx.answer.get(),
        |a| match a {
            None => (When::Now, Drag::Go),
            Some(_) => (When::NextTask, Drag::Hold),
        },
        move |answer, _| {
            let Some(a) = answer else {
                ctx.take.set(None);
                return;
            };
            let full = ctx.saved.with_untracked(|s| {
                ctx.computed.with_untracked(|c| {
                    let mut a = a.clone();
                    a.take =
                        c.0.as_ref()
                            .as_ref()
                            .ok()
                            .and_then(|c| hne_core::answer::take(&s.scenario, &c.model, &a));
                    a
                })
            });
            ctx.take.set(Some(full));
        },
    );
}

/// The page builds itself in stages, each in a task of its own (the first
/// two before anything of the app's shows, the others each after a paint),
/// so no one task holds a phone's main thread for long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    /// The header, out of sight.
    Header = 1,
    /// The answer and its chart, out of sight.
    Answer,
    /// The levers: the app shows in place of the screen written ahead.
    Levers,
    /// The goal and the headline figures.
    Figures,
    /// The story, the comparison and the other charts.
    Story,
    /// "How sure can we be?".
    Uncertainty,
    /// Your data, saved scenarios and the footer.
    Rest,
}

/// What a Monte Carlo is of: the projection (by identity) and the year of
/// the chance of balance.
#[derive(Clone, PartialEq)]
pub struct McOf(Fresh<Result<Computed, Problems>>, Option<usize>);

struct Job {
    of: McOf,
    mc: MonteCarlo,
    live: Live,
    started: f64,
    busy_ms: f64,
    slices: u32,
}

fn slice(ctx: Ctx, mut job: Job) {
    set_timeout(
        move || {
            if !job.live.current() {
                return; // a newer scenario took over
            }
            let Ok(c) = job.of.0 .0.as_ref() else {
                return;
            };
            let start = browser::now_ms();
            while !job.mc.is_finished() && browser::now_ms() - start < SLICE_MS {
                job.mc.step(&c.model, &c.knobs, 25);
            }
            job.busy_ms += browser::now_ms() - start;
            job.slices += 1;
            ctx.mc_progress
                .set((Some(job.of.clone()), job.mc.done(), job.mc.runs()));
            if !job.mc.is_finished() {
                return slice(ctx, job);
            }
            let Job {
                of,
                mc,
                started,
                busy_ms,
                slices,
                ..
            } = job;
            if let Ok(c) = of.0 .0.as_ref() {
                let u = mc.finish(&c.model);
                browser::record_monte_carlo(u.runs, busy_ms, browser::now_ms() - started, slices);
                ctx.fan.set(Some(Fresh(Arc::new(u))));
            }
        },
        std::time::Duration::ZERO,
    );
}

/// Read the link and storage, keep aside what must be kept, and start.
pub fn start_from_browser(loaded: &Loaded) -> (state::Startup, state::Keeper) {
    state::open(&mut Local::new(), &browser::fragment(), loaded)
}

/// What the page opens with: read from the link and storage, and, when the
/// app is mounted behind the screen written ahead, what it replaces
/// (`reveal`). Handed to [`App`] as its one property.
pub struct Opening {
    embed: Option<hne_core::embed::Embed>,
    start: state::Startup,
    keeper: state::Keeper,
    loaded: Loaded,
    /// The app's box, out of sight while its first parts are built, and
    /// the screen written ahead that it replaces.
    swap: Option<(web_sys::HtmlElement, Option<web_sys::Element>)>,
}

/// What loading a link's published figures came to before the app starts:
/// the figures, a notice, and a base of an older data version with this
/// build's in its place.
#[derive(Default)]
struct Boot {
    loaded: Loaded,
    note: Option<String>,
    rebase: Option<(String, String)>,
}

/// Show the app in place of the screen written ahead, in one step, once
/// its answer is built and its chart drawn (with the levers' stage): no
/// frame shows half of either, and nothing moves as it shows.
fn reveal(swap: Option<(web_sys::HtmlElement, Option<web_sys::Element>)>) {
    if let Some((host, loading)) = swap {
        if let Some(loading) = loading {
            let _ = loading.class_list().add_1("gone");
            let _ = loading.set_attribute("aria-hidden", "true");
        }
        let _ = host.class_list().remove_1("app-pending");
    }
}

fn read_opening(boot: Boot) -> Opening {
    // Framed by another site (`?embed`): the compact app, which opens what
    // its link holds, keeps nothing in the browser's storage (a host page's
    // visitors do not share a scenario) and tells the host its height.
    let embed = hne_core::embed::from_query(&browser::query());
    let (start, keeper) = match &embed {
        Some(e) => (
            hne_core::embed::startup(e, &browser::fragment(), &boot.loaded),
            state::Keeper::default(),
        ),
        None => start_from_browser(&boot.loaded),
    };
    let mut start = start;
    // A link's base of an older data version opens this build's figures.
    if let Some((old, current)) = boot.rebase {
        if start.saved.base.as_deref() == Some(old.as_str()) {
            start.saved.base = Some(current);
        }
    }
    if let Some(why) = boot.note {
        start.notices.push(Notice::warning(format!("{why}.")));
    }
    Opening {
        embed,
        start,
        keeper,
        loaded: boot.loaded,
        swap: None,
    }
}

/// Start the page: read the link and storage in one task, and mount the app
/// in the next, so that reading a large stored copy (up to 1 MB) and the
/// first render never add up to one long task.
pub fn boot() {
    // A link that names a published authority needs its figures first.
    // So does an embed that names one (`?embed&authority=886`).
    let fragment = browser::fragment();
    let embedded = hne_core::embed::from_query(&browser::query())
        .filter(|_| !fragment.contains("s="))
        .and_then(|e| hne_core::embed::authority_id(&e));
    let needed = hne_core::state::saved::link_base(&fragment)
        .or(embedded)
        .filter(|b| hne_core::published::parse_base(b).is_some());
    match needed {
        // Before the app mounts, Leptos' executor is not set up: the browser's.
        Some(id) => wasm_bindgen_futures::spawn_local(async move {
            let mut boot = Boot::default();
            match crate::state::published::load(&id, &boot.loaded).await {
                Ok(fetched) => {
                    if let Some(s) = fetched {
                        boot.loaded.add(&id, s);
                    }
                }
                Err(why) => {
                    boot.note = Some(match older_version(&id, &mut boot.loaded).await {
                        // A link made with figures this build no longer has
                        // opens on this build's, and says so.
                        Some((current, note)) => {
                            boot.rebase = Some((id.clone(), current));
                            note
                        }
                        // The link's reader then says what is missing.
                        None => why,
                    });
                }
            }
            boot_now(boot);
        }),
        None => boot_now(Boot::default()),
    }
}

/// For a base of another data version that cannot be loaded: load this
/// build's figures for the same authority in its place.
async fn older_version(id: &str, loaded: &mut Loaded) -> Option<(String, String)> {
    let (code, version) = hne_core::published::parse_base(id)?;
    let now = hne_core::published::version();
    if version == now {
        return None;
    }
    let current = hne_core::published::base_id(code);
    if let Some(s) = crate::state::published::load(&current, loaded).await.ok()? {
        loaded.add(&current, s);
    }
    loaded.alias(id, &current).then_some(())?;
    let name = hne_core::published::entry(&current)?.name.clone();
    Some((
        current,
        format!(
            "This link was made with {name}'s published figures of data {version}, which this version no longer has: the plan opens on the figures of data {now}, so its results may differ from what was shared"
        ),
    ))
}

/// Open the glossary (a link to it should show it, not a folded summary).
fn open_glossary() {
    if let Some(d) = document()
        .get_element_by_id("glossary")
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlDetailsElement>(e).ok())
    {
        d.set_open(true);
    }
}

fn boot_now(boot: Boot) {
    let mut opening = read_opening(boot);
    set_timeout(
        move || {
            // The first screen written at build time gives way to the app's
            // own. It stays in the document, hidden and out of the layout:
            // removing it would tell the browser's paint timing that the
            // page's largest paint was undone, though the same answer is
            // still on the screen.
            // The app goes in a box of its own before it, so that the page
            // reads (and a search for its words finds) the app first.
            let doc = document();
            let host: web_sys::HtmlElement = match doc.create_element("div") {
                Ok(el) => wasm_bindgen::JsCast::unchecked_into(el),
                Err(_) => return leptos::mount::mount_to_body(move || view! { <App opening/> }),
            };
            // Out of sight while the app's state is set up, in this task,
            // and the header and the answer, each in a task after it: the
            // screen written ahead stays in front until then (`reveal`).
            // Laid out all the same (style/main.css), so its charts have
            // their width and are drawn before it shows.
            host.set_class_name("app app-pending");
            let loading = doc.get_element_by_id("loading");
            match &loading {
                Some(loading) => {
                    let _ = loading.before_with_node_1(&host);
                }
                None => {
                    if let Some(body) = doc.body() {
                        let _ = body.append_child(&host);
                    }
                }
            }
            opening.swap = Some((host.clone(), loading));
            leptos::mount::mount_to(host, move || view! { <App opening/> }).forget();
        },
        std::time::Duration::ZERO,
    );
}

#[component]
pub fn App(opening: Opening) -> impl IntoView {
    let Opening {
        embed,
        start,
        keeper,
        loaded,
        swap,
    } = opening;
    let swap = StoredValue::new_local(swap);
    let ctx = Ctx::new(start, loaded);
    ctx.keeper.set_value(keeper);
    provide_context(ctx);
    let workshop = ui::workshop::Workshop::new();
    provide_context(workshop);
    // A scenario kept in this browser on a published authority carries its
    // figures; loading them as published lets links name them and "Reset"
    // return to them. Quietly: the scenario is already on screen.
    if let Some(id) = ctx
        .saved
        .with_untracked(|s| s.base.clone())
        .filter(|b| hne_core::published::parse_base(b).is_some())
    {
        leptos::task::spawn_local(async move {
            // The link is written again: it can name the figures.
            if let Ok(Some(s)) =
                crate::state::published::load(&id, &ctx.loaded.get_untracked()).await
            {
                ctx.dispatch(Event::Published(id, s));
            }
        });
        ctx.load_comparisons();
    }
    let full = embed.is_none();
    if full {
        drive_monte_carlo(ctx);
        ui::workshop::restore(ctx, workshop);
    }
    drive_take(ctx);
    if let Some(host) = embed.as_ref().and_then(|e| e.host.clone()) {
        report_height(host);
    }

    // Keep the link and this browser's copy up to date: after the charts
    // have painted (a zero timeout), not on the way to them, once for any
    // number of changes made before it runs, and once a drag ends rather
    // than at each of its steps.
    let storage_failed = StoredValue::new(false);
    use_deferred(
        ctx.dragging,
        move || (ctx.saved.get(), ctx.loaded.get()),
        |_| (When::NextTask, Drag::Hold),
        move |(saved, loaded), _| {
            let s = &saved;
            browser::set_fragment(&to_link(s, &loaded).fragment);
            if !full {
                return;
            }
            let json = to_json(s);
            let kept = ctx
                .keeper
                .try_update_value(|k| k.persist(&mut Local::new(), &json));
            match kept {
                Some(Ok(Some(notice))) => {
                    ctx.dispatch(Event::Notify(notice));
                }
                Some(Err(why)) if !storage_failed.get_value() => {
                    storage_failed.set_value(true);
                    ctx.dispatch(Event::Notify(Notice::warning(format!(
                        "This scenario cannot be saved in this browser: {why}."
                    ))));
                }
                _ => {}
            }
        },
    );

    // Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y, except where a text field has its own undo.
    let _keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) || ui::typing_in_field(&ev) {
            return;
        }
        match (ev.key().to_ascii_lowercase().as_str(), ev.shift_key()) {
            ("z", false) => {
                ev.prevent_default();
                ctx.dispatch(Event::Undo);
            }
            ("z", true) | ("y", false) => {
                ev.prevent_default();
                ctx.dispatch(Event::Redo);
            }
            _ => {}
        }
    });

    // The lead chart (spend against income, or the embed's own) sits under
    // the verdict; the others follow the figures.
    let (lead, charts) = match &embed {
        Some(e) => {
            let lead = ctx
                .charts
                .into_iter()
                .find(|(id, _)| *id == e.chart)
                .unwrap_or(ctx.charts[1]);
            (vec![lead], Vec::new())
        }
        None => {
            let mut all = ctx.charts.to_vec();
            let rest = all.split_off(1);
            (all, rest)
        }
    };
    // The header and then the answer and its chart, each in a task of its
    // own after the mount's, out of sight; the app then shows in place of
    // the screen written ahead with the levers, after a paint; then, each
    // in a task of its own after a paint, the goal and the headline
    // figures, the story and the other charts, the uncertainty, and the
    // rest.
    let stage = RwSignal::new(0usize);
    // Each part's own switch, so a later stage does not build it again.
    let at = move |s: Stage| Memo::new(move |_| stage.get() >= s as usize);
    let (head, answer, levers, figures, story, uncertainty, rest) = (
        at(Stage::Header),
        at(Stage::Answer),
        at(Stage::Levers),
        at(Stage::Figures),
        at(Stage::Story),
        at(Stage::Uncertainty),
        at(Stage::Rest),
    );
    // The first two steps (the header, then the answer) without waiting for
    // a paint: nothing of the app's is on the screen yet. Each in a task of
    // its own: the browser compiles the app's code as it is first used,
    // which on a slow phone made the mount with the header one long task.
    set_timeout(
        move || {
            stage.set(Stage::Header as usize);
            set_timeout(
                move || {
                    stage.set(Stage::Answer as usize);
                    ui::count_after_paints(stage, Stage::Rest as usize);
                },
                std::time::Duration::ZERO,
            );
        },
        std::time::Duration::ZERO,
    );
    // Shown with the next stage: by then the answer has been laid out
    // unseen and its chart drawn at its width, so nothing moves as it
    // shows.
    Effect::new(move |_| {
        if levers.get() {
            reveal(swap.try_update_value(Option::take).flatten());
        }
    });
    let open_full = move || {
        format!(
            "{}#{}",
            browser::app_url(),
            ctx.saved.with(|s| to_link(s, &ctx.loaded.get()).fragment)
        )
    };
    view! {
        {move || (full && head.get()).then(|| view! {
            <a class="skip" href="#results">"Skip to the results"</a>
            <header class="top">
                <div class="brand">
                    <h1>"High Needs Explorer"</h1>
                    <p class="tagline"><span class="intro">"Project a council's High Needs Block and test a plan to bring it back into balance. "</span><a class="words-link" href="#glossary" on:click=|_| open_glossary()>"What the words mean"</a>
                        <span class="workshop-link">" · "<button type="button" class="link-button" aria-expanded=move || workshop.joining.get().to_string()
                            on:click=move |_| ui::workshop::toggle_panel(workshop)>"Workshop"</button></span></p>
                </div>
                <ui::toolbar::Toolbar/>
            </header>
            <ui::notices::Notices/>
            <div class="workshop-bar">
                <ui::workshop::JoinForm/>
                <ui::workshop::Joined/>
            </div>
        })}
        <main class=move || match (full, workshop.room_open.get()) {
            (false, _) => "layout embedded",
            (true, false) => "layout",
            (true, true) => "layout room-open",
        }>
            {move || (full && workshop.room_open.get()).then(|| view! { <ui::workshop::RoomView/> })}
            {(!full).then(|| view! {
                <div class="embed-intro">
                    <h1>{move || ctx.with_run(|r| format!("High Needs Explorer: {}", r.authority)).unwrap_or_else(|| "High Needs Explorer".into())}</h1>
                    <p>"Does a plan bring the High Needs Block, the money for children and young people with special educational needs, back into balance? Move the levers below and see."</p>
                </div>
            })}
            {move || {
                let lead = lead.clone();
                answer.get().then(|| view! {
                    <section class="lead" aria-label="The answer">
                        <ui::answer::Answer/>
                        <ui::figures::Figures charts=lead/>
                        <ui::answer::Carries/>
                        <ui::answer::Deficits/>
                    </section>
                })
            }}
            {move || levers.get().then(|| view! { <ui::levers::Levers/> })}
            <section id="results" class="results" aria-label="Results">
                {move || figures.get().then(|| view! { <ui::answer::Take/> <ui::headline::Headline/> })}
                {move || (full && story.get()).then(|| view! { <ui::story::Story/> <ui::compare::Compare/> })}
                {move || {
                    let charts = charts.clone();
                    (!charts.is_empty() && story.get()).then(|| view! { <ui::figures::Figures charts/> })
                }}
                {move || (full && uncertainty.get()).then(|| view! { <ui::uncertainty::Uncertainty/> })}
                {move || (full && rest.get()).then(|| view! { <ui::data::YourData/> <ui::library::Library/> })}
                {(!full).then(|| view! {
                    <p class="foot">
                        <a href=open_full target="_blank" rel="noopener">"Open this plan in the full High Needs Explorer (new tab)"</a>
                        " · Projections, not forecasts. Runs in your browser; nothing you enter leaves it."
                    </p>
                })}
            </section>
        </main>
        {move || (full && rest.get()).then(|| view! {
            <footer class="foot">
                <ui::glossary::Glossary/>
                <p><a href="embed.html">"Put this explorer on your website"</a>" (a snippet for your Local Offer or committee pages)."</p>
                <p>
                    "Figures are projections from the data and assumptions shown, not forecasts. "
                    "Example authorities are illustrative unless named. Runs entirely in your browser: nothing you enter leaves it. "
                    "Model version " {hne_model::MODEL_VERSION} "."
                </p>
            </footer>
        })}
    }
}

/// Post this page's height to the host page whenever it changes.
fn report_height(host: String) {
    let post =
        wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || browser::post_height(&host));
    let body = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body());
    if let (Some(body), Ok(observer)) = (
        body,
        web_sys::ResizeObserver::new(wasm_bindgen::JsCast::unchecked_ref(post.as_ref())),
    ) {
        observer.observe(&body);
    }
    // Both live as long as the page.
    post.forget();
}
