//! Workshops with no server. The facilitator's set-up (the authority, the
//! goal, the levers in play) is a short session code; each participant's
//! plan is a code too, shown as a QR code with their name; the facilitator
//! reads everyone's codes (camera, photos, pasted text) and sees the room.
//!
//! A plan code carries the eight levers exactly as the participant's
//! controls hold them (each to a hundredth of its unit, see
//! [`explorer::on_grid`]), the new places' opening year and the timetable,
//! with a check, in Crockford's base 32 (no I, L, O or U; typed in lower
//! case, with O for 0 or I and L for 1, it still reads), grouped in fives:
//! - `W3-…`: on a built-in authority;
//! - `W4-…`: on a published authority's figures, the last four characters
//!   naming it (LA number and the data's version);
//! - `W5-…`: on a council's own figures, the last four characters a
//!   fingerprint of them, so the facilitator reads it against the session's
//!   own figures and knows if they differ.
//!
//! A session code (`S1-XXXXX-XXXXX`) carries where the plans are (as the
//! last part of a plan code does), the goal's year and the levers in play.
//!
//! Earlier codes (`W1`, `W2`) rounded each lever to 1 part in 4,094 of its
//! range, so a plan read back could differ from its owner's by a few
//! thousand pounds; they are refused with a word on why.

use crate::published::Loaded;
use hne_model::examples;
use hne_model::output::Run;
use hne_model::schema::{Scenario, Timetable};
use hne_model::LeverId;

use crate::explorer::{self, Control};
use crate::format;
use crate::state::codec::check_code;
use crate::state::saved::Saved;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Bits written most significant first, then read back the same way.
#[derive(Default)]
struct Bits {
    v: u128,
    n: u32,
}

impl Bits {
    fn push(&mut self, value: u64, bits: u32) {
        debug_assert!(self.n + bits <= 128 && (bits == 64 || value < 1 << bits));
        self.v = (self.v << bits) | value as u128;
        self.n += bits;
    }
    /// As base-32 characters (the last padded with zero bits).
    fn chars(&self) -> String {
        let count = self.n.div_ceil(5);
        let v = self.v << (count * 5 - self.n);
        (0..count)
            .rev()
            .map(|i| ALPHABET[((v >> (i * 5)) & 31) as usize] as char)
            .collect()
    }
    fn from_chars(text: &str, bits: u32) -> Result<Bits, String> {
        let mut v: u128 = 0;
        for c in text.bytes() {
            let d = ALPHABET
                .iter()
                .position(|a| *a == c)
                .ok_or_else(|| format!("\"{}\" is not a character codes use", c as char))?;
            v = (v << 5) | d as u128;
        }
        let count = text.len() as u32;
        Ok(Bits {
            v: v >> (count * 5 - bits),
            n: bits,
        })
    }
    /// Take `bits` from the front.
    fn take(&mut self, bits: u32) -> u64 {
        self.n -= bits;
        ((self.v >> self.n) & ((1u128 << bits) - 1)) as u64
    }
}

fn check(payload: u128, salt: u32, bits: u32) -> u64 {
    // The link's check (FNV-1a) over the payload's and the salt's bytes, folded.
    let mut bytes = payload.to_le_bytes().to_vec();
    bytes.extend(salt.to_le_bytes());
    let h = check_code(&bytes);
    ((h ^ (h >> bits) ^ (h >> (2 * bits).min(31))) & ((1 << bits) - 1)) as u64
}

fn grouped(prefix: &str, body: &str) -> String {
    let mut out = String::from(prefix);
    for (i, c) in body.chars().enumerate() {
        if i % 5 == 0 {
            out.push('-');
        }
        out.push(c);
    }
    out
}

/// The code's characters in upper case, without dashes and spaces, with O
/// for 0 and I or L for 1.
fn clean(code: &str) -> String {
    code.chars()
        .filter(|c| !matches!(c, '-' | ' ' | '\t' | '\u{a0}'))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect()
}

/// [`clean`], refusing a character no code has (so that the code can be
/// cut by bytes).
fn ascii(code: &str) -> Result<String, String> {
    let cleaned = clean(code);
    match cleaned.chars().find(|c| !c.is_ascii()) {
        Some(c) => Err(format!("\"{c}\" is not a character codes use")),
        None => Ok(cleaned),
    }
}

/// Where a plan or a session is: which figures it runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On {
    /// A built-in authority, by its place in [`examples::NAMES`].
    BuiltIn(usize),
    /// A published authority's figures: LA number, version year since
    /// 2020 and edition, in 20 bits.
    Published(u32),
    /// A council's own figures, by their [`fingerprint`].
    Own(u32),
}

