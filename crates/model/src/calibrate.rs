//! Calibration from history (spec section 9).
//!
//! Given three or more years of EHCPs, HNB expenditure and funding, suggest
//! the growth assumptions as compound annual rates over the rows, show the
//! fitted compound curves against the history (the back-cast), and project
//! the unmitigated trend on from the last row. The rows also give the in-year
//! deficits and, where the cumulative deficit is known, the "other DSG
//! adjustments" that reconcile the DSG total with the HNB alone.

use serde::{Deserialize, Serialize};

use crate::csv;
use crate::engine::next_deficit;
use crate::schema::{year_label, HistoryRow, Problem, Problems};
use crate::validate::{MAX_COUNT, MAX_POUNDS};

/// Check history rows, reporting each problem through `push(path, message)`.
pub fn check_history(rows: &[HistoryRow], path: &str, push: &mut dyn FnMut(String, String)) {
    let mut prev_year: Option<i32> = None;
    for (i, r) in rows.iter().enumerate() {
        let p = format!("{path}[{i}]");
        if !(1990..=2100).contains(&r.year) {
            push(
                format!("{p}.year"),
                format!("must be a year from 1990 to 2100; got {}", r.year),
            );
        } else if let Some(py) = prev_year {
            if r.year <= py {
                push(
                    format!("{p}.year"),
                    format!(
                        "years must increase from row to row; {} follows {}",
                        r.year, py
                    ),
                );
            }
        }
        prev_year = Some(r.year);
        let mut num = |field: &str, v: f64, lo: f64, hi: f64| {
            if !v.is_finite() {
                push(format!("{p}.{field}"), format!("must be a number, not {v}"));
            } else if v < lo {
                push(
                    format!("{p}.{field}"),
                    format!("cannot be negative; got {v}"),
                );
            } else if v > hi {
                push(
                    format!("{p}.{field}"),
                    format!("must be at most {hi}; got {v}"),
                );
            }
        };
        num("ehcps", r.ehcps, 0.0, MAX_COUNT);
        num("expenditure_pounds", r.expenditure_pounds, 0.0, MAX_POUNDS);
        num("funding_pounds", r.funding_pounds, 0.0, MAX_POUNDS);
        if let Some(d) = r.cumulative_deficit_pounds {
            num("cumulative_deficit_pounds", d, -MAX_POUNDS, MAX_POUNDS);
        }
    }
}

/// Suggested assumptions (compound annual rates over the rows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggested {
    /// From growth in EHCPs: the model applies it to new plans.
    pub new_plan_growth: f64,
    /// Growth in expenditure per EHCP: the model's unit-cost inflation.
    pub cost_inflation: f64,
    pub funding_growth: f64,
    /// Growth in total expenditure (shown for reference).
    pub expenditure_growth: f64,
}

/// One year of history with what it implies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryYear {
    pub year: String,
    pub ehcps: f64,
    pub expenditure_pounds: f64,
    pub funding_pounds: f64,
    /// Expenditure less funding (positive = overspend).
    pub in_year_deficit_pounds: f64,
    pub cumulative_deficit_pounds: Option<f64>,
    /// What else moved the cumulative DSG deficit that year, where the
    /// cumulative deficit of this and the previous row are known.
    pub implied_other_dsg_adjustment_pounds: Option<f64>,
}

/// A fitted or projected year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitYear {
    pub year: String,
    pub ehcps: f64,
    pub expenditure_pounds: f64,
    pub funding_pounds: f64,
    pub in_year_deficit_pounds: f64,
    pub cumulative_deficit_pounds: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    pub suggested: Suggested,
    pub history: Vec<HistoryYear>,
    /// The compound curves through the first row, over the history years.
    pub backcast: Vec<FitYear>,
    /// The unmitigated trend from the last row for `horizon` years.
    pub projection: Vec<FitYear>,
}

/// Compound annual rate from `first` to `last` over `years` years.
pub fn cagr(first: f64, last: f64, years: f64) -> f64 {
    (last / first).powf(1.0 / years) - 1.0
}

