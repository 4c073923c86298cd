//! The yearly algorithm (spec section 4) and the money (section 5).
//!
//! A [`Model`] is a validated scenario compiled into flat arrays indexed
//! `[phase * settings + setting]`, so one projection year is a few hundred
//! multiply-adds and a whole projection fits in a few microseconds. The
//! same `simulate` serves the central projection, the unmitigated baseline
//! (every lever switched off by the `active` mask), each Shapley coalition
//! and each Monte Carlo draw (other [`Params`]); none of them can drift apart.

use crate::schema::{year_label, Caseload, Kind, Scenario, MAX_HORIZON};
use crate::{Phase, Problems};

const NP: usize = Phase::COUNT;

/// Default phase shares used to split a setting's total EHCPs across phases:
/// national SEN2 proportions (January 2024, rounded): under 5 4.3%, 5-10
/// 38.5%, 11-15 33.0%, 16-19 19.5%, 20-25 4.7%.
pub const DEFAULT_PHASE_SHARES: [f64; NP] = [0.043, 0.385, 0.330, 0.195, 0.047];

/// Which phases a kind of setting serves when a total is split by default.
pub fn phases_served(kind: Kind) -> [bool; NP] {
    match kind {
        Kind::Mainstream | Kind::Resourced | Kind::Special => [true, true, true, true, false],
        Kind::Post16 => [false, false, false, true, true],
        Kind::Alternative => [false, true, true, true, false],
        Kind::Independent | Kind::Other => [true; NP],
    }
}

/// Split a total across phases by the default shares, renormalised over the
/// phases the kind serves.
pub fn split_total(total: f64, kind: Kind) -> [f64; NP] {
    let mask = phases_served(kind);
    let sum: f64 = (0..NP)
        .filter(|&a| mask[a])
        .map(|a| DEFAULT_PHASE_SHARES[a])
        .sum();
    let mut out = [0.0; NP];
    for a in 0..NP {
        if mask[a] {
            out[a] = total * DEFAULT_PHASE_SHARES[a] / sum;
        }
    }
    out
}

/// The cumulative deficit recurrence: `D[t] = D[t-1] - B[t] - sv[t] - la[t]
/// + adj[t]` (positive = deficit; adj = other DSG adjustments).
pub fn next_deficit(
    prev: f64,
    balance: f64,
    safety_valve: f64,
    contributions: f64,
    adjustments: f64,
) -> f64 {
    prev - balance - safety_valve - contributions + adjustments
}

/// The levers, in the order of the specification's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LeverId {
    Inclusion,
    Independent,
    Banding,
    Transfer,
    Demand,
    Ceasing,
    Places,
    Stepdown,
}

impl LeverId {
    pub const ALL: [LeverId; 8] = [
        LeverId::Inclusion,
        LeverId::Independent,
        LeverId::Banding,
        LeverId::Transfer,
        LeverId::Demand,
        LeverId::Ceasing,
        LeverId::Places,
        LeverId::Stepdown,
    ];
    pub const COUNT: usize = 8;
    /// Every lever switched on.
    pub const ALL_MASK: u16 = (1 << Self::COUNT) - 1;

    pub fn index(self) -> usize {
        self as usize
    }
    pub fn bit(self) -> u16 {
        1 << self.index()
    }
    /// Its row in the lever table.
    pub fn spec(self) -> &'static crate::levers::LeverSpec {
        &crate::levers::LEVERS[self.index()]
    }
    /// Its id: its field in the format's `levers`.
    pub fn id(self) -> &'static str {
        self.spec().key
    }
    /// The name users see.
    pub fn name(self) -> &'static str {
        self.spec().name
    }
    pub fn from_id(id: &str) -> Option<LeverId> {
        LeverId::ALL.into_iter().find(|l| l.id() == id)
    }
}

/// The uncertain assumptions, at one value each (central, a draw, low or high).
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    pub new_plan_growth: f64,
    /// Unit-cost inflation by setting (model order).
    pub cost_inflation: Vec<f64>,
    /// Growth of each other spend line.
    pub line_inflation: Vec<f64>,
    pub funding_growth: f64,
    pub schools_block_growth: f64,
    /// Added to every cease rate (0: as projected).
    pub leaving: f64,
    /// Each year, this share of the EHCPs in mainstream schools (resourced
    /// provision included) moves to further education, alternative
    /// provision and other arrangements, or back when negative (0: as
    /// projected).
    pub drift: f64,
    /// Each year, independent schools' EHCPs grow by this share of
    /// themselves, from state special schools, or shrink into them when
    /// negative (0: as projected).
    pub independent_drift: f64,
    /// Share of each lever's planned effect achieved.
    pub delivery: f64,
}

