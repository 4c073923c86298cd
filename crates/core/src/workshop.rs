//! Workshops with no server: each participant's plan as a short code (and
//! a QR code of it), and the facilitator's view of everyone's codes.
//!
//! A code carries a plan on a built-in authority: the authority, the eight
//! levers (each to 1 part in 4,094 of its range), the new places' opening
//! year and the timetable, with a check, in 26 characters of Crockford's
//! base 32 (no I, L, O or U, so nothing reads as another letter), grouped in
//! fives (the last of six): `W1-3K7M2-QPD4X-...`. Typed in lower case, with O for 0 or
//! I and L for 1, it still reads.
//!
//! A plan on a published authority's figures is a `W2` code: the same 26
//! characters, then four more naming the authority (its LA number) and the
//! data's version, so it decodes against exactly the figures its owner saw.
//!
//! A plan on a council's own data cannot go in a code: its data would not
//! fit, and a workshop compares plans on the same data.

use hne_model::examples;
use hne_model::levers::{singles, singles_mut, LEVERS};
use hne_model::output::Run;
use hne_model::schema::Opening;

use crate::explorer::{self, Control};
use crate::format;
use crate::state::saved::Saved;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const PREFIX: &str = "W1";
const STEPS: f64 = 4094.0;
const PLACES_MAX: f64 = 1000.0;

/// The levers with one strength, in the table's order: each takes 12 bits
/// of a code, then new places. A code of this version holds seven; a lever
/// added to the table needs a new version of the code (and this to change).
const SINGLES: usize = {
    let (mut n, mut i) = (0, 0);
    while i < LEVERS.len() {
        if LEVERS[i].single.is_some() {
            n += 1;
        }
        i += 1;
    }
    n
};
const _: () = assert!(
    SINGLES == 7,
    "a new lever needs a new workshop code version"
);

/// The ranges of the eight quantised values, in code order.
fn ranges() -> [(f64, f64); 8] {
    let mut out = [(0.0, PLACES_MAX); 8];
    for (slot, one) in out
        .iter_mut()
        .zip(LEVERS.iter().filter_map(|s| s.single.as_ref()))
    {
        *slot = one.range;
    }
    out
}

fn quantise(v: f64, (lo, hi): (f64, f64)) -> u64 {
    (((v - lo) / (hi - lo)).clamp(0.0, 1.0) * STEPS).round() as u64
}

fn value(q: u64, (lo, hi): (f64, f64)) -> f64 {
    let v = lo + q.min(STEPS as u64) as f64 / STEPS * (hi - lo);
    // Symmetric ranges put the neutral value on a step: keep it exactly 0.
    if v.abs() < 1e-12 {
        0.0
    } else {
        v
    }
}

fn check(payload: u128) -> u64 {
    // FNV-1a over the payload's bytes, folded to 12 bits.
    let mut h: u32 = 0x811c_9dc5;
    for b in payload.to_le_bytes() {
        h = (h ^ b as u32).wrapping_mul(0x0100_0193);
    }
    ((h ^ (h >> 12) ^ (h >> 24)) & 0xFFF) as u64
}

/// The base bits that mean "a published authority, named in the suffix".
const PUBLISHED: usize = 3;

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

