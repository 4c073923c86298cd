//! The format's fields in a council's words: what each template row is
//! ("EHCPs in special schools", "High Needs Block allocation"), what kind of
//! figure it holds (a count, pounds, a share, a rate a year), how people
//! write it ("£74,000,000", "25%", "1,520") and which dozen figures matter
//! first. The data view and the CSV template both read this, so they use
//! the same words and order; the values go back through the one reader
//! ([`crate::template`]), which takes "25%", "£260m" and "1,520" as well as
//! the format's own numbers.

use crate::schema::{Caseload, Scenario};
use crate::Phase;

/// What a field holds, for showing and reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Children or places: "1,520".
    Count,
    /// Money: "£74,000,000".
    Pounds,
    /// A share of a whole, or a rate a year: "25%".
    Percent,
    /// Anything else, as written (names, years, true / false).
    Text,
}

/// What a field holds, from its path.
pub fn kind(path: &str) -> Kind {
    let last = path.rsplit('.').next().unwrap_or(path);
    if path == "schema" || path == "horizon" || last == "year" || path.ends_with("base_year") {
        Kind::Text
    } else if path.contains(".caseload.")
        || path.contains(".new_plans.")
        || path.ends_with("special_capacity")
        || last == "ehcps"
        || last == "places"
    {
        Kind::Count
    } else if last.ends_with("_pounds")
        || path.contains(".safety_valve.")
        || path.contains(".contributions.")
        || path.contains(".other_dsg_adjustments.")
        || path.contains(".other_income.")
        || path.contains(".allocation_overrides.")
    {
        Kind::Pounds
    } else if path.contains("placement_mix")
        || path.contains("transitions")
        || path.contains("escalation")
        || path.contains("cease_rate")
        || path.contains("ageing")
        || last == "share"
        || matches!(last, "low" | "central" | "high")
        || (path.starts_with("levers.") && last == "value")
    {
        Kind::Percent
    } else {
        Kind::Text
    }
}

/// A value of the format (as the template writes it) the way people write
/// it: counts and pounds with thousands separated, shares as percentages.
/// Exact: nothing is rounded away, so a value shown and read back is the
/// same number.
pub fn shown(path: &str, value: &str) -> String {
    let Ok(v) = value.trim().parse::<f64>() else {
        return value.to_string();
    };
    if !v.is_finite() {
        return value.to_string();
    }
    match kind(path) {
        Kind::Count => grouped(value.trim()),
        Kind::Pounds => match grouped(value.trim()) {
            g if g.starts_with('-') => format!("-£{}", &g[1..]),
            g => format!("£{g}"),
        },
        Kind::Percent => match percent_text(value.trim()) {
            Some(p) => format!("{p}%"),
            None => value.to_string(),
        },
        Kind::Text => value.to_string(),
    }
}

/// A decimal number's text with commas between thousands ("1520.5" →
/// "1,520.5"); anything else (an exponent) as it is.
pub(crate) fn grouped(text: &str) -> String {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", text),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return text.to_string();
    }
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match fraction {
        // "74000000.0": the format's point zero says nothing to a reader.
        Some(f) if f.bytes().all(|b| b == b'0') => format!("{sign}{out}"),
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// A fraction's text times 100, by moving the point ("0.025" → "2.5"), so
/// no floating-point noise appears; `None` for an exponent form.
fn percent_text(text: &str) -> Option<String> {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut frac = fraction.to_string();
    while frac.len() < 2 {
        frac.push('0');
    }
    let (moved, rest) = frac.split_at(2);
    let whole = format!("{whole}{moved}");
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let rest = rest.trim_end_matches('0');
    Some(if rest.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{rest}")
    })
}

fn phase(id: &str) -> String {
    Phase::ALL
        .iter()
        .find(|p| p.id() == id)
        .map_or_else(|| id.to_string(), |p| format!("aged {}", p.label()))
}

fn setting(sc: &Scenario, id: &str) -> String {
    sc.authority
        .settings
        .iter()
        .find(|s| s.id == id)
        .map_or_else(|| id.to_string(), |s| s.name.clone())
}

