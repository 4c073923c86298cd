//! Figures that read correctly but are probably wrong: special schools
//! four times over capacity, a share of EHCPs jumping fivefold, a total
//! that grows tenfold. An import or an edit that makes one of these is
//! taken only after a warning that names it (the format's checks already
//! refuse what cannot be right: a negative count, shares that do not add
//! up).

use hne_model::schema::{Caseload, Kind, Scenario};

use crate::format;

/// How far a figure may move, up or down, before we ask.
const JUMP: f64 = 4.0;
/// Special schools this much over their places.
const OVER_CAPACITY: f64 = 1.5;

fn total(sc: &Scenario, kind: Option<Kind>) -> f64 {
    sc.authority
        .settings
        .iter()
        .filter(|s| kind.is_none_or(|k| s.kind == k))
        .filter_map(|s| sc.authority.caseload.get(&s.id))
        .map(|c| match c {
            Caseload::Total(t) => *t,
            Caseload::ByPhase(p) => p.to_array().iter().sum(),
        })
        .sum()
}

fn times(r: f64) -> String {
    if r >= 1.0 {
        let t = format!("{r:.1}");
        format!("{} times", t.trim_end_matches(".0"))
    } else {
        format!("a {} of", fraction(r))
    }
}

fn fraction(r: f64) -> String {
    let n = (1.0 / r).round();
    match n as u64 {
        2 => "half".into(),
        3 => "third".into(),
        4 => "quarter".into(),
        n => format!("1/{n}"),
    }
}

/// What is implausible in `after`, in words that name the figure; `before`
/// is what the user had (for jumps, when both are the same authority).
/// Empty when nothing is.
pub fn warnings(before: &Scenario, after: &Scenario) -> Vec<String> {
    let mut out = Vec::new();
    let special = total(after, Some(Kind::Special));
    if let Some(cap) = after.authority.special_capacity.filter(|c| *c > 0.0) {
        if special > cap * OVER_CAPACITY {
            out.push(format!(
                "State special schools would hold {} EHCPs in {} places: {} over capacity. Children with no place go to independent schools in the model, so spend rises steeply. Check the places and the EHCPs in special schools.",
                format::count(special),
                format::count(cap),
                times(special / cap)
            ));
        }
    }
    let (all_before, all_after) = (total(before, None), total(after, None));
    // Jumps only within one authority: another authority's figures differ
    // from these, rightly.
    let same = before.authority.name.trim() == after.authority.name.trim();
    let jump = |was: f64, now: f64| {
        same && was > 0.0 && now >= 0.0 && (now / was >= JUMP || (now > 0.0 && was / now >= JUMP))
    };
    if jump(all_before, all_after) {
        out.push(format!(
            "EHCPs in all would go from {} to {} ({} as many). Check each setting's EHCPs.",
            format::count(all_before),
            format::count(all_after),
            times(all_after / all_before)
        ));
    }
    for (kind, what) in [
        (Kind::Mainstream, "in mainstream schools"),
        (Kind::Special, "in state special schools"),
        (Kind::Independent, "in independent schools"),
    ] {
        let share = |sc: &Scenario, all: f64| {
            if all > 0.0 {
                total(sc, Some(kind)) / all
            } else {
                0.0
            }
        };
        let (was, now) = (share(before, all_before), share(after, all_after));
        if was >= 0.005 && jump(was, now) {
            out.push(format!(
                "The share of EHCPs {what} would go from {} to {} ({} as much).",
                format::percent(was),
                format::percent(now),
                times(now / was)
            ));
        }
    }
    let new: f64 = after.authority.new_plans.to_array().iter().sum();
    if all_after > 0.0 && new > 0.4 * all_after {
        out.push(format!(
            "{} new EHCPs a year against {} in all: {} of all plans are new each year (nationally about one in six).",
            format::count(new),
            format::count(all_after),
            format::percent(new / all_after)
        ));
    }
    for (name, was, now) in [
        (
            "The High Needs Block allocation",
            before.authority.funding.hnb_allocation_pounds,
            after.authority.funding.hnb_allocation_pounds,
        ),
        (
            "The schools block",
            before.authority.funding.schools_block_pounds,
            after.authority.funding.schools_block_pounds,
        ),
    ] {
        if jump(was, now) {
            out.push(format!(
                "{name} would go from {} to {} ({} as much). Is it in pounds, not thousands or millions?",
                format::pounds(was),
                format::pounds(now),
                times(now / was)
            ));
        }
    }
    out
}

