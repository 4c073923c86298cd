//! Semantic checks on a scenario, after it has the right shape.
//!
//! Every problem is collected (not just the first) so that a user fixing a
//! spreadsheet sees the whole list at once, each with the field path and what
//! is allowed. The bounds are wide enough for England as a whole and tight
//! enough that no valid scenario can overflow a float over fifteen years; that
//! is what lets the engine promise no NaN and no infinity.

use crate::map::Map;

/// Setting ids in the order the settings are listed (a handful: a Vec is
/// simpler and, in the browser, smaller than a hash set).
type Ids<'a> = Vec<&'a str>;

use crate::schema::*;
use crate::Phase;

/// Tolerance on shares that must sum to 1 (placement mix, transitions, bands).
pub const SHARE_TOLERANCE: f64 = 1e-3;
/// Largest count of EHCPs (any one figure) the model accepts.
pub const MAX_COUNT: f64 = 1e7;
/// Largest sum of money (any one figure) the model accepts: £1 trillion.
pub const MAX_POUNDS: f64 = 1e12;
/// Largest unit cost per EHCP per year the model accepts.
pub const MAX_UNIT_POUNDS: f64 = 1e6;
/// Longest name (of a setting, a band, a spend line) the model accepts; an
/// authority's or a scenario's name is held to the same.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest text of one source.
pub const MAX_SOURCE_CHARS: usize = 2_000;
/// Most sources one scenario lists.
pub const MAX_SOURCES: usize = 500;
/// Most years of history (a century and more).
pub const MAX_HISTORY_ROWS: usize = 200;
/// Bounds on annual growth and inflation rates.
pub const RATE_BOUNDS: (f64, f64) = (-0.5, 1.0);
/// What may be added to every cease rate.
pub const LEAVING_BOUNDS: (f64, f64) = (-0.5, 0.5);

/// Lever ranges from the specification (neutral value first in each).
pub const INCLUSION_RANGE: (f64, f64) = (0.0, 1.0);
pub const INDEPENDENT_RANGE: (f64, f64) = (0.0, 1.0);
pub const BANDING_RANGE: (f64, f64) = (-0.3, 0.3);
pub const TRANSFER_RANGE: (f64, f64) = (0.0, 0.03);
pub const DEMAND_RANGE: (f64, f64) = (0.0, 0.5);
pub const CEASING_RANGE: (f64, f64) = (0.0, 2.0);
pub const STEPDOWN_RANGE: (f64, f64) = (0.0, 0.2);

struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            message: message.into(),
            line: None,
            column: None,
        });
    }

    /// A finite number within [lo, hi]; returns whether it passed.
    fn number(&mut self, path: &str, v: f64, lo: f64, hi: f64, what: &str) -> bool {
        if !v.is_finite() {
            self.push(path, format!("must be a number ({}), not {}", what, v));
            false
        } else if v < lo || v > hi {
            let msg = if v < 0.0 && lo >= 0.0 {
                format!("cannot be negative ({}); got {}", what, v)
            } else {
                format!("must be from {} to {} ({}); got {}", lo, hi, what, v)
            };
            self.push(path, msg);
            false
        } else {
            true
        }
    }

    fn count(&mut self, path: &str, v: f64) -> bool {
        self.number(path, v, 0.0, MAX_COUNT, "a count of EHCPs")
    }

    fn pounds(&mut self, path: &str, v: f64) -> bool {
        self.number(path, v, 0.0, MAX_POUNDS, "pounds")
    }

    fn signed_pounds(&mut self, path: &str, v: f64) -> bool {
        self.number(path, v, -MAX_POUNDS, MAX_POUNDS, "pounds, negative allowed")
    }

    fn share(&mut self, path: &str, v: f64) -> bool {
        self.number(path, v, 0.0, 1.0, "a share from 0 to 1")
    }

    fn range(&mut self, path: &str, r: &Range, lo: f64, hi: f64, what: &str) {
        let ok = self.number(&format!("{path}.low"), r.low, lo, hi, what)
            & self.number(&format!("{path}.central"), r.central, lo, hi, what)
            & self.number(&format!("{path}.high"), r.high, lo, hi, what);
        if ok && !(r.low <= r.central && r.central <= r.high) {
            self.push(
                path,
                format!(
                    "low, central and high must be in order (low <= central <= high); got {}, {}, {}",
                    r.low, r.central, r.high
                ),
            );
        }
    }

    fn shares_sum_to_one(&mut self, path: &str, sum: f64) {
        if sum.is_finite() && (sum - 1.0).abs() > SHARE_TOLERANCE {
            self.push(
                path,
                format!(
                    "shares must add up to 1 (within {}); they add up to {}",
                    SHARE_TOLERANCE,
                    round6(sum)
                ),
            );
        }
    }

    fn known_id(&mut self, path: &str, id: &str, ids: &Ids) -> bool {
        if ids.contains(&id) {
            true
        } else {
            let list: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
            self.push(
                path,
                format!(
                    "unknown setting id \"{}\"; the settings are: {}",
                    id,
                    list.join(", ")
                ),
            );
            false
        }
    }

    /// At most `max` entries; when there are more, one problem says so and
    /// the entries are not checked one by one (a file of 80,000 unknown
    /// keys gets one message, not 80,000).
    fn at_most(&mut self, path: &str, n: usize, max: usize, what: &str) -> bool {
        if n > max {
            self.push(
                path,
                format!("must list at most {max} {what}; it lists {n}"),
            );
            false
        } else {
            true
        }
    }

    /// Text of at most `max` characters.
    fn text(&mut self, path: &str, text: &str, max: usize) {
        if text.chars().count() > max {
            self.push(path, format!("must be at most {max} characters"));
        }
    }

    fn year_values(&mut self, path: &str, values: &YearValues, base_year: i32, signed: bool) {
        if !self.at_most(path, values.len(), MAX_HORIZON + 1, "years") {
            return;
        }
        for (label, v) in values {
            let p = format!("{path}.{label}");
            match parse_year_label(label) {
                None => self.push(
                    &p,
                    "a year must be written like \"2027-28\" (the financial year)",
                ),
                Some(y) if y < base_year || y > base_year + MAX_HORIZON as i32 => self.push(
                    &p,
                    format!(
                        "year must be from the base year {} to {} (15 years on)",
                        year_label(base_year),
                        year_label(base_year + MAX_HORIZON as i32)
                    ),
                ),
                Some(_) => {
                    if signed {
                        self.signed_pounds(&p, *v);
                    } else {
                        self.pounds(&p, *v);
                    }
                }
            }
        }
    }

    fn lever(&mut self, path: &str, lever: &Lever, bounds: (f64, f64), what: &str) {
        self.number(
            &format!("{path}.value"),
            lever.value,
            bounds.0,
            bounds.1,
            what,
        );
        if let Some(start) = lever.start {
            self.year_index(&format!("{path}.start"), start);
        }
        if let Some(r) = lever.ramp_years {
            self.year_index(&format!("{path}.ramp_years"), r);
        }
        self.pounds(
            &format!("{path}.annual_cost_pounds"),
            lever.annual_cost_pounds,
        );
    }

    fn year_index(&mut self, path: &str, v: usize) {
        if !(1..=MAX_HORIZON).contains(&v) {
            self.push(
                path,
                format!("must be from 1 to {}; got {}", MAX_HORIZON, v),
            );
        }
    }
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

impl Scenario {
    /// Check every value; Ok means the engine can run it without NaN or panic.
    pub fn validate(&self) -> Result<(), Problems> {
        let mut c = Checker {
            problems: Vec::new(),
        };
        if self.schema != SCHEMA_VERSION {
            c.push(
                "schema",
                format!(
                    "this version reads format {}; got {}",
                    SCHEMA_VERSION, self.schema
                ),
            );
        }
        if !(1..=MAX_HORIZON).contains(&self.horizon) {
            c.push(
                "horizon",
                format!(
                    "must be from 1 to {} years; got {}",
                    MAX_HORIZON, self.horizon
                ),
            );
        }
        if self.name.chars().count() > 200 {
            c.push("name", "must be at most 200 characters");
        }
        c.year_index("timetable.start", self.timetable.start);
        c.year_index("timetable.ramp_years", self.timetable.ramp_years);
        check_authority(&mut c, &self.authority);
        check_assumptions(&mut c, &self.assumptions, &self.authority);
        check_levers(&mut c, &self.levers);
        if c.problems.is_empty() {
            Ok(())
        } else {
            Err(Problems(c.problems))
        }
    }
}