fn sum_of(row: &[f64], idx: &[usize]) -> f64 {
    idx.iter().map(|&s| row[s]).sum()
}

/// Move `amount` from the settings `from` (in proportion to what each
/// holds) to the settings `to` (the same way, or all to `fallback` when
/// they hold none). `amount` is at most what `from` holds.
fn shift(row: &mut [f64], from: &[usize], to: &[usize], fallback: usize, amount: f64) {
    let have = sum_of(row, from);
    if amount <= 0.0 || have <= 0.0 {
        return;
    }
    let f = (amount / have).min(1.0);
    for &s in from {
        row[s] -= row[s] * f;
    }
    let there = sum_of(row, to);
    if there > 0.0 {
        for &s in to {
            row[s] += amount * row[s] / there;
        }
    } else {
        row[fallback] += amount;
    }
}

/// A validated scenario compiled for fast, repeated simulation.
#[derive(Debug, Clone)]
pub struct Model {
    pub horizon: usize,
    pub base_year: i32,
    pub ns: usize,
    pub setting_ids: Vec<String>,
    pub setting_names: Vec<String>,
    pub kinds: Vec<Kind>,
    specialist: Vec<bool>,
    inclusive: Vec<bool>,
    special_idx: Vec<usize>,
    independent_idx: Vec<usize>,
    /// Mainstream and resourced settings: those that escalate, and one
    /// side of [`Params::drift`].
    escalating_idx: Vec<usize>,
    /// Further education, alternative provision and other arrangements:
    /// the other side of [`Params::drift`].
    other_idx: Vec<usize>,
    first_mainstream: usize,
    first_special: usize,
    first_independent: Option<usize>,
    first_post16: Option<usize>,
    /// Base-year caseload `[phase * ns + setting]`.
    pub e0: Vec<f64>,
    n0: [f64; NP],
    mix: Vec<f64>,
    cease: [f64; NP],
    ageing: [f64; NP],
    escalation: [f64; NP],
    escalation_x: [f64; NP],
    /// Transitions `[(phase * ns + from) * ns + to]` for phases u5..f.
    trans: Vec<f64>,
    place: Vec<f64>,
    topup: Vec<f64>,
    banded: Vec<bool>,
    capacity: Option<f64>,
    pub line_names: Vec<String>,
    line_amounts: Vec<f64>,
    alloc0: f64,
    alloc_override: [Option<f64>; MAX_HORIZON + 1],
    sb0: f64,
    sb_override: [Option<f64>; MAX_HORIZON + 1],
    closing: Option<f64>,
    grant: GrantRule,
    other_income: [f64; MAX_HORIZON + 1],
    d_open: f64,
    safety_valve: [f64; MAX_HORIZON + 1],
    contributions: [f64; MAX_HORIZON + 1],
    adjustments: [f64; MAX_HORIZON + 1],
    /// Lever values, by [`LeverId`] index (places: total places planned).
    pub lever_value: [f64; LeverId::COUNT],
    lever_start: [usize; LeverId::COUNT],
    lever_ramp: [usize; LeverId::COUNT],
    lever_cost: [f64; LeverId::COUNT],
    openings: Vec<(usize, f64)>,
    /// The assumptions at their central values.
    pub central: Params,
    /// Levers that are not at their neutral value.
    pub set_mask: u16,
}

impl Model {
    /// Validate and compile a scenario.
    pub fn new(scenario: &Scenario) -> Result<Model, Problems> {
        scenario.validate()?;
        Ok(Self::compile(scenario))
    }

