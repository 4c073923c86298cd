//! The hindcast in the app: for the chosen authority, what the model would
//! have forecast from January 2019 against what happened, and the national
//! figures on how often the likely range held. The figures come from
//! `hindcast.json` beside the authorities, written by `hne-data build` with
//! `hne_model::hindcast` (docs/hindcast.md is the full report).

use hne_model::hindcast::{AppFile, Past, Quantity, Summary};

use crate::charts::data::{
    Band, Chart, Drawing, LineChart, Series, Stroke, Table, Unit, BLUE, VERMILLION,
};
use crate::format::{count, percent};

/// Where the app fetches it, relative to the page.
pub fn url(version: &str) -> String {
    format!("data/authorities/{version}/hindcast.json")
}

/// The element that holds it in the single-file build.
pub fn element_id(version: &str) -> String {
    format!("hne-hindcast-{}", version.replace('.', "-"))
}

/// Read the file, checked to be for `version` (this build's data version):
/// the page keeps it with its loaded data (`published::Loaded`).
pub fn read(text: &str, version: &str) -> Result<AppFile, String> {
    let f: AppFile =
        serde_json::from_str(text).map_err(|_| "the past forecasts cannot be read".to_string())?;
    if f.version != version {
        return Err(format!(
            "the past forecasts are for data {}, not {version}",
            f.version
        ));
    }
    Ok(f)
}

/// One authority's past forecast, by LA number.
pub fn past<'a>(file: &'a AppFile, code: &str) -> Option<&'a Past> {
    file.authorities.get(code)
}

/// Where `actual` fell against a year's likely range: "below", "above" or
/// "inside".
fn side(actual: f64, y: &hne_model::hindcast::PastYear) -> &'static str {
    if actual < y.p10 {
        "below"
    } else if actual > y.p90 {
        "above"
    } else {
        "inside"
    }
}

/// "Had this model been used in January 2019, …; there were …": the
/// authority's forecast for the latest January against what happened.
pub fn sentence(name: &str, p: &Past) -> Option<String> {
    let last = p.years.last()?;
    let actual = last.actual?;
    let verdict = format!("{} the likely range", side(actual, last));
    Some(format!(
        "Had this model been used in January {}, it would have forecast {} EHCPs in {name} for January {} (likely {} to {}). There were {}: {} ({} {} than the central forecast).",
        p.origin,
        count(last.central),
        last.census,
        count(last.p10),
        count(last.p90),
        count(actual),
        verdict,
        percent(((actual - last.central) / last.central).abs()),
        if actual >= last.central { "more" } else { "fewer" },
    ))
}

/// How often the likely range held, across England, in words.
pub fn national(s: &Summary) -> String {
    let e = s.mdape_total_6;
    let origins = s.folds.iter().map(|f| f.origin).collect::<Vec<_>>();
    let span = match (origins.first(), origins.last()) {
        (Some(a), Some(b)) if a != b => format!("each January from {a} to {b}"),
        (Some(a), _) => format!("January {a}"),
        _ => "past Januaries".into(),
    };
    format!(
        "Across England's {} authorities, forecasts made this way from {span}, each with its settings fitted without its own January, held the number of EHCPs inside their likely range {} of the time, against an aim of 8 in 10, and high needs spend {} of the time. The ranges the app used until December 2026 held {} of EHCP forecasts. Six years ahead, the model's forecasts of EHCPs were typically {} out; carrying on each authority's own growth, {}; applying England's growth to each authority, {}; the average of those two, {}.",
        s.authorities,
        percent(s.held_out_of(Quantity::Total)),
        percent(s.held_out_of(Quantity::Spend)),
        percent(s.before_coverage_total),
        percent(e[0]),
        percent(e[1]),
        percent(e[2]),
        percent(e[3]),
    )
}

/// The January 2026 test in words: the authority's forecast one year
/// ahead from January 2025, made only with what was known then, beside
/// England's.
pub fn latest(name: &str, p: &Past, s: &Summary) -> Option<String> {
    let y = p.latest.as_ref()?;
    let actual = y.actual?;
    if y.central <= 0.0 {
        return None;
    }
    let off = actual / y.central - 1.0;
    let range = format!("{} its likely range", side(actual, y));
    let l = &s.latest;
    let england = if l.n > 0 && l.actual > 0.0 {
        let e = l.forecast / l.actual - 1.0;
        format!(
            " Across England's {} authorities, the typical forecast was {} out (carrying on each authority's own growth, {}; England's growth, {}; the average of those two, {}), and their total was {} {} than the {} EHCPs there were.",
            l.n,
            percent(l.mdape[0]),
            percent(l.mdape[1]),
            percent(l.mdape[2]),
            percent(l.mdape[3]),
            percent(e.abs()),
            if e < 0.0 { "lower" } else { "higher" },
            count(l.actual),
        )
    } else {
        String::new()
    };
    Some(format!(
        "The newest test: made in January {} with only what was known then, the forecast for January {} was {} EHCPs in {name} (likely {} to {}). There were {}, {} {} than forecast and {range}.{england}",
        y.census - 1,
        y.census,
        count(y.central),
        count(y.p10),
        count(y.p90),
        count(actual),
        percent(off.abs()),
        if off < 0.0 { "fewer" } else { "more" },
    ))
}