fn assumption(name: &str) -> String {
    match name {
        "new_plan_growth" => "Growth in new EHCPs a year".into(),
        "cost_inflation" => "Cost inflation a year".into(),
        "funding_growth" => "High Needs funding growth a year".into(),
        "schools_block_growth" => "Schools block growth a year".into(),
        "delivery" => "Share of the plan delivered".into(),
        "leaving" => "Plans ending each year against the projection, a share of plans held".into(),
        "specialist_drift" => "Moves from mainstream schools to further education, alternative provision and other settings each year against the projection, a share of EHCPs in mainstream".into(),
        "independent_drift" => "Moves from state special to independent schools each year against the projection, a share of EHCPs in independent schools".into(),
        other => other.replace('_', " "),
    }
}

/// A field's name in a council's words ("EHCPs in Special schools",
/// "High Needs Block allocation in the base year"). Fields with no words of
/// their own get their path with the punctuation made readable.
pub fn label(sc: &Scenario, path: &str) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    let index = |part: &str| -> Option<(String, usize)> {
        let (name, rest) = part.split_once('[')?;
        Some((name.to_string(), rest.trim_end_matches(']').parse().ok()?))
    };
    let year = |y: &str| y.to_string();
    match parts.as_slice() {
        ["schema"] => "Format version (leave as it is)".into(),
        ["name"] => "Scenario name".into(),
        ["horizon"] => "Years ahead to project".into(),
        ["authority", "name"] => "Authority".into(),
        ["authority", "base_year"] => {
            "Base year (the financial year starting in April of this year)".into()
        }
        ["authority", "caseload", id] => {
            format!("EHCPs in {} (January census)", setting(sc, id))
        }
        ["authority", "caseload", id, p] => {
            format!(
                "EHCPs in {}, {} (January census)",
                setting(sc, id),
                phase(p)
            )
        }
        ["authority", "new_plans", p] => format!("New EHCPs in the year, {}", phase(p)),
        ["authority", "placement_mix", p, s] => {
            format!("Where new EHCPs go, {}: {}", phase(p), setting(sc, s))
        }
        ["authority", "cease_rate", p] => format!("Plans ceased a year, {}", phase(p)),
        ["authority", "ageing", p] => {
            format!("Moving up to the next age band a year, {}", phase(p))
        }
        ["authority", "transitions", p, from, to] => format!(
            "Moving up from {}: from {} to {}",
            phase(p),
            setting(sc, from),
            setting(sc, to)
        ),
        ["authority", "escalation", p] => format!(
            "Moves from mainstream to a special or independent school a year, {}",
            phase(p)
        ),
        ["authority", "escalation_to_independent", p] => format!(
            "Of those moves, the share to independent schools, {}",
            phase(p)
        ),
        ["authority", "special_capacity"] => {
            "Places in state special schools (empty: no limit)".into()
        }
        ["authority", "funding", "hnb_allocation_pounds"] => format!(
            "High Needs Block allocation in the base year, {} (before deductions)",
            crate::schema::year_label(sc.authority.base_year)
        ),
        ["authority", "funding", "schools_block_pounds"] => "Schools block in the base year".into(),
        ["authority", "funding", "allocation_overrides", y] => {
            format!("High Needs Block allocation already known for {}", year(y))
        }
        ["authority", "funding", "other_income", y] => {
            format!("Other High Needs income in {}", year(y))
        }
        ["authority", "deficit", "opening_pounds"] => format!(
            "Our DSG deficit at 31 March {} (brought forward into the base year; a surplus as a negative)",
            sc.authority.base_year
        ),
        ["authority", "deficit", "closing_pounds"] => format!(
            "Our DSG deficit at 31 March {}, if we know it (empty: projected)",
            sc.authority.base_year + 1
        ),
        ["authority", "deficit", "stability_grant", "plan_approved"] => {
            "Our SEND reform plan is approved, so the High Needs Stability Grant is paid (true or false)".into()
        }
        ["authority", "deficit", "stability_grant", "share"] => {
            "Share of the deficit at 31 March 2026 the High Needs Stability Grant pays".into()
        }
        ["authority", "deficit", "stability_grant", "eligible_pounds"] => {
            "Deficit eligible for the High Needs Stability Grant, if the Department for Education has told us (empty: the projected deficit at 31 March 2026)".into()
        }
        ["authority", "funding", "schools_block_overrides", y] => {
            format!("Schools block already known for {}", year(y))
        }
        ["authority", "deficit", "safety_valve", y] => {
            format!("Safety Valve payment received in {}", year(y))
        }
        ["authority", "deficit", "contributions", y] => {
            format!("Council contribution to the deficit in {}", year(y))
        }
        ["authority", "deficit", "other_dsg_adjustments", y] => {
            format!("Other DSG blocks' effect on the deficit in {}", year(y))
        }
        ["assumptions", a, e] => format!("{}: {}", assumption(a), e),
        ["assumptions", "cost_inflation_by_setting", s, e] => {
            format!("Cost inflation a year for {}: {}", setting(sc, s), e)
        }
        [first, rest @ ..] => {
            if let Some((group, i)) = index(first).or_else(|| rest.first().and_then(|r| index(r))) {
                let n = i + 1;
                let tail: Vec<&str> = if index(first).is_some() {
                    rest.to_vec()
                } else {
                    rest[1..].to_vec()
                };
                let what = match group.as_str() {
                    "settings" => {
                        let name = sc.authority.settings.get(i).map(|s| s.name.clone());
                        let who = name.unwrap_or_else(|| format!("Setting {n}"));
                        return match tail.as_slice() {
                            ["id"] => format!("Setting {n}: short id"),
                            ["name"] => format!("Setting {n}: name"),
                            ["kind"] => format!("{who}: kind (mainstream, resourced, special, independent, post16, alternative or other)"),
                            ["place_pounds"] => format!("{who}: place funding per place a year"),
                            ["banded"] => format!("{who}: top-ups follow the bands (true or false)"),
                            [b, field] => {
                                let band = index(b).map_or(0, |(_, j)| j + 1);
                                match *field {
                                    "name" => format!("{who}: band {band} name"),
                                    "share" => format!("{who}: band {band} share of EHCPs"),
                                    "value_pounds" => format!("{who}: band {band} top-up a year"),
                                    f => format!("{who}: band {band} {f}"),
                                }
                            }
                            _ => format!("{who}: {}", tail.join(" ")),
                        };
                    }
                    "other_spend" => {
                        let name = sc.authority.other_spend.get(i).map(|s| s.name.clone());
                        let who = name.unwrap_or_else(|| format!("Other spend line {n}"));
                        return match tail.as_slice() {
                            ["name"] => format!("Other spend line {n}: name"),
                            ["amount_pounds"] => format!("{who}: spend in the base year"),
                            ["inflation", e] => format!("{who}: inflation a year, {}", e),
                            _ => format!("{who}: {}", tail.join(" ")),
                        };
                    }
                    "history" => {
                        return match tail.as_slice() {
                            ["year"] => format!("History row {n}: financial year starting"),
                            ["ehcps"] => format!("History row {n}: EHCPs"),
                            ["expenditure_pounds"] => format!("History row {n}: High Needs spend"),
                            ["funding_pounds"] => format!("History row {n}: High Needs funding"),
                            ["cumulative_deficit_pounds"] => {
                                format!("History row {n}: cumulative DSG deficit")
                            }
                            _ => format!("History row {n}: {}", tail.join(" ")),
                        };
                    }
                    "sources" => {
                        return match tail.as_slice() {
                            ["text"] => format!("Source {n}: where the figures come from"),
                            ["field"] => format!("Source {n}: the figures it covers"),
                            ["estimated"] => format!("Source {n}: an estimate (true or false)"),
                            _ => format!("Source {n}: {}", tail.join(" ")),
                        };
                    }
                    g => g.replace('_', " "),
                };
                return format!("{what} {n}: {}", tail.join(" ").replace('_', " "));
            }
            path.replace(['.', '_'], " ")
        }
        [] => String::new(),
    }
}

