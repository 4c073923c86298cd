//! The scenario in and out of the browser: share links and local storage.
//!
//! Both carry the model's own versioned scenario JSON (schema in
//! `hne_model::schema`), so a link, a saved copy and a downloaded file are
//! read by the same checks with the same messages. One addition: `"base"`
//! names a built-in authority. When the authority's data is that built-in
//! data unchanged, a link leaves `"authority"` out and `"base"` fills it back
//! in, which keeps links short; when it is the council's own data it goes in
//! whole, unless that makes the link too long (then the caller says so).
//!
//! A link is `#s=<base64url of the JSON>.<check code>`. The check code is
//! there so that a link cut short by an email client, or edited by hand,
//! is noticed and named rather than half-read.

use hne_model::examples;
use hne_model::json;
use hne_model::schema::{Authority, Problems, Scenario, SCHEMA_VERSION};

use super::codec::{base64url_decode, base64url_encode, check_code};
use crate::published::Loaded;

/// The largest scenario JSON read (a link, a stored copy, a file): checked
/// before it is parsed.
pub const MAX_JSON_BYTES: usize = 1_000_000;

/// The longest link read: far longer than any we write, so a link from
/// another version still opens, and a pasted page of text does not freeze
/// the tab.
pub const MAX_LINK_READ: usize = 200_000;

/// Longest link code we write: long enough for any built-in authority with
/// every lever, short enough for email and chat tools that cut long links.
pub const MAX_LINK_CHARS: usize = 12_000;

/// What the app keeps: the scenario, and which built-in authority it started
/// from (None = the council's own data).
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub base: Option<String>,
    pub scenario: Scenario,
}

impl Saved {
    /// A built-in example authority as shipped, levers neutral (a
    /// published one, once loaded: [`Loaded::saved`]).
    pub fn example(name: &str) -> Option<Saved> {
        examples::by_name(name).map(|scenario| Saved {
            base: Some(name.to_string()),
            scenario,
        })
    }

    /// Whether the authority data is the built-in (or loaded published)
    /// data unchanged.
    pub fn authority_is_built_in(&self, loaded: &Loaded) -> bool {
        self.base
            .as_deref()
            .and_then(|b| built_in_authority(b, loaded))
            .is_some_and(|b| *b == self.scenario.authority)
    }
}

/// A built-in authority's data, built once (the link and storage compare
/// against it on every change), or a loaded published one's.
fn built_in_authority<'a>(name: &str, loaded: &'a Loaded) -> Option<&'a Authority> {
    static ALL: std::sync::OnceLock<Vec<(&'static str, Authority)>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        examples::NAMES
            .iter()
            .filter_map(|n| examples::by_name(n).map(|s| (*n, s.authority)))
            .collect()
    })
    .iter()
    .find(|(n, _)| *n == name)
    .map(|(_, a)| a)
    .or_else(|| loaded.get(name).map(|s| &s.authority))
}

/// Why something saved could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// Not a link code or JSON at all, or its check code does not match.
    Damaged(String),
    /// Made by another version of the format.
    Stale(String),
    /// Read, but the scenario in it fails the model's checks.
    Invalid(Problems),
}

impl LoadError {
    /// One plain sentence for a notice, naming where it came from: `source`
    /// is what it was, with its article ("the link", "the file").
    pub fn message(&self, source: &str) -> String {
        let source = crate::format::capitalise(source);
        match self {
            LoadError::Damaged(why) => {
                format!("{source} is damaged or has been changed ({why}).")
            }
            LoadError::Stale(why) => {
                format!("{source} was made by a different version of High Needs Explorer: {why}.")
            }
            LoadError::Invalid(p) => {
                let first = p.0.first().map(|p| p.to_string()).unwrap_or_default();
                let more = match p.0.len() {
                    0 | 1 => String::new(),
                    n => format!(" ({})", hne_model::schema::more_problems(n - 1)),
                };
                format!("{source} holds a scenario the model cannot use: {first}{more}.")
            }
        }
    }
}

/// The JSON text: the scenario, with `"base"` (and `"model"`), whole.
pub fn to_json(saved: &Saved) -> String {
    write(saved, true)
}

/// The JSON text a link carries: `"authority"` left out when the base's
/// data is unchanged.
pub fn link_json(saved: &Saved, loaded: &Loaded) -> String {
    write(saved, !saved.authority_is_built_in(loaded))
}

