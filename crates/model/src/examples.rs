//! Built-in example data, every figure with its source and every estimate
//! marked as one (`authority.sources`).
//!
//! - `example`: "Example Borough (illustrative)", a realistic authority of
//!   about 4,300 EHCPs whose special schools are full; the app opens on it.
//! - `england`: national totals (SEN2, Department for Education, IFS).
//! - `cambridgeshire`: Cambridgeshire 2021/22 from its July 2022 Schools Forum
//!   paper, with its 2016/17 to 2021/22 history; settings split by national
//!   shares (estimated).
//!
//! The three share one set of flows (placement mix, transitions, cease and
//! escalation rates) and one banded cost structure, both estimates from
//! national figures and scaled by a price factor per base year.

use crate::map::Map;

use crate::schema::*;

/// Names of the built-in examples, the default first.
pub const NAMES: [&str; 3] = ["example", "england", "cambridgeshire"];

/// A built-in scenario by name.
pub fn by_name(name: &str) -> Option<Scenario> {
    match name {
        "example" => Some(example_borough()),
        "england" => Some(england()),
        "cambridgeshire" => Some(cambridgeshire()),
        _ => None,
    }
}

/// One line describing each example, for menus and `hne example --list`.
pub fn describe(name: &str) -> &'static str {
    match name {
        "example" => {
            "Example Borough (illustrative): a typical authority of about 4,300 EHCPs, 2026-27"
        }
        "england" => "England: national totals, 2024-25",
        "cambridgeshire" => {
            "Cambridgeshire 2021/22: Schools Forum figures with six years of history"
        }
        _ => "",
    }
}

/// National shares of EHCPs by setting kind: 2022 regional table total
/// (mainstream 41.5%, resourced 4.9%, special 33.8%), the rest estimated.
const NATIONAL_SHARES: [(&str, f64); 7] = [
    ("mainstream", 0.415),
    ("resourced", 0.049),
    ("special", 0.338),
    ("independent", 0.055),
    ("post16", 0.105),
    ("alternative", 0.010),
    ("other", 0.028),
];

fn band(name: &str, value: f64, share: f64) -> Band {
    Band {
        name: name.into(),
        value_pounds: value.round(),
        share,
    }
}

/// The standard settings (the built-in examples' and the published authorities' band shapes) at 2024-25 prices times `price` (top-ups only: the
/// £10,000 place value has stayed fixed).
pub fn standard_settings(price: f64) -> Vec<Setting> {
    let p = |v: f64| v * price;
    let s = |id: &str, name: &str, kind, place, bands| Setting {
        id: id.into(),
        name: String::from(name),
        kind,
        place_pounds: place,
        bands,
        banded: None,
    };
    vec![
        s(
            "mainstream",
            "Mainstream schools",
            Kind::Mainstream,
            0.0,
            vec![
                band("Band A", p(2500.0), 0.30),
                band("Band B", p(5500.0), 0.35),
                band("Band C", p(9000.0), 0.25),
                band("Band D", p(15000.0), 0.10),
            ],
        ),
        s(
            "resourced",
            "Resourced provision and SEN units",
            Kind::Resourced,
            10000.0,
            vec![
                band("Band 1", p(5000.0), 0.40),
                band("Band 2", p(8000.0), 0.40),
                band("Band 3", p(13000.0), 0.20),
            ],
        ),
        s(
            "special",
            "State special schools",
            Kind::Special,
            10000.0,
            vec![
                band("Band 1", p(8000.0), 0.30),
                band("Band 2", p(13000.0), 0.35),
                band("Band 3", p(21000.0), 0.25),
                band("Band 4", p(32000.0), 0.10),
            ],
        ),
        s(
            "independent",
            "Independent and non-maintained special schools",
            Kind::Independent,
            0.0,
            vec![band("Average fee", p(64000.0), 1.0)],
        ),
        s(
            "post16",
            "Further education and sixth-form colleges",
            Kind::Post16,
            6000.0,
            vec![
                band("Band 1", p(3000.0), 0.40),
                band("Band 2", p(6000.0), 0.40),
                band("Band 3", p(10000.0), 0.20),
            ],
        ),
        s(
            "alternative",
            "Alternative provision and pupil referral units",
            Kind::Alternative,
            10000.0,
            vec![band("Top-up", p(11000.0), 1.0)],
        ),
        s(
            "other",
            "Education otherwise than at school (EOTAS), early years and other",
            Kind::Other,
            0.0,
            vec![band("Average package", p(8000.0), 1.0)],
        ),
    ]
}

