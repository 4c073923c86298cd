//! What each chart shows, as plain data: built from a projection by pure
//! functions (tested natively), then drawn by `lines`/`waterfall` on any
//! plotters backend, and shown as a data table and a one-sentence summary for
//! people who cannot see the canvas.

use hne_model::attribution::Attribution;
use hne_model::output::Run;
use hne_model::uncertainty::{Tornado, Uncertainty, YearBand};
use hne_model::LeverId;

use crate::format;

/// Colour-blind-safe colours (Okabe and Ito), as RGB.
pub type Rgb = (u8, u8, u8);
pub const BLUE: Rgb = (0, 114, 178);
pub const VERMILLION: Rgb = (213, 94, 0);
pub const GREEN: Rgb = (0, 158, 115);
/// Dark grey (a line that gives context, not a result).
pub const GREY: Rgb = (96, 96, 96);
pub const PALETTE: [Rgb; 8] = [
    (0, 114, 178),
    (230, 159, 0),
    (86, 180, 233),
    (0, 158, 115),
    (204, 121, 167),
    (213, 94, 0),
    (240, 228, 66),
    (110, 110, 110),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Pounds, drawn in £m.
    Pounds,
    Count,
}

/// Line style, so lines differ by more than colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stroke {
    Solid,
    Dashed,
    Dotted,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
    pub stroke: Stroke,
    pub colour: Rgb,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    pub years: Vec<String>,
    pub unit: Unit,
    pub series: Vec<Series>,
    /// Series stacked as areas (EHCPs by setting).
    pub stacked: bool,
    /// A shaded band behind the lines (the Monte Carlo's P10 to P90).
    pub band: Option<Band>,
    /// A year marked with a dashed line and its words (the goal).
    pub goal: Option<Mark>,
}

/// A marked year: its index in `years` and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub t: usize,
    pub label: String,
}

/// Mark the goal on a line chart: a dashed line at the goal year, its words
/// beside it, and a sentence in the chart's summary.
pub fn mark_goal(chart: &mut Chart, t: usize, year: &str) {
    if let Drawing::Lines(c) = &mut chart.drawing {
        if t < c.years.len() {
            c.goal = Some(Mark {
                t,
                label: format!("Goal: balance from {year}"),
            });
            chart.summary += &format!(" Dashed line: the goal, balance from {year}.");
        }
    }
}

/// A shaded range from `low` to `high` in each year.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub name: String,
    pub low: Vec<f64>,
    pub high: Vec<f64>,
    pub colour: Rgb,
}

/// One bar of a waterfall, from one total to the next.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub from: f64,
    pub to: f64,
    /// A total (starts at zero) rather than a step.
    pub total: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Waterfall {
    pub bars: Vec<Bar>,
    /// A tornado: bars stand alone (no running total joins them), and a
    /// line marks this value (the central deficit).
    pub reference: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Drawing {
    Lines(LineChart),
    Waterfall(Waterfall),
}

/// Every chart the page draws. Its name is what the page, the embed's
/// address (`?embed&chart=spend`), the downloads and the tests call it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChartId {
    Spend,
    Deficit,
    Ehcps,
    Waterfall,
    FanDeficit,
    FanBalance,
    Tornado,
    Compare,
    Room,
    /// A council's history against the trend fitted to it.
    Backcast,
    /// The chosen authority's past forecast against what happened.
    Hindcast,
}

impl std::fmt::Display for ChartId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl ChartId {
    pub const ALL: [ChartId; 11] = [
        ChartId::Spend,
        ChartId::Deficit,
        ChartId::Ehcps,
        ChartId::Waterfall,
        ChartId::FanDeficit,
        ChartId::FanBalance,
        ChartId::Tornado,
        ChartId::Compare,
        ChartId::Room,
        ChartId::Backcast,
        ChartId::Hindcast,
    ];

