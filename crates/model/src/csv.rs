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
                fields.push(std::mem::take(&mut field));
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
    fields.push(std::mem::take(field));
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

/// Quote a field if it needs it.
pub fn escape(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// A number as people type it in a spreadsheet: "£65,701", " 3.5 ", "-2".
pub fn parse_number(cell: &str) -> Option<f64> {
    let cleaned: String = cell
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '£' | ' ' | '\u{a0}'))
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    crate::num::parse_f64(&cleaned)
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
        assert_eq!(parse_number("£65,701"), Some(65701.0));
        assert_eq!(parse_number(" -2.5 "), Some(-2.5));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("inf"), None);
    }

    #[test]
    fn escape_round_trips() {
        let f = "a \"b\", c";
        let line = format!("{},x", escape(f));
        assert_eq!(parse(&line).unwrap()[0].fields, vec![f, "x"]);
    }
}