fn mix(entries: &[(&str, f64)]) -> Map<f64> {
    let mut m = Map::new();
    for (k, v) in entries {
        m.insert(k.to_string(), *v);
    }
    m
}

fn rows(entries: &[(&str, &[(&str, f64)])]) -> Map<Map<f64>> {
    let mut m = Map::new();
    for (from, row) in entries {
        m.insert(from.to_string(), mix(row));
    }
    m
}

/// Caseload totals by setting from a total and the national shares.
fn caseload(total: f64) -> Map<Caseload> {
    let mut m = Map::new();
    for (id, share) in NATIONAL_SHARES.iter() {
        m.insert(id.to_string(), Caseload::Total((total * share).round()));
    }
    m
}

/// New plans by phase from a yearly total: peaks at 5-6 and 11-12.
fn new_plans(total: f64) -> PerPhase<f64> {
    PerPhase::from_array([0.22, 0.40, 0.25, 0.11, 0.02].map(|s| (total * s).round()))
}

/// An authority with the shared flows and the given figures.
fn authority(name: &str, base_year: i32, total_ehcps: f64, new: f64, price: f64) -> Authority {
    Authority {
        name: name.into(),
        base_year,
        settings: standard_settings(price),
        caseload: caseload(total_ehcps),
        new_plans: new_plans(new),
        placement_mix: PerPhase {
            u5: mix(&[
                ("mainstream", 0.55),
                ("resourced", 0.05),
                ("special", 0.25),
                ("independent", 0.02),
                ("other", 0.13),
            ]),
            p: mix(&[
                ("mainstream", 0.60),
                ("resourced", 0.07),
                ("special", 0.25),
                ("independent", 0.05),
                ("alternative", 0.01),
                ("other", 0.02),
            ]),
            s: mix(&[
                ("mainstream", 0.45),
                ("resourced", 0.05),
                ("special", 0.30),
                ("independent", 0.12),
                ("alternative", 0.05),
                ("other", 0.03),
            ]),
            f: mix(&[
                ("mainstream", 0.15),
                ("post16", 0.60),
                ("special", 0.10),
                ("independent", 0.10),
                ("other", 0.05),
            ]),
            a: mix(&[("post16", 0.80), ("independent", 0.10), ("other", 0.10)]),
        },
        cease_rate: PerPhase::from_array([0.03, 0.02, 0.03, 0.10, 0.15]),
        ageing: PerPhase::from_array([0.5, 1.0 / 6.0, 0.2, 0.25, 1.0 / 6.0]),
        transitions: Transitions {
            u5: rows(&[(
                "other",
                &[("mainstream", 0.7), ("resourced", 0.1), ("special", 0.2)],
            )]),
            p: rows(&[
                (
                    "mainstream",
                    &[
                        ("mainstream", 0.92),
                        ("resourced", 0.03),
                        ("special", 0.03),
                        ("independent", 0.02),
                    ],
                ),
                (
                    "resourced",
                    &[("resourced", 0.7), ("mainstream", 0.2), ("special", 0.1)],
                ),
            ]),
            s: rows(&[
                (
                    "mainstream",
                    &[("post16", 0.6), ("mainstream", 0.35), ("other", 0.05)],
                ),
                (
                    "resourced",
                    &[("post16", 0.6), ("resourced", 0.2), ("special", 0.2)],
                ),
                (
                    "special",
                    &[("special", 0.85), ("post16", 0.1), ("independent", 0.05)],
                ),
                (
                    "independent",
                    &[("independent", 0.85), ("post16", 0.1), ("special", 0.05)],
                ),
                ("alternative", &[("post16", 0.7), ("other", 0.3)]),
            ]),
            f: rows(&[
                ("mainstream", &[("post16", 0.8), ("other", 0.2)]),
                ("resourced", &[("post16", 0.8), ("other", 0.2)]),
                (
                    "special",
                    &[("post16", 0.6), ("independent", 0.25), ("other", 0.15)],
                ),
                ("alternative", &[("post16", 0.5), ("other", 0.5)]),
            ]),
        },
        escalation: PerPhase::from_array([0.02, 0.02, 0.03, 0.01, 0.0]),
        escalation_to_independent: PerPhase::from_array([0.05, 0.15, 0.35, 0.25, 0.25]),
        special_capacity: None,
        other_spend: Vec::new(),
        funding: Funding {
            hnb_allocation_pounds: 0.0,
            allocation_overrides: Map::new(),
            schools_block_pounds: 0.0,
            other_income: Map::new(),
            ..Default::default()
        },
        deficit: Deficit {
            opening_pounds: 0.0,
            safety_valve: Map::new(),
            contributions: Map::new(),
            other_dsg_adjustments: Map::new(),
            ..Default::default()
        },
        history: Vec::new(),
        sources: shared_sources(),
    }
}