    /// The charts of one projection, in the page's order under the answer:
    /// the app, the embed and the screens written ahead all draw these with
    /// [`ChartId::of_projection`].
    pub const MAIN: [ChartId; 4] = [
        ChartId::Spend,
        ChartId::Deficit,
        ChartId::Ehcps,
        ChartId::Waterfall,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ChartId::Spend => "spend",
            ChartId::Deficit => "deficit",
            ChartId::Ehcps => "ehcps",
            ChartId::Waterfall => "waterfall",
            ChartId::FanDeficit => "fan-deficit",
            ChartId::FanBalance => "fan-balance",
            ChartId::Tornado => "tornado",
            ChartId::Compare => "compare",
            ChartId::Room => "room",
            ChartId::Backcast => "backcast",
            ChartId::Hindcast => "hindcast",
        }
    }

    /// By its name; none for a name no chart has.
    pub fn from_name(name: &str) -> Option<ChartId> {
        ChartId::ALL.into_iter().find(|c| c.name() == name)
    }

    /// A chart of one projection ([`ChartId::MAIN`]): spend against income
    /// with the goal's first year marked (`goal`: its projection year and
    /// financial year), the deficit, EHCPs by setting, and the waterfall
    /// from the levers' attribution (none until it is worked out). None
    /// for a chart that is not of a projection.
    pub fn of_projection(
        self,
        run: &Run,
        goal: Option<(usize, &str)>,
        attribution: Option<&Attribution>,
    ) -> Option<Chart> {
        match self {
            ChartId::Spend => {
                let mut c = spend(run);
                if let Some((t, year)) = goal {
                    mark_goal(&mut c, t, year);
                }
                Some(c)
            }
            ChartId::Deficit => Some(deficit(run)),
            ChartId::Ehcps => Some(ehcps(run)),
            ChartId::Waterfall => {
                attribution.map(|a| waterfall(a, &run.scenario.metrics.final_year))
            }
            _ => None,
        }
    }
}

/// A chart: its drawing, its words and its table.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub id: ChartId,
    pub title: String,
    /// One or two sentences saying what the chart shows, for everyone.
    pub summary: String,
    pub drawing: Drawing,
    pub table: Table,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

fn years(run: &Run) -> Vec<String> {
    run.scenario.years.iter().map(|y| y.year.clone()).collect()
}

/// Lines in pounds, with no band, stack or goal.
pub(crate) fn pound_lines(years: Vec<String>, series: Vec<Series>) -> Drawing {
    Drawing::Lines(LineChart {
        years,
        unit: Unit::Pounds,
        series,
        stacked: false,
        band: None,
        goal: None,
    })
}

fn line_table(years: &[String], series: &[Series], unit: Unit) -> Table {
    let suffix = match unit {
        Unit::Pounds => " (£m)",
        Unit::Count => "",
    };
    Table {
        headers: std::iter::once("Year".to_string())
            .chain(series.iter().map(|s| format!("{}{suffix}", s.name)))
            .collect(),
        rows: years
            .iter()
            .enumerate()
            .map(|(t, y)| {
                std::iter::once(y.clone())
                    .chain(series.iter().map(|s| match unit {
                        Unit::Pounds => format::millions(s.values[t]),
                        Unit::Count => format::count(s.values[t]),
                    }))
                    .collect()
            })
            .collect(),
    }
}

fn lines(
    id: ChartId,
    title: &str,
    summary: String,
    run: &Run,
    unit: Unit,
    series: Vec<Series>,
    stacked: bool,
) -> Chart {
    let years = years(run);
    let mut table = line_table(&years, &series, unit);
    if stacked {
        table.headers.push("Total".into());
        for (t, row) in table.rows.iter_mut().enumerate() {
            row.push(format::count(series.iter().map(|s| s.values[t]).sum()));
        }
    }
    Chart {
        id,
        title: title.into(),
        summary,
        drawing: Drawing::Lines(LineChart {
            years,
            unit,
            series,
            stacked,
            band: None,
            goal: None,
        }),
        table,
    }
}