impl On {
    /// Where a plan is. Built-in or published only when the authority's
    /// figures are those figures unchanged.
    pub fn of(saved: &Saved, loaded: &Loaded) -> On {
        if saved.authority_is_built_in(loaded) {
            if let Some(b) = saved.base.as_deref() {
                if let Some(i) = examples::NAMES.iter().position(|n| *n == b) {
                    return On::BuiltIn(i);
                }
                if let Some(s) = suffix_of(b) {
                    return On::Published(s);
                }
            }
        }
        On::Own(fingerprint(&saved.scenario))
    }
    fn kind(self) -> u64 {
        match self {
            On::BuiltIn(_) => 0,
            On::Published(_) => 1,
            On::Own(_) => 2,
        }
    }
    fn value(self) -> u32 {
        match self {
            On::BuiltIn(i) => i as u32,
            On::Published(s) | On::Own(s) => s,
        }
    }
    fn from(kind: u64, value: u32) -> Result<On, String> {
        match kind {
            0 if (value as usize) < examples::NAMES.len() => Ok(On::BuiltIn(value as usize)),
            1 => Ok(On::Published(value)),
            2 => Ok(On::Own(value)),
            _ => Err("it names an authority this version does not have".into()),
        }
    }
    /// The saved id of the figures (`example`, `la/886@2025.1`); none for
    /// a council's own.
    pub fn base_id(self) -> Option<String> {
        match self {
            On::BuiltIn(i) => Some(examples::NAMES[i].to_string()),
            On::Published(s) => Some(id_of(s)),
            On::Own(_) => None,
        }
    }
    /// A plan on these figures with every lever neutral, or why there is
    /// none: `own` is the session's own figures, when it has them.
    pub fn start(self, own: Option<&Saved>, loaded: &Loaded) -> Result<Saved, String> {
        let mut plain = match self {
            On::Own(fp) => {
                let own = own.ok_or(
                    "it is on a council's own figures: open the session's file of figures first",
                )?;
                if fingerprint(&own.scenario) != fp {
                    return Err(
                        "it is on other figures than this session's: open the session's file of figures again"
                            .into(),
                    );
                }
                own.clone()
            }
            _ => {
                let id = self.base_id().unwrap_or_default();
                loaded
                    .saved(&id)
                    .ok_or_else(|| match crate::published::describe(&id) {
                        Some(what) => format!("it is on {what}, which has not been loaded"),
                        None => "it names an authority this version does not have".to_string(),
                    })?
            }
        };
        plain.scenario.levers = Default::default();
        Ok(plain)
    }
}

/// A fingerprint of a scenario's figures and assumptions (not its plan or
/// its name), 20 bits: two people with it are on the same figures.
pub fn fingerprint(sc: &Scenario) -> u32 {
    let mut plain = sc.clone();
    plain.levers = Default::default();
    plain.timetable = Timetable::default();
    plain.name = String::new();
    let h = check_code(serde_json::to_string(&plain).unwrap_or_default().as_bytes());
    (h ^ (h >> 20)) & 0xF_FFFF
}

/// A published base id as 20 bits: LA number (10), the version's year
/// since 2020 (6) and its edition (4). None if it does not fit.
fn suffix_of(id: &str) -> Option<u32> {
    let (code, version) = crate::published::parse_base(id)?;
    let (year, edition) = version.split_once('.')?;
    let (code, year, edition): (u32, u32, u32) = (
        code.parse().ok()?,
        year.parse().ok()?,
        edition.parse().ok()?,
    );
    let year = year.checked_sub(2020).filter(|y| *y < 64)?;
    (code < 1024 && edition < 16).then_some((code << 10) | (year << 4) | edition)
}

fn id_of(suffix: u32) -> String {
    format!(
        "la/{:03}@{}.{}",
        suffix >> 10,
        2020 + ((suffix >> 4) & 63),
        suffix & 15
    )
}

/// How a lever's value goes in a code: hundredths of its unit (whole
/// places for new places) from its least, in as many bits as its range
/// needs.
struct Grid {
    control: Control,
    scale: f64,
    offset: i64,
    span: u64,
    bits: u32,
}

fn grids() -> Vec<Grid> {
    LeverId::ALL
        .into_iter()
        .map(|id| {
            let control = Control::Lever(id);
            let spec = control.spec();
            let scale = if id == LeverId::Places { 1.0 } else { 100.0 };
            let offset = (spec.min * scale).round() as i64;
            let span = ((spec.max * scale).round() as i64 - offset).max(1) as u64;
            Grid {
                control,
                scale,
                offset,
                span,
                bits: 64 - span.leading_zeros(),
            }
        })
        .collect()
}

const PLAN_CHECK: u32 = 12;

/// The timetable's controls in a code, each a whole number of years from 0
/// to 15.
const TIMETABLE: [Control; 3] = [Control::PlacesYear, Control::Start, Control::Ramp];
const TIMETABLE_BITS: u32 = 4;

/// A plan's code, and what it leaves out.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanCode {
    pub code: String,
    pub on: On,
    /// Read back, the code gives exactly these levers and timetable (false
    /// only for values set some other way than the controls, such as a
    /// file, which the code rounds to a hundredth of a unit).
    pub exact: bool,
    /// The plan's figures and assumptions are those of its authority as
    /// published (always true on own figures: the fingerprint covers them).
    pub all_carried: bool,
}

/// The workshop code for a plan.
pub fn code(saved: &Saved, loaded: &Loaded) -> PlanCode {
    let on = On::of(saved, loaded);
    let sc = &saved.scenario;
    let mut bits = Bits::default();
    for g in grids() {
        let v = explorer::value(sc, g.control);
        let k = ((v * g.scale).round() as i64 - g.offset).clamp(0, g.span as i64) as u64;
        bits.push(k, g.bits);
    }
    for c in TIMETABLE {
        bits.push(
            (explorer::value(sc, c).round() as u64).min((1 << TIMETABLE_BITS) - 1),
            TIMETABLE_BITS,
        );
    }
    let c = check(bits.v, on.value() ^ ((on.kind() as u32) << 28), PLAN_CHECK);
    bits.push(c, PLAN_CHECK);
    let mut body = bits.chars();
    if !matches!(on, On::BuiltIn(_)) {
        let v = on.value();
        body.extend(
            (0..4)
                .rev()
                .map(|i| ALPHABET[((v >> (i * 5)) & 31) as usize] as char),
        );
    }
    // Built-in codes name which of the built-ins in the figure after W3.
    let prefix = match on {
        On::BuiltIn(i) => format!("W3{i}"),
        On::Published(_) => "W4".into(),
        On::Own(_) => "W5".into(),
    };
    let code = grouped(&prefix, &body);
    let back = read(&code, Some(saved), loaded);
    let exact = back
        .as_ref()
        .is_ok_and(|b| b.scenario.levers == sc.levers && b.scenario.timetable == sc.timetable);
    let all_carried = match (&on, back) {
        (On::Own(_), _) => true,
        (_, Ok(b)) => {
            let mut mine = sc.clone();
            mine.name = b.scenario.name.clone();
            mine.levers = b.scenario.levers.clone();
            mine.timetable = b.scenario.timetable;
            mine == b.scenario
        }
        _ => false,
    };
    PlanCode {
        code,
        on,
        exact,
        all_carried,
    }
}

