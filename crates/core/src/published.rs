//! The published authorities: every English authority's baseline, derived
//! by `hne-data build` from the published statistics.
//!
//! The list (names, regions, EHCPs) is small and compiled in, so the picker
//! answers at once; each authority's data is a file of its own
//! (`data/authorities/<version>/<code>.json`), fetched when chosen, or read
//! from the page in the single-file build. Once loaded, an authority is kept
//! in [`Loaded`] (state the page holds and passes in, not a registry here)
//! and behaves like a built-in one: it is a `base` that links name instead
//! of carrying its data, and "Reset" returns to it.
//!
//! A base names the data's version, `la/886@2025.1`, so a link made with this
//! year's figures asks for them next year too.

use std::sync::Arc;

use hne_model::schema::Scenario;

/// The current list, as `hne-data build` wrote it.
const INDEX_JSON: &str = include_str!("../../../public/data/authorities/index.json");

pub use hne_model::published::{Entry, Index};

/// The compiled-in list, read with the type `hne-data build` writes it with.
pub fn index() -> &'static Index {
    static INDEX: std::sync::OnceLock<Index> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| serde_json::from_str(INDEX_JSON).expect("the index hne-data wrote"))
}

/// The data version this build carries.
pub fn version() -> &'static str {
    &index().version
}

/// The base id of an authority in this build's data: `la/886@2025.1`.
pub fn base_id(code: &str) -> String {
    format!("la/{code}@{}", version())
}

/// The LA number and data version a base id names.
pub fn parse_base(id: &str) -> Option<(&str, &str)> {
    let rest = id.strip_prefix("la/")?;
    let (code, version) = rest.split_once('@')?;
    let ok = code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit());
    let v_ok = !version.is_empty()
        && version.len() <= 16
        && version
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.');
    (ok && v_ok).then_some((code, version))
}

/// Where the app fetches an authority's data, relative to the page.
pub fn url(id: &str) -> Option<String> {
    let (code, version) = parse_base(id)?;
    Some(format!("data/authorities/{version}/{code}.json"))
}

/// The element that holds an authority's data in the single-file build.
pub fn element_id(id: &str) -> Option<String> {
    let (code, version) = parse_base(id)?;
    Some(format!("hne-la-{}-{code}", version.replace('.', "-")))
}

/// The list entry for a base id (of any version).
pub fn entry(id: &str) -> Option<&'static Entry> {
    let (code, _) = parse_base(id)?;
    index().authorities.iter().find(|e| e.code == code)
}

/// A base id's name in words: "Kent (published figures, 2025.1)".
pub fn describe(id: &str) -> Option<String> {
    let (_, version) = parse_base(id)?;
    Some(format!(
        "{} (published figures, data {version})",
        entry(id)?.name
    ))
}

/// What the page has fetched of the published data: authorities' figures
/// (by base id), the comparisons with similar authorities and the past
/// forecasts. State: the page keeps it with the rest of its state and
/// passes it to what reads it; nothing here remembers it.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    authorities: Vec<(String, Arc<Scenario>)>,
    comparisons: Option<Arc<Comparisons>>,
    hindcast: Option<Arc<hne_model::hindcast::AppFile>>,
}

/// The same when it holds the same files (what was loaded never changes).
impl PartialEq for Loaded {
    fn eq(&self, other: &Self) -> bool {
        fn same<T>(a: &Option<Arc<T>>, b: &Option<Arc<T>>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
        }
        self.authorities.len() == other.authorities.len()
            && self
                .authorities
                .iter()
                .zip(&other.authorities)
                .all(|((a, x), (b, y))| a == b && Arc::ptr_eq(x, y))
            && same(&self.comparisons, &other.comparisons)
            && same(&self.hindcast, &other.hindcast)
    }
}

impl Loaded {
    /// A loaded authority's scenario as published.
    pub fn get(&self, id: &str) -> Option<&Scenario> {
        self.authorities
            .iter()
            .find(|(k, _)| k == id)
            .map(|(_, s)| s.as_ref())
    }