/// The dozen or so figures that matter most, in the order a finance or
/// SEND officer would check them: who and when, EHCPs in each setting
/// (where given as one total), special school places, the money. The rest
/// are mostly estimated from national or regional data.
pub fn key_paths(sc: &Scenario) -> Vec<String> {
    let mut out = vec!["authority.name".to_string(), "authority.base_year".into()];
    for s in &sc.authority.settings {
        if let Some(Caseload::Total(_)) = sc.authority.caseload.get(&s.id) {
            out.push(format!("authority.caseload.{}", s.id));
        }
    }
    out.extend(
        [
            "authority.special_capacity",
            "authority.funding.hnb_allocation_pounds",
        ]
        .map(String::from),
    );
    // This year's High Needs Block, where it is known; the deficits at the
    // start and end of the base year; Safety Valve payments received.
    let f = &sc.authority.funding;
    out.extend(
        f.allocation_overrides
            .keys()
            .map(|y| format!("authority.funding.allocation_overrides.{y}")),
    );
    out.extend(
        [
            "authority.funding.schools_block_pounds",
            "authority.deficit.opening_pounds",
            "authority.deficit.closing_pounds",
            "authority.deficit.stability_grant.plan_approved",
            "assumptions.new_plan_growth.central",
            "assumptions.cost_inflation.central",
            "assumptions.funding_growth.central",
        ]
        .map(String::from),
    );
    let d = &sc.authority.deficit;
    out.extend(
        d.safety_valve
            .keys()
            .map(|y| format!("authority.deficit.safety_valve.{y}")),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;
    use crate::template;

    #[test]
    fn values_are_shown_as_people_write_them_and_read_back_exactly() {
        assert_eq!(shown("authority.caseload.special", "1520"), "1,520");
        assert_eq!(
            shown("authority.funding.hnb_allocation_pounds", "74000000.0"),
            "£74,000,000"
        );
        assert_eq!(
            shown("authority.deficit.opening_pounds", "-4027500.5"),
            "-£4,027,500.5"
        );
        assert_eq!(shown("authority.placement_mix.p.special", "0.25"), "25%");
        assert_eq!(shown("assumptions.cost_inflation.central", "0.035"), "3.5%");
        assert_eq!(
            shown("authority.cease_rate.a", "0.0123456789"),
            "1.23456789%"
        );
        assert_eq!(shown("authority.ageing.s", "1"), "100%");
        assert_eq!(shown("authority.name", "Kent"), "Kent");
        assert_eq!(shown("authority.base_year", "2024"), "2024");
        // Every value of every example reads back to the same number.
        for name in ["example", "england", "cambridgeshire"] {
            let sc = examples::by_name(name).unwrap();
            let rows = template::rows(&sc);
            let people: Vec<(String, String)> =
                rows.iter().map(|(p, v)| (p.clone(), shown(p, v))).collect();
            assert_eq!(template::from_rows(&people).unwrap(), sc, "{name}");
        }
    }

    #[test]
    fn every_field_has_words_and_the_key_figures_come_first() {
        let sc = examples::by_name("example").unwrap();
        for (path, _) in template::rows(&sc) {
            let l = label(&sc, &path);
            assert!(
                !l.is_empty() && !l.contains('.') || l.contains("e.g"),
                "{path}: {l}"
            );
            assert!(!l.contains('_'), "{path}: {l}");
        }
        assert_eq!(
            label(&sc, "authority.caseload.special"),
            "EHCPs in State special schools (January census)"
        );
        assert_eq!(
            label(&sc, "authority.placement_mix.p.mainstream"),
            "Where new EHCPs go, aged 5 to 10: Mainstream schools"
        );
        let keys = key_paths(&sc);
        assert!(keys.len() >= 10 && keys.len() <= 20, "{keys:?}");
        let rows = template::rows(&sc);
        for k in &keys {
            assert!(rows.iter().any(|(p, _)| p == k), "{k} is a field");
        }
    }
}