fn plan_bits() -> u32 {
    grids().iter().map(|g| g.bits).sum::<u32>()
        + TIMETABLE.len() as u32 * TIMETABLE_BITS
        + PLAN_CHECK
}

/// The published authority a code's plan is on (`la/886@2025.1`), when the
/// code is a `W4` one: its figures must be loaded before [`read`].
pub fn needed(code: &str) -> Option<String> {
    let cleaned = ascii(code).ok()?;
    let body = cleaned.strip_prefix("W4")?;
    let chars = plan_bits().div_ceil(5) as usize;
    (body.len() == chars + 4).then_some(())?;
    let b = Bits::from_chars(&body[chars..], 20).ok()?;
    Some(id_of(b.v as u32))
}

/// The plan a code carries, or what is wrong with the code. `own` is the
/// session's own figures, for codes made on them (`W5`).
pub fn read(code: &str, own: Option<&Saved>, loaded: &Loaded) -> Result<Saved, String> {
    let cleaned = ascii(code)?;
    if cleaned.starts_with("W1") || cleaned.starts_with("W2") {
        return Err(
            "it was made by an earlier version of High Needs Explorer, whose codes were rounded: ask for a new one"
                .into(),
        );
    }
    let chars = plan_bits().div_ceil(5) as usize;
    let (prefix, rest) = (
        cleaned.get(..2).unwrap_or(""),
        cleaned.get(2..).unwrap_or(""),
    );
    let (body, kind, built_in) = match prefix {
        "W3" => {
            let (i, body) = rest.split_at(rest.len().min(1));
            let i: usize = i
                .parse()
                .map_err(|_| "it names an authority this version does not have")?;
            (body, 0, i)
        }
        "W4" => (rest, 1, 0),
        "W5" => (rest, 2, 0),
        _ => return Err("it does not start with W3, W4 or W5: is it a workshop code?".into()),
    };
    let want = chars + if kind == 0 { 0 } else { 4 };
    if body.len() != want {
        return Err(format!(
            "it has {} characters after {prefix}{}, not {want}",
            body.len(),
            if kind == 0 {
                " and its first figure"
            } else {
                ""
            }
        ));
    }
    let suffix = if kind == 0 {
        built_in as u32
    } else {
        Bits::from_chars(&body[chars..], 20)?.v as u32
    };
    let on = On::from(kind, suffix)?;
    let mut bits = Bits::from_chars(&body[..chars], plan_bits())?;
    let payload = bits.v >> PLAN_CHECK;
    if check(payload, on.value() ^ ((on.kind() as u32) << 28), PLAN_CHECK)
        != (bits.v & ((1 << PLAN_CHECK) - 1)) as u64
    {
        return Err("its check does not match: a character is wrong or missing".into());
    }
    let mut saved = on.start(own, loaded)?;
    // Places first: its opening year is set after it.
    let mut values = Vec::new();
    for g in grids() {
        let k = bits.take(g.bits).min(g.span) as i64;
        values.push((g.control, (k + g.offset) as f64 / g.scale));
    }
    for c in TIMETABLE {
        values.push((c, bits.take(TIMETABLE_BITS) as f64));
    }
    for (c, v) in values {
        explorer::set(&mut saved, c, v);
    }
    Ok(saved)
}

/// A workshop's set-up: the figures, the goal and the levers in play.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session {
    pub on: On,
    /// The goal: in-year balance from this projection year on.
    pub goal_t: usize,
    /// The levers in play, a bit each ([`LeverId::bit`]).
    pub in_play: u16,
}

const SESSION_CHECK: u32 = 16;
/// A session code's fields, front to back: what it is on (kind, then the
/// base's 20 bits), the goal's year, a bit a lever in play (one for each
/// of `LeverId::ALL`), the check.
const SESSION_LEVERS: u32 = LeverId::ALL.len() as u32;
const SESSION_BITS: u32 = 2 + 20 + 4 + SESSION_LEVERS + SESSION_CHECK;
/// Its characters after `S1` (5 bits each).
const SESSION_CHARS: usize = SESSION_BITS.div_ceil(5) as usize;

impl Session {
    pub fn plays(&self, id: LeverId) -> bool {
        self.in_play & id.bit() != 0
    }

