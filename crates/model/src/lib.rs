//! # hne-model: the High Needs Block projection and mitigation model
//!
//! This crate is the whole arithmetic of High Needs Explorer, with no web
//! dependency, so that the browser app, the `hne` command-line tool and the
//! JS API all run the same model and it can be tested and benchmarked
//! natively. `docs/model.md` explains it in plain English: the equations,
//! the defaults and their sources, and each decision taken where the
//! specification we were given left room.
//!
//! The flow is:
//!
//! 1. [`Scenario`] (the versioned JSON format in [`schema`]) is read and
//!    checked by [`Scenario::validate`]: every problem named by field path.
//! 2. [`Model::new`] compiles a valid scenario into dense arrays, once.
//! 3. [`Model::simulate`] runs the yearly algorithm and the money into a
//!    reusable [`Trace`]: this is the hot path that attribution (256 runs) and
//!    Monte Carlo (thousands of runs) call, so it allocates nothing.
//! 4. [`project`] turns traces into the readable [`output::Run`] (scenario,
//!    unmitigated baseline, metrics).
//!
//! Around that: [`solve`] (targets to lever strengths), [`attribution`]
//! (exact Shapley values), [`uncertainty`] (Monte Carlo and tornado),
//! [`calibrate`] (growth rates from history), [`examples`] (built-in data),
//! [`levers`] (the one table of levers), [`json`] (the format read with
//! every problem at once, through the schema's serde derives).

pub mod attribution;
pub mod calibrate;
pub mod csv;
pub mod engine;
pub mod examples;
pub mod format;
pub mod hindcast;
pub mod json;
pub mod levers;
pub mod map;
pub mod num;
pub mod output;
pub mod presets;
pub mod published;
pub mod rng;
pub mod schema;
pub mod solve;
pub mod template;
pub mod uncertainty;
pub mod validate;
pub mod words;

pub use engine::{LeverId, Model, Params, Trace};
pub use levers::LEVERS;
pub use output::{project, Run};
pub use schema::{Problem, Problems, Scenario, SCHEMA_VERSION};

/// The version of the model's arithmetic, carried in outputs and share links.
pub const MODEL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The SEN2 age phases, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Phase {
    U5,
    P,
    S,
    F,
    A,
}

impl Phase {
    pub const ALL: [Phase; 5] = [Phase::U5, Phase::P, Phase::S, Phase::F, Phase::A];
    pub const COUNT: usize = 5;

    pub fn index(self) -> usize {
        self as usize
    }
    /// The id used in the JSON format.
    pub fn id(self) -> &'static str {
        match self {
            Phase::U5 => "u5",
            Phase::P => "p",
            Phase::S => "s",
            Phase::F => "f",
            Phase::A => "a",
        }
    }
    /// The age band in words.
    pub fn label(self) -> &'static str {
        match self {
            Phase::U5 => "under 5",
            Phase::P => "5 to 10",
            Phase::S => "11 to 15",
            Phase::F => "16 to 19",
            Phase::A => "20 to 25",
        }
    }
}
