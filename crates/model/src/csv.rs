//! A small CSV reader: RFC 4180 quoting, CRLF or LF, a leading byte-order mark,
//! and line numbers on every record so errors can say where they are.
//!
//! Our own because the inputs are small tables typed or exported from Excel
//! and LibreOffice, and the one thing we need beyond splitting is the line
//! number of each record, including records with quoted line breaks.

/// One record and the (1-based) line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// Split text into records. Blank lines are skipped. An unterminated quote is
/// an error naming the line where the field began.
pub fn parse(text: &str) -> Result<Vec<Record>, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut quote_line = 0;
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(ch) = chars.next() {
        if in_quotes {
            match ch {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(ch),
            }
            continue;
        }
        match ch {
            '"' if field.is_empty() => {
                in_quotes = true;
                quote_line = line;
                any = true;
            }
            ',' => {
                fields.push(unneutralised(std::mem::take(&mut field)));
                any = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                end_record(&mut records, &mut fields, &mut field, record_line, any);
                any = false;
                line += 1;
                record_line = line;
            }
            _ => {
                field.push(ch);
                any = true;
            }
        }
    }
    if in_quotes {
        return Err((
            quote_line,
            "a quoted field is never closed (a \" is missing)".into(),
        ));
    }
    end_record(&mut records, &mut fields, &mut field, record_line, any);
    Ok(records)
}

fn end_record(
    records: &mut Vec<Record>,
    fields: &mut Vec<String>,
    field: &mut String,
    line: usize,
    any: bool,
) {
    fields.push(unneutralised(std::mem::take(field)));
    let blank = !any && fields.len() == 1 && fields[0].trim().is_empty();
    let only_empty = fields.iter().all(|f| f.trim().is_empty());
    if !blank && !only_empty {
        records.push(Record {
            line,
            fields: std::mem::take(fields),
        });
    }
    fields.clear();
}

/// Quote a field if it needs it, and keep a spreadsheet from running it:
/// text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is
/// a formula to Excel and LibreOffice (OWASP's "CSV injection"), so it gets
/// a leading `'`, which [`parse`] takes off again. Numbers (`-2.5`) are left
/// as they are.
pub fn escape(field: &str) -> String {
    let field = if needs_neutralising(field) {
        format!("'{field}")
    } else {
        field.to_string()
    };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

fn needs_neutralising(field: &str) -> bool {
    field.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && !matches!(number(field), Number::Value(_))
}

/// A field as written, without the `'` that [`escape`] put before a formula.
fn unneutralised(field: String) -> String {
    match field.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => field,
    }
}

/// What a cell holds, read as a number the way people type one.
#[derive(Debug, Clone, PartialEq)]
pub enum Number {
    Value(f64),
    /// Not meant as a number (a name, a word).
    NotANumber,
    /// Looks like a number but cannot be read one way only: what is wrong
    /// and what to write instead.
    Unclear(String),
}

/// The longest part of a cell quoted back in a message.
const QUOTE_CHARS: usize = 40;

/// A cell's text for a message: at most 40 characters.
pub fn quoted(cell: &str) -> String {
    let t = cell.trim();
    if t.chars().count() <= QUOTE_CHARS {
        format!("\"{t}\"")
    } else {
        let head: String = t.chars().take(QUOTE_CHARS).collect();
        format!("\"{head}…\"")
    }
}

/// A number as people type it in a spreadsheet or a council paper:
/// "£65,701", " 3.5 ", "-2", "1 453 000", a percentage ("60%", "2.5 %": a
/// share, 0.6 and 0.025) or money in millions or billions ("£260m",
/// "£1.2bn", "£4.5 million", "750k"). Commas (and spaces) may only
/// separate thousands, in groups of three; a decimal comma ("1453,5",
/// "0,6") or a number that could be read two ways is [`Number::Unclear`],
/// never guessed.
pub fn number(cell: &str) -> Number {
    let t = cell.trim();
    // A scale after the figure: per cent, thousand, million, billion.
    let lower = t.to_ascii_lowercase();
    let scaled = [
        ("%", -2),
        ("billion", 9),
        ("bn", 9),
        ("million", 6),
        ("m", 6),
        ("k", 3),
    ]
    .into_iter()
    .find_map(|(suffix, by)| {
        let head = lower.strip_suffix(suffix)?.trim_end();
        // Only after a digit: "Band m" or "5 km" stay words.
        head.ends_with(|c: char| c.is_ascii_digit() || c == '.')
            .then(|| (t[..head.len()].to_string(), by))
    });
    if let Some((head, places)) = scaled {
        return match plain_number(&head) {
            // The point moved in the decimal text, not a multiplication:
            // "7%" is 0.07, not 0.07000000000000001, and a share shown as a
            // percentage reads back to the very same number.
            Number::Value(v) => Number::Value(
                shift_point(
                    &head
                        .replace('−', "-")
                        .replace(['£', '+', ',', ' ', '\u{a0}', '\u{202f}'], ""),
                    places,
                )
                .and_then(|s| crate::num::parse_f64(&s))
                .unwrap_or(v * 10f64.powi(places)),
            ),
            other => other,
        };
    }
    plain_number(t)
}