    fn compile(sc: &Scenario) -> Model {
        let a = &sc.authority;
        let ns = a.settings.len();
        let index_of = |id: &str| a.settings.iter().position(|s| s.id == id);
        let kinds: Vec<Kind> = a.settings.iter().map(|s| s.kind).collect();
        let first = |k: Kind| kinds.iter().position(|&x| x == k);

        let mut e0 = vec![0.0; NP * ns];
        for (s, setting) in a.settings.iter().enumerate() {
            let by_phase = match a.caseload.get(&setting.id) {
                Some(Caseload::Total(t)) => split_total(*t, setting.kind),
                Some(Caseload::ByPhase(pp)) => pp.to_array(),
                None => [0.0; NP],
            };
            for (ph, v) in by_phase.iter().enumerate() {
                e0[ph * ns + s] = *v;
            }
        }

        let mut mix = vec![0.0; NP * ns];
        for ph in Phase::ALL {
            let row = a.placement_mix.get(ph);
            let sum: f64 = row.values().sum();
            for (id, v) in row {
                if let Some(s) = index_of(id) {
                    // Shares within tolerance of 1 are renormalised to sum exactly to 1.
                    mix[ph.index() * ns + s] = if sum > 0.0 { v / sum } else { 0.0 };
                }
            }
        }

        let mut trans = vec![0.0; (NP - 1) * ns * ns];
        for ph in &Phase::ALL[..NP - 1] {
            let rows = a
                .transitions
                .from_phase(*ph)
                .expect("phases u5..f have transitions");
            for from in 0..ns {
                let base = (ph.index() * ns + from) * ns;
                match rows.get(&a.settings[from].id) {
                    Some(row) if row.values().sum::<f64>() > 0.0 => {
                        let sum: f64 = row.values().sum();
                        for (to_id, v) in row {
                            if let Some(to) = index_of(to_id) {
                                trans[base + to] = v / sum;
                            }
                        }
                    }
                    // No row: children stay in the same setting.
                    _ => trans[base + from] = 1.0,
                }
            }
        }

        let year_array = |values: &crate::schema::YearValues| {
            let mut out = [0.0; MAX_HORIZON + 1];
            for (label, v) in values {
                if let Some(y) = crate::schema::parse_year_label(label) {
                    let t = y - a.base_year;
                    if (0..=MAX_HORIZON as i32).contains(&t) {
                        out[t as usize] = *v;
                    }
                }
            }
            out
        };
        let year_options = |values: &crate::schema::YearValues| {
            let mut out = [None; MAX_HORIZON + 1];
            for (label, v) in values {
                if let Some(y) = crate::schema::parse_year_label(label) {
                    let t = y - a.base_year;
                    if (0..=MAX_HORIZON as i32).contains(&t) {
                        out[t as usize] = Some(*v);
                    }
                }
            }
            out
        };
        let alloc_override = year_options(&a.funding.allocation_overrides);
        let sb_override = year_options(&a.funding.schools_block_overrides);
        let g = &a.deficit.stability_grant;
        let index = |year: i32| {
            let t = year - a.base_year;
            (0..=MAX_HORIZON as i32).contains(&t).then_some(t as usize)
        };
        let grant = GrantRule {
            eligible_t: index(crate::schema::GRANT_DEFICIT_YEAR),
            paid_t: index(crate::schema::GRANT_PAID_YEAR),
            share: if g.plan_approved { g.share } else { 0.0 },
            eligible_pounds: g.eligible_pounds,
        };

        let l = &sc.levers;
        let mut lever_value = [0.0; LeverId::COUNT];
        let mut lever_start = [sc.timetable.start; LeverId::COUNT];
        let mut lever_ramp = [sc.timetable.ramp_years; LeverId::COUNT];
        let mut lever_cost = [0.0; LeverId::COUNT];
        for (spec, lever) in crate::levers::singles(l) {
            let i = spec.id.index();
            lever_value[i] = lever.value;
            lever_start[i] = lever.start.unwrap_or(sc.timetable.start);
            lever_ramp[i] = lever.ramp_years.unwrap_or(sc.timetable.ramp_years);
            lever_cost[i] = lever.annual_cost_pounds;
        }
        let openings: Vec<(usize, f64)> = l
            .places
            .openings
            .iter()
            .filter(|o| o.places > 0.0)
            .map(|o| (o.year, o.places))
            .collect();
        let p = LeverId::Places.index();
        lever_value[p] = openings.iter().map(|o| o.1).sum();
        // Places cost from the first opening; places open in full (no ramp).
        lever_start[p] = openings
            .iter()
            .map(|o| o.0)
            .min()
            .unwrap_or(sc.timetable.start);
        lever_ramp[p] = 1;
        lever_cost[p] = l.places.annual_cost_pounds;
        let set_mask = LeverId::ALL
            .iter()
            .filter(|id| lever_value[id.index()] != 0.0)
            .fold(0u16, |m, id| m | id.bit());

        let s = &sc.assumptions;
        let central = Params {
            new_plan_growth: s.new_plan_growth.central,
            cost_inflation: a
                .settings
                .iter()
                .map(|st| {
                    s.cost_inflation_by_setting
                        .get(&st.id)
                        .unwrap_or(&s.cost_inflation)
                        .central
                })
                .collect(),
            line_inflation: a.other_spend.iter().map(|l| l.inflation.central).collect(),
            funding_growth: s.funding_growth.central,
            schools_block_growth: s.schools_block_growth.central,
            leaving: s.leaving.central,
            drift: s.specialist_drift.central,
            independent_drift: s.independent_drift.central,
            delivery: s.delivery.central,
        };

        Model {
            horizon: sc.horizon,
            base_year: a.base_year,
            ns,
            setting_ids: a.settings.iter().map(|s| s.id.clone()).collect(),
            setting_names: a.settings.iter().map(|s| s.name.clone()).collect(),
            specialist: kinds.iter().map(|k| k.is_specialist()).collect(),
            inclusive: kinds.iter().map(|k| k.is_inclusive()).collect(),
            special_idx: (0..ns).filter(|&i| kinds[i] == Kind::Special).collect(),
            independent_idx: (0..ns).filter(|&i| kinds[i] == Kind::Independent).collect(),
            escalating_idx: (0..ns)
                .filter(|&i| matches!(kinds[i], Kind::Mainstream | Kind::Resourced))
                .collect(),
            other_idx: (0..ns)
                .filter(|&i| matches!(kinds[i], Kind::Post16 | Kind::Alternative | Kind::Other))
                .collect(),
            first_mainstream: first(Kind::Mainstream).expect("validated: a mainstream setting"),
            first_special: first(Kind::Special).expect("validated: a special setting"),
            first_independent: first(Kind::Independent),
            first_post16: first(Kind::Post16),
            kinds,
            e0,
            n0: a.new_plans.to_array(),
            mix,
            cease: a.cease_rate.to_array(),
            ageing: a.ageing.to_array(),
            escalation: a.escalation.to_array(),
            escalation_x: a.escalation_to_independent.to_array(),
            trans,
            place: a.settings.iter().map(|s| s.place_pounds).collect(),
            topup: a.settings.iter().map(|s| s.topup_pounds()).collect(),
            banded: a.settings.iter().map(|s| s.is_banded()).collect(),
            capacity: a.special_capacity,
            line_names: a.other_spend.iter().map(|l| l.name.clone()).collect(),
            line_amounts: a.other_spend.iter().map(|l| l.amount_pounds).collect(),
            alloc0: a.funding.hnb_allocation_pounds,
            alloc_override,
            sb0: a.funding.schools_block_pounds,
            sb_override,
            closing: a.deficit.closing_pounds,
            grant,
            other_income: year_array(&a.funding.other_income),
            d_open: a.deficit.opening_pounds,
            safety_valve: year_array(&a.deficit.safety_valve),
            contributions: year_array(&a.deficit.contributions),
            adjustments: year_array(&a.deficit.other_dsg_adjustments),
            lever_value,
            lever_start,
            lever_ramp,
            lever_cost,
            openings,
            central,
            set_mask,
        }
    }