/// The workshop code for a plan, or why there is none.
pub fn code(saved: &Saved) -> Result<String, String> {
    let own = "Workshop codes work on the built-in and published authorities: this plan is on your own data.";
    if !saved.authority_is_built_in() {
        return Err(own.into());
    }
    let b = saved.base.as_deref().ok_or(own)?;
    let (base, suffix) = match examples::NAMES.iter().position(|n| *n == b) {
        Some(i) => (i, None),
        None => (PUBLISHED, Some(suffix_of(b).ok_or(own)?)),
    };
    let sc = &saved.scenario;
    let l = &sc.levers;
    let first = l.places.openings.first();
    let mut values = [first.map_or(0.0, |o| o.places); 8];
    for (slot, (_, lever)) in values.iter_mut().zip(singles(l)) {
        *slot = lever.value;
    }
    let mut p: u128 = if suffix.is_some() { 2 } else { 1 }; // version
    p = (p << 2) | base as u128;
    for (v, r) in values.iter().zip(ranges()) {
        p = (p << 12) | quantise(*v, r) as u128;
    }
    for small in [
        first.map_or(0, |o| o.year),
        sc.timetable.start,
        sc.timetable.ramp_years,
    ] {
        p = (p << 4) | small.min(15) as u128;
    }
    let all = (p << 12) | check(p ^ suffix.map_or(0, |s| (s as u128) << 104)) as u128; // 4+2+96+12+12 = 126 bits
    let mut chars: Vec<u8> = (0..26)
        .rev()
        .map(|i| ALPHABET[((all >> (i * 5)) & 31) as usize])
        .collect();
    let mut out = String::from(if suffix.is_some() { "W2" } else { PREFIX });
    // Groups of five, the last of six.
    for (i, c) in chars.drain(..).enumerate() {
        if i % 5 == 0 && i < 25 {
            out.push('-');
        }
        out.push(c as char);
    }
    if let Some(s) = suffix {
        out.push('-');
        for i in (0..4).rev() {
            out.push(ALPHABET[((s >> (i * 5)) & 31) as usize] as char);
        }
    }
    Ok(out)
}

/// The published authority a code's plan is on (`la/886@2025.1`), when the
/// code is a `W2` one: its figures must be loaded before [`read`].
pub fn needed(code: &str) -> Option<String> {
    let cleaned = clean(code);
    let body = cleaned.strip_prefix("W2")?;
    (body.len() == 30).then_some(())?;
    let mut s: u32 = 0;
    for c in body[26..].bytes() {
        s = (s << 5) | ALPHABET.iter().position(|a| *a == c)? as u32;
    }
    Some(id_of(s))
}

fn clean(code: &str) -> String {
    code.chars()
        .filter(|c| !matches!(c, '-' | ' ' | '\t'))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect()
}

/// The plan a code carries, or what is wrong with the code.
pub fn read(code: &str) -> Result<Saved, String> {
    let cleaned = clean(code);
    let (body, published) = match (cleaned.strip_prefix(PREFIX), cleaned.strip_prefix("W2")) {
        (Some(b), _) => (b, false),
        (_, Some(b)) => (b, true),
        _ => return Err("it does not start with W1 or W2: is it a workshop code?".into()),
    };
    let want = if published { 30 } else { 26 };
    if body.len() != want {
        return Err(format!(
            "it has {} characters after {}, not {want}",
            body.len(),
            if published { "W2" } else { PREFIX }
        ));
    }
    let mut suffix: u32 = 0;
    if published {
        for c in body[26..].bytes() {
            let v = ALPHABET
                .iter()
                .position(|a| *a == c)
                .ok_or_else(|| format!("\"{}\" is not a character codes use", c as char))?;
            suffix = (suffix << 5) | v as u32;
        }
    }
    let body = &body[..26];
    let mut all: u128 = 0;
    for c in body.bytes() {
        let v = ALPHABET
            .iter()
            .position(|a| *a == c)
            .ok_or_else(|| format!("\"{}\" is not a character codes use", c as char))?;
        all = (all << 5) | v as u128;
    }
    let p = all >> 12;
    let keyed = if published {
        p ^ ((suffix as u128) << 104)
    } else {
        p
    };
    if check(keyed) != (all & 0xFFF) as u64 {
        return Err("its check does not match: a character is wrong or missing".into());
    }
    let take = |shift: u32, bits: u32| ((p >> shift) & ((1 << bits) - 1)) as u64;
    if take(2 + 96 + 12, 4) != if published { 2 } else { 1 } {
        return Err("it was made by another version of High Needs Explorer".into());
    }
    let mut saved = if published {
        let id = id_of(suffix);
        Saved::example(&id).ok_or_else(|| match crate::published::describe(&id) {
            Some(what) => format!("its plan is on {what}, which has not been loaded"),
            None => "it names an authority this version does not have".to_string(),
        })?
    } else {
        let base = examples::NAMES
            .get(take(96 + 12, 2) as usize)
            .ok_or("it names an authority this version does not have")?;
        Saved::example(base).ok_or("its authority is missing")?
    };
    let ranges = ranges();
    let q = |i: u32| value(take(12 + (7 - i) * 12, 12), ranges[i as usize]);
    let (year, start, ramp) = (
        take(8, 4) as usize,
        take(4, 4) as usize,
        take(0, 4) as usize,
    );
    let sc = &mut saved.scenario;
    let h = sc.horizon.max(1);
    let l = &mut sc.levers;
    for (i, lever) in singles_mut(l).into_iter().enumerate() {
        lever.value = q(i as u32);
    }
    let places = q(7).round();
    l.places.openings = if places > 0.0 {
        vec![Opening {
            year: year.clamp(1, h),
            places,
        }]
    } else {
        Vec::new()
    };
    sc.timetable.start = start.clamp(1, h);
    sc.timetable.ramp_years = ramp.clamp(1, 15);
    Ok(saved)
}

