//! The JS API: the model for pages that embed us and want numbers, not our
//! interface. Plain JS objects in and out, in the same schema as the
//! scenario JSON (`docs/model.md`, `hne example`).
//!
//! Errors are thrown as JS `Error`s whose `message` lists every problem and
//! whose `problems` property is an array of `{path, message}`: the same
//! messages the command-line tool prints.
//!
//! ```js
//! import init, { example, project } from "./high_needs_explorer.js";
//! await init();
//! const scenario = example("example");
//! scenario.levers.demand = { value: 0.2 };
//! const run = project(scenario);
//! run.scenario.metrics.deficit_at_horizon_pounds;
//! ```

use hne_model::schema::{Problem, Problems, Scenario};
use hne_model::solve::Targets;
use hne_model::uncertainty::UncertaintyOptions;
use hne_model::{attribution, examples, presets, LeverId, Model, Trace};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn problems_error(p: &Problems) -> JsValue {
    let err = js_sys::Error::new(&p.to_string());
    let list = js_sys::Array::new();
    for problem in &p.0 {
        let o = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&o, &"path".into(), &problem.path.as_str().into());
        let _ = js_sys::Reflect::set(&o, &"message".into(), &problem.message.as_str().into());
        list.push(&o);
    }
    let _ = js_sys::Reflect::set(&err, &"problems".into(), &list);
    err.into()
}

/// Read a JS value into a model type, naming the path of a shape error.
///
/// Through `serde_json::Value` on purpose: serde-wasm-bindgen reads only the
/// fields a struct knows, so `deny_unknown_fields` would never fire and a
/// misspelt lever would be silently ignored. A NaN becomes null on the way and
/// is rejected with its path.
fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsValue> {
    let json: serde_json::Value = serde_wasm_bindgen::from_value(value).map_err(|e| {
        problems_error(&Problems::one(
            what,
            format!("not a plain object of the scenario format: {e}"),
        ))
    })?;
    serde_path_to_error::deserialize(json).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { what.to_string() } else { path };
        problems_error(&Problems(vec![Problem {
            path,
            message: e.inner().to_string(),
            line: None,
            column: None,
        }]))
    })
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    // Maps as plain objects, so results look like the JSON the CLI prints.
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&ser)
        .map_err(|e| js_sys::Error::new(&e.to_string()).into())
}

fn scenario(value: JsValue) -> Result<Scenario, JsValue> {
    let sc: Scenario = from_js(value, "scenario")?;
    sc.validate().map_err(|p| problems_error(&p))?;
    Ok(sc)
}

/// A built-in example scenario ("example", "england", "cambridgeshire").
#[wasm_bindgen]
pub fn example(name: Option<String>) -> Result<JsValue, JsValue> {
    let name = name.unwrap_or_else(|| "example".into());
    match examples::by_name(&name) {
        Some(sc) => to_js(&sc),
        None => Err(js_sys::Error::new(&format!(
            "no built-in example \"{name}\"; choose one of: {}",
            examples::NAMES.join(", ")
        ))
        .into()),
    }
}

/// The levers of a preset ("unmitigated", "dbv", "safety_valve").
#[wasm_bindgen]
pub fn preset(name: String) -> Result<JsValue, JsValue> {
    match presets::levers(&name) {
        Some(l) => to_js(&l),
        None => Err(js_sys::Error::new(&format!(
            "no preset \"{name}\"; choose one of: {}",
            presets::NAMES.join(", ")
        ))
        .into()),
    }
}

/// Every problem with a scenario, as `[{path, message}]` (empty if valid).
#[wasm_bindgen]
pub fn validate(value: JsValue) -> Result<JsValue, JsValue> {
    let problems = match from_js::<Scenario>(value, "scenario") {
        Err(e) => {
            return Ok(js_sys::Reflect::get(&e, &"problems".into()).unwrap_or(JsValue::NULL));
        }
        Ok(sc) => sc.validate().err().map(|p| p.0).unwrap_or_default(),
    };
    to_js(&problems)
}

/// The projection and its unmitigated baseline, with metrics and savings.
#[wasm_bindgen]
pub fn project(value: JsValue) -> Result<JsValue, JsValue> {
    let sc = scenario(value)?;
    let run = hne_model::project(&sc).map_err(|p| problems_error(&p))?;
    to_js(&run)
}

/// Exact Shapley attribution of the deficit and spend effect to each lever.
#[wasm_bindgen]
pub fn attribute(value: JsValue) -> Result<JsValue, JsValue> {
    let sc = scenario(value)?;
    let model = Model::new(&sc).map_err(|p| problems_error(&p))?;
    to_js(&attribution::attribute(&model))
}

/// Monte Carlo P10 / P50 / P90; options `{runs, seed, target_year}` optional.
#[wasm_bindgen]
pub fn uncertainty(value: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let sc = scenario(value)?;
    let opts: UncertaintyOptions = if options.is_undefined() || options.is_null() {
        UncertaintyOptions::default()
    } else {
        from_js(options, "options")?
    };
    let u = hne_model::uncertainty::uncertainty(&sc, &opts).map_err(|p| problems_error(&p))?;
    to_js(&u)
}

/// Sensitivity of the final deficit to each assumption, largest first.
#[wasm_bindgen]
pub fn tornado(value: JsValue) -> Result<JsValue, JsValue> {
    let sc = scenario(value)?;
    to_js(&hne_model::uncertainty::tornado(&sc).map_err(|p| problems_error(&p))?)
}

/// Lever strengths that reach `{mainstream_share, independent_share}` targets.
#[wasm_bindgen(js_name = solveTargets)]
pub fn solve_targets(value: JsValue, targets: JsValue) -> Result<JsValue, JsValue> {
    let sc = scenario(value)?;
    let t: Targets = from_js(targets, "targets")?;
    to_js(&hne_model::solve::solve_targets(&sc, &t).map_err(|p| problems_error(&p))?)
}

/// The model and scenario-format versions.
#[wasm_bindgen(js_name = modelVersion)]
pub fn model_version() -> String {
    format!(
        "{} (scenario format {})",
        hne_model::MODEL_VERSION,
        hne_model::SCHEMA_VERSION
    )
}

/// For benchmarks: run the bare projection `n` times (no conversion to JS
/// objects) and return the final deficit, so the engine's own speed in wasm
/// can be compared with the native figure.
#[wasm_bindgen(js_name = benchProjections)]
pub fn bench_projections(value: JsValue, n: u32) -> Result<f64, JsValue> {
    let sc = scenario(value)?;
    let model = Model::new(&sc).map_err(|p| problems_error(&p))?;
    let mut trace = Trace::new(&model);
    let mut d = 0.0;
    for _ in 0..n {
        model.simulate(LeverId::ALL_MASK, &model.central, &mut trace);
        d = trace.final_deficit();
    }
    Ok(d)
}
