//! The explorer's state and what a user can do to it, with no web code, so
//! that every rule here is tested natively (`cargo test`) and the components
//! in the app crate's `ui` only read signals and call these functions.
//!
//! A user moves *controls*; each is one lever of the model in the units
//! council papers use (per cent, places, years), and shows what the user
//! set, so moving one never moves another. At rest a lever is 0, "as now".
//! What the inclusion and independent levers lead to (the share of EHCPs in
//! mainstream or independent schools by the final year) is said apart
//! ([`leads_to`]), and a user can aim for such a share ([`aim`]): the
//! model's target solver finds the strength that gets there (spec
//! section 3).

use crate::published::Loaded;
use hne_model::examples;
use hne_model::output::Run;
use hne_model::presets;
use hne_model::schema::{Opening, Scenario, Timetable};
use hne_model::solve::{solve_targets, TargetStatus, Targets};
use hne_model::validate::{
    BANDING_RANGE, CEASING_RANGE, DEMAND_RANGE, STEPDOWN_RANGE, TRANSFER_RANGE,
};
use hne_model::LeverId;

use crate::format;
use crate::state::saved::Saved;

/// Everything a user can set: each lever of the model's table, and three
/// controls of the timetable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Control {
    Lever(LeverId),
    /// The year the new special places open (shown with that lever).
    PlacesYear,
    Start,
    Ramp,
}

impl Control {
    /// Every control: the levers in the table's order, the opening year
    /// after new places, then the timetable.
    pub const ALL: [Control; LeverId::COUNT + 3] = {
        let mut out = [Control::Start; LeverId::COUNT + 3];
        let (mut i, mut j) = (0, 0);
        while i < LeverId::COUNT {
            out[j] = Control::Lever(LeverId::ALL[i]);
            j += 1;
            if matches!(LeverId::ALL[i], LeverId::Places) {
                out[j] = Control::PlacesYear;
                j += 1;
            }
            i += 1;
        }
        out[j] = Control::Start;
        out[j + 1] = Control::Ramp;
        out
    };

    /// Stable id for element ids and tests: a lever's id is its field in
    /// the format.
    pub fn id(self) -> &'static str {
        match self {
            Control::Lever(l) => l.id(),
            Control::PlacesYear => "places-year",
            Control::Start => "start",
            Control::Ramp => "ramp",
        }
    }

    pub fn spec(self) -> &'static ControlSpec {
        match self {
            Control::Lever(l) => &LEVER_CONTROLS[l.index()],
            Control::PlacesYear => &PLACES_YEAR,
            Control::Start => &START,
            Control::Ramp => &RAMP,
        }
    }

    /// The controls of one group of the panel, in the panel's order.
    pub fn in_group(group: Group) -> Vec<Control> {
        let mut out: Vec<(u8, Control)> = Control::ALL
            .into_iter()
            .filter_map(|c| match c.spec().group {
                Some((g, rank)) if g == group => Some((rank, c)),
                _ => None,
            })
            .collect();
        out.sort_by_key(|(rank, _)| *rank);
        out.into_iter().map(|(_, c)| c).collect()
    }
}

/// The groups of the levers panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Placement,
    Plans,
    Money,
    Timetable,
}

impl Group {
    pub const ALL: [Group; 4] = [
        Group::Placement,
        Group::Plans,
        Group::Money,
        Group::Timetable,
    ];
    pub fn legend(self) -> &'static str {
        match self {
            Group::Placement => "Where children are placed",
            Group::Plans => "How many plans",
            Group::Money => "Costs and funding",
            Group::Timetable => "Timetable",
        }
    }
}

/// How a control looks and what it says.
#[derive(Debug)]
pub struct ControlSpec {
    pub label: &'static str,
    /// Unit after the number field.
    pub unit: &'static str,
    pub min: f64,
    pub max: f64,
    pub step: f64,
    /// One line: what moving it means.
    pub explain: &'static str,
    /// The evidence behind it, with sources.
    pub why: &'static str,
    /// Its group in the panel and its place there (`None`: shown inside
    /// another control).
    pub group: Option<(Group, u8)>,
    /// What a screen reader says for a value, in the control's units.
    pub spoken: fn(f64) -> String,
}

