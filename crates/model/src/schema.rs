//! The scenario format: one versioned JSON schema for everything that goes in.
//!
//! A scenario is an authority's data for the base year, the assumptions (each
//! with a low / central / high value), the levers and the implementation
//! timetable. The same types are read from files by the command-line tool,
//! from plain JS objects by the JS API and from URLs and local storage by the
//! app, so there is one place where the format is defined and one place
//! (`validate`) where it is checked.
//!
//! Why maps keyed by setting id and phase name rather than bare matrices: a
//! finance officer reading or editing the JSON sees `placement_mix.s.special`
//! rather than `q[2][3]`, and every error names such a path.

use crate::map::Map;
use serde::{Deserialize, Serialize};

use crate::Phase;

/// The version of the scenario format this build writes and reads.
pub const SCHEMA_VERSION: u32 = 1;
/// The longest projection the model runs (years after the base year).
pub const MAX_HORIZON: usize = 15;

/// One scenario: an authority's data plus assumptions, levers and timetable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Format version; see [`SCHEMA_VERSION`].
    pub schema: u32,
    /// What the user calls this scenario ("DBV plan, March draft").
    #[serde(default)]
    pub name: String,
    /// Years projected after the base year (1..=15).
    pub horizon: usize,
    pub authority: Authority,
    pub assumptions: Assumptions,
    #[serde(default)]
    pub levers: Levers,
    #[serde(default)]
    pub timetable: Timetable,
}

/// The authority's data for the base year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    pub name: String,
    /// Calendar year in which the base financial year starts: 2026 = 2026-27.
    pub base_year: i32,
    pub settings: Vec<Setting>,
    /// EHCPs at the base-year January census, by setting id: either a total
    /// (split across phases by the default phase shares) or five phase counts.
    pub caseload: Map<Caseload>,
    /// New EHCPs issued in the base year, by phase.
    pub new_plans: PerPhase<f64>,
    /// Where new EHCPs are placed, by phase: setting id -> share (sums to 1).
    /// Settings left out get none.
    pub placement_mix: PerPhase<Map<f64>>,
    /// Share of plans ceased each year (needs met, moved away), by phase.
    pub cease_rate: PerPhase<f64>,
    /// Share of each phase that moves on to the next phase each year (for
    /// phase `a`, 20-25, the share that leaves at 25).
    pub ageing: PerPhase<f64>,
    /// Where children ageing from one phase into the next go, by the phase they
    /// leave (u5, p, s, f): from setting -> to setting -> share (sums to 1).
    /// A setting left out stays where it is.
    #[serde(default)]
    pub transitions: Transitions,
    /// Share of children in mainstream and resourced settings who move to a
    /// specialist setting each year, by phase.
    pub escalation: PerPhase<f64>,
    /// Share of those escalations that go to an independent setting, by phase.
    pub escalation_to_independent: PerPhase<f64>,
    /// Places in state special schools; absent = no capacity limit.
    #[serde(default)]
    pub special_capacity: Option<f64>,
    /// HNB spend that is not a placement: SEN support, outreach, central...
    #[serde(default)]
    pub other_spend: Vec<SpendLine>,
    pub funding: Funding,
    pub deficit: Deficit,
    /// History rows for calibration and the back-cast (oldest first).
    #[serde(default)]
    pub history: Vec<HistoryRow>,
    /// Where each figure came from, and which are estimates.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// A kind of setting: it decides how the levers treat it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Mainstream,
    Resourced,
    Special,
    Independent,
    Post16,
    Alternative,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Mainstream,
        Kind::Resourced,
        Kind::Special,
        Kind::Independent,
        Kind::Post16,
        Kind::Alternative,
        Kind::Other,
    ];
    /// Special and independent settings.
    pub fn is_specialist(self) -> bool {
        matches!(self, Kind::Special | Kind::Independent)
    }
    /// Where the inclusion lever sends children instead of a specialist place.
    pub fn is_inclusive(self) -> bool {
        matches!(self, Kind::Mainstream | Kind::Resourced | Kind::Post16)
    }
    pub fn id(self) -> &'static str {
        match self {
            Kind::Mainstream => "mainstream",
            Kind::Resourced => "resourced",
            Kind::Special => "special",
            Kind::Independent => "independent",
            Kind::Post16 => "post16",
            Kind::Alternative => "alternative",
            Kind::Other => "other",
        }
    }
}