/// A plain decimal's text with its point moved `places` to the right (left
/// when negative); `None` for text that is not plain digits and a point.
fn shift_point(text: &str, places: i32) -> Option<String> {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() || !(whole.bytes().chain(fraction.bytes())).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let all = format!("{whole}{fraction}");
    let point = whole.len() as i32 + places;
    let (w, f) = if point <= 0 {
        (
            "0".to_string(),
            format!("{}{all}", "0".repeat((-point) as usize)),
        )
    } else if point as usize >= all.len() {
        (
            format!("{all}{}", "0".repeat(point as usize - all.len())),
            String::new(),
        )
    } else {
        (
            all[..point as usize].to_string(),
            all[point as usize..].to_string(),
        )
    };
    Some(if f.is_empty() {
        format!("{sign}{w}")
    } else {
        format!("{sign}{w}.{f}")
    })
}

/// [`number`] without a scale after it.
fn plain_number(t: &str) -> Number {
    let cell = t;
    let (negative, rest) = match t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
        Some(r) => (true, r.trim_start()),
        None => (false, t),
    };
    let rest = rest.strip_prefix('+').unwrap_or(rest);
    let rest = rest.strip_prefix('£').unwrap_or(rest);
    let (negative, rest) = match rest.strip_prefix('-') {
        Some(r) if !negative => (true, r),
        _ => (negative, rest),
    };
    if rest.is_empty() || !rest.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return Number::NotANumber;
    }
    let is_sep = |c: char| matches!(c, ',' | ' ' | '\u{a0}' | '\u{202f}');
    let numeric = rest
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || is_sep(c) || matches!(c, 'e' | 'E' | '+' | '-'));
    if !numeric {
        return Number::NotANumber;
    }
    let sign = if negative { "-" } else { "" };
    if !rest.contains(is_sep) {
        return match crate::num::parse_f64(&format!("{sign}{rest}")) {
            Some(v) => Number::Value(v),
            None => Number::NotANumber,
        };
    }
    // Separators: only between groups of three digits, before any point.
    let (whole, fraction) = match rest.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (rest, None),
    };
    let groups: Vec<&str> = whole.split(is_sep).collect();
    let fraction_ok =
        fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    let grouped = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && !(groups[0].starts_with('0'))
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3)
        && fraction_ok;
    if grouped {
        let joined: String = groups.concat();
        let text = match fraction {
            Some(f) => format!("{sign}{joined}.{f}"),
            None => format!("{sign}{joined}"),
        };
        return match crate::num::parse_f64(&text) {
            Some(v) => Number::Value(v),
            None => Number::NotANumber,
        };
    }
    let q = quoted(cell);
    // One comma and no point, digits either side: a decimal comma.
    if fraction.is_none() && whole.matches(',').count() == 1 && !whole.contains([' ', '\u{a0}']) {
        let (a, b) = whole.split_once(',').unwrap_or((whole, ""));
        if !a.is_empty()
            && !b.is_empty()
            && a.bytes().all(|c| c.is_ascii_digit())
            && b.bytes().all(|c| c.is_ascii_digit())
        {
            return Number::Unclear(if a.len() + b.len() <= 30 {
                format!(
                    "{q} has a decimal comma: if you mean {sign}{a}.{b}, write it so, with a full stop (commas go only between thousands)"
                )
            } else {
                format!("{q} has a decimal comma: write decimals with a full stop (commas only between thousands)")
            });
        }
    }
    // A point before the commas: written the European way (1.453,5).
    if let Some((w, f)) = rest.rsplit_once(',') {
        if w.contains('.') && f.bytes().all(|c| c.is_ascii_digit()) && !f.is_empty() {
            let whole: String = w.chars().filter(|c| c.is_ascii_digit()).collect();
            return Number::Unclear(if whole.len() + f.len() <= 30 {
                format!("{q} is written with a decimal comma: if you mean {sign}{whole}.{f}, write it so, with a full stop")
            } else {
                format!("{q} is written with a decimal comma: write decimals with a full stop")
            });
        }
    }
    Number::Unclear(format!(
        "{q} is not a number as written: commas may only separate thousands, in groups of three (1,453,000), and a full stop marks the decimals"
    ))
}