/// The app's words for each lever, in the order of the model's lever table
/// (`hne_model::LEVERS`): the compiler checks there is one for each.
const LEVER_CONTROLS: [ControlSpec; LeverId::COUNT] = [
    ControlSpec {
        label: "Mainstream inclusion",
        unit: "% kept in mainstream",
        min: 0.0,
        max: 100.0,
        step: 1.0,
        explain: "Of children who would otherwise go to a special or independent school, the share kept in mainstream.",
        why: "Delivering Better Value (DBV) case reviews judged that 56% of children in special schools could have been supported in mainstream with the right support, and 65% of reviewed children could have been met in a different provision (dbvinsend.com/insights). In 2022, 41.5% of Education, Health and Care Plans (EHCPs) in England were in mainstream schools: from 32.0% in the West Midlands and 32.3% in the South East to 54.8% in London (East of England 46.7%, Yorkshire and the Humber 44.2%, South West 39.1%, North East 36.8%, East Midlands 36.0%, North West 34.1%).",
        group: Some((Group::Placement, 1)),
        spoken: |v| format!("{v:.0}% of moves to special schools kept in mainstream"),
    },
    ControlSpec {
        label: "Fewer independent school places",
        unit: "% to state special instead",
        min: 0.0,
        max: 100.0,
        step: 1.0,
        explain: "Of children who would otherwise go to an independent school, the share placed in state special instead (where there is room).",
        why: "An independent or non-maintained special school (INMSS) place cost about £63,000–£64,000 a year in 2023–25 against about £26,000 for a state special school (Department for Education answers to parliamentary questions); the County Councils Network and Isos Partnership project £72,000 by 2029. DBV plans target 20% fewer independent placements. When state special schools are full, growth spills into independent schools: add new special places with this lever.",
        group: Some((Group::Placement, 2)),
        spoken: |v| format!("{v:.0}% of independent placements to state special instead"),
    },
    ControlSpec {
        label: "Top-up banding levels",
        unit: "%",
        min: BANDING_RANGE.0 * 100.0,
        max: BANDING_RANGE.1 * 100.0,
        step: 1.0,
        explain: "Every top-up band changes by this much; independent school fees do not.",
        why: "Councils review banding frameworks to make top-ups consistent (Wokingham Borough Council, \"Safety Valve Programme & SEND Improvement\", Children's Services Overview and Scrutiny, 20 March 2024: bands started at a very high rate with no lower tier). Gloucestershire applied a 3% uplift to its banding rates in 2024/25; a rise costs money as well as a cut saving it.",
        group: Some((Group::Money, 1)),
        spoken: |v| format!("{}{v:.0}% on top-up bands", if v > 0.0 { "+" } else { "" }),
    },
    ControlSpec {
        label: "Block transfer from the schools block",
        unit: "% of schools block",
        min: TRANSFER_RANGE.0 * 100.0,
        max: TRANSFER_RANGE.1 * 100.0,
        step: 0.05,
        explain: "Move this share of the schools block into the High Needs Block each year.",
        why: "Up to 0.5% needs the schools forum's approval; more needs a disapplication request to the Secretary of State. Sheffield's 0.5% was £2.4m and Torbay's about £545k; Norfolk assumes 1.5% a year; Cambridgeshire's 1.8% (£6.6m) request was refused and 0.16% (£634k) followed.",
        group: Some((Group::Money, 2)),
        spoken: |v| format!("{v:.2}% of the schools block"),
    },
    ControlSpec {
        label: "Early support: fewer new EHCPs",
        unit: "% fewer",
        min: DEMAND_RANGE.0 * 100.0,
        max: DEMAND_RANGE.1 * 100.0,
        step: 1.0,
        explain: "Needs met early, at special educational needs (SEN) support: fewer new plans.",
        why: "DBV contracts target at least 20% fewer new EHCPs. In 2024 England issued 97,747 new plans from 154,489 requests for assessment.",
        group: Some((Group::Plans, 1)),
        spoken: |v| format!("{v:.0}% fewer new EHCPs"),
    },
    ControlSpec {
        label: "Plans ceased at review when outcomes are met",
        unit: "% more ceased",
        min: CEASING_RANGE.0 * 100.0,
        max: CEASING_RANGE.1 * 100.0,
        step: 5.0,
        explain: "Every cease rate rises by this share, as outcomes are met at review.",
        why: "44,862 plans ceased in England in 2024, against 97,747 new plans. Ceasing a plan needs the outcomes met; it is not a way to withdraw support a child still needs.",
        group: Some((Group::Plans, 2)),
        spoken: |v| format!("{v:.0}% more plans ceased"),
    },
    ControlSpec {
        label: "New state special places",
        unit: "places",
        min: 0.0,
        max: 1000.0,
        step: 10.0,
        explain: "New or expanded state special schools, from the opening year.",
        why: "Where special schools are full, children who need a special place go to INMSS at two to three times the cost. Bristol planned 450 more specialist places by 2024 (Bristol Schools Forum, \"Delivering Better Value in SEND\", 12 January 2023); Wokingham opened Oak Tree and two free schools with 240 places (Wokingham Borough Council, Children's Services Overview and Scrutiny, 20 March 2024).",
        group: Some((Group::Placement, 4)),
        spoken: |v| format!("{v:.0} new places"),
    },
    ControlSpec {
        label: "Moves from independent back to state special",
        unit: "% a year",
        min: STEPDOWN_RANGE.0 * 100.0,
        max: STEPDOWN_RANGE.1 * 100.0,
        step: 1.0,
        explain: "Each year this share of independent placements moves to state special, where there is room.",
        why: "Safety Valve agreements (in which the Department for Education pays off a council's past deficit as it reaches balance) include reviewing independent placements for a move to local state provision at a natural point, such as a change of phase.",
        group: Some((Group::Placement, 3)),
        spoken: |v| format!("{v:.0}% a year"),
    },
];