    /// Keep an authority's checked figures ([`check`]) under its base id.
    pub fn add(&mut self, id: &str, scenario: Arc<Scenario>) {
        if self.get(id).is_none() {
            self.authorities.push((id.to_string(), scenario));
        }
    }

    /// Check an authority's file ([`check`]) and keep it, once: a file
    /// already kept is not read again.
    pub fn register(&mut self, id: &str, text: &str) -> Result<(), String> {
        if self.get(id).is_none() {
            self.add(id, Arc::new(check(id, text)?));
        }
        Ok(())
    }

    /// Make an older version's id open a loaded version's figures (a link
    /// made with figures this build no longer has): the caller says so and
    /// moves the scenario onto `current`.
    pub fn alias(&mut self, old: &str, current: &str) -> bool {
        let Some(s) = self
            .authorities
            .iter()
            .find(|(k, _)| k == current)
            .map(|(_, s)| s.clone())
        else {
            return false;
        };
        if parse_base(old).is_none() || self.get(old).is_some() {
            return false;
        }
        self.authorities.push((old.to_string(), s));
        true
    }

    /// A built-in example, or a loaded published authority, as it was
    /// published, levers neutral.
    pub fn saved(&self, name: &str) -> Option<crate::state::saved::Saved> {
        crate::state::saved::Saved::example(name).or_else(|| {
            self.get(name).map(|s| crate::state::saved::Saved {
                base: Some(name.to_string()),
                scenario: s.clone(),
            })
        })
    }

    pub fn comparisons(&self) -> Option<&Comparisons> {
        self.comparisons.as_deref()
    }

    pub fn set_comparisons(&mut self, c: Arc<Comparisons>) {
        self.comparisons = Some(c);
    }

    /// The past forecasts (`hindcast.json`).
    pub fn hindcast(&self) -> Option<&hne_model::hindcast::AppFile> {
        self.hindcast.as_deref()
    }

    pub fn set_hindcast(&mut self, f: Arc<hne_model::hindcast::AppFile>) {
        self.hindcast = Some(f);
    }
}

/// An authority's data, read from its file: checked as any scenario is, and
/// against the list (the file must be the authority the id names).
pub fn check(id: &str, text: &str) -> Result<Scenario, String> {
    let Some((code, _)) = parse_base(id) else {
        return Err(format!("\"{id}\" is not the name of a published authority"));
    };
    let scenario = Scenario::from_json(text).map_err(|p| {
        format!(
            "the published data for LA {code} cannot be used: {}",
            p.0.first().map(|p| p.to_string()).unwrap_or_default()
        )
    })?;
    if let Some(e) = entry(id) {
        if e.name != scenario.authority.name {
            return Err(format!(
                "the published data for {} holds {} instead",
                e.name, scenario.authority.name
            ));
        }
    }
    Ok(scenario)
}

/// compare.json, read with the type `hne-data build` writes it with.
pub use hne_model::published::{Comparisons, Figures, Summed};

/// Where the comparisons of a data version are.
pub fn compare_url(version: &str) -> String {
    format!("data/authorities/{version}/compare.json")
}

/// The element that holds them in the single-file build.
pub fn compare_element_id(version: &str) -> String {
    format!("hne-compare-{}", version.replace('.', "-"))
}

/// The comparisons read from compare.json, checked to be this build's.
pub fn check_comparisons(text: &str) -> Result<Comparisons, String> {
    let c: Comparisons =
        serde_json::from_str(text).map_err(|_| "the comparisons file cannot be read")?;
    if c.version != version() {
        return Err(format!(
            "the comparisons are for data {}, not {}",
            c.version,
            version()
        ));
    }
    Ok(c)
}

/// One authority beside its similar authorities, its region and England.
#[derive(Debug, Clone, PartialEq)]
pub struct Compare {
    pub name: String,
    pub own: Figures,
    /// The similar authorities' names and figures, nearest first.
    pub similar: Vec<(String, String, Figures)>,
    /// The middle of the similar authorities on each figure.
    pub similar_median: Figures,
    pub region: (String, Figures),
    pub england: Figures,
    pub similarity: String,
    /// The region's and England's projections, summed.
    pub region_summed: Summed,
    pub england_summed: Summed,
}