    /// The session's question for a participant on `sc`, in words.
    pub fn question(&self, sc: &Scenario) -> String {
        let year = crate::answer::goal_years(sc)
            .into_iter()
            .find(|(t, _)| *t == self.goal_t)
            .map(|(_, y)| y)
            .unwrap_or_default();
        let (playing, out): (Vec<LeverId>, Vec<LeverId>) =
            LeverId::ALL.into_iter().partition(|id| self.plays(*id));
        let names = |ids: &[LeverId]| {
            let n: Vec<&str> = ids
                .iter()
                .map(|id| Control::Lever(*id).spec().label)
                .collect();
            match n.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                Some((last, _)) => last.to_string(),
                None => String::new(),
            }
        };
        let levers = if out.is_empty() {
            "every lever is in play.".to_string()
        } else if out.len() <= playing.len() {
            format!("every lever is in play except {}.", names(&out))
        } else {
            format!("the levers in play are {}.", names(&playing))
        };
        format!(
            "A workshop on {}. The question: can a plan bring the High Needs Block into balance from {year} and every year after? Move the levers below: {levers}",
            sc.authority.name
        )
    }

    /// The session's code: `S1-` and ten characters (`SESSION_CHARS`).
    pub fn code(&self) -> String {
        let mut bits = Bits::default();
        bits.push(self.on.kind(), 2);
        bits.push(self.on.value() as u64 & 0xF_FFFF, 20);
        bits.push(self.goal_t.min(15) as u64, 4);
        bits.push((self.in_play & LeverId::ALL_MASK) as u64, SESSION_LEVERS);
        let c = check(bits.v, 0x5E55, SESSION_CHECK);
        bits.push(c, SESSION_CHECK);
        grouped("S1", &bits.chars())
    }

    /// The session a code names, or what is wrong with it.
    pub fn read(code: &str) -> Result<Session, String> {
        // A link or a QR code's text: the code after `workshop=`.
        let lower = code.to_ascii_lowercase();
        let code = match lower.rfind("workshop=") {
            Some(i) => code[i + 9..].split(['&', '#']).next().unwrap_or(""),
            None => code,
        };
        let cleaned = ascii(code)?;
        let body = cleaned
            .strip_prefix("S1")
            .ok_or("a session code starts with S1")?;
        if body.len() != SESSION_CHARS {
            return Err(format!(
                "a session code has {SESSION_CHARS} characters after S1; this has {}",
                body.len()
            ));
        }
        let mut bits = Bits::from_chars(body, SESSION_BITS)?;
        if check(bits.v >> SESSION_CHECK, 0x5E55, SESSION_CHECK)
            != (bits.v & ((1 << SESSION_CHECK) - 1)) as u64
        {
            return Err("its check does not match: a character is wrong or missing".into());
        }
        let kind = bits.take(2);
        let value = bits.take(20) as u32;
        let goal_t = bits.take(4) as usize;
        let in_play = bits.take(SESSION_LEVERS) as u16;
        Ok(Session {
            on: On::from(kind, value)?,
            goal_t: goal_t.max(1),
            in_play,
        })
    }
}

/// A code as it reached the facilitator: where from ("line 3", a photo's
/// name, "camera") and its text (`code` or `name: code`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub from: String,
    pub text: String,
}

/// Each non-empty line of pasted text, as entries.
pub fn lines(text: &str) -> Vec<Entry> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| Entry {
            from: format!("line {}", i + 1),
            text: l.trim().to_string(),
        })
        .collect()
}

/// The text a participant's QR code carries: their name, if they gave one,
/// and their code.
pub fn labelled(name: &str, code: &str) -> String {
    let name = tidy_name(name);
    if name.is_empty() {
        code.to_string()
    } else {
        format!("{name}: {code}")
    }
}

/// A name as the room shows it: one line, no colon (it separates the name
/// from the code), at most 40 characters.
pub fn tidy_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == ':' { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(40)
        .collect()
}

/// One participant's plan in the room.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub who: String,
    /// Its code, as the room read it (written out in full).
    pub code: String,
    pub saved: Saved,
    pub run: Run,
    /// The largest overspend in a year from the goal's year on (0: the
    /// goal is met), and that year.
    pub gap: f64,
    pub gap_year: String,
}

impl Plan {
    pub fn meets(&self) -> bool {
        self.gap <= 0.0
    }
    /// How the plan stands against the goal, in words.
    pub fn standing(&self) -> String {
        if self.meets() {
            "Meets the goal".into()
        } else {
            format!("{} short in {}", format::pounds(self.gap), self.gap_year)
        }
    }
}

/// One lever across the room.
#[derive(Debug, Clone, PartialEq)]
pub struct Spread {
    pub id: LeverId,
    pub label: &'static str,
    pub unit: &'static str,
    pub min: f64,
    pub max: f64,
    /// Each plan's value, in the ranking's order.
    pub values: Vec<f64>,
    pub lowest: f64,
    pub highest: f64,
    pub median: f64,
    /// How many plans moved it from neutral.
    pub moved: usize,
}

impl Spread {
    /// The lever across the room in words: "Early support: fewer new
    /// EHCPs: lowest 10% fewer, median 30% fewer, highest 50% fewer; 5 of 5
    /// moved it."
    pub fn words(&self) -> String {
        let unit = match self.unit {
            "" => String::new(),
            u if u.starts_with('%') => u.to_string(),
            u => format!(" {u}"),
        };
        format!(
            "{}: lowest {}{unit}, median {}{unit}, highest {}{unit}; {} of {} moved it.",
            self.label,
            shown(self.lowest),
            shown(self.median),
            shown(self.highest),
            self.moved,
            self.values.len()
        )
    }
}

/// What the facilitator sees.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Room {
    /// Closest to the goal first.
    pub plans: Vec<Plan>,
    /// The levers (in play, when there is a session) across the plans.
    pub levers: Vec<Spread>,
    /// Codes that could not be used, each naming its participant.
    pub problems: Vec<String>,
    /// The plans are on more than one authority (no session to hold them).
    pub mixed: bool,
}

/// The most codes one room reads.
pub const MAX_CODES: usize = 200;

/// The largest overspend from the goal's year on, and its year.
pub fn gap(run: &Run, goal_t: usize) -> (f64, String) {
    let mut worst = (0.0f64, String::new());
    for y in run.scenario.years.iter().filter(|y| y.t >= goal_t) {
        if -y.balance_pounds > worst.0 {
            worst = (-y.balance_pounds, y.year.clone());
        }
    }
    worst
}