fn check_authority(c: &mut Checker, a: &Authority) {
    if a.name.trim().is_empty() {
        c.push("authority.name", "must not be empty");
    } else if a.name.chars().count() > 200 {
        c.push("authority.name", "must be at most 200 characters");
    }
    if !(1990..=2100).contains(&a.base_year) {
        c.push(
            "authority.base_year",
            format!("must be a year from 1990 to 2100; got {}", a.base_year),
        );
    }

    // Settings
    if a.settings.is_empty() || a.settings.len() > 20 {
        c.push(
            "authority.settings",
            format!("must list 1 to 20 settings; got {}", a.settings.len()),
        );
    }
    let mut ids: Ids = Vec::new();
    for (i, s) in a.settings.iter().enumerate() {
        let p = format!("authority.settings[{i}]");
        let valid_id = !s.id.is_empty()
            && s.id.len() <= 40
            && s.id
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_' || ch == '-');
        if !valid_id {
            c.push(
                format!("{p}.id"),
                "must be 1 to 40 characters of a-z, 0-9, _ or -",
            );
        } else if ids.contains(&s.id.as_str()) {
            c.push(
                format!("{p}.id"),
                format!("\"{}\" is used by another setting", s.id),
            );
        } else {
            ids.push(s.id.as_str());
        }
        if s.name.trim().is_empty() {
            c.push(format!("{p}.name"), "must not be empty");
        }
        c.text(&format!("{p}.name"), &s.name, MAX_NAME_CHARS);
        c.number(
            &format!("{p}.place_pounds"),
            s.place_pounds,
            0.0,
            MAX_UNIT_POUNDS,
            "pounds per EHCP per year",
        );
        if s.bands.is_empty() || s.bands.len() > 20 {
            c.push(
                format!("{p}.bands"),
                "must list 1 to 20 top-up bands (one band of value 0 if there is no top-up)",
            );
        }
        let mut sum = 0.0;
        let mut all_ok = true;
        for (j, b) in s.bands.iter().enumerate().take(20) {
            let bp = format!("{p}.bands[{j}]");
            c.text(&format!("{bp}.name"), &b.name, MAX_NAME_CHARS);
            all_ok &= c.number(
                &format!("{bp}.value_pounds"),
                b.value_pounds,
                0.0,
                MAX_UNIT_POUNDS,
                "pounds per EHCP per year",
            );
            all_ok &= c.share(&format!("{bp}.share"), b.share);
            sum += b.share;
        }
        if all_ok && !s.bands.is_empty() {
            c.shares_sum_to_one(&format!("{p}.bands"), sum);
        }
    }
    let has = |k: Kind| a.settings.iter().any(|s| s.kind == k);
    if !a.settings.is_empty() {
        if !has(Kind::Mainstream) {
            c.push(
                "authority.settings",
                "needs at least one setting of kind \"mainstream\"",
            );
        }
        if !has(Kind::Special) {
            c.push(
                "authority.settings",
                "needs at least one setting of kind \"special\"",
            );
        }
    }

    // Caseload
    let caseload_ok = c.at_most("authority.caseload", a.caseload.len(), 20, "settings");
    for (id, load) in a.caseload.iter().filter(|_| caseload_ok) {
        let p = format!("authority.caseload.{id}");
        if c.known_id(&p, id, &ids) {
            match load {
                Caseload::Total(v) => {
                    c.count(&p, *v);
                }
                Caseload::ByPhase(pp) => {
                    for ph in Phase::ALL {
                        c.count(&format!("{p}.{}", ph.id()), *pp.get(ph));
                    }
                }
            }
        }
    }
    for s in &a.settings {
        if !a.caseload.contains_key(&s.id) {
            c.push(
                format!("authority.caseload.{}", s.id),
                "missing: give a count for every setting (0 if none)",
            );
        }
    }

    for ph in Phase::ALL {
        let n = *a.new_plans.get(ph);
        c.count(&format!("authority.new_plans.{}", ph.id()), n);
        let mix = a.placement_mix.get(ph);
        let mp = format!("authority.placement_mix.{}", ph.id());
        let mut sum = 0.0;
        let few = c.at_most(&mp, mix.len(), 20, "settings");
        let mut all_ok = few;
        for (id, v) in mix.iter().filter(|_| few) {
            let p = format!("{mp}.{id}");
            all_ok &= c.known_id(&p, id, &ids);
            all_ok &= c.share(&p, *v);
            sum += v;
        }
        if all_ok && (!mix.is_empty() || n > 0.0) {
            c.shares_sum_to_one(&mp, sum);
        }
        c.share(
            &format!("authority.cease_rate.{}", ph.id()),
            *a.cease_rate.get(ph),
        );
        c.share(&format!("authority.ageing.{}", ph.id()), *a.ageing.get(ph));
        c.share(
            &format!("authority.escalation.{}", ph.id()),
            *a.escalation.get(ph),
        );
        c.share(
            &format!("authority.escalation_to_independent.{}", ph.id()),
            *a.escalation_to_independent.get(ph),
        );
        if let Some(rows) = a.transitions.from_phase(ph) {
            check_transition_rows(c, &format!("authority.transitions.{}", ph.id()), rows, &ids);
        }
    }

    if let Some(k) = a.special_capacity {
        c.count("authority.special_capacity", k);
    }
    let lines_ok = c.at_most("authority.other_spend", a.other_spend.len(), 50, "lines");
    for (i, line) in a.other_spend.iter().enumerate().filter(|_| lines_ok) {
        let p = format!("authority.other_spend[{i}]");
        if line.name.trim().is_empty() {
            c.push(format!("{p}.name"), "must not be empty");
        }
        c.text(&format!("{p}.name"), &line.name, MAX_NAME_CHARS);
        c.pounds(&format!("{p}.amount_pounds"), line.amount_pounds);
        c.range(
            &format!("{p}.inflation"),
            &line.inflation,
            RATE_BOUNDS.0,
            RATE_BOUNDS.1,
            "an annual rate, 0.03 = 3%",
        );
    }

    let f = &a.funding;
    c.pounds(
        "authority.funding.hnb_allocation_pounds",
        f.hnb_allocation_pounds,
    );
    c.pounds(
        "authority.funding.schools_block_pounds",
        f.schools_block_pounds,
    );
    c.year_values(
        "authority.funding.allocation_overrides",
        &f.allocation_overrides,
        a.base_year,
        false,
    );
    c.year_values(
        "authority.funding.other_income",
        &f.other_income,
        a.base_year,
        true,
    );
    c.year_values(
        "authority.funding.schools_block_overrides",
        &f.schools_block_overrides,
        a.base_year,
        false,
    );
    let d = &a.deficit;
    c.signed_pounds("authority.deficit.opening_pounds", d.opening_pounds);
    c.year_values(
        "authority.deficit.safety_valve",
        &d.safety_valve,
        a.base_year,
        false,
    );
    c.year_values(
        "authority.deficit.contributions",
        &d.contributions,
        a.base_year,
        false,
    );
    c.year_values(
        "authority.deficit.other_dsg_adjustments",
        &d.other_dsg_adjustments,
        a.base_year,
        true,
    );
    if let Some(v) = d.closing_pounds {
        c.signed_pounds("authority.deficit.closing_pounds", v);
    }
    let g = &d.stability_grant;
    c.share("authority.deficit.stability_grant.share", g.share);
    if let Some(e) = g.eligible_pounds {
        c.pounds("authority.deficit.stability_grant.eligible_pounds", e);
    }

    if c.at_most(
        "authority.history",
        a.history.len(),
        MAX_HISTORY_ROWS,
        "years of history",
    ) {
        crate::calibrate::check_history(&a.history, "authority.history", &mut |p, m| c.push(p, m));
    }
    if c.at_most("authority.sources", a.sources.len(), MAX_SOURCES, "sources") {
        for (i, src) in a.sources.iter().enumerate() {
            c.text(
                &format!("authority.sources[{i}].field"),
                &src.field,
                MAX_NAME_CHARS,
            );
            c.text(
                &format!("authority.sources[{i}].text"),
                &src.text,
                MAX_SOURCE_CHARS,
            );
        }
    }
}