fn write(saved: &Saved, authority: bool) -> String {
    // Written by serde_json straight from the schema's derives; the two
    // fields the app adds go in front. A link that leaves the built-in
    // authority out drops it as serde_json wrote it (the same text as the
    // authority alone), so no second list of the scenario's fields exists.
    let full = text(&saved.scenario);
    let body = if authority {
        full
    } else {
        full.replacen(
            &format!(",\"authority\":{}", text(&saved.scenario.authority)),
            "",
            1,
        )
    };
    let mut out = String::from("{");
    if let Some(base) = &saved.base {
        out += &format!("\"base\":{},", text(base));
    }
    out += &format!("\"model\":{},", text(&hne_model::MODEL_VERSION));
    out + body.strip_prefix('{').unwrap_or(&body)
}

fn text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("the format always serialises")
}

/// Read the JSON text written by [`to_json`] (or a plain scenario file),
/// with the model's own reader: every problem, with path and line.
pub fn from_json(text: &str, loaded: &Loaded) -> Result<Saved, LoadError> {
    if text.len() > MAX_JSON_BYTES {
        return Err(LoadError::Damaged(format!(
            "it is {:.1} MB, larger than any scenario (the limit is 1 MB)",
            text.len() as f64 / 1e6
        )));
    }
    let root = json::parse(text).map_err(|p| LoadError::Damaged(format!("not a scenario: {p}")))?;
    from_tree(root, loaded)
}

/// The same, from a parsed tree (a scenario inside a larger file).
pub fn from_tree(mut root: json::Json, loaded: &Loaded) -> Result<Saved, LoadError> {
    let json::Value::Object(fields) = &mut root.value else {
        return Err(LoadError::Damaged("not a scenario object".into()));
    };
    match fields
        .iter()
        .find(|(k, _)| k == "schema")
        .map(|(_, v)| &v.value)
    {
        Some(json::Value::Number(n)) if n.parse::<u32>() == Ok(SCHEMA_VERSION) => {}
        Some(json::Value::Number(n)) => {
            return Err(LoadError::Stale(format!(
                "its format is version {n}, this version reads version {SCHEMA_VERSION}"
            )))
        }
        _ => return Err(LoadError::Damaged("it has no format version".into())),
    }
    let base = match fields
        .iter()
        .find(|(k, _)| k == "base")
        .map(|(_, v)| &v.value)
    {
        None => None,
        Some(json::Value::String(name)) => {
            let has_authority = fields.iter().any(|(k, _)| k == "authority");
            if let Some(what) = crate::published::parse_base(name)
                .filter(|_| built_in_authority(name, loaded).is_none() && !has_authority)
                .map(|_| crate::published::describe(name).unwrap_or_else(|| name.clone()))
            {
                return Err(LoadError::Stale(format!(
                    "it names the published data for {what}, which could not be loaded"
                )));
            }
            if built_in_authority(name, loaded).is_none()
                && crate::published::parse_base(name).is_none()
            {
                return Err(LoadError::Stale(format!(
                    "it names a built-in authority \"{name}\" that this version does not have"
                )));
            }
            Some(name.clone())
        }
        Some(_) => return Err(LoadError::Damaged("\"base\" is not a name".into())),
    };
    // The two fields the app adds to the format, as every reader takes them.
    json::without_app_fields_from(&mut root, &|name| built_in_authority(name, loaded).cloned())
        .map_err(LoadError::Invalid)?;
    let scenario: Scenario = json::read(&root).map_err(LoadError::Invalid)?;
    scenario.validate().map_err(LoadError::Invalid)?;
    // The engine's own checks (e.g. a lever's start beyond the horizon).
    hne_model::Model::new(&scenario).map_err(LoadError::Invalid)?;
    Ok(Saved { base, scenario })
}

/// A link code and whether the authority's data made it in.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkCode {
    /// `s=<base64url>.<check>`: the URL fragment without `#`.
    pub fragment: String,
    /// False when the council's own data was too long for a link and only
    /// the plan (levers, timetable, assumptions) on the base authority went.
    pub authority_included: bool,
}

fn code_for(json: &str) -> String {
    format!(
        "s={}.{:08x}",
        base64url_encode(json.as_bytes()),
        check_code(json.as_bytes())
    )
}

/// The link code for a saved scenario.
pub fn to_link(saved: &Saved, loaded: &Loaded) -> LinkCode {
    let built_in = saved.authority_is_built_in(loaded);
    let fragment = code_for(&write(saved, !built_in));
    if fragment.len() <= MAX_LINK_CHARS || built_in {
        return LinkCode {
            fragment,
            authority_included: true,
        };
    }
    // Too long: the plan alone, on the built-in authority it started from
    // (or the example authority).
    let base = saved
        .base
        .clone()
        .unwrap_or_else(|| examples::NAMES[0].to_string());
    let mut plan = loaded
        .saved(&base)
        .unwrap_or_else(|| Saved::example(examples::NAMES[0]).unwrap());
    plan.scenario.name = saved.scenario.name.clone();
    plan.scenario.levers = saved.scenario.levers.clone();
    plan.scenario.timetable = saved.scenario.timetable;
    LinkCode {
        fragment: code_for(&link_json(&plan, loaded)),
        authority_included: false,
    }
}