/// The small chart: what happened, the forecast and its likely range.
pub fn chart(name: &str, p: &Past) -> Option<Chart> {
    let actual: Vec<f64> = p.years.iter().map(|y| y.actual).collect::<Option<_>>()?;
    let years: Vec<String> = p.years.iter().map(|y| y.census.to_string()).collect();
    let central: Vec<f64> = p.years.iter().map(|y| y.central).collect();
    let low: Vec<f64> = p.years.iter().map(|y| y.p10).collect();
    let high: Vec<f64> = p.years.iter().map(|y| y.p90).collect();
    let forecast = format!("Forecast from January {}", p.origin);
    let table = Table {
        headers: vec![
            "January".into(),
            "What happened".into(),
            format!("{forecast}, central"),
            "Likely range, low".into(),
            "Likely range, high".into(),
        ],
        rows: p
            .years
            .iter()
            .zip(&actual)
            .map(|(y, a)| {
                vec![
                    y.census.to_string(),
                    count(*a),
                    count(y.central),
                    count(y.p10),
                    count(y.p90),
                ]
            })
            .collect(),
    };
    Some(Chart {
        id: crate::charts::data::ChartId::Hindcast,
        title: format!(
            "EHCPs in {name}: the forecast from January {} against what happened",
            p.origin
        ),
        summary: sentence(name, p).unwrap_or_default()
            + " Each year is the January census. Solid line: what happened; dashed line: the forecast; shaded: its likely range.",
        drawing: Drawing::Lines(LineChart {
            years,
            unit: Unit::Count,
            series: vec![
                Series {
                    name: "What happened".into(),
                    values: actual,
                    stroke: Stroke::Solid,
                    colour: BLUE,
                },
                Series {
                    name: forecast,
                    values: central,
                    stroke: Stroke::Dashed,
                    colour: VERMILLION,
                },
            ],
            stacked: false,
            band: Some(Band {
                name: "Likely range of the forecast".into(),
                low,
                high,
                colour: VERMILLION,
            }),
            goal: None,
        }),
        table,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use hne_model::hindcast::PastYear;

    fn kentish() -> Past {
        Past {
            origin: 2019,
            years: (0..7)
                .map(|t| PastYear {
                    census: 2019 + t,
                    central: 1000.0 + 100.0 * t as f64,
                    p10: 1000.0 + 80.0 * t as f64,
                    p90: 1000.0 + 120.0 * t as f64,
                    actual: Some(1000.0 + 70.0 * t as f64),
                })
                .collect(),
            latest: Some(PastYear {
                census: 2026,
                central: 2000.0,
                p10: 1900.0,
                p90: 2100.0,
                actual: Some(2050.0),
            }),
        }
    }

    #[test]
    fn the_newest_test_says_the_authority_s_error_beside_england_s() {
        let p = kentish();
        let mut s: Summary = serde_json::from_str(SUMMARY).unwrap();
        s.latest = hne_model::hindcast::Latest {
            n: 150,
            mdape: [0.031, 0.033, 0.035, 0.032],
            forecast: 690_000.0,
            actual: 700_000.0,
        };
        let w = latest("Kent", &p, &s).unwrap();
        assert!(
            w.starts_with("The newest test: made in January 2025 with only what was known then, the forecast for January 2026 was 2,000 EHCPs in Kent (likely 1,900 to 2,100). There were 2,050, 2.5% more than forecast and inside its likely range."),
            "{w}"
        );
        assert!(w.contains("the typical forecast was 3.1% out"), "{w}");
        assert!(
            w.contains("their total was 1.4% lower than the 700,000 EHCPs"),
            "{w}"
        );
        let mut none = p.clone();
        none.latest = None;
        assert!(latest("Kent", &none, &s).is_none());
    }

    const SUMMARY: &str = r#"{"calibration":{"growth_central":0,"leaving_halfwidth":0,"cost_central":0,"cost_halfwidth":0},"folds":[],"authorities":0,"held_out":[0,0,0,0,0],"coverage_total":0,"coverage_spend":0,"before_coverage_total":0,"mdape_total_6":[0,0,0,0]}"#;

    #[test]
    fn the_sentence_says_the_forecast_the_outcome_and_whether_the_range_held() {
        let p = kentish();
        assert_eq!(
            sentence("Kent", &p).unwrap(),
            "Had this model been used in January 2019, it would have forecast 1,600 EHCPs in Kent for January 2025 (likely 1,480 to 1,720). There were 1,420: below the likely range (11.2% fewer than the central forecast)."
        );
        let mut inside = p.clone();
        inside.years[6].actual = Some(1700.0);
        let s = sentence("Kent", &inside).unwrap();
        assert!(
            s.contains("1,700: inside the likely range (")
                && s.ends_with("% more than the central forecast)."),
            "{s}"
        );
    }

    #[test]
    fn the_chart_draws_both_lines_and_the_range_with_a_table() {
        let c = chart("Kent", &kentish()).unwrap();
        let Drawing::Lines(l) = &c.drawing else {
            panic!()
        };
        assert_eq!(l.years[0], "2019");
        assert_eq!(l.series.len(), 2);
        assert_eq!(l.band.as_ref().unwrap().high[6], 1720.0);
        assert_eq!(c.table.rows.len(), 7);
        assert_eq!(
            c.table.rows[6],
            ["2025", "1,420", "1,600", "1,480", "1,720"]
        );
        let mut gap = kentish();
        gap.years[3].actual = None;
        assert!(chart("Kent", &gap).is_none());
    }

    #[test]
    fn a_file_for_another_data_version_is_refused() {
        let text = format!(r#"{{"version":"1999.1","summary":{SUMMARY},"authorities":{{}}}}"#);
        let text = text.as_str();
        assert!(read(text, "2025.1").unwrap_err().contains("1999.1"));
        assert!(read("{", "2025.1").is_err());
        let f = read(text, "1999.1").unwrap();
        assert!(past(&f, "886").is_none());
    }
}