/// Calibrate from history rows and project the trend `horizon` years on.
pub fn calibrate(rows: &[HistoryRow], horizon: usize) -> Result<Calibration, Problems> {
    let mut problems = Vec::new();
    check_history(rows, "history", &mut |path, message| {
        problems.push(Problem {
            path,
            message,
            line: None,
            column: None,
        })
    });
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    if rows.len() < 3 {
        return Err(Problems::one(
            "history",
            format!(
                "needs at least 3 years of rows to suggest growth rates; got {}",
                rows.len()
            ),
        ));
    }
    let first = &rows[0];
    let last = &rows[rows.len() - 1];
    for (field, v) in [
        ("ehcps", first.ehcps),
        ("expenditure_pounds", first.expenditure_pounds),
        ("funding_pounds", first.funding_pounds),
    ] {
        if v <= 0.0 {
            return Err(Problems::one(
                format!("history[0].{field}"),
                "must be above 0 in the first row to compute a growth rate",
            ));
        }
    }
    let span = (last.year - first.year) as f64;
    let g_ehcp = cagr(first.ehcps, last.ehcps, span);
    let g_exp = cagr(first.expenditure_pounds, last.expenditure_pounds, span);
    let g_fund = cagr(first.funding_pounds, last.funding_pounds, span);
    let g_cost = (1.0 + g_exp) / (1.0 + g_ehcp) - 1.0;

    let history = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let in_year = r.expenditure_pounds - r.funding_pounds;
            let implied = match (
                i.checked_sub(1)
                    .and_then(|j| rows[j].cumulative_deficit_pounds),
                r.cumulative_deficit_pounds,
            ) {
                // D[t] = D[t-1] - B[t] + adj, with B = -in_year: adj = D[t] - D[t-1] - in_year.
                (Some(prev), Some(cur)) => Some(cur - prev - in_year),
                _ => None,
            };
            HistoryYear {
                year: year_label(r.year),
                ehcps: r.ehcps,
                expenditure_pounds: r.expenditure_pounds,
                funding_pounds: r.funding_pounds,
                in_year_deficit_pounds: in_year,
                cumulative_deficit_pounds: r.cumulative_deficit_pounds,
                implied_other_dsg_adjustment_pounds: implied,
            }
        })
        .collect();

    let fit = |base: &HistoryRow, k: f64| {
        let ehcps = base.ehcps * (1.0 + g_ehcp).powf(k);
        let exp = base.expenditure_pounds * (1.0 + g_exp).powf(k);
        let fund = base.funding_pounds * (1.0 + g_fund).powf(k);
        (ehcps, exp, fund)
    };
    let backcast = rows
        .iter()
        .map(|r| {
            let (e, x, f) = fit(first, (r.year - first.year) as f64);
            FitYear {
                year: year_label(r.year),
                ehcps: e,
                expenditure_pounds: x,
                funding_pounds: f,
                in_year_deficit_pounds: x - f,
                cumulative_deficit_pounds: None,
            }
        })
        .collect();
    let mut cumulative = last.cumulative_deficit_pounds;
    let projection = (1..=horizon)
        .map(|k| {
            let (e, x, f) = fit(last, k as f64);
            cumulative = cumulative.map(|d| next_deficit(d, f - x, 0.0, 0.0, 0.0));
            FitYear {
                year: year_label(last.year + k as i32),
                ehcps: e,
                expenditure_pounds: x,
                funding_pounds: f,
                in_year_deficit_pounds: x - f,
                cumulative_deficit_pounds: cumulative,
            }
        })
        .collect();
    Ok(Calibration {
        suggested: Suggested {
            new_plan_growth: g_ehcp,
            cost_inflation: g_cost,
            funding_growth: g_fund,
            expenditure_growth: g_exp,
        },
        history,
        backcast,
        projection,
    })
}

/// Header names accepted for each history column (lower case).
const COLUMNS: [(&str, &[&str]); 5] = [
    ("year", &["year", "financial year", "financial_year"]),
    ("ehcps", &["ehcps", "ehcp", "ehcps_january", "caseload"]),
    (
        "expenditure_pounds",
        &["expenditure_pounds", "expenditure", "spend", "spend_pounds"],
    ),
    (
        "funding_pounds",
        &["funding_pounds", "funding", "budget", "income"],
    ),
    (
        "cumulative_deficit_pounds",
        &[
            "cumulative_deficit_pounds",
            "cumulative_deficit",
            "accumulated",
            "accumulated_deficit",
            "deficit",
        ],
    ),
];

