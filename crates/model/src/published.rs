//! The published data's own files (`public/data/authorities/index.json`,
//! the list of authorities; `<version>/compare.json`, the comparisons):
//! one serde type each, which `hne-data build` writes with and the page
//! and the command-line tool read with. (An authority's own file is a
//! scenario, `schema`; the past forecasts are `hindcast::AppFile`.)

use serde::{Deserialize, Serialize};

/// `index.json`: the data's version and every published authority.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Index {
    /// The data version (`2026.1`): the folder its authorities' files are in.
    pub version: String,
    /// The financial year the baselines start from (`2025-26`).
    pub base_year: String,
    /// The Open Government Licence attribution.
    pub attribution: String,
    /// By name.
    pub authorities: Vec<Entry>,
}

/// One authority in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The DfE three-digit LA number.
    pub code: String,
    pub name: String,
    pub region: String,
    /// EHCPs at the January census of the base year's end.
    pub ehcps: f64,
    /// Whether the sources had finance data for it.
    pub finance: bool,
}

/// `compare.json` (in the version's folder): every authority beside its
/// similar authorities, each region's figures and England's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comparisons {
    pub version: String,
    /// How similar authorities are chosen, in words.
    pub similarity: String,
    /// Each region's and England's (last).
    pub areas: Vec<Area>,
    pub authorities: Vec<Compared>,
}

/// One authority's figures and its similar authorities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Compared {
    pub code: String,
    #[serde(flatten)]
    pub figures: Figures,
    /// Its ten most similar authorities (LA numbers), nearest first.
    pub similar: Vec<String>,
}

/// A region's or England's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Area {
    pub name: String,
    #[serde(flatten)]
    pub figures: Figures,
    /// Its authorities' unmitigated projections, summed.
    #[serde(flatten)]
    pub summed: Summed,
}

/// The four figures compared for one area.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub mainstream_share: f64,
    pub independent_share: f64,
    /// EHCPs' growth a year, January 2019 to January 2026.
    pub growth: Option<f64>,
    /// High needs spend per EHCP, 2024-25 (none without finance data).
    pub spend_per_ehcp: Option<f64>,
}

/// An area's authorities' unmitigated projections summed: the deficits of
/// those in deficit at 31 March 2025 and 2026 (before the High Needs
/// Stability Grant), the grant, and what they carry after it at 31 March
/// 2028 and 2033 (surpluses left out, as the national estimates count
/// them); EHCPs in January 2026 and 2033.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Summed {
    pub deficit_2025: f64,
    pub deficit_2026: f64,
    pub grant: f64,
    pub carried_2028: f64,
    pub carried_2033: f64,
    pub ehcps_2026: f64,
    pub ehcps_2033: f64,
}

impl Summed {
    /// Add another area's (or authority's) to these.
    pub fn add(&mut self, o: &Summed) {
        self.deficit_2025 += o.deficit_2025;
        self.deficit_2026 += o.deficit_2026;
        self.grant += o.grant;
        self.carried_2028 += o.carried_2028;
        self.carried_2033 += o.carried_2033;
        self.ehcps_2026 += o.ehcps_2026;
        self.ehcps_2033 += o.ehcps_2033;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_index_reads_and_writes_back_the_same() {
        let text = include_str!("../../../public/data/authorities/index.json");
        let index: Index = serde_json::from_str(text).unwrap();
        assert!(index.authorities.len() > 150);
        let again: Index = serde_json::from_str(&serde_json::to_string(&index).unwrap()).unwrap();
        assert_eq!(again, index);
        // A field the format does not have is refused, not ignored.
        let odd = text.replacen("\"finance\":true", "\"finance\":true,\"extra\":1", 1);
        assert!(serde_json::from_str::<Index>(&odd).is_err());
    }

    #[test]
    fn the_committed_comparisons_read() {
        let index: Index =
            serde_json::from_str(include_str!("../../../public/data/authorities/index.json"))
                .unwrap();
        let path = format!(
            "{}/../../public/data/authorities/{}/compare.json",
            env!("CARGO_MANIFEST_DIR"),
            index.version
        );
        let c: Comparisons = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(c.version, index.version);
        assert_eq!(c.areas.last().map(|a| a.name.as_str()), Some("England"));
        assert!(c.authorities.len() > 150);
    }
}
