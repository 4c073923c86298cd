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
use wasm_bindgen::JsCast;

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

/// Every English authority in the published data: `[{code, name, region,
/// ehcps, finance}]`, and the data's version, as `{version, base_year,
/// attribution, authorities}`.
#[wasm_bindgen]
pub fn authorities() -> Result<JsValue, JsValue> {
    let i = hne_core::published::index();
    let o = js_sys::Object::new();
    let set = |o: &js_sys::Object, k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(o, &k.into(), &v);
    };
    set(&o, "version", i.version.as_str().into());
    set(&o, "base_year", i.base_year.as_str().into());
    set(&o, "attribution", i.attribution.as_str().into());
    let list = js_sys::Array::new();
    for e in &i.authorities {
        let a = js_sys::Object::new();
        set(&a, "code", e.code.as_str().into());
        set(&a, "name", e.name.as_str().into());
        set(&a, "region", e.region.as_str().into());
        set(&a, "ehcps", e.ehcps.into());
        set(&a, "finance", e.finance.into());
        list.push(&a);
    }
    set(&o, "authorities", list.into());
    Ok(o.into())
}

/// An English authority's published scenario, by name ("Kent") or LA
/// number ("886"): a Promise. Its figures are fetched from `dataUrl`
/// (default `data/authorities/`, beside the page), the files `hne-data
/// build` writes, and checked as any scenario is.
#[wasm_bindgen]
pub async fn authority(name: String, data_url: Option<String>) -> Result<JsValue, JsValue> {
    let q = name.trim().to_lowercase();
    let index = hne_core::published::index();
    let hits: Vec<&hne_core::published::Entry> = index
        .authorities
        .iter()
        .filter(|e| e.code == q || e.name.to_lowercase() == q)
        .collect();
    let e = match hits.as_slice() {
        [one] => *one,
        _ => {
            let near: Vec<String> = hne_core::published::search(&name)
                .into_iter()
                .flat_map(|(_, v)| v)
                .take(8)
                .map(|e| format!("{} ({})", e.name, e.code))
                .collect();
            return Err(js_sys::Error::new(&if near.is_empty() {
                format!("no English authority \"{name}\"; authorities() lists them")
            } else {
                format!(
                    "no authority called exactly \"{name}\"; did you mean: {}",
                    near.join(", ")
                )
            })
            .into());
        }
    };
    let base = data_url.unwrap_or_else(|| "data/authorities/".into());
    let url = format!(
        "{}{}/{}.json",
        if base.ends_with('/') {
            base
        } else {
            base + "/"
        },
        index.version,
        e.code
    );
    let window = web_sys::window().ok_or_else(|| js_sys::Error::new("no window"))?;
    let resp: web_sys::Response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(&url))
        .await?
        .dyn_into()?;
    if !resp.ok() {
        return Err(
            js_sys::Error::new(&format!("{url}: the server answered {}", resp.status())).into(),
        );
    }
    let text = wasm_bindgen_futures::JsFuture::from(resp.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    let sc = Scenario::from_json(&text).map_err(|p| problems_error(&p))?;
    to_js(&sc)
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