/// Parse a year cell: "2016", "2016-17", "2016/17".
pub fn parse_year_cell(cell: &str) -> Option<i32> {
    let c = cell.trim();
    let start = c.get(..4)?;
    let y: i32 = start.parse().ok()?;
    let rest = &c[4..];
    if rest.is_empty() {
        return Some(y);
    }
    let rest = rest.strip_prefix(['-', '/'])?;
    let end: i32 = rest.parse().ok()?;
    ((y + 1) % 100 == end % 100).then_some(y)
}

/// Read history rows from CSV (header row first; amounts in pounds).
/// Every problem is listed by line, column and field.
pub fn history_from_csv(text: &str) -> Result<Vec<HistoryRow>, Problems> {
    let records = csv::parse(text).map_err(|(line, msg)| {
        Problems(vec![Problem {
            path: String::new(),
            message: msg,
            line: Some(line),
            column: None,
        }])
    })?;
    let Some(header) = records.first() else {
        return Err(Problems::one("", "the file is empty: expected a header row (year, ehcps, expenditure_pounds, funding_pounds, cumulative_deficit_pounds)"));
    };
    let mut index = [None; 5];
    for (ci, name) in header.fields.iter().enumerate() {
        let n = name.trim().to_ascii_lowercase();
        if let Some(k) = COLUMNS
            .iter()
            .position(|(_, names)| names.contains(&n.as_str()))
        {
            index[k] = Some(ci);
        }
    }
    let mut problems = Vec::new();
    for k in 0..4 {
        if index[k].is_none() {
            problems.push(Problem {
                path: COLUMNS[k].0.into(),
                message: format!("missing column \"{}\" in the header row", COLUMNS[k].0),
                line: Some(header.line),
                column: None,
            });
        }
    }
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    let mut rows = Vec::new();
    let columns = header.fields.len();
    for rec in &records[1..] {
        if rec.fields.len() > columns && rec.fields[columns..].iter().any(|f| !f.trim().is_empty())
        {
            problems.push(Problem {
                path: String::new(),
                message: format!(
                    "this row has {} cells and the header {columns}: is there a comma inside a number (write 1200.5, not 1200,5)?",
                    rec.fields.len()
                ),
                line: Some(rec.line),
                column: Some(columns + 1),
            });
            continue;
        }
        let cell = |k: usize| index[k].and_then(|c| rec.fields.get(c)).map(|s| s.as_str());
        let mut bad = |k: usize, msg: String| {
            problems.push(Problem {
                path: COLUMNS[k].0.into(),
                message: msg,
                line: Some(rec.line),
                column: index[k].map(|c| c + 1),
            })
        };
        let year = match cell(0).map(parse_year_cell) {
            Some(Some(y)) => y,
            _ => {
                bad(
                    0,
                    format!(
                        "{} is not a year (write 2016 or 2016-17)",
                        csv::quoted(cell(0).unwrap_or(""))
                    ),
                );
                continue;
            }
        };
        let mut nums = [0.0; 4];
        let mut ok = true;
        for (k, num) in nums.iter_mut().enumerate().skip(1) {
            match csv::parse_number(cell(k).unwrap_or("")) {
                Ok(v) => *num = v,
                Err(why) => {
                    bad(k, why);
                    ok = false;
                }
            }
        }
        let cum = match cell(4).map(|c| c.trim()) {
            None | Some("") => None,
            Some(c) => match csv::parse_number(c) {
                Ok(v) => Some(v),
                Err(why) => {
                    bad(4, why);
                    ok = false;
                    None
                }
            },
        };
        if ok {
            rows.push(HistoryRow {
                year,
                ehcps: nums[1],
                expenditure_pounds: nums[2],
                funding_pounds: nums[3],
                cumulative_deficit_pounds: cum,
            });
        }
    }
    if problems.is_empty() {
        let mut range_problems = Vec::new();
        check_history(&rows, "history", &mut |path, message| {
            range_problems.push(Problem {
                path,
                message,
                line: None,
                column: None,
            })
        });
        // Name the line of each row-level problem.
        for p in &mut range_problems {
            if let Some(i) = p
                .path
                .strip_prefix("history[")
                .and_then(|r| r.split(']').next())
                .and_then(|n| n.parse::<usize>().ok())
            {
                p.line = records.get(i + 1).map(|r| r.line);
            }
        }
        problems = range_problems;
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(Problems(problems))
    }
}