/// A setting (a kind of placement) with its unit costs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Setting {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    /// Place funding per EHCP per year (e.g. £10,000 for special places).
    pub place_pounds: f64,
    /// Top-up bands; shares sum to 1. The average top-up is sum(value x share).
    pub bands: Vec<Band>,
    /// Whether the banding lever moves this setting's top-ups. Default: every
    /// kind but `independent`, whose fee is one negotiated band.
    #[serde(default)]
    pub banded: Option<bool>,
}

impl Setting {
    pub fn is_banded(&self) -> bool {
        self.banded.unwrap_or(self.kind != Kind::Independent)
    }
    /// Average top-up per EHCP per year. Band shares within 0.001 of 1 are
    /// accepted (`validate`) and rescaled here to sum exactly to 1, as the
    /// placement mix and transitions are (docs/model.md).
    pub fn topup_pounds(&self) -> f64 {
        let total: f64 = self.bands.iter().map(|b| b.share).sum();
        if total <= 0.0 {
            return 0.0;
        }
        self.bands
            .iter()
            .map(|b| b.value_pounds * b.share)
            .sum::<f64>()
            / total
    }
    /// Place funding plus average top-up, base year.
    pub fn unit_cost_pounds(&self) -> f64 {
        self.place_pounds + self.topup_pounds()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub name: String,
    pub value_pounds: f64,
    pub share: f64,
}

/// EHCPs in one setting: a total, or a count per phase.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Caseload {
    Total(f64),
    ByPhase(PerPhase<f64>),
}

/// By hand rather than `#[serde(untagged)]`: an untagged enum that matches
/// neither form says only "data did not match any variant"; this says what
/// is wanted. A number is a total, an object is per phase.
impl<'de> Deserialize<'de> for Caseload {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Caseload;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number (a total) or an object with u5, p, s, f, a")
            }
            fn visit_f64<E>(self, v: f64) -> Result<Caseload, E> {
                Ok(Caseload::Total(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Caseload, E> {
                Ok(Caseload::Total(v as f64))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Caseload, E> {
                Ok(Caseload::Total(v as f64))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Caseload, A::Error> {
                PerPhase::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Caseload::ByPhase)
            }
        }
        d.deserialize_any(Visit)
    }
}

/// One value per age phase, named as in SEN2.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerPhase<T> {
    pub u5: T,
    pub p: T,
    pub s: T,
    pub f: T,
    pub a: T,
}

impl<T> PerPhase<T> {
    pub fn get(&self, phase: Phase) -> &T {
        match phase {
            Phase::U5 => &self.u5,
            Phase::P => &self.p,
            Phase::S => &self.s,
            Phase::F => &self.f,
            Phase::A => &self.a,
        }
    }
    pub fn get_mut(&mut self, phase: Phase) -> &mut T {
        match phase {
            Phase::U5 => &mut self.u5,
            Phase::P => &mut self.p,
            Phase::S => &mut self.s,
            Phase::F => &mut self.f,
            Phase::A => &mut self.a,
        }
    }
    pub fn from_fn(mut f: impl FnMut(Phase) -> T) -> Self {
        PerPhase {
            u5: f(Phase::U5),
            p: f(Phase::P),
            s: f(Phase::S),
            f: f(Phase::F),
            a: f(Phase::A),
        }
    }
}