    pub fn year_label(&self, t: usize) -> String {
        year_label(self.base_year + t as i32)
    }

    /// The lever's start year (projection year index).
    pub fn lever_start(&self, id: LeverId) -> usize {
        self.lever_start[id.index()]
    }

    /// Ramp r(t) of one lever: 0 before its start, 1 at full effect.
    pub fn ramp(&self, id: LeverId, t: usize) -> f64 {
        let i = id.index();
        let r = (t as f64 - self.lever_start[i] as f64 + 1.0) / self.lever_ramp[i] as f64;
        r.clamp(0.0, 1.0)
    }

    /// Effective strength of a lever in year t: value x ramp x delivery, or 0
    /// where the lever is not in `active`.
    fn strength(&self, id: LeverId, t: usize, active: u16, delivery: f64) -> f64 {
        if active & id.bit() == 0 {
            0.0
        } else {
            self.lever_value[id.index()] * self.ramp(id, t) * delivery
        }
    }

    /// Where inclusion sends mass when a vector has no inclusive destination.
    fn inclusive_fallback(&self, phase: usize) -> usize {
        if phase >= Phase::F.index() {
            self.first_post16.unwrap_or(self.first_mainstream)
        } else {
            self.first_mainstream
        }
    }

    /// The redirection rule of spec step 5, applied to a placement vector:
    /// a share `ri` of the mass going to specialist settings moves to the
    /// inclusive ones (in proportion), then a share `rx` of what goes to
    /// independent settings moves to the first special setting.
    fn redirect(&self, v: &mut [f64], ri: f64, rx: f64, phase: usize) {
        if ri > 0.0 {
            let mut m = 0.0;
            let mut incl = 0.0;
            let kinds = || self.specialist.iter().zip(&self.inclusive);
            for (x, (&specialist, &inclusive)) in v.iter().zip(kinds()) {
                if specialist {
                    m += x;
                } else if inclusive {
                    incl += x;
                }
            }
            if m > 0.0 {
                let moved = ri * m;
                for (x, (&specialist, _)) in v.iter_mut().zip(kinds()) {
                    if specialist {
                        *x *= 1.0 - ri;
                    }
                }
                if incl > 0.0 {
                    for (x, (_, &inclusive)) in v.iter_mut().zip(kinds()) {
                        if inclusive {
                            *x += moved * (*x / incl);
                        }
                    }
                } else {
                    v[self.inclusive_fallback(phase)] += moved;
                }
            }
        }
        if rx > 0.0 {
            for &s in &self.independent_idx {
                let moved = v[s] * rx;
                v[s] -= moved;
                v[self.first_special] += moved;
            }
        }
    }

