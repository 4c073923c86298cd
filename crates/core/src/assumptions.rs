//! The assumptions panel's rules, apart from the levers: each uncertain
//! assumption has a low, a central and a high value, shown and typed in per
//! cent. Pure functions over the scenario, tested natively; the panel
//! (`src/ui/uncertainty.rs`, in the app crate) only reads and writes text.
//!
//! The central values drive every figure on the page; the low and high ends
//! drive the Monte Carlo fan, the tornado and the optimistic and pessimistic
//! outlooks.

use hne_model::schema::{Range, Scenario};
use hne_model::validate::RATE_BOUNDS;

/// One end of a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Low,
    Central,
    High,
}

impl End {
    pub const ALL: [End; 3] = [End::Low, End::Central, End::High];
    pub fn id(self) -> &'static str {
        match self {
            End::Low => "low",
            End::Central => "central",
            End::High => "high",
        }
    }
    pub fn from_id(s: &str) -> Option<End> {
        End::ALL.into_iter().find(|e| e.id() == s)
    }
    fn of(self, r: &Range) -> f64 {
        match self {
            End::Low => r.low,
            End::Central => r.central,
            End::High => r.high,
        }
    }
    fn set(self, r: &mut Range, v: f64) {
        match self {
            End::Low => r.low = v,
            End::Central => r.central = v,
            End::High => r.high = v,
        }
    }
}

/// A row of the panel: `key` is `new_plan_growth`, `cost_inflation`,
/// `funding_growth`, `schools_block_growth`, `leaving`, `specialist_drift`,
/// `independent_drift`, `delivery` or
/// `setting:<setting id>` (that setting's own cost inflation).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub key: String,
    pub name: String,
    /// The name in a line, for the printed report's table.
    pub short: String,
    pub unit: &'static str,
}

const RATE: &str = "% a year";

/// The general rows, in the panel's order.
pub fn general_rows() -> Vec<Row> {
    [
        (
            "new_plan_growth",
            "Growth in new EHCPs each year",
            "Growth in new EHCPs",
            RATE,
        ),
        (
            "cost_inflation",
            "Unit-cost inflation (every setting without its own)",
            "Unit-cost inflation",
            RATE,
        ),
        (
            "funding_growth",
            "High needs funding growth",
            "High needs funding growth",
            RATE,
        ),
        (
            "schools_block_growth",
            "Schools block growth",
            "Schools block growth",
            RATE,
        ),
        (
            "leaving",
            "Plans ending each year (before age 25), points more (+) or fewer (−) than projected",
            "Plans ending, beyond the projection",
            RATE,
        ),
        (
            "specialist_drift",
            "Moves from mainstream schools to further education, alternative provision and other settings each year, points of those in mainstream, beyond the projection",
            "Moves out of mainstream, beyond the projection",
            RATE,
        ),
        (
            "independent_drift",
            "Moves from state special to independent schools each year, points of those in independent schools, beyond the projection",
            "Moves to independent schools, beyond the projection",
            RATE,
        ),
        (
            "delivery",
            "Delivery: share of each lever's planned effect achieved",
            "Delivery of the plan",
            "%",
        ),
    ]
    .into_iter()
    .map(|(key, name, short, unit)| Row {
        key: key.into(),
        name: name.into(),
        short: short.into(),
        unit,
    })
    .collect()
}

/// One row per setting, for settings' own cost inflation.
pub fn setting_rows(sc: &Scenario) -> Vec<Row> {
    sc.authority
        .settings
        .iter()
        .map(|s| Row {
            key: format!("setting:{}", s.id),
            name: s.name.clone(),
            short: s.name.clone(),
            unit: RATE,
        })
        .collect()
}

/// The range a row shows; `None` for a setting that follows the general
/// cost inflation.
pub fn range(sc: &Scenario, key: &str) -> Option<Range> {
    let a = &sc.assumptions;
    match key {
        "new_plan_growth" => Some(a.new_plan_growth),
        "cost_inflation" => Some(a.cost_inflation),
        "funding_growth" => Some(a.funding_growth),
        "schools_block_growth" => Some(a.schools_block_growth),
        "delivery" => Some(a.delivery),
        "leaving" => Some(a.leaving),
        "specialist_drift" => Some(a.specialist_drift),
        "independent_drift" => Some(a.independent_drift),
        _ => key
            .strip_prefix("setting:")
            .and_then(|id| a.cost_inflation_by_setting.get(id).copied()),
    }
}

/// A value as the panel shows it: per cent, at most two decimals.
pub fn shown(v: f64) -> String {
    let p = (v * 10_000.0).round() / 100.0;
    if p == 0.0 {
        "0".into()
    } else {
        format!("{p}")
    }
}

/// What a field shows: its own value, or "" for a setting that follows the
/// general range.
pub fn field_text(sc: &Scenario, key: &str, end: End) -> String {
    range(sc, key).map_or(String::new(), |r| shown(end.of(&r)))
}

