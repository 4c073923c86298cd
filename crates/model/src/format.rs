//! Money and counts the way council papers print them, once for every
//! crate (the page, the command-line tool, the data build's reports): money
//! in £m with one decimal (£k below a million, "£15.3 billion" from a
//! billion), a true minus sign, counts with thousands separators.

/// `£358.0m`, `£545k`, `−£12.3m` (a true minus sign, read as "minus"),
/// `£15.3 billion`.
pub fn pounds(v: f64) -> String {
    if !v.is_finite() {
        return "not available".into();
    }
    let a = v.abs();
    let sign = if v < 0.0 && a >= 0.5 { "−" } else { "" };
    if a >= 999_950_000.0 {
        // GOV.UK style: "£15.3 billion".
        format!("{sign}£{:.1} billion", a / 1e9)
    } else if a >= 999_950.0 {
        let m = format!("{:.1}", a / 1e6);
        let (whole, tenth) = m.split_once('.').unwrap_or((&m, "0"));
        format!("{sign}£{}.{tenth}m", group(whole))
    } else if a >= 1_000.0 {
        format!("{sign}£{:.0}k", a / 1e3)
    } else {
        format!("{sign}£{:.0}", a)
    }
}

/// Millions with one decimal and no symbol, for tables with a "£m" header.
pub fn millions(v: f64) -> String {
    let s = format!("{:.1}", v / 1e6);
    if s == "-0.0" {
        "0.0".into()
    } else {
        s.replacen('-', "−", 1)
    }
}

/// `41.5%` from a share 0.415.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// Thousands separators in a string of digits: "18517" -> "18,517".
pub fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `12,345` (rounded to the nearest whole child).
pub fn count(v: f64) -> String {
    let n = v.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("−{out}")
    } else {
        out
    }
}

/// A difference in money with its sign: `+£1.9m`, `−£540k`.
pub fn signed_pounds(v: f64) -> String {
    let sign = if v < 0.0 && v.abs() >= 0.5 {
        "−"
    } else {
        "+"
    };
    format!("{sign}{}", pounds(v.abs()))
}

/// A difference in per cent, one decimal, with its sign: `+1.4%`, `−5.3%`.
pub fn signed_percent(v: f64) -> String {
    let s = format!("{v:+.1}%");
    if s == "-0.0%" {
        "+0.0%".into()
    } else {
        s.replacen('-', "−", 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negatives_read_the_same_in_money_and_counts() {
        assert_eq!(pounds(-12_300_000.0), "−£12.3m");
        assert_eq!(count(-1_234.0), "−1,234");
        assert_eq!(count(-123.0), "−123");
        assert_eq!(count(123_456.0), "123,456");
        assert_eq!(millions(-0.01), "0.0");
        assert_eq!(millions(-4_000_000.0), "−4.0");
        assert_eq!(pounds(15.3e9), "£15.3 billion");
        assert_eq!(pounds(999_949_999.0), "£999.9m");
        assert_eq!(pounds(545_000.0), "£545k");
        assert_eq!(pounds(f64::NAN), "not available");
        assert_eq!(group("18517"), "18,517");
        assert_eq!(signed_pounds(-540_000.0), "−£540k");
        assert_eq!(signed_pounds(1_900_000.0), "+£1.9m");
        assert_eq!(signed_percent(-5.3), "−5.3%");
        assert_eq!(signed_percent(1.44), "+1.4%");
        assert_eq!(signed_percent(-0.01), "+0.0%");
    }
}