    /// Net moves between settings that the projection does not foresee,
    /// within each phase: [`Params::drift`] between mainstream schools and
    /// further education, alternative provision and other arrangements
    /// (where both hold children), then [`Params::independent_drift`]
    /// between state special and independent schools. Never more than a
    /// side holds.
    fn drift(&self, p: &Params, cur: &mut [f64]) {
        let ns = self.ns;
        for a in 0..NP {
            let row = &mut cur[a * ns..(a + 1) * ns];
            if p.drift != 0.0 {
                // Only where both sides hold children in this phase.
                let m = sum_of(row, &self.escalating_idx);
                let o = sum_of(row, &self.other_idx);
                if m > 0.0 && o > 0.0 {
                    let (from, to, amount) = if p.drift > 0.0 {
                        (&self.escalating_idx, &self.other_idx, (p.drift * m).min(m))
                    } else {
                        (&self.other_idx, &self.escalating_idx, (-p.drift * m).min(o))
                    };
                    shift(row, from, to, to[0], amount);
                }
            }
            if p.independent_drift != 0.0 && !self.independent_idx.is_empty() {
                let x = sum_of(row, &self.independent_idx);
                let z = p.independent_drift;
                if z > 0.0 {
                    let amount = (z * x).min(sum_of(row, &self.special_idx));
                    let to = &self.independent_idx;
                    shift(row, &self.special_idx, to, to[0], amount);
                } else {
                    let amount = (-z * x).min(x);
                    shift(
                        row,
                        &self.independent_idx,
                        &self.special_idx,
                        self.first_special,
                        amount,
                    );
                }
            }
        }
    }

    /// Special capacity K[t]: the base places plus those opened by year t.
    pub fn capacity(&self, t: usize, active: u16, delivery: f64) -> Option<f64> {
        self.capacity.map(|k0| {
            if active & LeverId::Places.bit() == 0 {
                k0
            } else {
                k0 + self
                    .openings
                    .iter()
                    .filter(|o| o.0 <= t)
                    .map(|o| o.1 * delivery)
                    .sum::<f64>()
            }
        })
    }