const PLACES_YEAR: ControlSpec = ControlSpec {
    label: "Year the new places open",
    unit: "",
    min: 1.0,
    max: 15.0,
    step: 1.0,
    explain: "The financial year in which the new places first take children.",
    why: "A new special school takes three years or more from approval to opening.",
    group: None,
    spoken: |v| format!("year {v:.0}"),
};

const START: ControlSpec = ControlSpec {
        label: "Levers start in",
        unit: "",
        min: 1.0,
        max: 15.0,
        step: 1.0,
        explain: "The first financial year in which the plan acts.",
        why: "Plans take time: the Department for Education's DSG management plan template runs mitigations from a start year.",
        group: Some((Group::Timetable, 1)),
        spoken: |v| format!("year {v:.0}"),
    };

const RAMP: ControlSpec = ControlSpec {
        label: "Years to full effect",
        unit: "years",
        min: 1.0,
        max: 15.0,
        step: 1.0,
        explain: "Levers build up evenly to full effect over this many years.",
        why: "Changes in practice and provision take several years to reach every year group; DBV plans phase their savings.",
        group: Some((Group::Timetable, 2)),
        spoken: |v| format!("{v:.0} years"),
    };

/// What happened when a control was set.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Done,
    /// A target share beyond what the lever can do with the other levers as
    /// set: the lever went to full strength. Message for the user.
    OutOfReach(String),
    /// The target is already met with the lever off.
    AlreadyMet(String),
}

/// Highest start year or opening year allowed for this horizon.
fn last_year(sc: &Scenario) -> usize {
    sc.horizon.max(1)
}

fn clamp(v: f64, lo: f64, hi: f64) -> f64 {
    if v.is_nan() {
        lo
    } else {
        v.clamp(lo, hi)
    }
}

/// Bounds of a control for this scenario (some depend on the horizon).
pub fn bounds(sc: &Scenario, c: Control) -> (f64, f64) {
    let s = c.spec();
    match c {
        Control::PlacesYear | Control::Start | Control::Ramp => (1.0, last_year(sc) as f64),
        _ => (s.min, s.max),
    }
}

/// The value a control shows, in its own units: what the user set, never
/// something the projection leads to, so moving one control never moves
/// another.
pub fn value(sc: &Scenario, c: Control) -> f64 {
    let l = &sc.levers;
    match c {
        Control::Lever(LeverId::Places) => l.places.openings.first().map_or(0.0, |o| o.places),
        Control::Lever(id) => id
            .spec()
            .single
            .as_ref()
            .map_or(0.0, |one| (one.get)(l).value * 100.0),
        Control::PlacesYear => l
            .places
            .openings
            .first()
            .map_or(2.0f64.min(sc.horizon as f64), |o| o.year as f64),
        Control::Start => sc.timetable.start as f64,
        Control::Ramp => sc.timetable.ramp_years as f64,
    }
}

/// Set a control from a number the user gave, in the control's units.
/// Out-of-range numbers are brought within range; NaN is refused by the
/// caller before this point and treated as the minimum here.
pub fn set(saved: &mut Saved, c: Control, v: f64) -> Outcome {
    let (lo, hi) = bounds(&saved.scenario, c);
    let v = on_grid(clamp(v, lo, hi));
    let sc = &mut saved.scenario;
    let l = &mut sc.levers;
    let share = v / 100.0;
    match c {
        Control::Lever(LeverId::Places) => {
            let places = v.round();
            let year = l
                .places
                .openings
                .first()
                .map_or(2.min(sc.horizon), |o| o.year);
            match (places > 0.0, l.places.openings.is_empty()) {
                (true, true) => l.places.openings.push(Opening { year, places }),
                (true, false) => l.places.openings[0].places = places,
                (false, false) => {
                    l.places.openings.remove(0);
                }
                (false, true) => {}
            }
        }
        Control::PlacesYear => {
            if let Some(o) = l.places.openings.first_mut() {
                o.year = v.round() as usize;
            }
        }
        Control::Lever(id) => {
            if let Some(one) = id.spec().single.as_ref() {
                (one.get_mut)(l).value = share;
            }
        }
        Control::Start => sc.timetable.start = v.round() as usize,
        Control::Ramp => sc.timetable.ramp_years = v.round() as usize,
    }
    Outcome::Done
}

