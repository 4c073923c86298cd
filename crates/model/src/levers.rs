//! The levers: one table that the engine, the checks, the app's core (its
//! controls, workshop codes and charts) and its UI all read.
//!
//! Adding a lever means: its field in [`crate::schema::Levers`], its row
//! here, its arithmetic in [`crate::engine`], and its words for the app
//! (`hne_core::explorer`, an array the compiler sizes from this table).
//! Everything else (reading and writing the format, the checks, attribution,
//! the order of controls, the workshop codes' widths) follows from the
//! table. `crates/core/tests/levers.rs` walks every row through each place
//! that reads it (the control, JSON and the CSV template, the engine, the
//! attribution, the plan and session codes): it fails until a new lever
//! reaches them all.

use crate::engine::LeverId;
use crate::schema::{Lever, Levers};
use crate::validate::{
    BANDING_RANGE, CEASING_RANGE, DEMAND_RANGE, INCLUSION_RANGE, INDEPENDENT_RANGE, STEPDOWN_RANGE,
    TRANSFER_RANGE,
};

/// One lever.
#[derive(Debug)]
pub struct LeverSpec {
    pub id: LeverId,
    /// Its field in the format's `levers` object, and its id everywhere.
    pub key: &'static str,
    /// The name users see.
    pub name: &'static str,
    /// A short name for chart axes.
    pub short: &'static str,
    /// For a lever with one strength (all but new places): its allowed
    /// range (neutral value first), what the strength is in words for the
    /// checks' messages, and where it sits in the format.
    pub single: Option<Single>,
}

/// A lever with one strength.
#[derive(Debug)]
pub struct Single {
    pub range: (f64, f64),
    pub allowed: &'static str,
    pub get: fn(&Levers) -> &Lever,
    pub get_mut: fn(&mut Levers) -> &mut Lever,
}

/// Every lever, in the specification's order (the order of [`LeverId`]).
pub const LEVERS: [LeverSpec; LeverId::COUNT] = [
    LeverSpec {
        id: LeverId::Inclusion,
        key: "inclusion",
        name: "Mainstream inclusion",
        short: "Inclusion",
        single: Some(Single {
            range: INCLUSION_RANGE,
            allowed: "a strength from 0 to 1",
            get: |l| &l.inclusion,
            get_mut: |l| &mut l.inclusion,
        }),
    },
    LeverSpec {
        id: LeverId::Independent,
        key: "independent",
        name: "Reliance on independent special schools",
        short: "Less independent",
        single: Some(Single {
            range: INDEPENDENT_RANGE,
            allowed: "a strength from 0 to 1",
            get: |l| &l.independent,
            get_mut: |l| &mut l.independent,
        }),
    },
    LeverSpec {
        id: LeverId::Banding,
        key: "banding",
        name: "Top-up banding levels",
        short: "Banding",
        single: Some(Single {
            range: BANDING_RANGE,
            allowed: "a change to band values, -0.3 to 0.3",
            get: |l| &l.banding,
            get_mut: |l| &mut l.banding,
        }),
    },
    LeverSpec {
        id: LeverId::Transfer,
        key: "transfer",
        name: "Block transfer from the schools block",
        short: "Block transfer",
        single: Some(Single {
            range: TRANSFER_RANGE,
            allowed: "a share of the schools block, 0 to 0.03",
            get: |l| &l.transfer,
            get_mut: |l| &mut l.transfer,
        }),
    },
    LeverSpec {
        id: LeverId::Demand,
        key: "demand",
        name: "Early support: fewer new EHCPs",
        short: "Early support",
        single: Some(Single {
            range: DEMAND_RANGE,
            allowed: "a reduction in new plans, 0 to 0.5",
            get: |l| &l.demand,
            get_mut: |l| &mut l.demand,
        }),
    },
    LeverSpec {
        id: LeverId::Ceasing,
        key: "ceasing",
        name: "Plans ceased at review when outcomes are met",
        short: "Plans ceased",
        single: Some(Single {
            range: CEASING_RANGE,
            allowed: "an increase in cease rates, 0 to 2",
            get: |l| &l.ceasing,
            get_mut: |l| &mut l.ceasing,
        }),
    },
    LeverSpec {
        id: LeverId::Places,
        key: "places",
        name: "New state special places",
        short: "New places",
        single: None,
    },
    LeverSpec {
        id: LeverId::Stepdown,
        key: "stepdown",
        name: "Moves from independent back to state special",
        short: "Step-down",
        single: Some(Single {
            range: STEPDOWN_RANGE,
            allowed: "a yearly share of independent placements, 0 to 0.2",
            get: |l| &l.stepdown,
            get_mut: |l| &mut l.stepdown,
        }),
    },
];

/// The levers with one strength, with that strength's place in `levers`.
pub fn singles(levers: &Levers) -> impl Iterator<Item = (&'static LeverSpec, &Lever)> + '_ {
    LEVERS
        .iter()
        .filter_map(move |s| s.single.as_ref().map(|one| (s, (one.get)(levers))))
}

/// Every lever with one strength, to change.
pub fn singles_mut(levers: &mut Levers) -> Vec<&mut Lever> {
    // Each accessor names a different field; collecting pointers through
    // them one at a time would need unsafe code, so the fields are listed by
    // destructuring, which the compiler checks is every one.
    let Levers {
        inclusion,
        independent,
        banding,
        transfer,
        demand,
        ceasing,
        places: _,
        stepdown,
    } = levers;
    vec![
        inclusion,
        independent,
        banding,
        transfer,
        demand,
        ceasing,
        stepdown,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_lever_order_and_names_the_format_fields() {
        for (i, s) in LEVERS.iter().enumerate() {
            assert_eq!(s.id.index(), i, "{}", s.key);
            assert_eq!(LeverId::from_id(s.key), Some(s.id));
        }
        let fields = serde_json::to_value(Levers::default()).unwrap();
        let keys: Vec<&str> = fields
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let table: Vec<&str> = LEVERS.iter().map(|s| s.key).collect();
        let mut a = keys.clone();
        let mut b = table.clone();
        a.sort();
        b.sort();
        assert_eq!(a, b, "every field of `levers` has a row, and no more");
    }

    #[test]
    fn singles_mut_reaches_the_same_levers_as_the_table() {
        let mut l = Levers::default();
        for (i, lever) in singles_mut(&mut l).into_iter().enumerate() {
            lever.value = i as f64 + 1.0;
        }
        let values: Vec<f64> = singles(&l).map(|(_, lever)| lever.value).collect();
        assert_eq!(values, (1..=7).map(f64::from).collect::<Vec<_>>());
    }
}