    /// One projection year (spec section 4): `prev` is E[t-1], `cur` gets E[t].
    fn step(
        &self,
        t: usize,
        active: u16,
        p: &Params,
        prev: &[f64],
        cur: &mut [f64],
        sc: &mut Scratch,
    ) {
        let ns = self.ns;
        let d = p.delivery;
        let ri = self.strength(LeverId::Inclusion, t, active, d);
        let rx = self.strength(LeverId::Independent, t, active, d);
        let delta = self.strength(LeverId::Demand, t, active, d);
        let kappa = self.strength(LeverId::Ceasing, t, active, d);
        let sigma = self.strength(LeverId::Stepdown, t, active, d);

        // 1-2. Cease, then age: `out` moves on, `cur` keeps the remainder Rm.
        for a in 0..NP {
            // With `leaving` below minus the cease rate, more plans arrive
            // from elsewhere than end: the net flow, as the censuses see it.
            let cease = (self.cease[a] * (1.0 + kappa) + p.leaving).clamp(-0.5, 1.0);
            let age = self.ageing[a];
            for s in 0..ns {
                let i = a * ns + s;
                let stay = prev[i] * (1.0 - cease);
                let moves = stay * age;
                sc.out[i] = moves;
                cur[i] = stay - moves;
            }
        }

        // 4. Escalate from mainstream and resourced, within the phase (on Rm).
        let to_indep = self.first_independent.unwrap_or(self.first_special);
        for a in 0..NP {
            let indep_share = if self.first_independent.is_some() {
                self.escalation_x[a] * (1.0 - rx)
            } else {
                0.0
            };
            let e = self.escalation[a] * (1.0 - ri);
            for &s in &self.escalating_idx {
                let i = a * ns + s;
                let x = cur[i] * e;
                cur[i] -= x;
                let xi = x * indep_share;
                cur[a * ns + to_indep] += xi;
                cur[a * ns + self.first_special] += x - xi;
            }
        }

        // 3. Transition the movers into the next phase (the last phase leaves).
        for a in 0..NP - 1 {
            for s in 0..ns {
                let moving = sc.out[a * ns + s];
                if moving == 0.0 {
                    continue;
                }
                let base = (a * ns + s) * ns;
                sc.row.copy_from_slice(&self.trans[base..base + ns]);
                let ri_row = if self.specialist[s] { 0.0 } else { ri };
                self.redirect(&mut sc.row, ri_row, rx, a + 1);
                let next = (a + 1) * ns;
                for s2 in 0..ns {
                    cur[next + s2] += moving * sc.row[s2];
                }
            }
        }

        // 5. New plans, placed by the mix after redirection.
        let growth = (1.0 + p.new_plan_growth).powi(t as i32);
        for a in 0..NP {
            let n = self.n0[a] * growth * (1.0 - delta);
            if n == 0.0 {
                continue;
            }
            sc.row.copy_from_slice(&self.mix[a * ns..(a + 1) * ns]);
            self.redirect(&mut sc.row, ri, rx, a);
            for s in 0..ns {
                cur[a * ns + s] += n * sc.row[s];
            }
        }

        // 6. Drift between settings beyond the projection's (uncertainty
        // only: 0 in the central run).
        if p.drift != 0.0 || p.independent_drift != 0.0 {
            self.drift(p, cur);
        }

        // 7. Capacity: special places beyond K[t] overflow to independent.
        let k = self.capacity(t, active, d);
        let special_total = |cur: &[f64]| -> f64 {
            let mut sum = 0.0;
            for a in 0..NP {
                for &s in &self.special_idx {
                    sum += cur[a * ns + s];
                }
            }
            sum
        };
        let mut special = special_total(cur);
        if let (Some(k), Some(indep)) = (k, self.first_independent) {
            if special > k && special > 0.0 {
                let factor = (special - k) / special;
                for a in 0..NP {
                    for &s in &self.special_idx {
                        let m = cur[a * ns + s] * factor;
                        cur[a * ns + s] -= m;
                        cur[a * ns + indep] += m;
                    }
                }
                special = special_total(cur);
            }
        }

        // 8. Step down from independent to special, within the free places.
        if sigma > 0.0 && !self.independent_idx.is_empty() {
            let mut indep_total = 0.0;
            for a in 0..NP {
                for &s in &self.independent_idx {
                    indep_total += cur[a * ns + s];
                }
            }
            let room = k.map_or(f64::INFINITY, |k| (k - special).max(0.0));
            let y = (sigma * indep_total).min(room);
            if y > 0.0 && indep_total > 0.0 {
                let factor = y / indep_total;
                for a in 0..NP {
                    for &s in &self.independent_idx {
                        let m = cur[a * ns + s] * factor;
                        cur[a * ns + s] -= m;
                        cur[a * ns + self.first_special] += m;
                    }
                }
            }
        }
    }

    /// Run the whole projection (years 0..=horizon) with the levers in `active`
    /// switched on and the assumptions at `p`, into `trace`.
    pub fn simulate(&self, active: u16, p: &Params, trace: &mut Trace) {
        trace.reset(self);
        let ns = self.ns;
        let stride = NP * ns;
        trace.caseload[..stride].copy_from_slice(&self.e0);
        for t in 1..=self.horizon {
            let (before, after) = trace.caseload.split_at_mut(t * stride);
            let prev = &before[(t - 1) * stride..];
            let cur = &mut after[..stride];
            self.step(t, active, p, prev, cur, &mut trace.scratch);
        }
        self.money(active, p, trace);
    }