impl PerPhase<f64> {
    pub fn to_array(&self) -> [f64; 5] {
        [self.u5, self.p, self.s, self.f, self.a]
    }
    pub fn from_array(v: [f64; 5]) -> Self {
        PerPhase {
            u5: v[0],
            p: v[1],
            s: v[2],
            f: v[3],
            a: v[4],
        }
    }
}

/// Transition matrices for the four phase changes (u5->p, p->s, s->f, f->a).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transitions {
    #[serde(default)]
    pub u5: Map<Map<f64>>,
    #[serde(default)]
    pub p: Map<Map<f64>>,
    #[serde(default)]
    pub s: Map<Map<f64>>,
    #[serde(default)]
    pub f: Map<Map<f64>>,
}

impl Transitions {
    pub fn from_phase(&self, phase: Phase) -> Option<&Map<Map<f64>>> {
        match phase {
            Phase::U5 => Some(&self.u5),
            Phase::P => Some(&self.p),
            Phase::S => Some(&self.s),
            Phase::F => Some(&self.f),
            Phase::A => None,
        }
    }
}

/// A spend line that is not a placement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpendLine {
    pub name: String,
    pub amount_pounds: f64,
    /// Annual growth of this line.
    pub inflation: Range,
}

/// Values by financial year, keyed "2027-28".
pub type YearValues = Map<f64>;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Funding {
    /// HNB allocation in the base year (after recoupment, before transfers).
    pub hnb_allocation_pounds: f64,
    /// Known allocations that replace the growth assumption in those years.
    #[serde(default)]
    pub allocation_overrides: YearValues,
    /// Schools block in the base year; the transfer lever takes a share of it.
    pub schools_block_pounds: f64,
    /// Other income to the HNB by year (e.g. a one-off grant).
    #[serde(default)]
    pub other_income: YearValues,
    /// Known schools blocks that replace the growth assumption in those
    /// years (and that later years grow from), as `allocation_overrides`.
    #[serde(default)]
    pub schools_block_overrides: YearValues,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deficit {
    /// Cumulative DSG deficit at the start of the base year (positive = deficit).
    pub opening_pounds: f64,
    /// Safety Valve payments received, by year (reduce the deficit).
    #[serde(default)]
    pub safety_valve: YearValues,
    /// Other contributions applied to the deficit, by year (reduce it).
    #[serde(default)]
    pub contributions: YearValues,
    /// Movements in other DSG blocks' balances that reach the cumulative DSG
    /// deficit, by year (positive adds to the deficit).
    #[serde(default)]
    pub other_dsg_adjustments: YearValues,
    /// The cumulative DSG deficit at the end of the base year, where the
    /// council knows it (31 March 2026 for a 2025-26 base year; before the
    /// High Needs Stability Grant): the projection carries on from it.
    #[serde(default)]
    pub closing_pounds: Option<f64>,
    /// The High Needs Stability Grant (February 2026).
    #[serde(default)]
    pub stability_grant: StabilityGrant,
}

/// The financial year whose closing deficit (31 March 2026) the High Needs
/// Stability Grant resolves, and the year it is paid in (2026-27).
pub const GRANT_DEFICIT_YEAR: i32 = 2025;
pub const GRANT_PAID_YEAR: i32 = 2026;
/// The share of the eligible deficit the grant resolves.
pub const GRANT_SHARE: f64 = 0.9;

/// The High Needs Stability Grant: 90% of a council's high needs deficit at
/// 31 March 2026, paid by the government in 2026-27 once the Department for
/// Education approves the council's local SEND reform plan (DfE and MHCLG,
/// "Explanatory note on the government's approach to Dedicated Schools
/// Grant deficits", 9 February 2026).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StabilityGrant {
    /// Whether the grant is paid: the council's SEND reform plan approved.
    /// True unless the user says otherwise.
    #[serde(default = "yes")]
    pub plan_approved: bool,
    /// The share of the eligible deficit resolved (0.9).
    #[serde(default = "grant_share")]
    pub share: f64,
    /// The eligible high needs deficit at 31 March 2026 where it is known
    /// (the Department's figure); absent: the projection's deficit at that
    /// date, less what other DSG blocks added to it.
    #[serde(default)]
    pub eligible_pounds: Option<f64>,
}