fn src(field: &str, text: &str, estimated: bool) -> Source {
    Source {
        field: field.into(),
        text: text.into(),
        estimated,
    }
}

fn shared_sources() -> Vec<Source> {
    vec![
        src("authority.caseload", "Split by setting with national shares: mainstream 41.5%, resourced 4.9%, special 33.8% (Department for Education SEN2 2022, regional table total); independent 5.5%, post-16 10.5%, AP 1.0%, other 2.8% estimated. Split by phase with the model's default SEN2 phase shares.", true),
        src("authority.settings", "Unit costs: state special about £26,000 and INMSS £64,000 per EHCP a year (Department for Education answers to parliamentary questions, 2023/24 and 2024/25); mainstream top-ups near Lincolnshire's 2022/23 mean of £8,662; £10,000 place funding for special and resourced places. Band tables are illustrative.", true),
        src("authority.new_plans", "Split by phase with peaks at ages 5-6 and 11-12 (\"Delivering Better Value\", a DBV council's Scrutiny Committee, February 2024); the split is estimated.", true),
        src("authority.placement_mix", "Estimated from national shares by setting and the DBV finding that INMSS placements spike at ages 12-15.", true),
        src("authority.cease_rate", "Estimated: 44,862 plans ceased nationally in 2024 against 576,500 plans (about 7.8%, including leavers).", true),
        src("authority.ageing", "Estimated: the share of each age band in its final year, assuming ages are spread evenly.", true),
        src("authority.transitions", "Estimated: most stay in their kind of setting; mainstream pupils mostly move to FE at 16.", true),
        src("authority.escalation", "Estimated: yearly moves from mainstream to specialist settings, highest at secondary age (DBV findings).", true),
        src("assumptions.funding_growth", "Department for Education funding assumption told to councils (2023): 5% a year in 2023-24 and 2024-25, then 3% a year.", false),
        src("assumptions.cost_inflation_by_setting.independent", "INMSS average cost rose from £52,000 (2018/19) to £64,000 (2024/25), about 3.5% a year (Department for Education answers to parliamentary questions).", false),
        src("assumptions.new_plan_growth", "Estimated range; new EHCPs rose from about 66,000 (2021) to 97,747 (2024) nationally.", true),
    ]
}

pub fn standard_assumptions(new_plan_growth: Range, funding_growth: Range) -> Assumptions {
    let mut by_setting = Map::new();
    by_setting.insert("independent".to_string(), Range::new(0.025, 0.035, 0.06));
    Assumptions {
        new_plan_growth,
        cost_inflation: Range::new(0.02, 0.03, 0.045),
        cost_inflation_by_setting: by_setting,
        funding_growth,
        schools_block_growth: Range::new(0.01, 0.02, 0.03),
        leaving: Assumptions::default_leaving(),
        specialist_drift: Assumptions::default_leaving(),
        independent_drift: Assumptions::default_leaving(),
        delivery: Assumptions::default_delivery(),
    }
}

/// The national default ranges every authority had before the hindcast
/// calibrated them (docs/hindcast.md): growth in new plans 0% to 10%,
/// funding growth 1% to 5%.
pub fn national_assumptions() -> Assumptions {
    standard_assumptions(Range::new(0.0, 0.05, 0.10), Range::new(0.01, 0.03, 0.05))
}

fn line(name: &str, amount: f64, inflation: Range) -> SpendLine {
    SpendLine {
        name: name.into(),
        amount_pounds: amount.round(),
        inflation,
    }
}