/// The most codes one report reads.
pub const MAX_CODES: usize = 200;

/// What the facilitator sees.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Per lever: (name, unit, min, median, max, how many moved it).
    pub levers: Vec<(&'static str, &'static str, f64, f64, f64, usize)>,
    /// Per participant, lowest deficit first: (label, deficit at the
    /// horizon, balance year in words, authority).
    pub ranked: Vec<(String, f64, String, String)>,
    /// Lines that could not be read: (line number, why).
    pub problems: Vec<(usize, String)>,
    /// Whether the codes are on more than one authority.
    pub mixed: bool,
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// Read every line of pasted codes (`code`, or `name: code`), project each
/// plan, and summarise. Lines that are empty are skipped; lines that are
/// not codes are listed with their line numbers.
pub fn report(text: &str, project: impl Fn(&Saved) -> Option<Run>) -> Report {
    let mut plans: Vec<(String, Saved, Run)> = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        // A room, not a crowd: each plan is projected, so a pasted file of
        // thousands of lines must not hold the page.
        if plans.len() + problems.len() >= MAX_CODES {
            problems.push((
                i + 1,
                format!("only the first {MAX_CODES} codes are read; this line and the ones after it are not"),
            ));
            break;
        }
        let (label, code) = match line.rsplit_once(':') {
            Some((name, code)) if !name.trim().is_empty() => {
                (name.trim().chars().take(60).collect::<String>(), code)
            }
            _ => (format!("Participant {}", plans.len() + 1), line),
        };
        match read(code) {
            Ok(saved) => match project(&saved) {
                Some(run) => plans.push((label, saved, run)),
                None => problems.push((i + 1, "its plan cannot be run".to_string())),
            },
            Err(why) => problems.push((i + 1, why)),
        }
    }
    // Each plan's levers at neutral, for "moved it".
    let neutral: Vec<Saved> = plans
        .iter()
        .map(|(_, s, _)| {
            let mut plain = s.clone();
            plain.scenario.levers = Default::default();
            plain
        })
        .collect();
    let levers = Control::ALL
        .into_iter()
        .filter(|c| matches!(c, Control::Lever(_)))
        .map(|c| {
            let mut values: Vec<f64> = plans
                .iter()
                .map(|(_, s, _)| explorer::value(&s.scenario, c))
                .collect();
            let moved = values
                .iter()
                .zip(&neutral)
                .filter(|(v, s)| (*v - explorer::value(&s.scenario, c)).abs() > 1e-6)
                .count();
            // An insertion sort: a room of people, not thousands.
            for i in 1..values.len() {
                let mut j = i;
                while j > 0 && values[j - 1] > values[j] {
                    values.swap(j - 1, j);
                    j -= 1;
                }
            }
            let spec = c.spec();
            (
                spec.label,
                spec.unit,
                values.first().copied().unwrap_or(0.0),
                median(&values),
                values.last().copied().unwrap_or(0.0),
                moved,
            )
        })
        .collect();
    let mixed = plans.windows(2).any(|w| w[0].1.base != w[1].1.base);
    let mut ranked: Vec<(String, f64, String, String)> = plans
        .iter()
        .map(|(label, s, r)| {
            let m = &r.scenario.metrics;
            (
                label.clone(),
                m.deficit_at_horizon_pounds,
                m.sustained_balance_year
                    .as_ref()
                    .map_or("not by the last year".into(), |y| format!("from {y}")),
                s.scenario.authority.name.clone(),
            )
        })
        .collect();
    for i in 1..ranked.len() {
        let mut j = i;
        while j > 0 && ranked[j - 1].1 > ranked[j].1 {
            ranked.swap(j - 1, j);
            j -= 1;
        }
    }
    Report {
        levers,
        ranked,
        problems,
        mixed,
    }
}