fn yes() -> bool {
    true
}
fn grant_share() -> f64 {
    GRANT_SHARE
}

impl Default for StabilityGrant {
    fn default() -> Self {
        StabilityGrant {
            plan_approved: true,
            share: GRANT_SHARE,
            eligible_pounds: None,
        }
    }
}

/// One year of an authority's history, for calibration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryRow {
    /// Calendar year the financial year starts (2016 = 2016-17).
    pub year: i32,
    pub ehcps: f64,
    pub expenditure_pounds: f64,
    pub funding_pounds: f64,
    #[serde(default)]
    pub cumulative_deficit_pounds: Option<f64>,
}

/// Where a figure came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The field path the source covers ("authority.caseload").
    pub field: String,
    /// Citation or method in words.
    pub text: String,
    /// True where the figure is an estimate rather than a published value.
    #[serde(default)]
    pub estimated: bool,
}

/// A low / central / high value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    pub low: f64,
    pub central: f64,
    pub high: f64,
}

impl Range {
    pub const fn point(v: f64) -> Self {
        Range {
            low: v,
            central: v,
            high: v,
        }
    }
    pub const fn new(low: f64, central: f64, high: f64) -> Self {
        Range { low, central, high }
    }
}

/// The assumptions, each with a range for the uncertainty analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assumptions {
    /// Annual growth of new EHCPs.
    pub new_plan_growth: Range,
    /// Annual unit-cost inflation for settings without their own.
    pub cost_inflation: Range,
    /// Unit-cost inflation for particular settings, by setting id.
    #[serde(default)]
    pub cost_inflation_by_setting: Map<Range>,
    /// Annual growth of the HNB allocation.
    pub funding_growth: Range,
    /// Annual growth of the schools block.
    pub schools_block_growth: Range,
    /// Added to every phase's cease rate each year: 0.01 is one more plan
    /// in a hundred ending each year than projected, -0.01 one fewer (net
    /// moves to and from other authorities are part of it). 0, the default,
    /// is the projection; its range carries how far plans ending have
    /// missed in the past (docs/hindcast.md).
    #[serde(default = "Assumptions::default_leaving")]
    pub leaving: Range,
    /// Each year, this share of the EHCPs in mainstream schools (resourced
    /// provision included) moves to further education, alternative
    /// provision and other arrangements beyond what the projection moves,
    /// or back when negative. 0, the default, is
    /// the projection; its range carries how far settings have moved
    /// unforeseen in the past (docs/hindcast.md).
    #[serde(default = "Assumptions::default_leaving")]
    pub specialist_drift: Range,
    /// Each year, EHCPs in independent schools grow by this share of
    /// themselves from state special schools beyond the projection, or
    /// shrink into them when negative. 0, the default, is the projection.
    #[serde(default = "Assumptions::default_leaving")]
    pub independent_drift: Range,
    /// Share of each lever's planned effect that is achieved (0..1).
    #[serde(default = "Assumptions::default_delivery")]
    pub delivery: Range,
}

impl Assumptions {
    /// The plan delivered as set: a range of its own would put the central
    /// figure at the edge of the likely range (the Monte Carlo's middle
    /// runs deliver less than the central run). Widen it to see the risk.
    pub fn default_delivery() -> Range {
        Range::point(1.0)
    }
    pub fn default_leaving() -> Range {
        Range::point(0.0)
    }
}

/// The implementation timetable shared by every lever unless it has its own.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timetable {
    /// First projection year in which levers act (1 = the year after the base year).
    pub start: usize,
    /// Years from the start to full effect (>= 1).
    pub ramp_years: usize,
}