fn check_transition_rows(c: &mut Checker, path: &str, rows: &Map<Map<f64>>, ids: &Ids) {
    if !c.at_most(path, rows.len(), 20, "settings") {
        return;
    }
    for (from, row) in rows {
        let rp = format!("{path}.{from}");
        let mut all_ok = c.known_id(&rp, from, ids) && c.at_most(&rp, row.len(), 20, "settings");
        if !all_ok {
            continue;
        }
        let mut sum = 0.0;
        for (to, v) in row {
            let p = format!("{rp}.{to}");
            all_ok &= c.known_id(&p, to, ids);
            all_ok &= c.share(&p, *v);
            sum += v;
        }
        if all_ok {
            c.shares_sum_to_one(&rp, sum);
        }
    }
}

fn check_assumptions(c: &mut Checker, s: &Assumptions, a: &Authority) {
    let rate = "an annual rate, 0.03 = 3%";
    let (lo, hi) = RATE_BOUNDS;
    c.range(
        "assumptions.new_plan_growth",
        &s.new_plan_growth,
        lo,
        hi,
        rate,
    );
    c.range(
        "assumptions.cost_inflation",
        &s.cost_inflation,
        lo,
        hi,
        rate,
    );
    c.range(
        "assumptions.funding_growth",
        &s.funding_growth,
        lo,
        hi,
        rate,
    );
    c.range(
        "assumptions.schools_block_growth",
        &s.schools_block_growth,
        lo,
        hi,
        rate,
    );
    c.range(
        "assumptions.leaving",
        &s.leaving,
        LEAVING_BOUNDS.0,
        LEAVING_BOUNDS.1,
        "added to each cease rate, 0.01 = one more plan in a hundred ending each year",
    );
    c.range(
        "assumptions.specialist_drift",
        &s.specialist_drift,
        LEAVING_BOUNDS.0,
        LEAVING_BOUNDS.1,
        "a share of EHCPs in mainstream schools moving to other settings each year, 0.01 = one in a hundred",
    );
    c.range(
        "assumptions.independent_drift",
        &s.independent_drift,
        LEAVING_BOUNDS.0,
        LEAVING_BOUNDS.1,
        "a share of EHCPs in independent schools, 0.01 = one in a hundred more each year",
    );
    c.range(
        "assumptions.delivery",
        &s.delivery,
        0.0,
        1.0,
        "the share of planned effect achieved, 0 to 1",
    );
    let ids: Ids = a.settings.iter().map(|s| s.id.as_str()).collect();
    let by_setting = &s.cost_inflation_by_setting;
    let few = c.at_most(
        "assumptions.cost_inflation_by_setting",
        by_setting.len(),
        20,
        "settings",
    );
    for (id, r) in by_setting.iter().filter(|_| few) {
        let p = format!("assumptions.cost_inflation_by_setting.{id}");
        if c.known_id(&p, id, &ids) {
            c.range(&p, r, lo, hi, rate);
        }
    }
}

fn check_levers(c: &mut Checker, l: &Levers) {
    for (spec, lever) in crate::levers::singles(l) {
        let one = spec.single.as_ref().expect("singles have a strength");
        c.lever(
            &format!("levers.{}", spec.key),
            lever,
            one.range,
            one.allowed,
        );
    }
    if l.places.openings.len() > 50 {
        c.push("levers.places.openings", "must list at most 50 openings");
    }
    for (i, o) in l.places.openings.iter().enumerate() {
        let p = format!("levers.places.openings[{i}]");
        c.year_index(&format!("{p}.year"), o.year);
        c.number(
            &format!("{p}.places"),
            o.places,
            0.0,
            1e6,
            "a number of places",
        );
    }
    c.pounds(
        "levers.places.annual_cost_pounds",
        l.places.annual_cost_pounds,
    );
}