    /// Spend, income, balance and deficit for every year (spec section 5).
    fn money(&self, active: u16, p: &Params, tr: &mut Trace) {
        let ns = self.ns;
        let nl = self.line_amounts.len();
        let d = p.delivery;
        let mut deficit = self.d_open;
        // The latest known allocation and schools block, and their year:
        // later years grow from them (a known year is never undone).
        let (mut alloc_from, mut sb_from) = ((0usize, self.alloc0), (0usize, self.sb0));
        // The grant: the eligible deficit once known, and what has been paid.
        let mut eligible = match self.grant.eligible_t {
            Some(_) => None,
            // A base year after 2025-26: its opening is the deficit at
            // 31 March 2026 (from 2026-27) or the grant is already reflected.
            None if self.grant.paid_t == Some(0) => {
                Some(self.grant.eligible_pounds.unwrap_or(self.d_open).max(0.0))
            }
            None => None,
        };
        let mut adjustments_sum = 0.0;
        let mut granted = 0.0;
        for t in 0..=self.horizon {
            let tf = t as i32;
            let beta = self.strength(LeverId::Banding, t, active, d);
            let case = &tr.caseload[t * NP * ns..(t + 1) * NP * ns];
            let mut placement_total = 0.0;
            let mut ehcps = 0.0;
            for s in 0..ns {
                let band = if self.banded[s] { beta } else { 0.0 };
                let unit = (self.place[s] + self.topup[s] * (1.0 + band))
                    * (1.0 + p.cost_inflation[s]).powi(tf);
                let mut count = 0.0;
                for a in 0..NP {
                    count += case[a * ns + s];
                }
                let spend = count * unit;
                tr.unit[t * ns + s] = unit;
                tr.placement[t * ns + s] = spend;
                placement_total += spend;
                ehcps += count;
            }
            let mut lines_total = 0.0;
            for l in 0..nl {
                let v = self.line_amounts[l] * (1.0 + p.line_inflation[l]).powi(tf);
                tr.lines[t * nl + l] = v;
                lines_total += v;
            }
            let mut implementation = 0.0;
            for id in LeverId::ALL {
                let i = id.index();
                if active & id.bit() != 0 && self.lever_value[i] != 0.0 && t >= self.lever_start[i]
                {
                    implementation += self.lever_cost[i];
                }
            }
            let spend = placement_total + lines_total + implementation;
            if let Some(v) = self.alloc_override[t] {
                alloc_from = (t, v);
            }
            if let Some(v) = self.sb_override[t] {
                sb_from = (t, v);
            }
            let alloc = alloc_from.1 * (1.0 + p.funding_growth).powi((t - alloc_from.0) as i32);
            let schools_block =
                sb_from.1 * (1.0 + p.schools_block_growth).powi((t - sb_from.0) as i32);
            let ti = LeverId::Transfer.index();
            let transfer = if active & LeverId::Transfer.bit() != 0 && t >= self.lever_start[ti] {
                self.lever_value[ti] * d * schools_block
            } else {
                0.0
            };
            let income = alloc + transfer + self.other_income[t];
            let balance = income - spend;
            deficit = next_deficit(
                deficit,
                balance,
                self.safety_valve[t],
                self.contributions[t],
                self.adjustments[t],
            );
            if let (0, Some(k)) = (t, self.closing) {
                deficit = k;
            }
            adjustments_sum += self.adjustments[t];
            if self.grant.eligible_t == Some(t) {
                eligible = Some(
                    self.grant
                        .eligible_pounds
                        .unwrap_or(deficit - adjustments_sum)
                        .max(0.0),
                );
            }
            let grant = match (self.grant.paid_t == Some(t), eligible) {
                (true, Some(e)) => self.grant.share * e,
                _ => 0.0,
            };
            granted += grant;
            tr.ehcps[t] = ehcps;
            tr.implementation[t] = implementation;
            tr.spend[t] = spend;
            tr.allocation[t] = alloc;
            tr.transfer[t] = transfer;
            tr.other_income[t] = self.other_income[t];
            tr.income[t] = income;
            tr.balance[t] = balance;
            tr.deficit_before_grant[t] = deficit;
            tr.grant[t] = grant;
            tr.deficit[t] = deficit - granted;
            tr.schools_block[t] = schools_block;
            tr.safety_valve[t] = self.safety_valve[t];
            tr.contributions[t] = self.contributions[t];
            tr.adjustments[t] = self.adjustments[t];
        }
    }

    /// A fresh trace and a simulation with the central assumptions.
    pub fn run(&self, active: u16) -> Trace {
        let mut tr = Trace::new(self);
        self.simulate(active, &self.central, &mut tr);
        tr
    }

    /// The cumulative deficit at the start of the base year.
    pub fn opening_deficit(&self) -> f64 {
        self.d_open
    }