impl Default for Timetable {
    fn default() -> Self {
        Timetable {
            start: 1,
            ramp_years: 3,
        }
    }
}

/// One lever with a single value.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lever {
    #[serde(default)]
    pub value: f64,
    /// This lever's own start year; absent = the timetable's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// This lever's own years to full effect; absent = the timetable's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ramp_years: Option<usize>,
    /// Yearly cost of delivering the lever, from its start year while it is set.
    #[serde(default)]
    pub annual_cost_pounds: f64,
}

impl Lever {
    pub const fn at(value: f64) -> Self {
        Lever {
            value,
            start: None,
            ramp_years: None,
            annual_cost_pounds: 0.0,
        }
    }
}

/// New state special places opening in a projection year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opening {
    /// Projection year the places open (1 = the year after the base year).
    pub year: usize,
    pub places: f64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlacesLever {
    #[serde(default)]
    pub openings: Vec<Opening>,
    #[serde(default)]
    pub annual_cost_pounds: f64,
}

/// The mitigation levers; every one neutral by default.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Levers {
    #[serde(default)]
    pub inclusion: Lever,
    #[serde(default)]
    pub independent: Lever,
    #[serde(default)]
    pub banding: Lever,
    #[serde(default)]
    pub transfer: Lever,
    #[serde(default)]
    pub demand: Lever,
    #[serde(default)]
    pub ceasing: Lever,
    #[serde(default)]
    pub places: PlacesLever,
    #[serde(default)]
    pub stepdown: Lever,
}

/// A parse or validation problem, naming the field it is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// Field path, e.g. `authority.settings[2].kind`; empty for the whole document.
    pub path: String,
    pub message: String,
    /// Line and column in the JSON text, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {}", line)?;
            if let Some(col) = self.column {
                write!(f, ", column {}", col)?;
            }
            write!(f, ": ")?;
        }
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every problem found in a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problems(pub Vec<Problem>);

/// "and 12 more problems": what a capped list of problems ends with.
pub fn more_problems(more: usize) -> String {
    format!(
        "and {more} more problem{}",
        if more == 1 { "" } else { "s" }
    )
}

/// The most problems written out; the rest are counted ("and 12 more").
pub const PROBLEMS_SHOWN: usize = 50;

impl std::fmt::Display for Problems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, p) in self.0.iter().take(PROBLEMS_SHOWN).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", p)?;
        }
        if let Some(more) = self.0.len().checked_sub(PROBLEMS_SHOWN).filter(|n| *n > 0) {
            write!(f, "\n{}", more_problems(more))?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

impl Problems {
    pub fn one(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problems(vec![Problem {
            path: path.into(),
            message: message.into(),
            line: None,
            column: None,
        }])
    }
}

/// Financial year label for a calendar start year: 2026 -> "2026-27".
pub fn year_label(start: i32) -> String {
    format!("{}-{:02}", start, (start + 1).rem_euclid(100))
}

/// The calendar start year of a label "2026-27", if it is one.
pub fn parse_year_label(label: &str) -> Option<i32> {
    let (a, b) = label.split_once('-')?;
    if a.len() != 4 || b.len() != 2 {
        return None;
    }
    let start: i32 = a.parse().ok()?;
    let end: i32 = b.parse().ok()?;
    ((start + 1).rem_euclid(100) == end).then_some(start)
}

impl Scenario {
    /// Read a scenario from JSON text: syntax and shape errors name the line,
    /// column and field path; then every value is validated.
    pub fn from_json(text: &str) -> Result<Scenario, Problems> {
        let scenario = parse_json(text)?;
        scenario.validate()?;
        Ok(scenario)
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a scenario always serialises")
    }
}

/// Read a scenario without semantic validation: every shape problem, each
/// with its field path, line and column (see [`crate::json`]).
pub fn parse_json(text: &str) -> Result<Scenario, Problems> {
    crate::json::read_scenario(text)
}