/// Spend against income, with the unmitigated spend.
pub fn spend(run: &Run) -> Chart {
    let plan: Vec<f64> = run.scenario.years.iter().map(|y| y.spend_pounds).collect();
    let base: Vec<f64> = run.baseline.years.iter().map(|y| y.spend_pounds).collect();
    let income: Vec<f64> = run.scenario.years.iter().map(|y| y.income_pounds).collect();
    let m = &run.scenario.metrics;
    let last = run.horizon;
    let gap = income[last] - plan[last];
    let balance = if gap >= 0.0 {
        format!("an in-year surplus of {}", format::pounds(gap))
    } else {
        format!("an in-year overspend of {}", format::pounds(-gap))
    };
    let summary = format!(
        "With this plan, High Needs spend goes from {} in {} to {} in {} (with no plan: {}), against income of {}: {balance}.",
        format::pounds(plan[0]),
        run.base_year,
        format::pounds(m.final_spend_pounds),
        m.final_year,
        format::pounds(base[last]),
        format::pounds(income[last]),
    );
    lines(
        ChartId::Spend,
        "High Needs spend against income",
        summary,
        run,
        Unit::Pounds,
        vec![
            Series {
                name: "Spend with this plan".into(),
                values: plan,
                stroke: Stroke::Solid,
                colour: BLUE,
            },
            Series {
                name: "Spend with no plan".into(),
                values: base,
                stroke: Stroke::Dashed,
                colour: VERMILLION,
            },
            Series {
                name: "Income with this plan".into(),
                values: income,
                stroke: Stroke::Dotted,
                colour: GREEN,
            },
        ],
        false,
    )
}

/// What the council carries (the cumulative DSG deficit less the High
/// Needs Stability Grant), with the unmitigated line; where the grant is
/// paid, the deficit before it too, so the grant shows as the gap.
pub fn deficit(run: &Run) -> Chart {
    let plan: Vec<f64> = run
        .scenario
        .years
        .iter()
        .map(|y| y.deficit_after_grant_pounds)
        .collect();
    let base: Vec<f64> = run
        .baseline
        .years
        .iter()
        .map(|y| y.deficit_after_grant_pounds)
        .collect();
    let m = &run.scenario.metrics;
    let grant_year = run
        .scenario
        .years
        .iter()
        .find(|y| y.stability_grant_pounds > 0.0)
        .map(|y| y.year.clone());
    let mut summary = format!(
        "What the council carries reaches {} by the end of {} with this plan, against {} with no plan.",
        format::pounds(m.deficit_at_horizon_pounds),
        m.final_year,
        format::pounds(run.baseline.metrics.deficit_at_horizon_pounds),
    );
    let mut series = vec![
        Series {
            name: "Carried with this plan".into(),
            values: plan,
            stroke: Stroke::Solid,
            colour: BLUE,
        },
        Series {
            name: "Carried with no plan".into(),
            values: base,
            stroke: Stroke::Dashed,
            colour: VERMILLION,
        },
    ];
    if let Some(year) = &grant_year {
        summary += &format!(
            " The High Needs Stability Grant of {} in {year} takes 90% of the deficit at 31 March 2026 off it; the dotted line is the deficit without the grant.",
            format::pounds(m.stability_grant_pounds)
        );
        series.push(Series {
            name: "Before the grant, this plan".into(),
            values: run
                .scenario
                .years
                .iter()
                .map(|y| y.deficit_pounds)
                .collect(),
            stroke: Stroke::Dotted,
            colour: GREY,
        });
    }
    lines(
        ChartId::Deficit,
        "What the council carries: the DSG deficit after the High Needs Stability Grant",
        summary,
        run,
        Unit::Pounds,
        series,
        false,
    )
}