/// The app's default: an illustrative authority whose special schools are full.
pub fn example_borough() -> Scenario {
    let mut a = authority("Example Borough (illustrative)", 2026, 4300.0, 620.0, 1.06);
    a.special_capacity = Some(1520.0);
    a.other_spend = vec![
        line(
            "SEN support top-ups and outreach",
            3_200_000.0,
            Range::new(0.02, 0.03, 0.05),
        ),
        line(
            "Central SEND services and therapies",
            2_600_000.0,
            Range::new(0.02, 0.03, 0.04),
        ),
        line(
            "Hospital education",
            700_000.0,
            Range::new(0.01, 0.02, 0.03),
        ),
    ];
    a.funding.hnb_allocation_pounds = 74_000_000.0;
    a.funding.schools_block_pounds = 310_000_000.0;
    a.deficit.opening_pounds = 38_000_000.0;
    a.sources.extend([
        src("authority", "An illustrative authority, not a real council: about 4,300 EHCPs at the January 2027 census, comparable to Bristol (3,416 EHCPs in January 2022: Bristol Schools Forum, \"Delivering Better Value in SEND\", 12 January 2023) after four years of national growth.", true),
        src("authority.special_capacity", "Illustrative: state special schools nearly full (1,520 places for about 1,450 pupils), so growth spills into INMSS, as the DBV diagnostics describe.", true),
        src("authority.funding", "Illustrative HNB allocation and schools block for an authority of this size.", true),
        src("authority.deficit.opening_pounds", "Illustrative opening DSG deficit.", true),
    ]);
    Scenario {
        schema: SCHEMA_VERSION,
        name: "Example Borough: unmitigated".into(),
        horizon: 6,
        authority: a,
        assumptions: standard_assumptions(
            Range::new(0.0, 0.05, 0.10),
            Range::new(0.01, 0.03, 0.05),
        ),
        levers: Levers::default(),
        timetable: Timetable::default(),
    }
}

/// England: national totals for 2024-25.
pub fn england() -> Scenario {
    let mut a = authority("England", 2024, 638_700.0, 97_747.0, 1.0);
    a.other_spend = vec![
        line(
            "SEN support, outreach and central services",
            500_000_000.0,
            Range::new(0.02, 0.03, 0.05),
        ),
        line(
            "Hospital education and other",
            200_000_000.0,
            Range::new(0.01, 0.02, 0.03),
        ),
    ];
    a.funding.hnb_allocation_pounds = 10_500_000_000.0;
    a.funding.schools_block_pounds = 47_500_000_000.0;
    a.deficit.opening_pounds = 2_200_000_000.0;
    a.sources.extend([
        src("authority.caseload", "638,700 EHCPs, January 2025 (Department for Education, Education, health and care plans).", false),
        src("authority.new_plans", "97,747 new EHCPs in 2024 (Department for Education, Education, health and care plans).", false),
        src("authority.funding.hnb_allocation_pounds", "High needs funding over £10.5bn in 2024-25 (Department for Education).", false),
        src("assumptions.funding_growth", "Estimated: high needs funding rose from £9.1bn (2022-23) to over £12bn (2025-26), about 10% a year; 6% central, 3% to 8%.", true),
        src("authority.funding.schools_block_pounds", "Schools block about £47.5bn in 2024-25: an estimate.", true),
        src("authority.other_spend", "Other high needs spend lines: estimates.", true),
        src("authority.deficit.opening_pounds", "Estimated so that the modelled deficit at March 2025 is near the £3.3bn of cumulative DSG deficits reported for 2024-25 (IFS); NAO expects £4.3bn to £4.9bn by March 2026.", true),
    ]);
    Scenario {
        schema: SCHEMA_VERSION,
        name: "England: unmitigated".into(),
        horizon: 6,
        authority: a,
        assumptions: standard_assumptions(
            Range::new(0.0, 0.05, 0.10),
            Range::new(0.03, 0.06, 0.08),
        ),
        levers: Levers::default(),
        timetable: Timetable::default(),
    }
}

/// Cambridgeshire's Schools Forum table, July 2022 (£000): year, EHCPs at the
/// January census, HNB budget, expenditure, accumulated DSG deficit.
pub const CAMBRIDGESHIRE_TABLE: [(i32, f64, f64, f64, f64); 6] = [
    (2016, 3429.0, 63001.0, 65701.0, 113.0),
    (2017, 3822.0, 65006.0, 69632.0, 642.0),
    (2018, 4198.0, 68360.0, 77196.0, 7286.0),
    (2019, 4690.0, 71041.0, 82619.0, 16630.0),
    (2020, 5327.0, 76627.0, 89163.0, 26829.0),
    (2021, 6100.0, 85327.0, 100178.0, 39264.0),
];