/// The middle value (the mean of the middle two for an even count).
pub(crate) fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// The comparison for a base id, once the comparisons are loaded; None for
/// an authority without similar authorities (no population figure).
pub fn compare(loaded: &Loaded, id: &str) -> Option<Compare> {
    let c = loaded.comparisons()?;
    let e = entry(id)?;
    let me = c.authorities.iter().find(|a| a.code == e.code)?;
    let (own, similar) = (&me.figures, &me.similar);
    let similar: Vec<(String, String, Figures)> = similar
        .iter()
        .filter_map(|code| {
            let f = &c.authorities.iter().find(|a| &a.code == code)?.figures;
            let name = index()
                .authorities
                .iter()
                .find(|x| &x.code == code)?
                .name
                .clone();
            Some((code.clone(), name, *f))
        })
        .collect();
    if similar.is_empty() {
        return None;
    }
    let m = |f: fn(&Figures) -> Option<f64>| {
        median(similar.iter().filter_map(|(_, _, x)| f(x)).collect())
    };
    let area = |name: &str| c.areas.iter().find(|a| a.name == name).map(|a| a.figures);
    let summed = |name: &str| c.areas.iter().find(|a| a.name == name).map(|a| a.summed);
    Some(Compare {
        name: e.name.clone(),
        own: *own,
        similar_median: Figures {
            mainstream_share: m(|f| Some(f.mainstream_share))?,
            independent_share: m(|f| Some(f.independent_share))?,
            growth: m(|f| f.growth),
            spend_per_ehcp: m(|f| f.spend_per_ehcp),
        },
        similar,
        region: (e.region.clone(), area(&e.region)?),
        england: area("England")?,
        similarity: c.similarity.clone(),
        region_summed: summed(&e.region)?,
        england_summed: summed("England")?,
    })
}

/// The comparison as table rows: a label, then the authority, the middle
/// of its similar authorities, its region and England, in words.
pub fn table(c: &Compare) -> Vec<(&'static str, [String; 4])> {
    let pct = |v: f64| crate::format::percent(v);
    let opt_pct = |v: Option<f64>| v.map(pct).unwrap_or_else(|| "not published".into());
    let money = |v: Option<f64>| {
        v.map(|p| format!("£{}", crate::format::group(&format!("{:.0}", p))))
            .unwrap_or_else(|| "not published".into())
    };
    let cols = |f: &dyn Fn(&Figures) -> String| {
        [
            f(&c.own),
            f(&c.similar_median),
            f(&c.region.1),
            f(&c.england),
        ]
    };
    vec![
        (
            "EHCPs in mainstream schools",
            cols(&|f| pct(f.mainstream_share)),
        ),
        (
            "EHCPs in independent special schools",
            cols(&|f| pct(f.independent_share)),
        ),
        (
            "Growth in EHCPs a year since 2019",
            cols(&|f| opt_pct(f.growth)),
        ),
        (
            "High needs spend per EHCP",
            cols(&|f| money(f.spend_per_ehcp)),
        ),
    ]
}

/// The region and England as the sum of their authorities' projections,
/// beside the national estimates (domain notes), in words.
pub fn summed_words(c: &Compare) -> String {
    let bn = |v: f64| format!("£{:.1} billion", v / 1e9);
    let e = c.england_summed;
    format!(
        "Adding up every authority's projection with no plan: England's DSG deficits reach {} by 31 March 2026 ({} than the National Audit Office's £4.3 billion to £4.9 billion, made in 2024; the High Needs Stability Grant was sized on deficits of over £5 billion). The grant would pay {} of it in 2026-27; after it, the authorities in the {} region would carry {} at 31 March 2028, when the statutory override ends, and England's {}. Deficits are carried from the balances published at 31 March 2024 (estimated after that: see the data sources).",
        bn(e.deficit_2026),
        pct_diff(e.deficit_2026, 4.6e9),
        bn(e.grant),
        c.region.0,
        bn(c.region_summed.carried_2028),
        bn(e.carried_2028),
    )
}