/// Read a URL fragment (with or without `#`). `Ok(None)`: it holds no scenario.
pub fn from_link(fragment: &str, loaded: &Loaded) -> Result<Option<Saved>, LoadError> {
    let fragment = fragment.trim_start_matches('#');
    if fragment.len() > MAX_LINK_READ {
        return Err(LoadError::Damaged(format!(
            "it is {} characters long, far longer than any link High Needs Explorer makes",
            fragment.len()
        )));
    }
    let Some(code) = fragment.split('&').find_map(|p| p.strip_prefix("s=")) else {
        return Ok(None);
    };
    let Some((body, check)) = code.rsplit_once('.') else {
        return Err(LoadError::Damaged("its check code is missing".into()));
    };
    let bytes = base64url_decode(body).map_err(LoadError::Damaged)?;
    let expected = u32::from_str_radix(check, 16)
        .map_err(|_| LoadError::Damaged("its check code is not a code".into()))?;
    if check.len() != 8 || check_code(&bytes) != expected {
        return Err(LoadError::Damaged(
            "its check code does not match: it was cut short or edited".into(),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| LoadError::Damaged("not text".into()))?;
    from_json(&text, loaded).map(Some)
}

/// The model version a link was made with (`None`: before versions were
/// recorded, or no link).
pub fn link_model_version(fragment: &str) -> Option<String> {
    link_field(fragment, "model")
}

/// The base a link names (a built-in or published authority), if any: the
/// app loads a published authority's data before it reads the link.
pub fn link_base(fragment: &str) -> Option<String> {
    link_field(fragment, "base")
}

fn link_field(fragment: &str, field: &str) -> Option<String> {
    if fragment.len() > MAX_LINK_READ {
        return None;
    }
    let code = fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|p| p.strip_prefix("s="))?;
    let bytes = base64url_decode(code.rsplit_once('.')?.0).ok()?;
    let root = json::parse(std::str::from_utf8(&bytes).ok()?).ok()?;
    match root.value {
        json::Value::Object(fields) => {
            fields
                .into_iter()
                .find_map(|(k, v)| match (k == field, v.value) {
                    (true, json::Value::String(m)) => Some(m),
                    _ => None,
                })
        }
        _ => None,
    }
}

/// What changed in the model, newest last: (version, what).
pub const CHANGES: [(&str, &str); 1] = [(
    "0.1.0",
    "links record the model version; figures are as in earlier builds",
)];

/// A notice for a link made with another model version, saying what changed.
pub fn version_note(made_with: Option<&str>) -> Option<String> {
    let now = hne_model::MODEL_VERSION;
    if made_with == Some(now) {
        return None;
    }
    let newer = |v: &str| made_with.is_none_or(|m| version_key(v) > version_key(m));
    let changes: Vec<String> = CHANGES
        .iter()
        .filter(|(v, _)| newer(v))
        .map(|(v, what)| format!("{v}: {what}"))
        .collect();
    Some(format!(
        "This link was made with {} of the model; this is version {now}, so its figures may differ from when it was shared.{}",
        made_with.map_or("an earlier version".to_string(), |m| format!("version {m}")),
        if changes.is_empty() {
            String::new()
        } else {
            format!(" What changed since: {}.", changes.join("; "))
        }
    ))
}

fn version_key(v: &str) -> Vec<u32> {
    v.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

#[cfg(test)]
mod version_tests {
    use super::*;

    #[test]
    fn links_carry_the_model_version_and_older_ones_say_what_changed() {
        let s = Saved::example("example").unwrap();
        let link = to_link(&s, &Loaded::default()).fragment;
        assert_eq!(
            link_model_version(&link).as_deref(),
            Some(hne_model::MODEL_VERSION)
        );
        assert_eq!(version_note(Some(hne_model::MODEL_VERSION)), None);
        let older = version_note(Some("0.0.9")).unwrap();
        assert!(
            older.contains("version 0.0.9") && older.contains("What changed since: 0.1.0:"),
            "{older}"
        );
        let unknown = version_note(None).unwrap();
        assert!(unknown.contains("an earlier version"), "{unknown}");
        // A link from before versions were recorded (no "model") still opens.
        let json = link_json(&s, &Loaded::default())
            .replace(&format!(",\"model\":\"{}\"", hne_model::MODEL_VERSION), "");
        assert!(!json.contains("\"model\""));
        assert_eq!(from_json(&json, &Loaded::default()).unwrap(), s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hne_model::presets;

    fn dbv() -> Saved {
        let mut s = Saved::example("example").unwrap();
        s.scenario.levers = presets::levers("dbv").unwrap();
        s.scenario.name = "DBV, March draft".into();
        s
    }

    #[test]
    fn a_link_round_trips_exactly_and_stays_short() {
        let saved = dbv();
        let link = to_link(&saved, &Loaded::default());
        assert!(link.authority_included);
        assert!(link.fragment.len() < 2_000, "{}", link.fragment.len());
        assert_eq!(
            from_link(&format!("#{}", link.fragment), &Loaded::default()).unwrap(),
            Some(saved)
        );
    }

    #[test]
    fn own_data_goes_in_whole() {
        let mut saved = dbv();
        saved.scenario.authority.funding.hnb_allocation_pounds += 1_234.5;
        let link = to_link(&saved, &Loaded::default());
        assert!(link.authority_included);
        assert_eq!(
            from_link(&link.fragment, &Loaded::default()).unwrap(),
            Some(saved)
        );
    }

    #[test]
    fn own_data_too_long_keeps_the_plan_and_says_so() {
        let mut saved = dbv();
        saved.base = None;
        saved.scenario.authority.sources = (0..400)
            .map(|i| hne_model::schema::Source {
                field: format!("authority.settings[{i}]"),
                text: "a long note about where this figure came from".repeat(2),
                estimated: false,
            })
            .collect();
        let link = to_link(&saved, &Loaded::default());
        assert!(!link.authority_included);
        assert!(link.fragment.len() <= MAX_LINK_CHARS);
        let back = from_link(&link.fragment, &Loaded::default())
            .unwrap()
            .unwrap();
        assert_eq!(back.scenario.levers, saved.scenario.levers);
        assert_eq!(back.base.as_deref(), Some("example"));
    }

    #[test]
    fn no_code_is_not_an_error() {
        assert_eq!(from_link("", &Loaded::default()).unwrap(), None);
        assert_eq!(from_link("#top", &Loaded::default()).unwrap(), None);
    }

    #[test]
    fn an_edited_or_cut_link_is_named_damaged() {
        let link = to_link(&dbv(), &Loaded::default()).fragment;
        let cut = &link[..link.len() - 40];
        assert!(matches!(
            from_link(cut, &Loaded::default()),
            Err(LoadError::Damaged(_))
        ));
        // Change one character of the body: the check code no longer matches.
        let mut chars: Vec<char> = link.chars().collect();
        chars[20] = if chars[20] == 'A' { 'B' } else { 'A' };
        let edited: String = chars.into_iter().collect();
        let err = from_link(&edited, &Loaded::default()).unwrap_err();
        assert!(
            err.message("the link")
                .contains("damaged or has been changed"),
            "{err:?}"
        );
        assert!(matches!(
            from_link("s=@@@.00000000", &Loaded::default()),
            Err(LoadError::Damaged(_))
        ));
        assert!(matches!(
            from_link("s=abc", &Loaded::default()),
            Err(LoadError::Damaged(_))
        ));
    }

    #[test]
    fn a_link_from_another_version_is_named_stale() {
        let json = link_json(&dbv(), &Loaded::default()).replace("\"schema\":1", "\"schema\":2");
        let err = from_link(&code_for(&json), &Loaded::default()).unwrap_err();
        assert!(matches!(err, LoadError::Stale(_)));
        assert!(err.message("the link").contains("version 2"));
        let json = link_json(&dbv(), &Loaded::default())
            .replace("\"base\":\"example\"", "\"base\":\"atlantis\"");
        assert!(matches!(
            from_link(&code_for(&json), &Loaded::default()),
            Err(LoadError::Stale(_))
        ));
    }

    #[test]
    fn a_well_formed_but_impossible_scenario_is_refused_with_its_path() {
        let json = link_json(&dbv(), &Loaded::default()).replace("\"value\":0.2", "\"value\":-7");
        let err = from_link(&code_for(&json), &Loaded::default()).unwrap_err();
        let LoadError::Invalid(p) = &err else {
            panic!("{err:?}")
        };
        assert!(p.0[0].path.starts_with("levers."), "{p}");
        assert!(err.message("the link").contains("levers."));
        let json = link_json(&dbv(), &Loaded::default()).replace("\"value\":0.2", "\"value\":NaN");
        assert!(from_link(&code_for(&json), &Loaded::default()).is_err());
    }

    #[test]
    fn storage_json_reads_back() {
        let saved = dbv();
        assert_eq!(
            from_json(&to_json(&saved), &Loaded::default()).unwrap(),
            saved
        );
        assert!(matches!(
            from_json("{\"schema\":1,", &Loaded::default()),
            Err(LoadError::Damaged(_))
        ));
        assert!(matches!(
            from_json("[]", &Loaded::default()),
            Err(LoadError::Damaged(_))
        ));
    }
}