/// A number as people type it, or why not, in a sentence.
pub fn parse_number(cell: &str) -> Result<f64, String> {
    match number(cell) {
        Number::Value(v) => Ok(v),
        Number::Unclear(why) => Err(why),
        Number::NotANumber => Err(format!("{} is not a number", quoted(cell))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_crlf_bom_and_line_numbers() {
        let text = "\u{feff}a,b\r\n\"x, y\",\"he said \"\"hi\"\"\"\r\n\r\n\"multi\nline\",2\n3,4";
        let r = parse(text).unwrap();
        assert_eq!(r.len(), 4);
        assert_eq!(r[0].fields, vec!["a", "b"]);
        assert_eq!(r[1].fields, vec!["x, y", "he said \"hi\""]);
        assert_eq!(r[1].line, 2);
        assert_eq!(r[2].fields, vec!["multi\nline", "2"]);
        assert_eq!(r[2].line, 4);
        assert_eq!(r[3].line, 6);
    }

    #[test]
    fn unterminated_quote_names_its_line() {
        assert_eq!(parse("a\n\"b,c\nd").unwrap_err().0, 2);
    }

    #[test]
    fn numbers_as_typed() {
        assert_eq!(parse_number("£65,701"), Ok(65701.0));
        assert_eq!(parse_number(" -2.5 "), Ok(-2.5));
        assert_eq!(parse_number("-£1,200.50"), Ok(-1200.5));
        assert_eq!(parse_number("1 453 000"), Ok(1_453_000.0));
        assert_eq!(parse_number("1,453,000.25"), Ok(1_453_000.25));
        assert_eq!(parse_number("3e6"), Ok(3e6));
        assert!(parse_number("abc").is_err());
        assert!(parse_number("").is_err());
        assert!(parse_number("NaN").is_err());
        assert!(parse_number("inf").is_err());
    }

    #[test]
    fn percentages_and_money_as_council_papers_write_them() {
        assert_eq!(parse_number("60%"), Ok(0.6));
        assert_eq!(parse_number(" 2.5 % "), Ok(0.025));
        assert_eq!(parse_number("7%"), Ok(0.07));
        assert_eq!(parse_number("£260m"), Ok(260e6));
        assert_eq!(parse_number("£1.2bn"), Ok(1.2e9));
        assert_eq!(parse_number("£4.5 million"), Ok(4.5e6));
        assert_eq!(parse_number("-£3.1M"), Ok(-3.1e6));
        assert_eq!(parse_number("750k"), Ok(750e3));
        assert_eq!(parse_number("1,520"), Ok(1520.0));
        assert_eq!(number("Band m"), Number::NotANumber);
        assert_eq!(number("m"), Number::NotANumber);
        assert!(matches!(number("1,5%"), Number::Unclear(_)));
    }

    #[test]
    fn a_decimal_comma_or_a_badly_grouped_number_is_refused_by_name() {
        // Issue 19: "1453,5" was read as 14535, "1200,5" as 12005, "0,6" as 6.
        for (typed, intent) in [
            ("1453,5", "1453.5"),
            ("1200,5", "1200.5"),
            ("0,6", "0.6"),
            ("2,45", "2.45"),
        ] {
            let why = parse_number(typed).unwrap_err();
            assert!(
                why.contains("decimal comma") && why.contains(intent),
                "{typed}: {why}"
            );
        }
        let why = parse_number("1.453,5").unwrap_err();
        assert!(why.contains("1453.5"), "{why}");
        for typed in ["1,2345", "12,34,567", "0,600", "1,,000", "1,000.5.5"] {
            assert!(matches!(number(typed), Number::Unclear(_)), "{typed}");
        }
        assert_eq!(number("Smith, Jones"), Number::NotANumber);
        assert_eq!(number("Band A"), Number::NotANumber);
    }

    #[test]
    fn a_cell_is_quoted_short() {
        let long = "9".repeat(900_000);
        let why = parse_number(&format!("{long},5")).unwrap_err();
        assert!(why.len() < 300, "{}", why.len());
    }

    #[test]
    fn formulas_are_neutralised_and_read_back_as_written() {
        for text in [
            "=HYPERLINK(\"http://x\",\"Open\")",
            "+1+1",
            "-cmd",
            "@SUM(A1)",
            "\tx",
        ] {
            let cell = escape(text);
            let bare = cell.trim_matches('"');
            assert!(bare.starts_with('\''), "{cell}");
            assert_eq!(
                parse(&format!("{cell},x")).unwrap()[0].fields,
                vec![text, "x"]
            );
        }
        assert_eq!(escape("-2.5"), "-2.5");
        assert_eq!(escape("-1,200"), "\"-1,200\"");
    }

    #[test]
    fn escape_round_trips() {
        let f = "a \"b\", c";
        let line = format!("{},x", escape(f));
        assert_eq!(parse(&line).unwrap()[0].fields, vec![f, "x"]);
    }
}