fn pct_diff(v: f64, against: f64) -> String {
    let d = (v / against - 1.0) * 100.0;
    format!(
        "{:.0}% {}",
        d.abs(),
        if d >= 0.0 { "higher" } else { "lower" }
    )
}

/// Regions in the order the picker shows them (north to south, as DfE lists them).
pub const REGIONS: [&str; 9] = [
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
];

/// The authorities whose name (or LA number) matches what was typed,
/// grouped by region in [`REGIONS`] order, names in order within each.
/// Matching ignores case and punctuation; every word typed must start a
/// word of the name ("north york", "cam"), or the text may appear anywhere
/// in it, or be the start of the LA number.
pub fn search(query: &str) -> Vec<(&'static str, Vec<&'static Entry>)> {
    let q = words(query);
    let joined = q.join(" ");
    let hit = |e: &Entry| {
        if q.is_empty() {
            return true;
        }
        let name = words(&e.name);
        let all_start = q
            .iter()
            .all(|w| name.iter().any(|n| n.starts_with(w.as_str())));
        all_start || name.join(" ").contains(&joined) || e.code.starts_with(query.trim())
    };
    let mut out: Vec<(&'static str, Vec<&'static Entry>)> = Vec::new();
    for region in REGIONS {
        let mut v: Vec<&Entry> = index()
            .authorities
            .iter()
            .filter(|e| e.region == region && hit(e))
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        if !v.is_empty() {
            out.push((region, v));
        }
    }
    // Any region the list has that is not above (a renamed region).
    let mut rest: Vec<&Entry> = index()
        .authorities
        .iter()
        .filter(|e| !REGIONS.contains(&e.region.as_str()) && hit(e))
        .collect();
    rest.sort_by(|a, b| a.name.cmp(&b.name));
    if !rest.is_empty() {
        out.push(("Other", rest));
    }
    out
}