/// Read every entry, project each plan and rank them against the goal.
/// A participant whose code is read again (a rescan after a change)
/// replaces their earlier plan. `own` is the session's own figures.
pub fn room(
    entries: &[Entry],
    session: Option<&Session>,
    own: Option<&Saved>,
    loaded: &Loaded,
    project: impl Fn(&Saved) -> Option<Run>,
) -> Room {
    let mut plans: Vec<Plan> = Vec::new();
    // Who each plan is: a name, or an unnamed code's own text.
    let mut keys: Vec<String> = Vec::new();
    let mut problems = Vec::new();
    for (n, e) in entries.iter().enumerate() {
        let (name, code) = match e.text.rsplit_once(':') {
            Some((name, code)) if !tidy_name(name).is_empty() && !code.trim().is_empty() => {
                (Some(tidy_name(name)), code.trim())
            }
            _ => (None, e.text.trim()),
        };
        let who = name.clone().unwrap_or_else(|| {
            let mut f = e.from.clone();
            if let Some(c) = f.get_mut(..1) {
                c.make_ascii_uppercase();
            }
            f
        });
        let named = match &name {
            Some(n) => format!("{n} ({})", e.from),
            None => who.clone(),
        };
        if n >= MAX_CODES {
            problems.push(format!(
                "{named} and after: only the first {MAX_CODES} codes are read"
            ));
            break;
        }
        let saved = match read(code, own, loaded) {
            Ok(s) => s,
            Err(why) => {
                problems.push(format!("{named}: {why}."));
                continue;
            }
        };
        if let Some(s) = session {
            if On::of(&saved, loaded) != s.on && !matches!(s.on, On::Own(_)) {
                problems.push(format!(
                    "{named}: this plan is on {}, not on this session's figures.",
                    saved.scenario.authority.name
                ));
                continue;
            }
        }
        let Some(run) = project(&saved) else {
            problems.push(format!("{named}: this plan cannot be run."));
            continue;
        };
        let goal_t = session.map_or(saved.scenario.horizon.max(1), |s| s.goal_t);
        let (gap, gap_year) = gap(&run, goal_t);
        let plan = Plan {
            who: who.clone(),
            code: self::code(&saved, loaded).code,
            saved,
            run,
            gap,
            gap_year,
        };
        // The same person again, or the same unnamed code twice: keep one.
        let key = name.map_or_else(|| format!("code {}", clean(code)), |n| format!("name {n}"));
        if let Some(i) = keys.iter().position(|k| *k == key) {
            plans[i] = plan;
        } else {
            keys.push(key);
            plans.push(plan);
        }
    }
    plans.sort_by(|a, b| {
        a.gap.total_cmp(&b.gap).then(
            a.run
                .scenario
                .metrics
                .deficit_at_horizon_pounds
                .total_cmp(&b.run.scenario.metrics.deficit_at_horizon_pounds),
        )
    });
    let levers = LeverId::ALL
        .into_iter()
        .filter(|id| session.is_none_or(|s| s.plays(*id)))
        .map(|id| {
            let c = Control::Lever(id);
            let spec = c.spec();
            let values: Vec<f64> = plans
                .iter()
                .map(|p| explorer::value(&p.saved.scenario, c))
                .collect();
            let lowest = values.iter().copied().fold(f64::INFINITY, f64::min);
            let highest = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            Spread {
                id,
                label: spec.label,
                unit: spec.unit,
                min: spec.min,
                max: spec.max,
                lowest,
                highest,
                median: crate::published::median(values.clone()).unwrap_or(0.0),
                moved: values.iter().filter(|v| v.abs() > 1e-9).count(),
                values,
            }
        })
        .collect();
    let mixed = plans
        .windows(2)
        .any(|w| w[0].saved.scenario.authority != w[1].saved.scenario.authority);
    Room {
        plans,
        levers,
        problems,
        mixed,
    }
}

/// One cell of the room's results: text, a whole number, an amount in
/// pounds or a lever's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Text(String),
    Whole(f64),
    Pounds(f64),
    Number(f64),
}

/// The room's results as a table, for the meeting's record: each plan in
/// rank order with how it stands against the goal, its deficit, every
/// lever as its owner set it, and its code (which opens it again). The CSV
/// ([`csv`]) and the workbook (`crate::workbook::workshop`) both write it.
pub fn table(room: &Room) -> (Vec<String>, Vec<Vec<Field>>) {
    let mut head = vec![
        "Rank".to_string(),
        "Participant".into(),
        "Meets the goal".into(),
        "Largest shortfall from the goal's year (£)".into(),
        "In".into(),
        "Deficit the council carries at the end, after the High Needs Stability Grant (£)".into(),
    ];
    head.extend(LeverId::ALL.into_iter().map(|id| {
        let spec = Control::Lever(id).spec();
        if spec.unit.is_empty() {
            spec.label.to_string()
        } else {
            format!("{} ({})", spec.label, spec.unit)
        }
    }));
    head.push("Code".into());
    let rows = room
        .plans
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let sc = &p.saved.scenario;
            let mut row = vec![
                Field::Whole((i + 1) as f64),
                Field::Text(p.who.clone()),
                Field::Text(if p.meets() { "yes" } else { "no" }.into()),
                Field::Pounds(p.gap.round()),
                Field::Text(p.gap_year.clone()),
                Field::Pounds(p.run.scenario.metrics.deficit_at_horizon_pounds.round()),
            ];
            row.extend(
                LeverId::ALL
                    .into_iter()
                    .map(|id| Field::Number(explorer::value(sc, Control::Lever(id)))),
            );
            row.push(Field::Text(p.code.clone()));
            row
        })
        .collect();
    (head, rows)
}