/// What a held-back change is (figures that read but look wrong wait for
/// the user's word): the words its warning and notice use.
#[derive(Debug, Clone, PartialEq)]
pub enum Held {
    /// A file imported, by its name.
    File(String),
    /// One value typed in the data view, by its label.
    Value(String),
    /// Rows typed in the data view.
    Rows,
}

impl Held {
    /// What it is, as the notice that it was used says it: "the figures in
    /// x.csv", "the new value of \"…\"", "the rows added".
    pub fn named(&self) -> String {
        match self {
            Held::File(name) => format!("the figures in {name}"),
            Held::Value(label) => format!("the new value of \"{label}\""),
            Held::Rows => "the rows added".to_string(),
        }
    }

    /// The warning's first line, for `n` figures that look wrong.
    pub fn check(&self, n: usize) -> String {
        let figures = if n == 1 {
            "a figure".to_string()
        } else {
            format!("{} figures", format::count(n as f64))
        };
        match self {
            Held::File(name) if n == 1 => {
                format!("Check before these are used: a figure in {name} looks wrong.")
            }
            Held::File(name) => {
                format!("Check before these are used: {figures} in {name} look wrong.")
            }
            Held::Value(label) if n == 1 => {
                format!("Check before it is used: the new value of \"{label}\" looks wrong.")
            }
            Held::Value(label) => {
                format!("Check before it is used: the new value of \"{label}\" makes {figures} look wrong.")
            }
            Held::Rows => {
                format!("Check before they are used: the rows added make {figures} look wrong.")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Held;

    #[test]
    fn a_held_change_s_warning_reads_as_a_sentence() {
        let file = Held::File("x.json".into());
        assert_eq!(
            file.check(1),
            "Check before these are used: a figure in x.json looks wrong."
        );
        assert_eq!(
            file.check(3),
            "Check before these are used: 3 figures in x.json look wrong."
        );
        assert_eq!(file.named(), "the figures in x.json");
        let value = Held::Value("EHCPs".into());
        assert_eq!(
            value.check(1),
            "Check before it is used: the new value of \"EHCPs\" looks wrong."
        );
        assert_eq!(
            value.check(2),
            "Check before it is used: the new value of \"EHCPs\" makes 2 figures look wrong."
        );
        assert_eq!(
            Held::Rows.check(1),
            "Check before they are used: the rows added make a figure look wrong."
        );
        for h in [file, value, Held::Rows] {
            for n in 1..4 {
                let t = h.check(n);
                assert!(
                    !t.contains("figures in x.json have figures") && !t.contains("has a figure"),
                    "{t}"
                );
            }
        }
    }

    use super::*;
    use hne_model::examples;

    #[test]
    fn the_issues_partial_file_is_named_and_the_example_is_not() {
        let before = examples::by_name("example").unwrap();
        assert!(warnings(&before, &before).is_empty());
        for other in ["england", "cambridgeshire"] {
            let sc = examples::by_name(other).unwrap();
            let w = warnings(&sc, &sc);
            assert!(w.is_empty(), "{other}: {w:?}");
        }
        // 6,000 pupils in special schools with 1,520 places.
        let mut after = before.clone();
        after
            .authority
            .caseload
            .insert("special".into(), Caseload::Total(6000.0));
        let w = warnings(&before, &after);
        assert!(
            w.iter()
                .any(|w| w.contains("6,000 EHCPs in 1,520 places: 3.9 times over capacity")),
            "{w:?}"
        );
    }

    #[test]
    fn a_share_jumping_fivefold_and_money_in_thousands_are_named() {
        let before = examples::by_name("example").unwrap();
        let mut after = before.clone();
        after
            .authority
            .caseload
            .insert("independent".into(), Caseload::Total(237.0 * 6.0));
        let w = warnings(&before, &after);
        assert!(
            w.iter()
                .any(|w| w
                    .starts_with("The share of EHCPs in independent schools would go from 5.5%")),
            "{w:?}"
        );
        let mut thousands = before.clone();
        thousands.authority.funding.hnb_allocation_pounds = 74_000.0;
        let w = warnings(&before, &thousands);
        assert!(
            w.iter().any(
                |w| w.contains("High Needs Block allocation would go from £74.0m")
                    && w.contains("thousands")
            ),
            "{w:?}"
        );
        // Another authority's figures are not a jump.
        let mut other = thousands.clone();
        other.authority.name = "Testshire".into();
        assert!(warnings(&before, &other).is_empty());
        // A real change of a third is not a warning.
        let mut modest = before.clone();
        modest.authority.funding.hnb_allocation_pounds *= 1.3;
        assert!(warnings(&before, &modest).is_empty());
    }
}