/// A control's value as kept: to a hundredth of its unit (0.01% for a
/// lever in per cent), which is finer than any field shows. A workshop code
/// carries exactly this, so a plan read from a code gives the figures its
/// owner saw to the penny.
pub fn on_grid(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Aim for a share of EHCPs by the final year (the model specification's
/// targets, section 3): the solver finds the strength of the inclusion
/// lever (`mainstream`) or the independent lever that reaches `percent`,
/// with the other levers as set, and sets it. The control then shows that
/// strength; what it leads to is shown beside it ([`leads_to`]).
pub fn aim(saved: &mut Saved, mainstream: bool, percent: f64) -> Outcome {
    let share = clamp(percent, 0.0, 100.0) / 100.0;
    let targets = if mainstream {
        Targets {
            mainstream_share: Some(share),
            independent_share: None,
        }
    } else {
        Targets {
            mainstream_share: None,
            independent_share: Some(share),
        }
    };
    let Ok(sol) = solve_targets(&saved.scenario, &targets) else {
        return Outcome::Done;
    };
    let Some(found) = (if mainstream {
        sol.inclusion
    } else {
        sol.independent
    }) else {
        return Outcome::Done;
    };
    let lever = if mainstream {
        &mut saved.scenario.levers.inclusion
    } else {
        &mut saved.scenario.levers.independent
    };
    lever.value = on_grid(found.value * 100.0) / 100.0;
    let year = hne_model::schema::year_label(
        saved.scenario.authority.base_year + saved.scenario.horizon as i32,
    );
    let what = if mainstream {
        "in mainstream schools"
    } else {
        "in independent schools"
    };
    match found.status {
        TargetStatus::Reached => Outcome::Done,
        TargetStatus::OutOfReach => {
            let full = !mainstream && special_schools_full(&saved.scenario);
            Outcome::OutOfReach(format!(
                "{} {what} by {year} is out of reach with the other levers as set: the most this lever can do is {}.{}",
                format::percent(share),
                format::percent(found.share_at_full),
                if full {
                    " State special schools are full, so children kept out of independent schools have nowhere else to go: add new special places."
                } else {
                    ""
                }
            ))
        }
        TargetStatus::AlreadyMet => Outcome::AlreadyMet(format!(
            "{} {what} by {year} is already met with this lever off: {} without it.",
            format::percent(share),
            format::percent(found.share_at_zero)
        )),
    }
}

/// Whether state special schools are at their capacity in the final year.
fn special_schools_full(sc: &Scenario) -> bool {
    let Ok(run) = hne_model::project(sc) else {
        return false;
    };
    let last = &run.scenario.years[run.horizon];
    let special: f64 = last
        .settings
        .iter()
        .zip(&sc.authority.settings)
        .filter(|(_, st)| st.kind == hne_model::schema::Kind::Special)
        .map(|(y, _)| y.ehcps)
        .sum();
    last.special_capacity
        .is_some_and(|cap| special >= cap - 0.5)
}

/// Apply one of the presets' levers, keeping the timetable.
pub fn apply_preset(saved: &mut Saved, name: &str) {
    if let Some(mut levers) = presets::levers(name) {
        for o in &mut levers.places.openings {
            o.year = o.year.min(last_year(&saved.scenario));
        }
        saved.scenario.levers = levers;
        saved.scenario.name = format!(
            "{}: {}",
            saved.scenario.authority.name,
            presets::describe(name).split(':').next().unwrap_or(name)
        );
    }
}

/// Back to the start: levers off, default timetable, and for a built-in
/// authority its shipped data and assumptions too.
pub fn reset(saved: &mut Saved, loaded: &Loaded) {
    if let Some(fresh) = saved.base.as_deref().and_then(|b| loaded.saved(b)) {
        if saved.authority_is_built_in(loaded) {
            *saved = fresh;
            return;
        }
    }
    saved.scenario.levers = Default::default();
    saved.scenario.timetable = Timetable::default();
}

/// Switch to a built-in or loaded published authority, keeping the plan
/// (levers and timetable) where it fits the new horizon. Years stay
/// calendar years: a lever that starts in 2027-28 still starts in 2027-28
/// on an authority whose base year is earlier. A timetable left at the old
/// authority's own takes the new authority's own.
pub fn switch_authority(saved: &Saved, name: &str, loaded: &Loaded) -> Option<Saved> {
    let mut next = loaded.saved(name)?;
    let h = last_year(&next.scenario);
    let shift =
        saved.scenario.authority.base_year as i64 - next.scenario.authority.base_year as i64;
    let year = |t: usize| (t as i64 + shift).clamp(1, h as i64) as usize;
    let mut levers = saved.scenario.levers.clone();
    for o in &mut levers.places.openings {
        o.year = year(o.year);
    }
    for lever in hne_model::levers::singles_mut(&mut levers) {
        lever.start = lever.start.map(year);
    }
    next.scenario.levers = levers;
    let old_default = saved
        .base
        .as_deref()
        .and_then(|b| loaded.saved(b))
        .map(|s| s.scenario.timetable);
    if old_default != Some(saved.scenario.timetable) {
        next.scenario.timetable = Timetable {
            start: year(saved.scenario.timetable.start),
            ramp_years: saved.scenario.timetable.ramp_years,
        };
    }
    if hne_model::Model::new(&next.scenario).is_err() {
        next = loaded.saved(name)?;
    }
    Some(next)
}

/// The built-in authorities for the switcher: (name, description).
pub fn authorities() -> impl Iterator<Item = (&'static str, &'static str)> {
    examples::NAMES
        .into_iter()
        .map(|n| (n, examples::describe(n)))
}

/// What the authority switcher shows for the scenario's base before its
/// list is built: a built-in's description, a published authority's name,
/// or "Your own data".
pub fn base_label(base: Option<&str>) -> String {
    let Some(base) = base else {
        return "Your own data".into();
    };
    authorities()
        .find(|(name, _)| *name == base)
        .map(|(_, desc)| desc.to_string())
        .or_else(|| crate::published::entry(base).map(|e| e.name.clone()))
        .unwrap_or_else(|| "Your own data".into())
}

/// Presets for the buttons: (name, short label, description).
pub fn preset_buttons() -> [(&'static str, &'static str, &'static str); 3] {
    [
        ("unmitigated", "No plan", presets::describe("unmitigated")),
        ("dbv", "Typical DBV plan", presets::describe("dbv")),
        (
            "safety_valve",
            "Safety Valve style",
            presets::describe("safety_valve"),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use hne_model::project;

    fn start() -> Saved {
        Saved::example("example").unwrap()
    }

    #[test]
    fn the_switcher_names_the_base_before_its_list_is_built() {
        assert_eq!(base_label(None), "Your own data");
        let (name, desc) = authorities().next().unwrap();
        assert_eq!(base_label(Some(name)), desc);
        let kent = crate::published::index()
            .authorities
            .iter()
            .find(|e| e.name == "Kent")
            .unwrap();
        let id = crate::published::base_id(&kent.code);
        assert_eq!(base_label(Some(&id)), "Kent");
        assert_eq!(base_label(Some("la/999999@1")), "Your own data");
        assert_eq!(base_label(Some("<b>nowhere</b>")), "Your own data");
    }

    fn deficit(s: &Saved) -> f64 {
        project(&s.scenario)
            .unwrap()
            .scenario
            .metrics
            .deficit_at_horizon_pounds
    }

    #[test]
    fn every_lever_moved_up_changes_the_deficit_the_expected_way() {
        let base = start();
        let d0 = deficit(&base);
        // (control, value, deficit falls?)
        let cases = [
            (Control::Lever(LeverId::Inclusion), 30.0, true),
            (Control::Lever(LeverId::Banding), -10.0, true),
            (Control::Lever(LeverId::Banding), 10.0, false),
            (Control::Lever(LeverId::Transfer), 0.5, true),
            (Control::Lever(LeverId::Demand), 20.0, true),
            (Control::Lever(LeverId::Ceasing), 50.0, true),
            (Control::Lever(LeverId::Places), 100.0, true),
            (Control::Lever(LeverId::Stepdown), 5.0, true),
        ];
        for (c, v, falls) in cases {
            let mut s = base.clone();
            assert_eq!(set(&mut s, c, v), Outcome::Done, "{c:?}");
            let d = deficit(&s);
            assert_eq!(d < d0 - 1.0, falls, "{c:?} {v}: {d} against {d0}");
            assert_eq!(d > d0 + 1.0, !falls, "{c:?} {v}");
        }
        // Fewer independent places saves money only where there is room in
        // state special schools (full in the example): room first.
        let mut s = base.clone();
        set(&mut s, Control::Lever(LeverId::Places), 300.0);
        let d_places = deficit(&s);
        set(&mut s, Control::Lever(LeverId::Independent), 50.0);
        assert!(deficit(&s) < d_places - 1.0);
    }

    #[test]
    fn moving_one_control_never_moves_another() {
        let mut s = start();
        set(&mut s, Control::Lever(LeverId::Independent), 20.0);
        let before: Vec<f64> = Control::ALL
            .iter()
            .map(|c| value(&s.scenario, *c))
            .collect();
        for c in Control::ALL {
            let mut t = s.clone();
            let (lo, hi) = bounds(&t.scenario, c);
            let to = if value(&t.scenario, c) < hi { hi } else { lo };
            set(&mut t, c, to);
            for (other, was) in Control::ALL.iter().zip(&before) {
                // The opening year belongs to new places: it is kept, and
                // shown, only while there are places.
                if *other == c
                    || (c == Control::Lever(LeverId::Places) && *other == Control::PlacesYear)
                {
                    continue;
                }
                assert_eq!(value(&t.scenario, *other), *was, "{c:?} moved {other:?}");
            }
        }
    }

    #[test]
    fn at_rest_a_lever_means_as_now_and_its_outcome_is_said_apart() {
        let s = start();
        for c in Control::ALL {
            if let Control::Lever(_) = c {
                assert_eq!(value(&s.scenario, c), 0.0, "{c:?}");
            }
        }
        let run0 = project(&s.scenario).unwrap();
        let words = leads_to(&run0, Control::Lever(LeverId::Inclusion)).unwrap();
        assert!(
            words.starts_with("Leads to ") && words.contains("today 41.5%"),
            "{words}"
        );
        let mut t = s.clone();
        set(&mut t, Control::Lever(LeverId::Inclusion), 40.0);
        let run = project(&t.scenario).unwrap();
        assert!(
            run.scenario.metrics.final_mainstream_share
                > run0.scenario.metrics.final_mainstream_share + 0.01
        );
        assert_ne!(
            leads_to(&run, Control::Lever(LeverId::Inclusion)).unwrap(),
            words
        );
        assert_eq!(leads_to(&run, Control::Lever(LeverId::Demand)), None);
    }

    #[test]
    fn aiming_for_a_share_sets_the_strength_that_reaches_it() {
        let mut s = start();
        let run0 = project(&s.scenario).unwrap();
        let target = run0.scenario.metrics.final_mainstream_share * 100.0 + 5.0;
        assert_eq!(aim(&mut s, true, target), Outcome::Done);
        assert!(s.scenario.levers.inclusion.value > 0.0);
        let run = project(&s.scenario).unwrap();
        let reached = run.scenario.metrics.final_mainstream_share * 100.0;
        assert!((reached - target).abs() < 0.01, "{reached} vs {target}");
        assert!(
            (value(&s.scenario, Control::Lever(LeverId::Inclusion))
                - s.scenario.levers.inclusion.value * 100.0)
                .abs()
                < 1e-9
        );
    }

    #[test]
    fn an_unreachable_aim_says_so_with_the_limit() {
        let mut s = start();
        let out = aim(&mut s, true, 99.0);
        let Outcome::OutOfReach(msg) = out else {
            panic!("{out:?}")
        };
        assert!(
            msg.contains("out of reach") && msg.contains("the most this lever can do is"),
            "{msg}"
        );
        assert_eq!(s.scenario.levers.inclusion.value, 1.0);
        let mut full = start();
        let out = aim(&mut full, false, 1.0);
        let Outcome::OutOfReach(msg) = out else {
            panic!("{out:?}")
        };
        assert!(msg.contains("add new special places"), "{msg}");
        let out = aim(&mut s, false, 40.0);
        assert!(matches!(out, Outcome::AlreadyMet(_)), "{out:?}");
        assert_eq!(s.scenario.levers.independent.value, 0.0);
    }

    #[test]
    fn numbers_out_of_range_are_brought_within_it() {
        let mut s = start();
        set(&mut s, Control::Lever(LeverId::Transfer), 99.0);
        assert_eq!(s.scenario.levers.transfer.value, 0.03);
        set(&mut s, Control::Lever(LeverId::Demand), -5.0);
        assert_eq!(s.scenario.levers.demand.value, 0.0);
        set(&mut s, Control::Lever(LeverId::Demand), f64::NAN);
        assert_eq!(s.scenario.levers.demand.value, 0.0);
        set(&mut s, Control::Start, 40.0);
        assert_eq!(s.scenario.timetable.start, s.scenario.horizon);
        set(&mut s, Control::Lever(LeverId::Places), 120.0);
        set(&mut s, Control::PlacesYear, 99.0);
        assert_eq!(
            s.scenario.levers.places.openings[0].year,
            s.scenario.horizon
        );
        hne_model::Model::new(&s.scenario).unwrap();
        set(&mut s, Control::Lever(LeverId::Places), 0.0);
        assert!(s.scenario.levers.places.openings.is_empty());
    }

    #[test]
    fn presets_reset_and_switching_authority() {
        let mut s = start();
        set(&mut s, Control::Ramp, 5.0);
        apply_preset(&mut s, "dbv");
        assert_eq!(s.scenario.levers, presets::levers("dbv").unwrap());
        assert_eq!(s.scenario.timetable.ramp_years, 5);
        let other = switch_authority(&s, "england", &Loaded::default()).unwrap();
        assert_eq!(other.base.as_deref(), Some("england"));
        assert_eq!(other.scenario.levers, s.scenario.levers);
        hne_model::Model::new(&other.scenario).unwrap();
        reset(&mut s, &Loaded::default());
        assert_eq!(s, start());
        assert_eq!(switch_authority(&s, "nowhere", &Loaded::default()), None);
    }
}

/// A labelled point on a control's scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub at: f64,
    pub label: String,
}

/// Ticks on a slider's scale, in the control's own units.
pub fn ticks(c: Control) -> Vec<Mark> {
    match c {
        Control::Lever(LeverId::Transfer) => vec![Mark {
            at: 0.5,
            label: "0.5%: schools forum limit".into(),
        }],
        _ => Vec::new(),
    }
}

/// What the inclusion and independent levers lead to, in words: the share
/// of EHCPs in mainstream (or independent) schools in the final year, and
/// today's ("Leads to 45.0% of EHCPs in mainstream schools in 2032-33;
/// today 41.5%.").
pub fn leads_to(run: &Run, c: Control) -> Option<String> {
    let m = &run.scenario.metrics;
    let today = &run.scenario.years[0];
    let (end, now, what) = match c {
        Control::Lever(LeverId::Inclusion) => (
            m.final_mainstream_share,
            today.mainstream_share,
            "in mainstream schools",
        ),
        Control::Lever(LeverId::Independent) => (
            m.final_independent_share,
            today.independent_share,
            "in independent schools",
        ),
        _ => return None,
    };
    Some(format!(
        "Leads to {:.1}% of EHCPs {what} in {}; today {:.1}%.",
        end * 100.0,
        m.final_year,
        now * 100.0
    ))
}

/// Benchmarks for what the inclusion and independent levers lead to (a
/// share of EHCPs): for a published authority whose comparisons are loaded,
/// what its similar authorities and England have today; otherwise the
/// regional figures in the domain notes.
pub fn benchmarks(run: Option<&Run>, c: Control, base: Option<&str>, loaded: &Loaded) -> Vec<Mark> {
    // Looked up only by the two levers that mark it (this runs for every
    // control on every move).
    let compare = || base.and_then(|b| crate::published::compare(loaded, b));
    let mark = |at: f64, label: &str| Mark {
        at,
        label: label.to_string(),
    };
    let today =
        |f: fn(&hne_model::output::Year) -> f64| run.map(|r| f(&r.scenario.years[0]) * 100.0);
    match c {
        Control::Lever(LeverId::Inclusion) => {
            let v = match &compare() {
                Some(cmp) => {
                    let m = cmp.similar_median.mainstream_share * 100.0;
                    let (_, top, f) = cmp
                        .similar
                        .iter()
                        .max_by(|a, b| a.2.mainstream_share.total_cmp(&b.2.mainstream_share))
                        .expect("a comparison has similar authorities");
                    let e = cmp.england.mainstream_share * 100.0;
                    vec![
                        mark(m, &format!("Similar authorities {m:.1}%")),
                        mark(
                            f.mainstream_share * 100.0,
                            &format!(
                                "Highest of similar: {top} {:.1}%",
                                f.mainstream_share * 100.0
                            ),
                        ),
                        mark(e, &format!("England {e:.1}%")),
                    ]
                }
                None => vec![
                    mark(32.0, "West Midlands 32.0%"),
                    mark(41.5, "England 41.5%"),
                    mark(54.8, "London 54.8%"),
                ],
            };
            v
        }
        Control::Lever(LeverId::Independent) => {
            let mut v = today(|y| y.independent_share)
                .map(|t| {
                    vec![mark(
                        t * 0.8,
                        &format!("DBV target, 20% fewer than today: {:.1}%", t * 0.8),
                    )]
                })
                .unwrap_or_default();
            if let Some(cmp) = &compare() {
                let m = cmp.similar_median.independent_share * 100.0;
                let (_, low, f) = cmp
                    .similar
                    .iter()
                    .min_by(|a, b| a.2.independent_share.total_cmp(&b.2.independent_share))
                    .expect("a comparison has similar authorities");
                v.push(mark(m, &format!("Similar authorities {m:.1}%")));
                v.push(mark(
                    f.independent_share * 100.0,
                    &format!(
                        "Lowest of similar: {low} {:.1}%",
                        f.independent_share * 100.0
                    ),
                ));
            }
            v
        }
        _ => Vec::new(),
    }
}

/// The number a number field shows: as many decimals as the step needs.
pub fn shown(c: Control, v: f64) -> String {
    let step = c.spec().step;
    let decimals = if step >= 1.0 {
        0
    } else if step >= 0.1 {
        1
    } else {
        2
    };
    format!("{v:.decimals$}")
}

/// What a screen reader says for a slider's value.
pub fn value_text(sc: &Scenario, c: Control, v: f64) -> String {
    match c {
        Control::PlacesYear | Control::Start => {
            hne_model::schema::year_label(sc.authority.base_year + v.round() as i32)
        }
        _ => (c.spec().spoken)(v),
    }
}

/// The transfer in pounds in the first year it acts.
pub fn transfer_pounds(run: &Run) -> Option<(String, f64)> {
    let y = run
        .scenario
        .years
        .iter()
        .find(|y| y.transfer_pounds > 0.0)?;
    Some((y.year.clone(), y.transfer_pounds))
}

#[cfg(test)]
mod more_tests {
    use super::*;

    #[test]
    fn every_control_comes_from_the_lever_table_and_sits_in_the_panel_once() {
        let levers: Vec<LeverId> = Control::ALL
            .into_iter()
            .filter_map(|c| match c {
                Control::Lever(l) => Some(l),
                _ => None,
            })
            .collect();
        assert_eq!(levers, LeverId::ALL.to_vec());
        let places = Control::ALL
            .iter()
            .position(|c| *c == Control::Lever(LeverId::Places))
            .unwrap();
        assert_eq!(Control::ALL[places + 1], Control::PlacesYear);
        let mut shown: Vec<Control> = Group::ALL.into_iter().flat_map(Control::in_group).collect();
        shown.push(Control::PlacesYear); // inside new places
        assert_eq!(shown.len(), Control::ALL.len());
        for c in Control::ALL {
            assert_eq!(shown.iter().filter(|x| **x == c).count(), 1, "{c:?}");
            assert_eq!(
                Control::ALL.into_iter().find(|x| x.id() == c.id()),
                Some(c),
                "ids are unique"
            );
        }
        // The panel's order, as before the table: step-down beside
        // independent schools.
        let ids: Vec<&str> = Control::in_group(Group::Placement)
            .into_iter()
            .map(Control::id)
            .collect();
        assert_eq!(ids, ["inclusion", "independent", "stepdown", "places"]);
    }

    #[test]
    fn marks_and_words() {
        let s = Saved::example("example").unwrap();
        let run = hne_model::project(&s.scenario).unwrap();
        let m = benchmarks(
            Some(&run),
            Control::Lever(LeverId::Inclusion),
            None,
            &Loaded::default(),
        );
        assert!(m.iter().any(|m| m.label == "England 41.5%"));
        assert!(benchmarks(
            Some(&run),
            Control::Lever(LeverId::Transfer),
            None,
            &Loaded::default()
        )
        .is_empty());
        assert_eq!(ticks(Control::Lever(LeverId::Transfer))[0].at, 0.5);
        assert_eq!(shown(Control::Lever(LeverId::Transfer), 0.5), "0.50");
        assert_eq!(shown(Control::Lever(LeverId::Demand), 20.0), "20");
        assert_eq!(value_text(&s.scenario, Control::Start, 1.0), "2027-28");
        assert!(transfer_pounds(&run).is_none());
        let mut t = s.clone();
        set(&mut t, Control::Lever(LeverId::Transfer), 0.5);
        let run = hne_model::project(&t.scenario).unwrap();
        let (year, pounds) = transfer_pounds(&run).unwrap();
        assert_eq!(year, "2027-28");
        assert!(pounds > 0.005 * t.scenario.authority.funding.schools_block_pounds * 0.99);
    }
}