/// EHCPs by setting with this plan, stacked.
pub fn ehcps(run: &Run) -> Chart {
    let first = &run.scenario.years[0];
    let last = &run.scenario.years[run.horizon];
    let series: Vec<Series> = first
        .settings
        .iter()
        .enumerate()
        .map(|(s, setting)| Series {
            name: setting.name.clone(),
            values: run
                .scenario
                .years
                .iter()
                .map(|y| y.settings[s].ehcps)
                .collect(),
            stroke: Stroke::Solid,
            colour: PALETTE[s % PALETTE.len()],
        })
        .collect();
    let summary = format!(
        "With this plan, EHCPs go from {} in {} to {} in {} (with no plan: {}); the share in mainstream schools from {} to {}.",
        format::count(first.ehcps),
        first.year,
        format::count(last.ehcps),
        last.year,
        format::count(run.baseline.metrics.final_ehcps),
        format::percent(first.mainstream_share),
        format::percent(last.mainstream_share),
    );
    lines(
        ChartId::Ehcps,
        "EHCPs by setting with this plan",
        summary,
        run,
        Unit::Count,
        series,
        true,
    )
}

/// Short lever names for the waterfall's axis.
pub fn short_name(lever: &str) -> &'static str {
    LeverId::from_id(lever).map_or("Other", |l| l.spec().short)
}

/// The levers set, biggest saving first (an insertion sort: eight items at
/// most, and the library sort would add kilobytes of wasm for them).
pub fn by_saving(att: &Attribution) -> Vec<&hne_model::attribution::LeverShare> {
    let mut out: Vec<&hne_model::attribution::LeverShare> = Vec::new();
    for l in &att.levers {
        let at = out
            .iter()
            .position(|b| l.deficit_pounds < b.deficit_pounds)
            .unwrap_or(out.len());
        out.insert(at, l);
    }
    out
}

/// From the unmitigated to the mitigated deficit at the horizon, lever by lever.
pub fn waterfall(att: &Attribution, final_year: &str) -> Chart {
    let mut bars = vec![Bar {
        label: "No plan".into(),
        from: 0.0,
        to: att.baseline_deficit_pounds,
        total: true,
    }];
    let mut level = att.baseline_deficit_pounds;
    let mut rows = vec![vec![
        "Deficit with no plan".to_string(),
        format::millions(att.baseline_deficit_pounds),
    ]];
    for l in &att.levers {
        bars.push(Bar {
            label: short_name(&l.lever).into(),
            from: level,
            to: level + l.deficit_pounds,
            total: false,
        });
        level += l.deficit_pounds;
        rows.push(vec![l.name.clone(), format::millions(l.deficit_pounds)]);
    }
    bars.push(Bar {
        label: "With this plan".into(),
        from: 0.0,
        to: att.scenario_deficit_pounds,
        total: true,
    });
    rows.push(vec![
        "Deficit with this plan".to_string(),
        format::millions(att.scenario_deficit_pounds),
    ]);
    let total = att.scenario_deficit_pounds - att.baseline_deficit_pounds;
    let summary = if att.levers.is_empty() {
        format!(
            "No lever is set: the deficit at the end of {final_year} is {}, as with no plan.",
            format::pounds(att.baseline_deficit_pounds)
        )
    } else {
        let parts: Vec<String> = by_saving(att)
            .iter()
            .map(|l| {
                let word = if l.deficit_pounds <= 0.0 {
                    "saves"
                } else {
                    "adds"
                };
                format!(
                    "{} {word} {}",
                    short_name(&l.lever).to_ascii_lowercase(),
                    format::pounds(l.deficit_pounds.abs())
                )
            })
            .collect();
        format!(
            "The plan changes the deficit at the end of {final_year} by {} {}: {}.",
            format::pounds(total.abs()),
            if total <= 0.0 { "less" } else { "more" },
            parts.join(", ")
        )
    };
    Chart {
        id: ChartId::Waterfall,
        title: format!(
            "From no plan to this plan: the deficit at the end of {final_year}, by lever"
        ),
        summary,
        drawing: Drawing::Waterfall(Waterfall {
            bars,
            reference: None,
        }),
        table: Table {
            headers: vec!["Step".into(), "Change in deficit (£m)".into()],
            rows,
        },
    }
}