/// Set one end of one row from the text typed, in per cent. Returns a
/// message for the user when the text is refused; the scenario is then left
/// as it was. For a setting, empty text returns it to the general range.
pub fn set(sc: &mut Scenario, key: &str, end: End, text: &str) -> Result<(), String> {
    let text = text.trim().trim_end_matches('%').trim();
    let setting = key.strip_prefix("setting:");
    if let Some(id) = setting {
        if !sc.authority.settings.iter().any(|s| s.id == id) {
            return Err(format!("There is no setting \"{id}\" in this authority."));
        }
        if text.is_empty() {
            sc.assumptions.cost_inflation_by_setting.remove(id);
            return Ok(());
        }
    }
    let Some(current) = range(sc, key).or(setting.map(|_| sc.assumptions.cost_inflation)) else {
        return Err(format!("There is no assumption \"{key}\"."));
    };
    let v = match hne_model::num::parse_f64(text) {
        Some(v) => v / 100.0,
        _ => {
            let shown_text = if text.is_empty() {
                "nothing".to_string()
            } else {
                format!("\"{text}\"")
            };
            return Err(format!(
                "{shown_text} is not a number: enter a percentage such as 3 or 2.5. Nothing was changed."
            ));
        }
    };
    let (lo, hi) = if key == "delivery" {
        (0.0, 1.0)
    } else if matches!(key, "leaving" | "specialist_drift" | "independent_drift") {
        hne_model::validate::LEAVING_BOUNDS
    } else {
        RATE_BOUNDS
    };
    if v < lo || v > hi {
        return Err(format!(
            "{}% is outside what the model accepts ({}% to {}%). Nothing was changed.",
            shown(v),
            shown(lo),
            shown(hi)
        ));
    }
    let mut r = current;
    end.set(&mut r, v);
    if !(r.low <= r.central && r.central <= r.high) {
        return Err(format!(
            "Low, central and high must be in order: {}% {} would give {}%, {}%, {}%. Nothing was changed.",
            shown(v),
            end.id(),
            shown(r.low),
            shown(r.central),
            shown(r.high)
        ));
    }
    let a = &mut sc.assumptions;
    match key {
        "new_plan_growth" => a.new_plan_growth = r,
        "cost_inflation" => a.cost_inflation = r,
        "funding_growth" => a.funding_growth = r,
        "schools_block_growth" => a.schools_block_growth = r,
        "delivery" => a.delivery = r,
        "leaving" => a.leaving = r,
        "specialist_drift" => a.specialist_drift = r,
        "independent_drift" => a.independent_drift = r,
        _ => {
            a.cost_inflation_by_setting
                .insert(setting.unwrap_or_default().to_string(), r);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use hne_model::examples;

    #[test]
    fn values_show_and_set_in_per_cent() {
        let mut sc = examples::by_name("example").unwrap();
        let before = sc.assumptions.funding_growth;
        assert_eq!(
            field_text(&sc, "funding_growth", End::Central),
            shown(before.central)
        );
        set(&mut sc, "funding_growth", End::High, "9.5").unwrap();
        assert_eq!(sc.assumptions.funding_growth.high, 0.095);
        assert_eq!(field_text(&sc, "funding_growth", End::High), "9.5");
        set(&mut sc, "delivery", End::Low, "40%").unwrap();
        assert_eq!(sc.assumptions.delivery.low, 0.4);
        assert!(sc.validate().is_ok());
    }

    #[test]
    fn refusals_say_why_and_change_nothing() {
        let mut sc = examples::by_name("example").unwrap();
        let before = sc.clone();
        let e = set(&mut sc, "new_plan_growth", End::Low, "abc").unwrap_err();
        assert!(e.contains("\"abc\" is not a number"), "{e}");
        let e = set(&mut sc, "new_plan_growth", End::Low, "99").unwrap_err();
        assert!(e.contains("must be in order"), "{e}");
        let e = set(&mut sc, "delivery", End::High, "120").unwrap_err();
        assert!(e.contains("0% to 100%"), "{e}");
        let e = set(&mut sc, "funding_growth", End::Central, "NaN").unwrap_err();
        assert!(e.contains("not a number"), "{e}");
        assert!(set(&mut sc, "setting:nowhere", End::Low, "1").is_err());
        assert_eq!(sc, before);
    }

    #[test]
    fn a_setting_gets_its_own_range_and_gives_it_back() {
        let mut sc = examples::by_name("example").unwrap();
        let id = sc
            .authority
            .settings
            .iter()
            .map(|s| s.id.clone())
            .find(|id| !sc.assumptions.cost_inflation_by_setting.contains_key(id))
            .unwrap();
        let key = format!("setting:{id}");
        assert_eq!(field_text(&sc, &key, End::High), "");
        set(&mut sc, &key, End::High, "12").unwrap();
        let own = *sc.assumptions.cost_inflation_by_setting.get(&id).unwrap();
        assert_eq!(own.high, 0.12);
        assert_eq!(own.low, sc.assumptions.cost_inflation.low);
        assert!(sc.validate().is_ok());
        // It becomes its own knob in the Monte Carlo and the tornado.
        assert!(hne_model::uncertainty::knobs(&sc)
            .iter()
            .any(|k| k.id == format!("cost_inflation.{id}")));
        set(&mut sc, &key, End::Low, "").unwrap();
        assert!(!sc.assumptions.cost_inflation_by_setting.contains_key(&id));
    }
}
