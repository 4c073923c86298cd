//! Lever presets: starting points users recognise from council papers.

use crate::schema::{Lever, Levers, Opening, PlacesLever};

/// Names of the presets, in menu order.
pub const NAMES: [&str; 3] = ["unmitigated", "dbv", "safety_valve"];

pub fn describe(name: &str) -> &'static str {
    match name {
        "unmitigated" => "No plan: every lever as now",
        "dbv" => "A typical Delivering Better Value plan: 20% fewer new EHCPs, 20% less reliance on independent schools, more inclusion, a 0.5% block transfer",
        "safety_valve" => "A Safety Valve style plan: deeper demand and inclusion changes, a 1% block transfer (needs the Secretary of State), 60 new special places, banding review",
        _ => "",
    }
}

/// The levers of a preset, or None for an unknown name.
pub fn levers(name: &str) -> Option<Levers> {
    match name {
        "unmitigated" => Some(Levers::default()),
        "dbv" => Some(Levers {
            inclusion: Lever::at(0.15),
            independent: Lever::at(0.2),
            transfer: Lever::at(0.005),
            demand: Lever::at(0.2),
            ceasing: Lever::at(0.25),
            ..Levers::default()
        }),
        "safety_valve" => Some(Levers {
            inclusion: Lever::at(0.3),
            independent: Lever::at(0.4),
            banding: Lever::at(-0.05),
            transfer: Lever::at(0.01),
            demand: Lever::at(0.25),
            ceasing: Lever::at(0.5),
            places: PlacesLever {
                openings: vec![Opening {
                    year: 2,
                    places: 60.0,
                }],
                annual_cost_pounds: 0.0,
            },
            stepdown: Lever::at(0.05),
        }),
        _ => None,
    }
}
