//! Embedding in another site: the compact mode's options, read from the
//! page's query string (`?embed&authority=example&preset=dbv&chart=deficit&
//! host=https%3A%2F%2Fwww.example.gov.uk`).
//!
//! The embedded app is an iframe. It tells its host how tall it is with
//! `postMessage({type: "hne:height", height})`, sent only to the host origin
//! named in its address (`host=`), never to `*`; the snippet's listener
//! (written by `embed.html`) accepts only messages from the app's origin and
//! from its own iframe. So both sides check the other's origin. Nothing
//! handles focus: Tab moves into the frame and out again like any content.

use crate::charts::data::ChartId;
use crate::explorer;
use crate::state;

/// The charts an embed can show: every chart of one projection, the
/// deficit first (an embed's default).
pub const CHARTS: [ChartId; 4] = [
    ChartId::Deficit,
    ChartId::Spend,
    ChartId::Ehcps,
    ChartId::Waterfall,
];

/// How the app was asked to show itself in an iframe.
#[derive(Debug, Clone, PartialEq)]
pub struct Embed {
    /// One of [`CHARTS`].
    pub chart: ChartId,
    /// The host page's origin, to which the height is posted.
    pub host: Option<String>,
    /// A built-in authority and a preset to open (when the link holds none).
    pub authority: Option<String>,
    pub preset: Option<String>,
}

/// The embed options from a query string; `None` when the page is not
/// embedded. An unknown chart falls back to the deficit; a host that is not
/// an origin is ignored (no height is posted).
pub fn from_query(query: &str) -> Option<Embed> {
    let query = query.trim_start_matches('?');
    let mut embed = false;
    let mut e = Embed {
        chart: CHARTS[0],
        host: None,
        authority: None,
        preset: None,
    };
    for part in query.split('&') {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        match k {
            "embed" => embed = true,
            "chart" => {
                e.chart = ChartId::from_name(v)
                    .filter(|c| CHARTS.contains(c))
                    .unwrap_or(CHARTS[0])
            }
            "host" => e.host = origin(&decode(v)),
            "authority" => e.authority = Some(v.to_string()),
            "preset" => e.preset = Some(v.to_string()),
            _ => {}
        }
    }
    embed.then_some(e)
}

/// What the embedded app opens: the link's scenario if it holds one (the
/// frame's own link follows every move, so a reload keeps them), otherwise
/// the authority and preset asked for (the example, unmitigated, by
/// default). Local storage is neither read nor written: a host page's
/// visitors do not share a scenario.
pub fn startup(e: &Embed, fragment: &str, loaded: &crate::published::Loaded) -> state::Startup {
    let start = state::startup(fragment, None, loaded);
    if fragment.contains("s=") {
        return start;
    }
    let mut saved = authority_id(e)
        .as_deref()
        .and_then(|id| loaded.saved(id))
        .unwrap_or(start.saved);
    if let Some(p) = &e.preset {
        explorer::apply_preset(&mut saved, p);
    }
    state::Startup {
        saved,
        notices: Vec::new(),
        set_aside_unreadable: false,
        keep_before_link: false,
    }
}

/// The authority an embed asks for, as a base id: a built-in name as it is,
/// an LA number ("886") as this build's published figures for it.
pub fn authority_id(e: &Embed) -> Option<String> {
    let a = e.authority.as_deref()?;
    if a.len() == 3 && a.bytes().all(|b| b.is_ascii_digit()) {
        return crate::published::entry(&crate::published::base_id(a))
            .map(|_| crate::published::base_id(a));
    }
    Some(a.to_string())
}

/// `s` if it is a web origin (`https://host[:port]` or `http://...`) with
/// no path; `None` otherwise.
pub fn origin(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches('/');
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))?;
    let ok = !rest.is_empty()
        && rest
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b':' | b'[' | b']'));
    ok.then(|| s.to_ascii_lowercase())
}

/// Percent-decoding, for the host in a query string (ASCII is all an
/// origin may hold; anything else makes it invalid).
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).and_then(|c| hex(*c)),
            b.get(i + 2).and_then(|c| hex(*c)),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push(char::from((h * 16 + l) as u8));
                i += 3;
            }
            (c, _, _) => {
                out.push(char::from(c));
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::published::Loaded;

    #[test]
    fn embed_options_come_from_the_query() {
        assert_eq!(from_query(""), None);
        assert_eq!(from_query("?chart=spend"), None);
        let e = from_query(
            "?embed&chart=spend&host=https%3A%2F%2Fwww.example.gov.uk&authority=england&preset=dbv",
        )
        .unwrap();
        assert_eq!(e.chart, ChartId::Spend);
        assert_eq!(e.host.as_deref(), Some("https://www.example.gov.uk"));
        assert_eq!(e.authority.as_deref(), Some("england"));
        let e = from_query("?embed&chart=nonsense&host=javascript:alert(1)").unwrap();
        assert_eq!((e.chart, e.host), (ChartId::Deficit, None));
    }

    #[test]
    fn only_origins_are_hosts() {
        assert_eq!(
            origin("https://Council.gov.uk/"),
            Some("https://council.gov.uk".into())
        );
        assert_eq!(
            origin("http://127.0.0.1:8123"),
            Some("http://127.0.0.1:8123".into())
        );
        for bad in [
            "council.gov.uk",
            "https://",
            "https://a.b/path",
            "ftp://a.b",
            "https://a b",
            "*",
        ] {
            assert_eq!(origin(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_embed_opens_the_link_or_the_authority_and_plan_asked_for() {
        let e = from_query("?embed&authority=cambridgeshire&preset=dbv").unwrap();
        let s = startup(&e, "", &Loaded::default());
        assert_eq!(s.saved.base.as_deref(), Some("cambridgeshire"));
        assert_eq!(
            s.saved.scenario.levers,
            hne_model::presets::levers("dbv").unwrap()
        );
        // A link wins: it holds the moves made in the frame.
        let mut other = crate::state::saved::Saved::example("england").unwrap();
        other.scenario.levers.demand.value = 0.1;
        let link = crate::state::saved::to_link(&other, &Loaded::default()).fragment;
        assert_eq!(startup(&e, &link, &Loaded::default()).saved, other);
        // Nothing asked for: the example, unmitigated.
        let plain = startup(&from_query("?embed").unwrap(), "", &Loaded::default());
        assert_eq!(plain.saved.base.as_deref(), Some("example"));
        assert!(plain.notices.is_empty());
    }

    #[test]
    fn an_embed_names_an_authority_by_its_la_number() {
        let e = from_query("?embed&authority=886&preset=dbv").unwrap();
        assert_eq!(authority_id(&e), Some(crate::published::base_id("886")));
        let e = from_query("?embed&authority=999").unwrap();
        assert_eq!(authority_id(&e), None, "no such authority");
        let e = from_query("?embed&authority=england").unwrap();
        assert_eq!(authority_id(&e).as_deref(), Some("england"));
    }
}