fn words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(q: &str) -> Vec<&'static str> {
        search(q)
            .into_iter()
            .flat_map(|(_, v)| v.into_iter().map(|e| e.name.as_str()))
            .collect()
    }

    #[test]
    fn the_list_holds_every_authority_in_regions() {
        assert!(index().authorities.len() >= 150);
        let grouped: usize = search("").iter().map(|(_, v)| v.len()).sum();
        assert_eq!(
            grouped,
            index().authorities.len(),
            "every authority is in a region"
        );
        assert_eq!(search("").len(), 9, "nine regions");
    }

    #[test]
    fn typing_part_of_a_name_finds_it() {
        let cam = names("cam");
        assert!(
            cam.contains(&"Cambridgeshire") && cam.contains(&"Camden"),
            "{cam:?}"
        );
        assert!(!cam.contains(&"Kent"));
        assert_eq!(names("north york"), vec!["North Yorkshire"]);
        assert_eq!(names("886"), vec!["Kent"]);
        assert!(names("KENT").contains(&"Kent"));
        assert!(names("zzzz").is_empty());
        // Punctuation is no obstacle: "Bournemouth, Christchurch and Poole".
        assert!(names("christchurch")
            .iter()
            .any(|n| n.starts_with("Bournemouth")));
    }

    #[test]
    fn base_ids_name_the_version() {
        let id = base_id("886");
        assert_eq!(parse_base(&id), Some(("886", version())));
        assert_eq!(
            url(&id).unwrap(),
            format!("data/authorities/{}/886.json", version())
        );
        for bad in [
            "la/88@1",
            "la/886",
            "la/886@",
            "la/88x@1",
            "la/886@../../x",
            "example",
        ] {
            assert_eq!(parse_base(bad), None, "{bad}");
        }
        assert!(describe(&id)
            .unwrap()
            .starts_with("Kent (published figures"));
    }

    #[test]
    fn registering_checks_the_file() {
        let id = base_id("886");
        let text = std::fs::read_to_string(format!(
            "{}/../../public/{}",
            env!("CARGO_MANIFEST_DIR"),
            url(&id).unwrap()
        ))
        .unwrap();
        let mut loaded = Loaded::default();
        assert!(loaded
            .register(&base_id("202"), &text)
            .unwrap_err()
            .contains("holds Kent"));
        assert!(loaded.register(&id, "{").is_err());
        assert!(loaded.get(&id).is_none());
        loaded.register(&id, &text).unwrap();
        assert_eq!(loaded.get(&id).unwrap().authority.name, "Kent");
        // An older version's id opens this one's figures once aliased.
        assert!(loaded.alias("la/886@2020.1", &id));
        assert_eq!(loaded.get("la/886@2020.1"), loaded.get(&id));
        assert!(!loaded.alias("la/886@2021.1", "la/202@2020.1"));
    }

    #[test]
    fn a_link_names_a_published_authority_instead_of_carrying_it() {
        use crate::state::saved::{from_link, to_link, LoadError};
        let id = base_id("873");
        let path = format!(
            "{}/../../public/{}",
            env!("CARGO_MANIFEST_DIR"),
            url(&id).unwrap()
        );
        // Before the data is loaded, a link that names it says so.
        let mut plan = crate::state::saved::Saved {
            base: Some(id.clone()),
            scenario: Scenario::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap(),
        };
        plan.scenario.levers = hne_model::presets::levers("dbv").unwrap();
        let mut loaded = Loaded::default();
        // Not loaded: the figures are too long for a link, which carries
        // the plan alone.
        assert!(!plan.authority_is_built_in(&loaded));
        assert!(!to_link(&plan, &loaded).authority_included);
        loaded
            .register(&id, &std::fs::read_to_string(&path).unwrap())
            .unwrap();
        assert!(plan.authority_is_built_in(&loaded));
        let link = to_link(&plan, &loaded);
        assert!(link.authority_included);
        assert!(
            link.fragment.len() < 2_000,
            "{} characters",
            link.fragment.len()
        );
        assert_eq!(from_link(&link.fragment, &loaded).unwrap().unwrap(), plan);
        // Without the figures loaded, a link that names them says so.
        assert!(matches!(
            from_link(&link.fragment, &Loaded::default()),
            Err(LoadError::Stale(_))
        ));
        // Reset returns to the published data, levers off.
        let mut reset = plan.clone();
        crate::explorer::reset(&mut reset, &loaded);
        assert_eq!(reset.scenario, *loaded.get(&id).unwrap());
        // A link to a version whose data is not loaded says what it needs.
        let other = link_for("la/873@1999.1", &plan);
        match from_link(&other, &loaded) {
            Err(LoadError::Stale(why)) => assert!(
                why.contains("Cambridgeshire") && why.contains("1999.1"),
                "{why}"
            ),
            e => panic!("{e:?}"),
        }
    }

    fn link_for(base: &str, plan: &crate::state::saved::Saved) -> String {
        let mut p = plan.clone();
        p.base = Some(base.into());
        // Written without the authority, as a link to loaded data is.
        let json = crate::state::saved::to_json(&p).replacen(
            &format!(
                ",\"authority\":{}",
                serde_json::to_string(&p.scenario.authority).unwrap()
            ),
            "",
            1,
        );
        format!(
            "s={}.{:08x}",
            crate::state::codec::base64url_encode(json.as_bytes()),
            crate::state::codec::check_code(json.as_bytes())
        )
    }

    #[test]
    fn an_authority_beside_its_similar_authorities_region_and_england() {
        let path = format!(
            "{}/../../public/{}",
            env!("CARGO_MANIFEST_DIR"),
            compare_url(version())
        );
        assert!(check_comparisons("{}").is_err());
        let mut loaded = Loaded::default();
        assert_eq!(compare(&loaded, &base_id("886")), None);
        loaded.set_comparisons(Arc::new(
            check_comparisons(&std::fs::read_to_string(path).unwrap()).unwrap(),
        ));
        let kent = compare(&loaded, &base_id("886")).unwrap();
        assert_eq!(kent.similar.len(), 10);
        assert!(
            kent.similar.iter().any(|(_, n, _)| n == "Surrey"),
            "{:?}",
            kent.similar
        );
        assert_eq!(kent.region.0, "South East");
        assert!((0.2..0.6).contains(&kent.england.mainstream_share));
        let shares: Vec<f64> = kent.similar.iter().map(|s| s.2.mainstream_share).collect();
        let below = shares
            .iter()
            .filter(|v| **v < kent.similar_median.mainstream_share)
            .count();
        assert_eq!(below, 5, "the median splits ten in two: {shares:?}");
        // The levers mark them.
        let run = hne_model::project(&hne_model::examples::example_borough()).unwrap();
        let id = base_id("886");
        let m = crate::explorer::benchmarks(
            Some(&run),
            crate::explorer::Control::Lever(hne_model::LeverId::Inclusion),
            Some(id.as_str()),
            &loaded,
        );
        assert!(
            m.iter().any(|m| m.label.starts_with("Similar authorities")),
            "{m:?}"
        );
        assert!(!m.iter().any(|m| m.label.starts_with("West Midlands")));
        let m = crate::explorer::benchmarks(
            Some(&run),
            crate::explorer::Control::Lever(hne_model::LeverId::Independent),
            Some(id.as_str()),
            &loaded,
        );
        assert!(
            m.iter().any(|m| m.label.starts_with("Similar authorities")),
            "{m:?}"
        );
        // An authority with no population figure has no comparison.
        assert_eq!(compare(&loaded, &base_id("420")), None);
    }

    #[test]
    fn the_sum_of_the_authorities_is_said_beside_the_national_estimates() {
        let path = format!(
            "{}/../../public/{}",
            env!("CARGO_MANIFEST_DIR"),
            compare_url(version())
        );
        let mut loaded = Loaded::default();
        loaded.set_comparisons(Arc::new(
            check_comparisons(&std::fs::read_to_string(path).unwrap()).unwrap(),
        ));
        let kent = compare(&loaded, &base_id("886")).unwrap();
        let words = summed_words(&kent);
        assert!(
            words.contains("South East region")
                && words.contains("National Audit Office")
                && words.contains("High Needs Stability Grant"),
            "{words}"
        );
        assert!(kent.england_summed.carried_2028 > kent.region_summed.carried_2028);
        assert!(kent.england_summed.grant > kent.region_summed.grant);
        assert_eq!(pct_diff(11.0, 10.0), "10% higher");
        assert_eq!(pct_diff(9.0, 10.0), "10% lower");
    }

    #[test]
    fn switching_keeps_the_plan_in_calendar_years() {
        let id = base_id("801");
        let path = format!(
            "{}/../../public/{}",
            env!("CARGO_MANIFEST_DIR"),
            url(&id).unwrap()
        );
        let mut loaded = Loaded::default();
        loaded
            .register(&id, &std::fs::read_to_string(path).unwrap())
            .unwrap();
        let mut s = crate::state::saved::Saved::example("example").unwrap();
        assert_eq!(s.scenario.authority.base_year, 2026);
        // Not loaded: there is nothing to switch to.
        assert_eq!(
            crate::explorer::switch_authority(&s, &id, &Loaded::default()),
            None
        );
        // Left at the example's own timetable: the authority's own.
        let next = crate::explorer::switch_authority(&s, &id, &loaded).unwrap();
        assert_eq!(next.scenario.timetable, loaded.get(&id).unwrap().timetable);
        // Levers from 2028-29 (year 2 of a 2026-27 base) still start in
        // 2028-29 on a 2025-26 base: year 3.
        s.scenario.timetable.start = 2;
        s.scenario.levers.demand.value = 0.2;
        s.scenario.levers.demand.start = Some(3);
        let next = crate::explorer::switch_authority(&s, &id, &loaded).unwrap();
        assert_eq!(next.scenario.timetable.start, 3);
        assert_eq!(next.scenario.levers.demand.start, Some(4));
        assert_eq!(next.scenario.levers.demand.value, 0.2);
    }
}
