//! Figures in words and numbers the way council papers print them: money in
//! £m with one decimal (£k below a million), shares in per cent, counts with
//! thousands separators. A difference always carries its sign *and* a word
//! ("lower", "higher"), because colour alone must never carry meaning.

pub use hne_model::format::{count, group, millions, percent, pounds};

/// "Growth in new EHCPs" -> "growth in new EHCPs" (acronyms kept).
pub fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_ascii_lowercase().to_string() + c.as_str())
        .unwrap_or_default()
}

/// "very likely" -> "Very likely".
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

/// Which way is better for a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Lower,
    Higher,
}

/// How a figure compares with its unmitigated value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// "▼ £139.1m lower than unmitigated"
    pub text: String,
    /// "better", "worse" or "same": for a CSS class and for screen readers.
    pub verdict: &'static str,
}

/// Compare money `value` with `baseline`; `better` says which way is good.
pub fn money_change(value: f64, baseline: f64, better: Better) -> Change {
    let diff = value - baseline;
    if diff.abs() < 50_000.0 {
        return Change {
            text: "= same as with no plan".into(),
            verdict: "same",
        };
    }
    let (arrow, word) = if diff < 0.0 {
        ("▼", "lower")
    } else {
        ("▲", "higher")
    };
    let good = (diff < 0.0) == (better == Better::Lower);
    Change {
        text: format!("{arrow} {} {word} than with no plan", pounds(diff.abs())),
        verdict: if good { "better" } else { "worse" },
    }
}

/// An in-year balance in words: "£41.1m overspend", "£2.0m surplus".
/// A cumulative deficit in words: "£218.9m", or "£4.0 billion surplus"
/// when it is negative (a surplus is never a negative deficit).
pub fn deficit(value: f64) -> String {
    if value < -0.5 {
        format!("{} surplus", pounds(-value))
    } else {
        pounds(value.max(0.0))
    }
}

pub fn balance(value: f64) -> String {
    let kind = if value >= 0.0 { "surplus" } else { "overspend" };
    format!("{} {kind}", pounds(value.abs()))
}

/// Compare an in-year balance (negative: an overspend) with its unmitigated
/// value. "Higher" beside "overspend" reads two ways, so this says better
/// or worse and names the unmitigated balance:
/// "▲ £46.4m better than the unmitigated £87.5m overspend".
pub fn balance_change(value: f64, baseline: f64) -> Change {
    let same = money_change(value, baseline, Better::Higher);
    if same.verdict == "same" {
        return same;
    }
    let arrow = if value > baseline { "▲" } else { "▼" };
    Change {
        text: format!(
            "{arrow} {} {} than the {} with no plan",
            pounds((value - baseline).abs()),
            same.verdict,
            balance(baseline)
        ),
        verdict: same.verdict,
    }
}

/// The year of lasting in-year balance in words: "from 2029-30", or "not
/// by 2031-32" (the final year) when it never comes.
pub fn lasting_balance(m: &hne_model::output::Metrics) -> String {
    m.sustained_balance_year.as_ref().map_or_else(
        || format!("not by {}", m.final_year),
        |y| format!("from {y}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money() {
        assert_eq!(pounds(358_012_345.0), "£358.0m");
        assert_eq!(pounds(-12_340_000.0), "−£12.3m");
        assert_eq!(pounds(545_000.0), "£545k");
        assert_eq!(pounds(999_999.0), "£1.0m");
        assert_eq!(pounds(12.0), "£12");
        assert_eq!(pounds(-100.0), "−£100");
        assert_eq!(pounds(-0.2), "£0");
        assert_eq!(pounds(f64::NAN), "not available");
        assert_eq!(pounds(18_517_600_000.0), "£18.5 billion");
        assert_eq!(pounds(-1_234_560_000.0), "−£1.2 billion");
        assert_eq!(pounds(15_332_700_000.0), "£15.3 billion");
        assert_eq!(pounds(999_000_000.0), "£999.0m");
        assert_eq!(deficit(-4_027_500_000.0), "£4.0 billion surplus");
        assert_eq!(deficit(218_900_000.0), "£218.9m");
        assert_eq!(millions(-40_000.0), "0.0");
        assert_eq!(millions(-1_260_000.0), "−1.3");
    }

    #[test]
    fn counts_and_shares() {
        assert_eq!(count(1234567.4), "1,234,567");
        assert_eq!(count(999.6), "1,000");
        assert_eq!(count(-12.0), "−12");
        assert_eq!(percent(0.415), "41.5%");
    }

    #[test]
    fn changes_say_which_way_in_words() {
        let c = money_change(218.9e6, 358.0e6, Better::Lower);
        assert_eq!(c.text, "▼ £139.1m lower than with no plan");
        assert_eq!(c.verdict, "better");
        let c = money_change(-5e6, -20e6, Better::Higher);
        assert_eq!(c.text, "▲ £15.0m higher than with no plan");
        assert_eq!(c.verdict, "better");
        let c = money_change(10e6, 5e6, Better::Lower);
        assert_eq!(c.verdict, "worse");
        assert_eq!(money_change(1.0, 2.0, Better::Lower).verdict, "same");
    }

    #[test]
    fn a_balance_change_says_better_or_worse_and_names_the_unmitigated_balance() {
        let c = balance_change(-41.1e6, -87.5e6);
        assert_eq!(
            c.text,
            "▲ £46.4m better than the £87.5m overspend with no plan"
        );
        assert_eq!(c.verdict, "better");
        let c = balance_change(-3e6, 2e6);
        assert_eq!(c.text, "▼ £5.0m worse than the £2.0m surplus with no plan");
        assert_eq!(c.verdict, "worse");
        assert_eq!(balance_change(1e6, 1.01e6).verdict, "same");
    }
}