/// The room's results as a spreadsheet (CSV): [`table`]'s rows. Names are
/// escaped so that a spreadsheet never runs one.
pub fn csv(room: &Room) -> String {
    use hne_model::csv::escape;
    let (head, rows) = table(room);
    let mut out = head.iter().map(|h| escape(h)).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    for row in rows {
        let cells: Vec<String> = row
            .into_iter()
            .map(|f| match f {
                Field::Text(t) => escape(&t),
                Field::Whole(v) | Field::Pounds(v) => format!("{v:.0}"),
                Field::Number(v) => v.to_string(),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The workshop as this browser keeps it, so that a reload loses neither a
/// facilitator's room nor a participant's session.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Kept {
    /// The room is on screen.
    pub room_open: bool,
    /// The room's goal year and levers in play, when chosen.
    pub goal_t: Option<usize>,
    pub in_play: Option<u16>,
    /// The codes the room has read.
    pub entries: Vec<Entry>,
    /// The session this person joined (its code) and their name.
    pub joined: Option<String>,
    pub name: String,
}

/// The storage key of [`Kept`].
pub const KEPT_KEY: &str = "hne.workshop.v1";

impl Kept {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
    /// What was kept, or nothing if it cannot be read (corrupt or from
    /// elsewhere): a workshop starts afresh rather than fails.
    pub fn read(text: &str) -> Kept {
        if text.len() > 1_000_000 {
            return Kept::default();
        }
        let mut k: Kept = serde_json::from_str(text).unwrap_or_default();
        k.entries.truncate(MAX_CODES);
        for e in &mut k.entries {
            e.from = e.from.chars().take(80).collect();
            e.text = e.text.chars().take(400).collect();
        }
        k.name = tidy_name(&k.name);
        k.joined = k.joined.filter(|c| Session::read(c).is_ok());
        k
    }
}

/// A lever's figure in the room: whole numbers as counts, others to two
/// decimal places at most.
pub fn shown(v: f64) -> String {
    if v.fract().abs() < 1e-9 {
        format::count(v)
    } else {
        let s = format!("{:.2}", v);
        s.trim_end_matches('0').to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_codes_widths_follow_the_lever_table() {
        // Every lever has its bit in a session code and its grid in a plan
        // code; a session code stays ten characters after S1 (a lever more
        // than fits would need a new code version, not a longer S1).
        assert_eq!(super::SESSION_LEVERS as usize, LeverId::ALL.len());
        assert_eq!(
            super::SESSION_CHARS,
            10,
            "a lever added: give session codes a new version"
        );
        assert_eq!(super::grids().len(), LeverId::ALL.len());
        assert!(LeverId::ALL_MASK.count_ones() as usize == LeverId::ALL.len());
    }

    use super::*;
    use crate::explorer::apply_preset;

    fn plan(base: &str, preset: &str) -> Saved {
        let mut s = Saved::example(base).unwrap();
        apply_preset(&mut s, preset);
        s
    }

    fn deficit(s: &Saved) -> f64 {
        hne_model::project(&s.scenario)
            .unwrap()
            .scenario
            .metrics
            .deficit_at_horizon_pounds
    }

    /// The published authorities these tests read, loaded.
    fn l() -> Loaded {
        let mut loaded = Loaded::default();
        for code in ["380", "886"] {
            let id = crate::published::base_id(code);
            let path = format!(
                "{}/../../public/{}",
                env!("CARGO_MANIFEST_DIR"),
                crate::published::url(&id).unwrap()
            );
            loaded
                .register(&id, &std::fs::read_to_string(path).unwrap())
                .unwrap();
        }
        loaded
    }

    fn published(code: &str) -> String {
        crate::published::base_id(code)
    }

    #[test]
    fn a_code_carries_the_plan_exactly_to_the_penny() {
        // Every preset, and controls moved as a person moves them (slider
        // steps, typed numbers with decimals, the goal solver).
        for base in examples::NAMES {
            for preset in ["unmitigated", "dbv", "safety-valve", "ambitious"] {
                let s = plan(base, preset);
                let c = code(&s, &l());
                assert!(c.exact && c.all_carried, "{base} {preset} {c:?}");
                let back = read(&c.code, None, &l()).unwrap();
                assert_eq!(back.scenario.levers, s.scenario.levers, "{base} {preset}");
                assert_eq!(deficit(&back), deficit(&s), "{base} {preset}");
            }
        }
        let mut s = plan("example", "unmitigated");
        for (c, v) in [
            (Control::Lever(LeverId::Inclusion), 37.0),
            (Control::Lever(LeverId::Transfer), 0.35),
            (Control::Lever(LeverId::Demand), 12.345),
            (Control::Lever(LeverId::Banding), -2.67),
            (Control::Lever(LeverId::Places), 130.0),
            (Control::PlacesYear, 4.0),
            (Control::Start, 2.0),
            (Control::Ramp, 5.0),
        ] {
            explorer::set(&mut s, c, v);
        }
        explorer::aim(&mut s, false, 7.0);
        let c = code(&s, &l());
        assert!(c.exact, "{c:?}");
        assert!(c.code.starts_with("W30-"), "{}", c.code);
        let mut back = read(&c.code, None, &l()).unwrap();
        back.scenario.name = s.scenario.name.clone();
        assert!(back.scenario == s.scenario, "the plan read back differs");
        // Typed loosely: lower case, spaces for dashes, O for 0.
        let loose = c
            .code
            .to_ascii_lowercase()
            .replace('-', " ")
            .replace('0', "o");
        assert!(read(&loose, None, &l()).unwrap() == read(&c.code, None, &l()).unwrap());
        // A value from a file, finer than the controls: the code rounds it
        // and says so.
        s.scenario.levers.demand.value = 0.123456;
        assert!(!code(&s, &l()).exact);
        // Changed assumptions do not travel: the code says so.
        let mut t = plan("example", "dbv");
        t.scenario.assumptions.new_plan_growth.central += 0.01;
        assert!(!code(&t, &l()).all_carried);
    }

    #[test]
    fn a_wrong_code_says_what_is_wrong() {
        let c = code(&plan("example", "dbv"), &l()).code;
        let mut bad = c.clone().into_bytes();
        let i = bad.len() - 3;
        bad[i] = if bad[i] == b'7' { b'8' } else { b'7' };
        let bad = String::from_utf8(bad).unwrap();
        assert!(read(&bad, None, &l())
            .unwrap_err()
            .contains("check does not match"));
        assert!(read("hello", None, &l()).unwrap_err().contains("W3"));
        assert!(read("W30-ABC", None, &l()).unwrap_err().contains("not 2"));
        assert!(read("W1-00000-00000-00000-00000-000000", None, &l())
            .unwrap_err()
            .contains("earlier version"));
        let mut with_u = c.clone();
        with_u.pop();
        with_u.push('U');
        assert!(read(&with_u, None, &l())
            .unwrap_err()
            .contains("\"U\" is not a character"));
        // A character no code has, wherever it is, is named, not cut.
        assert!(read("W3é-00000", None, &l())
            .unwrap_err()
            .contains("\"é\" is not"));
        assert!(read("W3M-:0-2XR7T-1EW1J-7T09R-G0000-89Y98", None, &l()).is_err());
        assert!(Session::read("S1-éé").is_err());
        assert_eq!(needed("W4-é"), None);
    }

    #[test]
    fn plans_on_published_and_own_figures_decode_against_them() {
        let id = published("380");
        let mut s = l().saved(&id).unwrap();
        s.scenario.levers = hne_model::presets::levers("dbv").unwrap();
        let c = code(&s, &l());
        assert!(
            c.code.starts_with("W4-") && c.exact && c.all_carried,
            "{c:?}"
        );
        assert_eq!(needed(&c.code).as_deref(), Some(id.as_str()));
        let back = read(&c.code, None, &l()).unwrap();
        assert_eq!(back.base.as_deref(), Some(id.as_str()));
        assert_eq!(deficit(&back), deficit(&s));
        // A changed character in the authority's part is caught.
        let mut bad = c.code.clone().into_bytes();
        let last = bad.len() - 1;
        bad[last] = if bad[last] == b'0' { b'1' } else { b'0' };
        assert!(read(&String::from_utf8(bad).unwrap(), None, &l()).is_err());

        // A council's own figures: a W5 code, read against the session's.
        let mut own = plan("example", "unmitigated");
        own.base = None;
        own.scenario.authority.name = "Our Council".into();
        own.scenario.authority.funding.hnb_allocation_pounds *= 1.1;
        let mut mine = own.clone();
        explorer::set(&mut mine, Control::Lever(LeverId::Demand), 15.0);
        let c = code(&mine, &l());
        assert!(c.code.starts_with("W5-") && c.exact, "{c:?}");
        assert!(read(&c.code, None, &l())
            .unwrap_err()
            .contains("own figures"));
        let back = read(&c.code, Some(&own), &l()).unwrap();
        assert_eq!(back.scenario, mine.scenario);
        let mut other = own.clone();
        other.scenario.authority.funding.hnb_allocation_pounds += 1.0;
        assert!(read(&c.code, Some(&other), &l())
            .unwrap_err()
            .contains("other figures"));
    }

    #[test]
    fn a_session_code_is_short_and_carries_the_set_up() {
        let id = published("886");
        let s = Session {
            on: On::of(&l().saved(&id).unwrap(), &l()),
            goal_t: 4,
            in_play: LeverId::Demand.bit() | LeverId::Places.bit(),
        };
        let c = s.code();
        assert_eq!(c.len(), "S1-ABCDE-FGHJK".len(), "{c}");
        assert_eq!(Session::read(&c), Ok(s));
        assert_eq!(s.on.base_id().as_deref(), Some(id.as_str()));
        assert!(s.plays(LeverId::Demand) && !s.plays(LeverId::Banding));
        // From a link, in lower case.
        let link = format!("https://x.org/hne/?workshop={}#s=abc", c.to_lowercase());
        assert_eq!(Session::read(&link), Ok(s));
        let mut bad = c.clone();
        bad.replace_range(4..5, if &c[4..5] == "A" { "B" } else { "A" });
        assert!(Session::read(&bad).unwrap_err().contains("check"));
        assert!(Session::read("S1-ABC")
            .unwrap_err()
            .contains("10 characters"));
        assert!(Session::read("W30-ABC").unwrap_err().contains("S1"));
    }

    #[test]
    fn the_room_ranks_plans_by_the_goal_and_names_each_problem() {
        // Five people on Example Borough: early support 0%, 5%, 10%, 20%, 30%.
        let base = plan("example", "unmitigated");
        let session = Session {
            on: On::of(&base, &l()),
            goal_t: 5,
            in_play: LeverId::ALL_MASK,
        };
        let names = ["Ana", "Ben", "Cy", "Dee", "Eve"];
        let mut entries: Vec<Entry> = [0.0, 5.0, 10.0, 20.0, 30.0]
            .iter()
            .zip(names)
            .map(|(d, n)| {
                let mut s = base.clone();
                explorer::set(&mut s, Control::Lever(LeverId::Demand), *d);
                Entry {
                    from: format!("photo {n}.png"),
                    text: labelled(n, &code(&s, &l()).code),
                }
            })
            .collect();
        entries.push(Entry {
            from: "line 7".into(),
            text: "Fay: W30-XXXXX".into(),
        });
        entries.push(Entry {
            from: "line 8".into(),
            text: "not a code".into(),
        });
        // Ana scans again after moving early support to 40%.
        let mut again = base.clone();
        explorer::set(&mut again, Control::Lever(LeverId::Demand), 40.0);
        entries.push(Entry {
            from: "camera".into(),
            text: labelled("Ana", &code(&again, &l()).code),
        });
        let r = room(&entries, Some(&session), None, &l(), |s| {
            hne_model::project(&s.scenario).ok()
        });
        let order: Vec<&str> = r.plans.iter().map(|p| p.who.as_str()).collect();
        assert_eq!(order, ["Ana", "Eve", "Dee", "Cy", "Ben"]);
        assert!(r.plans.windows(2).all(|w| w[0].gap <= w[1].gap));
        assert_eq!(r.problems.len(), 2, "{:?}", r.problems);
        assert!(
            r.problems[0].starts_with("Fay (line 7): it has"),
            "{:?}",
            r.problems
        );
        assert!(
            r.problems[1].starts_with("Line 8: it does not start"),
            "{:?}",
            r.problems
        );
        let demand = r.levers.iter().find(|l| l.id == LeverId::Demand).unwrap();
        assert_eq!(demand.values, vec![40.0, 30.0, 20.0, 10.0, 5.0]);
        assert_eq!((demand.median, demand.moved), (20.0, 5));
        // Each plan's gap is what its own projection shows.
        for p in &r.plans {
            let (g, _) = gap(&p.run, 5);
            assert_eq!(g, p.gap);
            assert_eq!(p.meets(), p.standing() == "Meets the goal");
        }
        // A plan on another authority is named, not mixed in.
        let other = plan("england", "dbv");
        let r = room(
            &[Entry {
                from: "line 1".into(),
                text: labelled("Gus", &code(&other, &l()).code),
            }],
            Some(&session),
            None,
            &l(),
            |s| hne_model::project(&s.scenario).ok(),
        );
        assert!(
            r.plans.is_empty() && r.problems[0].contains("Gus (line 1): this plan is on England"),
            "{:?}",
            r.problems
        );
        assert_eq!(
            (shown(30.0), shown(2.25), shown(0.5)),
            ("30".into(), "2.25".into(), "0.5".into())
        );
    }

    #[test]
    fn the_rooms_chart_has_every_plan_and_the_goal() {
        let base = plan("example", "unmitigated");
        let runs: Vec<(String, Run)> = [0.0, 30.0]
            .iter()
            .map(|d| {
                let mut s = base.clone();
                explorer::set(&mut s, Control::Lever(LeverId::Demand), *d);
                (format!("P{d}"), hne_model::project(&s.scenario).unwrap())
            })
            .collect();
        let refs: Vec<(String, &Run)> = runs.iter().map(|(n, r)| (n.clone(), r)).collect();
        let chart = crate::charts::data::room(&refs, 3).unwrap();
        let crate::charts::data::Drawing::Lines(l) = &chart.drawing else {
            panic!("a line chart")
        };
        assert_eq!(l.series.len(), 3);
        assert_eq!(
            l.series[0].values,
            runs[0]
                .1
                .baseline
                .years
                .iter()
                .map(|y| y.balance_pounds)
                .collect::<Vec<_>>()
        );
        assert_eq!(l.series[2].name, "2. P30");
        assert_eq!(l.goal.as_ref().map(|g| g.t), Some(3));
        assert!(chart.summary.contains("of 2 plans"), "{}", chart.summary);
        assert!(crate::charts::data::room(&[], 3).is_none());
    }

    #[test]
    fn the_workshop_kept_in_a_browser_reads_back_and_corrupt_copies_start_afresh() {
        let k = Kept {
            room_open: true,
            goal_t: Some(3),
            in_play: Some(0b101),
            entries: lines("Sam: W30-1\nAna: W30-2"),
            joined: Some(
                Session {
                    on: On::BuiltIn(0),
                    goal_t: 2,
                    in_play: 3,
                }
                .code(),
            ),
            name: "Sam".into(),
        };
        assert_eq!(Kept::read(&k.to_json()), k);
        for bad in ["", "{", "null", "[1,2]", "{\"room_open\": \"yes\"}"] {
            assert_eq!(Kept::read(bad), Kept::default(), "{bad}");
        }
        // A damaged session code is dropped, the rest kept; a name is tidied.
        let mut j: serde_json::Value = serde_json::from_str(&k.to_json()).unwrap();
        j["joined"] = "S1-NOPE".into();
        j["name"] = "A:\u{7}B".into();
        let back = Kept::read(&j.to_string());
        assert_eq!(
            (back.joined, back.name.as_str(), back.entries.len()),
            (None, "A B", 2)
        );
    }

    #[test]
    fn the_rooms_results_are_a_spreadsheet_that_opens_each_plan_again() {
        let base = plan("example", "unmitigated");
        let entries: Vec<Entry> = [("=SUM(A1)", 10.0), ("Bo, \"B\"", 30.0)]
            .iter()
            .map(|(n, d)| {
                let mut s = base.clone();
                explorer::set(&mut s, Control::Lever(LeverId::Demand), *d);
                Entry {
                    from: "line".into(),
                    text: format!("{n}: {}", code(&s, &l()).code),
                }
            })
            .collect();
        let r = room(&entries, None, None, &l(), |s| {
            hne_model::project(&s.scenario).ok()
        });
        let text = csv(&r);
        let rows = hne_model::csv::parse(&text).unwrap();
        assert_eq!(rows.len(), 3, "{text}");
        // A name that looks like a formula is neutralised, and reads back.
        assert!(text.contains("'=SUM(A1)"), "{text}");
        let cells = |i: usize| rows[i].fields.clone();
        assert_eq!(cells(1)[1], "Bo, \"B\"");
        assert_eq!(cells(2)[1], "=SUM(A1)");
        assert_eq!(cells(0).len(), 6 + LeverId::COUNT + 1);
        // Each row's code opens that very plan.
        for (i, p) in r.plans.iter().enumerate() {
            let back = read(cells(i + 1).last().unwrap(), None, &l()).unwrap();
            assert_eq!(back.scenario.levers, p.saved.scenario.levers);
            assert_eq!(
                cells(i + 1)[5],
                format!("{:.0}", p.run.scenario.metrics.deficit_at_horizon_pounds)
            );
        }
    }

    #[test]
    fn names_are_tidied_for_the_room() {
        assert_eq!(
            tidy_name("  Siân\n O'Brien: table 3 "),
            "Siân O'Brien table 3"
        );
        assert_eq!(tidy_name(&"x".repeat(60)).len(), 40);
        assert_eq!(labelled(" ", "W30-1"), "W30-1");
        assert_eq!(
            lines("a\n\n b \n"),
            vec![
                Entry {
                    from: "line 1".into(),
                    text: "a".into()
                },
                Entry {
                    from: "line 3".into(),
                    text: "b".into()
                },
            ]
        );
    }
}