/// Saved scenarios side by side: the cumulative deficit of each.
pub fn compare(plans: &[(String, Run)]) -> Chart {
    let strokes = [Stroke::Solid, Stroke::Dashed, Stroke::Dotted, Stroke::Solid];
    let colours = [BLUE, VERMILLION, GREEN, (204, 121, 167)];
    let years: Vec<String> = plans
        .first()
        .map(|(_, r)| r.scenario.years.iter().map(|y| y.year.clone()).collect())
        .unwrap_or_default();
    let series: Vec<Series> = plans
        .iter()
        .enumerate()
        .map(|(i, (name, r))| Series {
            name: name.clone(),
            values: r
                .scenario
                .years
                .iter()
                .map(|y| y.deficit_after_grant_pounds)
                .collect(),
            stroke: strokes[i % 4],
            colour: colours[i % 4],
        })
        .collect();
    // Years may differ between authorities: the table and lines use the
    // first plan's years, and a shorter plan's line stops where it ends.
    let n = years.len();
    let series: Vec<Series> = series
        .into_iter()
        .map(|mut s| {
            let last = s.values.last().copied().unwrap_or(0.0);
            s.values.resize(n, last);
            s
        })
        .collect();
    let summary = plans
        .iter()
        .map(|(name, r)| {
            format!(
                "{name}: {} by the end of {}",
                format::pounds(r.scenario.metrics.deficit_at_horizon_pounds),
                r.scenario.metrics.final_year
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let table = line_table(&years, &series, Unit::Pounds);
    Chart {
        id: ChartId::Compare,
        title: "Cumulative deficit, saved scenarios compared".into(),
        summary: format!("{summary}."),
        drawing: pound_lines(years, series),
        table,
    }
}

/// A workshop's room: each participant's in-year balance against the
/// unmitigated one (every plan shares its figures) and the goal.
pub fn room(plans: &[(String, &Run)], goal_t: usize) -> Option<Chart> {
    let first = plans.first()?.1;
    let balance = |p: &hne_model::output::Projection| -> Vec<f64> {
        p.years.iter().map(|y| y.balance_pounds).collect()
    };
    let strokes = [Stroke::Solid, Stroke::Dotted];
    let mut series = vec![Series {
        name: "No plan".into(),
        values: balance(&first.baseline),
        stroke: Stroke::Dashed,
        colour: (110, 110, 110),
    }];
    let n = series[0].values.len();
    series.extend(plans.iter().enumerate().map(|(i, (who, run))| {
        let mut values = balance(&run.scenario);
        let last = values.last().copied().unwrap_or(0.0);
        values.resize(n, last);
        Series {
            name: format!("{}. {who}", i + 1),
            values,
            stroke: strokes[(i / 6) % 2],
            colour: PALETTE[[0, 5, 3, 4, 1, 2][i % 6]],
        }
    }));
    let meets = plans
        .iter()
        .filter(|(_, r)| {
            r.scenario
                .years
                .iter()
                .filter(|y| y.t >= goal_t)
                .all(|y| y.balance_pounds >= 0.0)
        })
        .count();
    let years = years(first);
    let goal_year = years.get(goal_t).cloned().unwrap_or_default();
    let mut chart = Chart {
        id: ChartId::Room,
        title: "In-year balance: every plan in the room".into(),
        summary: format!(
            "{} of {} plans bring the High Needs Block into balance from {goal_year} and every year after. \
             Above zero, income covers spending (a surplus); below, spending outruns it. \
             Grey dashes: no plan, {} in {}.",
            meets,
            plans.len(),
            format::balance(first.baseline.metrics.final_balance_pounds),
            first.baseline.metrics.final_year,
        ),
        table: line_table(&years, &series, Unit::Pounds),
        drawing: pound_lines(years, series),
    };
    mark_goal(&mut chart, goal_t, &goal_year);
    Some(chart)
}

/// Which fan: the cumulative deficit or the in-year balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fan {
    Deficit,
    Balance,
}

/// A fan chart from the Monte Carlo: the P10 to P90 band, the middle run
/// and the unmitigated line at central assumptions.
pub fn fan(u: &Uncertainty, which: Fan) -> Chart {
    let pick = |y: &YearBand| match which {
        Fan::Deficit => y.deficit_pounds,
        Fan::Balance => y.balance_pounds,
    };
    let years: Vec<String> = u.years.iter().map(|y| y.year.clone()).collect();
    let low: Vec<f64> = u.years.iter().map(|y| pick(y).p10).collect();
    let mid: Vec<f64> = u.years.iter().map(|y| pick(y).p50).collect();
    let high: Vec<f64> = u.years.iter().map(|y| pick(y).p90).collect();
    let base: Vec<f64> = u
        .years
        .iter()
        .map(|y| match which {
            Fan::Deficit => y.baseline_deficit_pounds,
            Fan::Balance => y.baseline_balance_pounds,
        })
        .collect();
    // The plan at central assumptions: the headline figures, so a reader
    // sees where they sit in the band.
    let central: Vec<f64> = u
        .years
        .iter()
        .map(|y| match which {
            Fan::Deficit => y.central_deficit_pounds,
            Fan::Balance => y.central_balance_pounds,
        })
        .collect();
    let last = u.years.len() - 1;
    let final_year = &u.years[last].year;
    let runs = format::count(u.runs as f64);
    let (id, title, summary) = match which {
        Fan::Deficit => (
            ChartId::FanDeficit,
            "Cumulative deficit: the range of likely outcomes".to_string(),
            format!(
                "Across {runs} runs with the assumptions drawn from their ranges, the likely range (the middle 8 in 10) puts the deficit at the end of {final_year} between {} and {} (middle run {}). At central assumptions (the headline figure) it is {} with this plan and {} with no plan.",
                format::pounds(low[last]),
                format::pounds(high[last]),
                format::pounds(mid[last]),
                format::pounds(central[last]),
                format::pounds(base[last]),
            ),
        ),
        Fan::Balance => {
            let words = |v: f64| {
                if v >= 0.0 {
                    format!("a surplus of {}", format::pounds(v))
                } else {
                    format!("an overspend of {}", format::pounds(-v))
                }
            };
            (
                ChartId::FanBalance,
                "In-year balance: the range of likely outcomes".to_string(),
                format!(
                    "Across {runs} runs, the likely range (the middle 8 in 10) puts the in-year balance in {final_year} between {} and {} (middle run: {}). At central assumptions (the headline figure): {} with this plan, {} with no plan.",
                    words(low[last]),
                    words(high[last]),
                    words(mid[last]),
                    words(central[last]),
                    words(base[last]),
                ),
            )
        }
    };
    let mut rows = Vec::with_capacity(years.len());
    for (t, y) in years.iter().enumerate() {
        let mut row = vec![
            y.clone(),
            format::millions(low[t]),
            format::millions(mid[t]),
            format::millions(high[t]),
            format::millions(central[t]),
            format::millions(base[t]),
        ];
        if which == Fan::Balance {
            row.push(format::percent(u.years[t].probability_balanced));
        }
        rows.push(row);
    }
    let mut headers: Vec<String> = [
        "Year",
        "Low: 1 in 10 runs below (£m)",
        "Middle run (£m)",
        "High: 1 in 10 runs above (£m)",
        "With this plan, central (£m)",
        "No plan, central (£m)",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    if which == Fan::Balance {
        headers.push("Chance of balance".into());
    }
    Chart {
        id,
        title,
        summary,
        drawing: Drawing::Lines(LineChart {
            years,
            unit: Unit::Pounds,
            series: vec![
                Series {
                    name: "Middle run".into(),
                    values: mid,
                    stroke: Stroke::Solid,
                    colour: BLUE,
                },
                Series {
                    name: "With this plan, central assumptions".into(),
                    values: central,
                    stroke: Stroke::Dotted,
                    colour: GREEN,
                },
                Series {
                    name: "No plan, central assumptions".into(),
                    values: base,
                    stroke: Stroke::Dashed,
                    colour: VERMILLION,
                },
            ],
            stacked: false,
            band: Some(Band {
                name: "Likely range: the middle 8 in 10 runs".into(),
                low,
                high,
                colour: BLUE,
            }),
            goal: None,
        }),
        table: Table { headers, rows },
    }
}

/// A short label for a tornado bar: the axis has room for about 24 letters.
fn short_assumption(id: &str, name: &str) -> String {
    let short = match id {
        "new_plan_growth" => "New EHCPs growth",
        "cost_inflation" => "Cost inflation",
        "funding_growth" => "Funding growth",
        "schools_block_growth" => "Schools block growth",
        "delivery" => "Delivery of the plan",
        "leaving" => "Plans ending each year",
        "specialist_drift" => "Moves out of mainstream",
        "independent_drift" => "Moves to independent",
        _ => "",
    };
    if !short.is_empty() {
        return short.into();
    }
    let name = name
        .strip_prefix("Unit-cost inflation: ")
        .map(|s| format!("Costs: {s}"))
        .unwrap_or_else(|| name.to_string());
    if name.chars().count() > 24 {
        name.chars().take(23).collect::<String>() + "…"
    } else {
        name
    }
}

/// The tornado: how far the deficit at the horizon moves when each
/// assumption alone goes from its low to its high, largest first.
pub fn tornado(t: &Tornado, final_year: &str) -> Chart {
    let bars: Vec<Bar> = t
        .bars
        .iter()
        .map(|b| Bar {
            label: short_assumption(&b.assumption, &b.name),
            from: b.deficit_at_low_pounds,
            to: b.deficit_at_high_pounds,
            total: false,
        })
        .collect();
    let rows = t
        .bars
        .iter()
        .map(|b| {
            let pct = |v: f64| format!("{}%", crate::assumptions::shown(v));
            vec![
                b.name.clone(),
                pct(b.low),
                format::millions(b.deficit_at_low_pounds),
                pct(b.high),
                format::millions(b.deficit_at_high_pounds),
                format::millions(b.swing_pounds),
            ]
        })
        .collect();
    let summary = match t.bars.first() {
        Some(top) if top.swing_pounds > 0.0 => format!(
            "The deficit at the end of {final_year} ({} at central assumptions) is most sensitive to {}: from its low to its high it moves the deficit by {}.{}",
            format::pounds(t.central_deficit_pounds),
            format::lower_first(&top.name),
            format::pounds(top.swing_pounds),
            t.bars
                .get(1)
                .map(|b| format!(
                    " Next: {}, {}.",
                    format::lower_first(&b.name),
                    format::pounds(b.swing_pounds)
                ))
                .unwrap_or_default()
        ),
        _ => format!(
            "Every assumption is fixed (low, central and high are the same): the deficit at the end of {final_year} is {}.",
            format::pounds(t.central_deficit_pounds)
        ),
    };
    Chart {
        id: ChartId::Tornado,
        title: format!("What the deficit in {final_year} is most sensitive to"),
        summary,
        drawing: Drawing::Waterfall(Waterfall {
            bars,
            reference: Some(t.central_deficit_pounds),
        }),
        table: Table {
            headers: [
                "Assumption",
                "Low",
                "Deficit at low (£m)",
                "High",
                "Deficit at high (£m)",
                "Swing (£m)",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            rows,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hne_model::{attribution::attribute, examples, presets, project, Model};

    fn dbv() -> (Run, Attribution) {
        let mut sc = examples::by_name("example").unwrap();
        sc.levers = presets::levers("dbv").unwrap();
        let model = Model::new(&sc).unwrap();
        (project(&sc).unwrap(), attribute(&model))
    }

    #[test]
    fn line_charts_carry_every_year_and_their_table_matches() {
        let (run, _) = dbv();
        for chart in [spend(&run), deficit(&run), ehcps(&run)] {
            let Drawing::Lines(l) = &chart.drawing else {
                panic!()
            };
            assert_eq!(l.years.len(), run.horizon + 1);
            assert_eq!(chart.table.rows.len(), run.horizon + 1);
            for s in &l.series {
                assert_eq!(s.values.len(), run.horizon + 1);
            }
        }
        let d = deficit(&run);
        let last = d.table.rows.last().unwrap();
        assert_eq!(
            last[1],
            format::millions(run.scenario.metrics.deficit_at_horizon_pounds)
        );
        assert!(d.summary.contains(&format::pounds(
            run.baseline.metrics.deficit_at_horizon_pounds
        )));
        let e = ehcps(&run);
        assert_eq!(
            e.table.rows[0].last().unwrap(),
            &format::count(run.scenario.years[0].ehcps)
        );
    }

    #[test]
    fn the_waterfall_steps_add_up_to_the_plan() {
        let (run, att) = dbv();
        let w = waterfall(&att, &run.scenario.metrics.final_year);
        let Drawing::Waterfall(wf) = &w.drawing else {
            panic!()
        };
        assert_eq!(wf.bars.len(), att.levers.len() + 2);
        let end_of_steps = wf.bars[wf.bars.len() - 2].to;
        let plan = wf.bars.last().unwrap().to;
        assert!(
            (end_of_steps - plan).abs() < 1.0,
            "{end_of_steps} vs {plan}"
        );
        assert!((plan - run.scenario.metrics.deficit_at_horizon_pounds).abs() < 1.0);
        assert!(w.summary.contains("early support saves"), "{}", w.summary);
    }

    #[test]
    fn fans_carry_the_percentiles_in_order_and_the_tornado_largest_first() {
        use hne_model::uncertainty::{knobs, run_monte_carlo, sensitivity};
        let mut sc = examples::by_name("example").unwrap();
        sc.levers = presets::levers("dbv").unwrap();
        let model = Model::new(&sc).unwrap();
        let u = run_monte_carlo(&model, &knobs(&sc), 300, 1, model.horizon);
        let run = hne_model::project(&sc).unwrap();
        for which in [Fan::Deficit, Fan::Balance] {
            let c = fan(&u, which);
            let Drawing::Lines(l) = &c.drawing else {
                panic!()
            };
            let band = l.band.as_ref().unwrap();
            for t in 0..l.years.len() {
                assert!(
                    band.low[t] <= l.series[0].values[t] && l.series[0].values[t] <= band.high[t]
                );
            }
            assert_eq!(c.table.rows.len(), l.years.len());
            assert!(c.summary.contains("Across 300 runs"), "{}", c.summary);
            // The plan at central assumptions is drawn, tabled and named:
            // it is the deterministic projection, the headline figures.
            let central: Vec<f64> = run
                .scenario
                .years
                .iter()
                .map(|y| match which {
                    Fan::Deficit => y.deficit_after_grant_pounds,
                    Fan::Balance => y.balance_pounds,
                })
                .collect();
            assert_eq!(l.series[1].name, "With this plan, central assumptions");
            assert_eq!(l.years.len(), central.len());
            for (drawn, projected) in l.series[1].values.iter().zip(&central) {
                assert!((drawn - projected).abs() <= 1e-6 * projected.abs().max(1.0));
            }
            let last = central.len() - 1;
            assert!(
                c.summary
                    .contains("At central assumptions (the headline figure)")
                    && c.summary.contains(&format::pounds(central[last].abs())),
                "{}",
                c.summary
            );
            assert_eq!(c.table.headers[4], "With this plan, central (£m)");
        }
        let s = sensitivity(&model, &knobs(&sc));
        let t = tornado(&s.tornado, "2032-33");
        let Drawing::Waterfall(w) = &t.drawing else {
            panic!()
        };
        assert_eq!(w.reference, Some(s.tornado.central_deficit_pounds));
        let swings: Vec<f64> = w.bars.iter().map(|b| (b.to - b.from).abs()).collect();
        assert!(swings.windows(2).all(|p| p[0] >= p[1]), "{swings:?}");
        assert!(w.bars.iter().all(|b| b.label.chars().count() <= 24));
        assert!(t.summary.contains("most sensitive to"), "{}", t.summary);
    }
}