/// A lever's figure in the room's table: whole numbers as counts, others
/// to one decimal place.
pub fn shown(v: f64) -> String {
    if v.fract().abs() < 1e-9 {
        format::count(v)
    } else {
        format!("{}", (v * 10.0).round() / 10.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explorer::apply_preset;
    use hne_model::validate::{BANDING_RANGE, DEMAND_RANGE, INCLUSION_RANGE, TRANSFER_RANGE};
    use hne_model::LeverId;

    fn plan(base: &str, preset: &str) -> Saved {
        let mut s = Saved::example(base).unwrap();
        apply_preset(&mut s, preset);
        s
    }

    #[test]
    fn a_code_carries_the_plan_closely() {
        let s = plan("example", "dbv");
        let c = code(&s).unwrap();
        assert_eq!(c.len(), 2 + 26 + 5);
        assert!(c.starts_with("W1-"));
        let back = read(&c).unwrap();
        assert_eq!(back.base, s.base);
        let (a, b) = (&s.scenario.levers, &back.scenario.levers);
        for (x, y, (lo, hi)) in [
            (a.inclusion.value, b.inclusion.value, INCLUSION_RANGE),
            (a.banding.value, b.banding.value, BANDING_RANGE),
            (a.transfer.value, b.transfer.value, TRANSFER_RANGE),
            (a.demand.value, b.demand.value, DEMAND_RANGE),
        ] {
            assert!((x - y).abs() <= (hi - lo) / STEPS / 2.0 + 1e-12, "{x} {y}");
        }
        assert_eq!(back.scenario.timetable, s.scenario.timetable);
        // The deficit differs by less than a part in a thousand.
        let d = |s: &Saved| {
            hne_model::project(&s.scenario)
                .unwrap()
                .scenario
                .metrics
                .deficit_at_horizon_pounds
        };
        assert!(
            (d(&s) - d(&back)).abs() < d(&s) * 1e-3,
            "{} {}",
            d(&s),
            d(&back)
        );
        // An unmitigated plan comes back exactly neutral.
        let plain = read(&code(&plan("england", "unmitigated")).unwrap()).unwrap();
        assert_eq!(plain.scenario.levers, Default::default());
        // Typed loosely: lower case, no dashes, O for 0.
        let loose = c.to_ascii_lowercase().replace('-', " ").replace('0', "o");
        assert_eq!(read(&loose).unwrap(), back);
    }

    #[test]
    fn a_wrong_code_says_what_is_wrong() {
        let c = code(&plan("example", "dbv")).unwrap();
        let mut bad = c.clone().into_bytes();
        let i = bad.len() - 3;
        bad[i] = if bad[i] == b'7' { b'8' } else { b'7' };
        let bad = String::from_utf8(bad).unwrap();
        assert!(read(&bad).unwrap_err().contains("check does not match"));
        assert!(read("hello").unwrap_err().contains("W1"));
        assert!(read("W1-ABC").unwrap_err().contains("not 26"));
        let mut with_u = c.clone();
        with_u.pop();
        with_u.push('U');
        assert!(read(&with_u)
            .unwrap_err()
            .contains("\"U\" is not a character"));
        let mut own = plan("example", "dbv");
        own.base = None;
        assert!(code(&own).unwrap_err().contains("built-in"));
    }

    #[test]
    fn five_codes_aggregate_to_their_min_median_and_max() {
        // Five people on Example Borough: early support 0%, 5%, 10%, 20%, 30%.
        let codes: Vec<String> = [0.0, 0.05, 0.10, 0.20, 0.30]
            .iter()
            .map(|d| {
                let mut s = plan("example", "unmitigated");
                s.scenario.levers.demand.value = *d;
                code(&s).unwrap()
            })
            .collect();
        let text = format!(
            "Ana: {}\n{}\n\n{}\nBen: {}\n{}\nnot a code\n",
            codes[0], codes[1], codes[2], codes[3], codes[4]
        );
        let r = report(&text, |s| hne_model::project(&s.scenario).ok());
        let demand = r
            .levers
            .iter()
            .find(|l| l.0 == Control::Lever(LeverId::Demand).spec().label)
            .unwrap();
        assert!(
            (demand.2 - 0.0).abs() < 0.01
                && (demand.3 - 10.0).abs() < 0.01
                && (demand.4 - 30.0).abs() < 0.01,
            "{demand:?}"
        );
        assert_eq!(demand.5, 4, "four of five moved early support");
        let banding = r
            .levers
            .iter()
            .find(|l| l.0 == Control::Lever(LeverId::Banding).spec().label)
            .unwrap();
        assert_eq!(banding.5, 0);
        assert_eq!(
            r.problems,
            vec![(
                7,
                "it does not start with W1 or W2: is it a workshop code?".to_string()
            )]
        );
        assert_eq!(r.ranked.len(), 5);
        // More early support, lower deficit: the 30% plan ranks first.
        assert_eq!(r.ranked[0].0, "Participant 5");
        assert_eq!(r.ranked[4].0, "Ana");
        assert!(r.ranked.windows(2).all(|w| w[0].1 <= w[1].1));
        assert_eq!(r.levers.len(), LeverId::COUNT);
        assert_eq!(
            (shown(30.0), shown(2.25)),
            ("30".to_string(), "2.3".to_string())
        );
    }

    #[test]
    fn a_plan_on_a_published_authority_is_a_w2_code_that_names_it() {
        let id = crate::published::base_id("380");
        let path = format!(
            "{}/../../public/{}",
            env!("CARGO_MANIFEST_DIR"),
            crate::published::url(&id).unwrap()
        );
        crate::published::register(&id, &std::fs::read_to_string(path).unwrap()).unwrap();
        let mut s = Saved::example(&id).unwrap();
        s.scenario.levers = hne_model::presets::levers("dbv").unwrap();
        let c = code(&s).unwrap();
        assert!(c.starts_with("W2-"), "{c}");
        assert_eq!(needed(&c).as_deref(), Some(id.as_str()));
        let back = read(&c).unwrap();
        assert_eq!(back.base.as_deref(), Some(id.as_str()));
        assert_eq!(back.scenario.authority, s.scenario.authority);
        // A changed character in the authority's part is caught.
        let mut bad = c.clone().into_bytes();
        let last = bad.len() - 1;
        bad[last] = if bad[last] == b'0' { b'1' } else { b'0' };
        assert!(read(&String::from_utf8(bad).unwrap()).is_err());
        // Figures not loaded: the reader says whose.
        let other = c.replace(&c[c.len() - 4..], "0000");
        assert!(needed(&other).is_some());
        assert!(read(&other).is_err());
        assert_eq!(needed("W1-00000-00000-00000-00000-000000"), None);
    }
}