    /// The special-capacity input, if any.
    pub fn base_capacity(&self) -> Option<f64> {
        self.capacity
    }

    /// Index of settings of a kind.
    pub fn settings_of(&self, kind: Kind) -> impl Iterator<Item = usize> + '_ {
        (0..self.ns).filter(move |&s| self.kinds[s] == kind)
    }
}

/// When the High Needs Stability Grant falls in a projection.
#[derive(Debug, Clone, Copy)]
struct GrantRule {
    /// The year ending 31 March 2026, if projected.
    eligible_t: Option<usize>,
    /// The year the grant is paid (2026-27), if projected.
    paid_t: Option<usize>,
    /// The share resolved: 0 when the reform plan is not approved.
    share: f64,
    eligible_pounds: Option<f64>,
}

#[derive(Debug, Clone)]
struct Scratch {
    out: Vec<f64>,
    row: Vec<f64>,
}

/// Everything one projection computes, year by year, in flat arrays.
#[derive(Debug, Clone)]
pub struct Trace {
    pub horizon: usize,
    pub ns: usize,
    pub nl: usize,
    /// `[(t * 5 + phase) * ns + setting]`
    pub caseload: Vec<f64>,
    /// `[t * ns + setting]`
    pub unit: Vec<f64>,
    pub placement: Vec<f64>,
    /// `[t * nl + line]`
    pub lines: Vec<f64>,
    pub ehcps: Vec<f64>,
    pub implementation: Vec<f64>,
    pub spend: Vec<f64>,
    pub allocation: Vec<f64>,
    pub transfer: Vec<f64>,
    pub other_income: Vec<f64>,
    pub income: Vec<f64>,
    pub balance: Vec<f64>,
    /// What the council carries: the cumulative deficit less the High Needs
    /// Stability Grant paid so far.
    pub deficit: Vec<f64>,
    /// The cumulative DSG deficit before the grant (as the accounts keep it).
    pub deficit_before_grant: Vec<f64>,
    /// The High Needs Stability Grant paid in the year.
    pub grant: Vec<f64>,
    pub schools_block: Vec<f64>,
    pub safety_valve: Vec<f64>,
    pub contributions: Vec<f64>,
    pub adjustments: Vec<f64>,
    scratch: Scratch,
}

impl Trace {
    pub fn new(m: &Model) -> Trace {
        let years = m.horizon + 1;
        let ns = m.ns;
        let nl = m.line_amounts.len();
        let z = |n: usize| vec![0.0; n];
        Trace {
            horizon: m.horizon,
            ns,
            nl,
            caseload: z(years * NP * ns),
            unit: z(years * ns),
            placement: z(years * ns),
            lines: z(years * nl),
            ehcps: z(years),
            implementation: z(years),
            spend: z(years),
            allocation: z(years),
            transfer: z(years),
            other_income: z(years),
            income: z(years),
            balance: z(years),
            deficit: z(years),
            deficit_before_grant: z(years),
            grant: z(years),
            schools_block: z(years),
            safety_valve: z(years),
            contributions: z(years),
            adjustments: z(years),
            scratch: Scratch {
                out: z(NP * ns),
                row: z(ns),
            },
        }
    }

    fn reset(&mut self, m: &Model) {
        if self.horizon != m.horizon || self.ns != m.ns || self.nl != m.line_amounts.len() {
            *self = Trace::new(m);
        }
    }

    /// EHCPs in year t, phase a, setting s.
    pub fn ehcps_at(&self, t: usize, phase: usize, s: usize) -> f64 {
        self.caseload[(t * NP + phase) * self.ns + s]
    }

    /// EHCPs in year t in setting s, all phases.
    pub fn setting_total(&self, t: usize, s: usize) -> f64 {
        (0..NP).map(|a| self.ehcps_at(t, a, s)).sum()
    }

    /// Share of all EHCPs in year t in settings of a kind.
    pub fn share_of_kind(&self, m: &Model, t: usize, kind: Kind) -> f64 {
        let total = self.ehcps[t];
        if total <= 0.0 {
            return 0.0;
        }
        m.settings_of(kind)
            .map(|s| self.setting_total(t, s))
            .sum::<f64>()
            / total
    }

    /// Total spend over the projection years 1..=H.
    pub fn cumulative_spend(&self) -> f64 {
        self.spend[1..].iter().sum()
    }

    /// Cumulative deficit at the horizon.
    pub fn final_deficit(&self) -> f64 {
        self.deficit[self.horizon]
    }
}