/// The table as history rows in pounds.
pub fn cambridgeshire_history() -> Vec<HistoryRow> {
    CAMBRIDGESHIRE_TABLE
        .iter()
        .map(|&(year, ehcps, budget, spend, acc)| HistoryRow {
            year,
            ehcps,
            expenditure_pounds: spend * 1000.0,
            funding_pounds: budget * 1000.0,
            cumulative_deficit_pounds: Some(acc * 1000.0),
        })
        .collect()
}

/// Cambridgeshire 2021/22, base year 2021-22.
pub fn cambridgeshire() -> Scenario {
    let (_, ehcps, budget, spend, acc) = CAMBRIDGESHIRE_TABLE[5];
    let (_, _, _, _, acc_prev) = CAMBRIDGESHIRE_TABLE[4];
    let mut a = authority("Cambridgeshire", 2021, ehcps, 900.0, 0.9);
    a.funding.hnb_allocation_pounds = budget * 1000.0;
    a.funding.schools_block_pounds = 380_000_000.0;
    a.deficit.opening_pounds = acc_prev * 1000.0;
    // The accumulated column is the whole DSG: reconcile the base year.
    let d0 = a.deficit.opening_pounds + (spend - budget) * 1000.0;
    a.deficit
        .other_dsg_adjustments
        .insert(year_label(2021), acc * 1000.0 - d0);
    a.history = cambridgeshire_history();
    // Placement spend at the shared unit costs; the rest of the reported
    // expenditure becomes one balancing line, so year 0 matches the table.
    let placements: f64 = a
        .settings
        .iter()
        .map(|s| {
            let n = match a.caseload.get(&s.id) {
                Some(Caseload::Total(v)) => *v,
                _ => 0.0,
            };
            n * s.unit_cost_pounds()
        })
        .sum();
    a.other_spend = vec![line(
        "Other high needs spend (balancing figure)",
        (spend * 1000.0 - placements).max(0.0),
        Range::new(0.02, 0.03, 0.05),
    )];
    a.sources.extend([
        src("authority.caseload", "6,100 EHCPs at the January 2022 census (Cambridgeshire Schools Forum, \"High Needs Block and Safety Valve Update\", 15 July 2022); split by setting with national shares (estimated).", true),
        src("authority.funding.hnb_allocation_pounds", "HNB budget 2021/22 £85,327k (Cambridgeshire Schools Forum, July 2022).", false),
        src("authority.deficit.opening_pounds", "Accumulated deficit at the end of 2020/21, £26,829k (Schools Forum, July 2022).", false),
        src("authority.deficit.other_dsg_adjustments", "Reconciles the HNB overspend with the accumulated DSG deficit of £39,264k at the end of 2021/22 (other DSG balances).", false),
        src("authority.other_spend", "Balancing figure: reported 2021/22 expenditure of £100,178k less placement spend at the estimated unit costs.", true),
        src("authority.new_plans", "About 900 new EHCPs a year: estimated from the growth in plans (773 more in 2021/22) plus ceased plans.", true),
        src("authority.funding.schools_block_pounds", "About £380m: estimated from the 1.8% (£6.6m) and 0.16% (£634k) transfer requests.", true),
        src("assumptions", "From the history (hne calibrate): EHCPs grew 12.2% a year, funding 6.25% and expenditure per EHCP fell 3.0% a year over 2016/17 to 2021/22; central values are estimates within those.", true),
        src("authority.history", "Cambridgeshire Schools Forum, \"High Needs Block and Safety Valve Update\", 15 July 2022: EHCPs, HNB budget, expenditure and accumulated deficit, 2016/17 to 2021/22.", false),
    ]);
    Scenario {
        schema: SCHEMA_VERSION,
        name: "Cambridgeshire 2021/22: unmitigated".into(),
        horizon: 6,
        authority: a,
        assumptions: Assumptions {
            cost_inflation: Range::new(-0.03, 0.0, 0.03),
            ..standard_assumptions(
                Range::new(0.03, 0.08, 0.122),
                Range::new(0.03, 0.0625, 0.08),
            )
        },
        levers: Levers::default(),
        timetable: Timetable::default(),
    }
}
