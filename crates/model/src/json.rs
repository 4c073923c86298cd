//! Reading the scenario format by hand: a small JSON parser and a reader
//! that walks the parsed tree field by field.
//!
//! Why not serde's derived `Deserialize`? Two reasons. It stops at the first
//! problem, while a finance officer fixing a file wants every problem at once,
//! each with its field path *and* its line. And in the browser the derived
//! code for this schema costs about 100 KB of wasm; this reader is a small
//! fraction of that. The format is the same one serde writes (the types keep
//! their `Serialize`/`Deserialize` for the JS API), and tests check that this
//! reader and serde agree on every built-in scenario.
//!
//! Rules, as serde applies them to these types: unknown fields are refused;
//! fields marked `#[serde(default)]` in `schema` may be left out; integers
//! (years, horizon) must be written without a fraction; `null` is allowed
//! only where a field is optional.

use crate::map::Map;

use crate::schema::*;

/// A parsed JSON value with the line and column where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Json {
    pub value: Value,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number's text, so integers and floats are each read exactly.
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

struct Parser<'a> {
    text: &'a [u8],
    at: usize,
    line: usize,
    line_start: usize,
}

fn syntax(line: usize, column: usize, message: impl Into<String>) -> Problem {
    Problem {
        path: String::new(),
        message: message.into(),
        line: Some(line),
        column: Some(column),
    }
}

impl Parser<'_> {
    fn column(&self) -> usize {
        self.at - self.line_start + 1
    }
    fn error(&self, message: &str) -> Problem {
        syntax(self.line, self.column(), message)
    }
    fn skip_space(&mut self) {
        while let Some(&c) = self.text.get(self.at) {
            match c {
                b'\n' => {
                    self.at += 1;
                    self.line += 1;
                    self.line_start = self.at;
                }
                b' ' | b'\t' | b'\r' => self.at += 1,
                _ => break,
            }
        }
    }
    fn eat(&mut self, word: &str) -> bool {
        if self.text[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            true
        } else {
            false
        }
    }
    fn value(&mut self, depth: usize) -> Result<Json, Problem> {
        if depth > 64 {
            return Err(self.error("nested too deeply"));
        }
        self.skip_space();
        let (line, column) = (self.line, self.column());
        let value = match self.text.get(self.at) {
            None => return Err(self.error("EOF while parsing a value")),
            Some(b'{') => {
                self.at += 1;
                let mut fields = Vec::new();
                self.skip_space();
                if self.text.get(self.at) == Some(&b'}') {
                    self.at += 1;
                } else {
                    loop {
                        self.skip_space();
                        if self.text.get(self.at) != Some(&b'"') {
                            return Err(self.error("expected a field name in double quotes"));
                        }
                        let key = self.string()?;
                        self.skip_space();
                        if !self.eat(":") {
                            return Err(self.error("expected `:`"));
                        }
                        let v = self.value(depth + 1)?;
                        fields.push((key, v));
                        self.skip_space();
                        if self.eat(",") {
                            continue;
                        }
                        if self.eat("}") {
                            break;
                        }
                        return Err(self.error("expected `,` or `}`"));
                    }
                }
                Value::Object(fields)
            }
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                self.skip_space();
                if self.text.get(self.at) == Some(&b']') {
                    self.at += 1;
                } else {
                    loop {
                        items.push(self.value(depth + 1)?);
                        self.skip_space();
                        if self.eat(",") {
                            continue;
                        }
                        if self.eat("]") {
                            break;
                        }
                        return Err(self.error("expected `,` or `]`"));
                    }
                }
                Value::Array(items)
            }
            Some(b'"') => Value::String(self.string()?),
            Some(b't') if self.eat("true") => Value::Bool(true),
            Some(b'f') if self.eat("false") => Value::Bool(false),
            Some(b'n') if self.eat("null") => Value::Null,
            Some(b'-' | b'0'..=b'9') => {
                let start = self.at;
                if self.text[self.at] == b'-' {
                    self.at += 1;
                }
                let digits = |p: &mut Self| {
                    let s = p.at;
                    while p.text.get(p.at).is_some_and(u8::is_ascii_digit) {
                        p.at += 1;
                    }
                    p.at > s
                };
                if !digits(self) {
                    return Err(self.error("invalid number"));
                }
                if self.text.get(self.at) == Some(&b'.') {
                    self.at += 1;
                    if !digits(self) {
                        return Err(self.error("invalid number"));
                    }
                }
                if matches!(self.text.get(self.at), Some(b'e' | b'E')) {
                    self.at += 1;
                    if matches!(self.text.get(self.at), Some(b'+' | b'-')) {
                        self.at += 1;
                    }
                    if !digits(self) {
                        return Err(self.error("invalid number"));
                    }
                }
                // The slice is ASCII digits and signs only.
                Value::Number(String::from_utf8_lossy(&self.text[start..self.at]).into_owned())
            }
            Some(_) => return Err(self.error("expected a value")),
        };
        Ok(Json {
            value,
            line,
            column,
        })
    }
    fn string(&mut self) -> Result<String, Problem> {
        self.at += 1; // the opening quote
        let mut out = Vec::new();
        loop {
            let Some(&c) = self.text.get(self.at) else {
                return Err(self.error("EOF while parsing a string"));
            };
            self.at += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let Some(&e) = self.text.get(self.at) else {
                        return Err(self.error("EOF while parsing a string"));
                    };
                    self.at += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if !self.eat("\\u") {
                                    return Err(self.error("lone leading surrogate in hex escape"));
                                }
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.error("invalid surrogate pair in hex escape"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code)
                                .ok_or_else(|| self.error("invalid unicode escape"))?
                        }
                        _ => return Err(self.error("invalid escape")),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1f => return Err(self.error("control character in a string")),
                _ => out.push(c),
            }
        }
        String::from_utf8(out).map_err(|_| self.error("invalid UTF-8 in a string"))
    }
    fn hex4(&mut self) -> Result<u32, Problem> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .ok_or_else(|| self.error("EOF in a hex escape"))?;
        let s = std::str::from_utf8(digits).map_err(|_| self.error("invalid hex escape"))?;
        let v = u32::from_str_radix(s, 16).map_err(|_| self.error("invalid hex escape"))?;
        self.at += 4;
        Ok(v)
    }
}

/// Parse JSON text; a syntax error names its line and column.
pub fn parse(text: &str) -> Result<Json, Problem> {
    let mut p = Parser {
        text: text.as_bytes(),
        at: 0,
        line: 1,
        line_start: 0,
    };
    let v = p.value(0)?;
    p.skip_space();
    if p.at < p.text.len() {
        return Err(p.error("trailing characters"));
    }
    Ok(v)
}

/// Walks a parsed tree into schema types, collecting every problem.
pub struct Reader {
    pub problems: Vec<Problem>,
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// An object's fields, checked against the names it may have.
pub struct Obj<'a> {
    fields: &'a [(String, Json)],
    path: String,
}

impl Reader {
    pub fn new() -> Self {
        Reader {
            problems: Vec::new(),
        }
    }

    pub fn problem(&mut self, path: &str, at: &Json, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.to_string(),
            message: message.into(),
            line: Some(at.line),
            column: Some(at.column),
        });
    }

    fn wrong(&mut self, path: &str, at: &Json, expected: &str) {
        let got = kind_of(&at.value);
        self.problem(
            path,
            at,
            format!("invalid type: {got}, expected {expected}"),
        );
    }

    /// An object with only the `allowed` fields.
    pub fn object<'a>(&mut self, v: &'a Json, path: &str, allowed: &[&str]) -> Option<Obj<'a>> {
        let Value::Object(fields) = &v.value else {
            self.wrong(path, v, "an object");
            return None;
        };
        for (i, (k, val)) in fields.iter().enumerate() {
            if fields[..i].iter().any(|(k2, _)| k2 == k) {
                self.problem(&join(path, k), val, format!("duplicate field `{k}`"));
            } else if !allowed.is_empty() && !allowed.contains(&k.as_str()) {
                let list = allowed
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.problem(
                    &join(path, k),
                    val,
                    format!("unknown field `{k}`, expected one of {list}"),
                );
            }
        }
        Some(Obj {
            fields,
            path: path.to_string(),
        })
    }

    fn missing(&mut self, o: &Obj, at: &Json, name: &str) {
        self.problem(&o.path, at, format!("missing field `{name}`"));
    }

    pub fn f64(&mut self, v: &Json, path: &str) -> Option<f64> {
        match &v.value {
            Value::Number(n) => match crate::num::parse_f64(n) {
                Some(x) => Some(x),
                None => {
                    self.problem(path, v, format!("number {n} is out of range"));
                    None
                }
            },
            _ => {
                self.wrong(path, v, "a number");
                None
            }
        }
    }

    fn int(&mut self, v: &Json, path: &str, what: &str) -> Option<i64> {
        match &v.value {
            Value::Number(n) => match n.parse::<i64>() {
                Ok(x) => Some(x),
                Err(_) => {
                    self.problem(path, v, format!("invalid value: {n}, expected {what}"));
                    None
                }
            },
            _ => {
                self.wrong(path, v, what);
                None
            }
        }
    }

    pub fn usize(&mut self, v: &Json, path: &str) -> Option<usize> {
        let x = self.int(v, path, "a whole number")?;
        usize::try_from(x).ok().or_else(|| {
            self.problem(
                path,
                v,
                format!("invalid value: {x}, expected a whole number from 0"),
            );
            None
        })
    }

    pub fn i32(&mut self, v: &Json, path: &str) -> Option<i32> {
        let x = self.int(v, path, "a whole number")?;
        i32::try_from(x).ok().or_else(|| {
            self.problem(path, v, format!("invalid value: {x}, expected a year"));
            None
        })
    }

    pub fn string(&mut self, v: &Json, path: &str) -> Option<String> {
        match &v.value {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.wrong(path, v, "a string");
                None
            }
        }
    }

    pub fn bool(&mut self, v: &Json, path: &str) -> Option<bool> {
        match &v.value {
            Value::Bool(b) => Some(*b),
            _ => {
                self.wrong(path, v, "a boolean");
                None
            }
        }
    }

    pub fn array<'a>(&mut self, v: &'a Json, path: &str) -> &'a [Json] {
        match &v.value {
            Value::Array(items) => items,
            _ => {
                self.wrong(path, v, "an array");
                &[]
            }
        }
    }

    /// A required field read by `f`; a missing one is a problem.
    pub fn req<T>(
        &mut self,
        o: &Obj,
        at: &Json,
        name: &str,
        f: impl FnOnce(&mut Self, &Json, &str) -> Option<T>,
    ) -> Option<T> {
        match o.get(name) {
            Some(v) => f(self, v, &join(&o.path, name)),
            None => {
                self.missing(o, at, name);
                None
            }
        }
    }

    /// A field that may be left out (then `T::default()`).
    pub fn opt<T: Default>(
        &mut self,
        o: &Obj,
        name: &str,
        f: impl FnOnce(&mut Self, &Json, &str) -> Option<T>,
    ) -> T {
        o.get(name)
            .and_then(|v| f(self, v, &join(&o.path, name)))
            .unwrap_or_default()
    }

    /// A field that may be left out or `null` (then `None`).
    pub fn nullable<T>(
        &mut self,
        o: &Obj,
        name: &str,
        f: impl FnOnce(&mut Self, &Json, &str) -> Option<T>,
    ) -> Option<T> {
        match o.get(name) {
            None => None,
            Some(v) if v.value == Value::Null => None,
            Some(v) => f(self, v, &join(&o.path, name)),
        }
    }

    /// An object of name -> value, in name order.
    pub fn map<T>(
        &mut self,
        v: &Json,
        path: &str,
        mut f: impl FnMut(&mut Self, &Json, &str) -> Option<T>,
    ) -> Option<Map<T>> {
        let o = self.object(v, path, &[])?;
        let mut out = Map::new();
        for (k, val) in o.fields {
            if let Some(x) = f(self, val, &join(path, k)) {
                out.insert(k.clone(), x);
            }
        }
        Some(out)
    }

    /// A list read item by item, with `[i]` in each path.
    pub fn list<T>(
        &mut self,
        v: &Json,
        path: &str,
        mut f: impl FnMut(&mut Self, &Json, &str) -> Option<T>,
    ) -> Option<Vec<T>> {
        let items = self.array(v, path);
        Some(
            items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| f(self, item, &format!("{path}[{i}]")))
                .collect(),
        )
    }
}

impl Default for Reader {
    fn default() -> Self {
        Reader::new()
    }
}

impl Obj<'_> {
    pub fn get(&self, name: &str) -> Option<&Json> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

// One function per schema type, in the order of `schema.rs`.

fn f64_map(r: &mut Reader, v: &Json, path: &str) -> Option<Map<f64>> {
    r.map(v, path, Reader::f64)
}

fn range(r: &mut Reader, v: &Json, path: &str) -> Option<Range> {
    let o = r.object(v, path, &["low", "central", "high"])?;
    let low = r.req(&o, v, "low", Reader::f64);
    let central = r.req(&o, v, "central", Reader::f64);
    let high = r.req(&o, v, "high", Reader::f64);
    Some(Range::new(low?, central?, high?))
}

fn per_phase<T>(
    r: &mut Reader,
    v: &Json,
    path: &str,
    mut f: impl FnMut(&mut Reader, &Json, &str) -> Option<T>,
) -> Option<PerPhase<T>> {
    let o = r.object(v, path, &["u5", "p", "s", "f", "a"])?;
    let u5 = r.req(&o, v, "u5", &mut f);
    let p = r.req(&o, v, "p", &mut f);
    let s = r.req(&o, v, "s", &mut f);
    let ff = r.req(&o, v, "f", &mut f);
    let a = r.req(&o, v, "a", &mut f);
    Some(PerPhase {
        u5: u5?,
        p: p?,
        s: s?,
        f: ff?,
        a: a?,
    })
}

fn kind(r: &mut Reader, v: &Json, path: &str) -> Option<Kind> {
    let name = r.string(v, path)?;
    let found = Kind::ALL.into_iter().find(|k| k.id() == name);
    if found.is_none() {
        let list = Kind::ALL.map(|k| format!("`{}`", k.id())).join(", ");
        r.problem(
            path,
            v,
            format!("unknown variant `{name}`, expected one of {list}"),
        );
    }
    found
}

fn band(r: &mut Reader, v: &Json, path: &str) -> Option<Band> {
    let o = r.object(v, path, &["name", "value_pounds", "share"])?;
    let name = r.req(&o, v, "name", Reader::string);
    let value_pounds = r.req(&o, v, "value_pounds", Reader::f64);
    let share = r.req(&o, v, "share", Reader::f64);
    Some(Band {
        name: name?,
        value_pounds: value_pounds?,
        share: share?,
    })
}

fn setting(r: &mut Reader, v: &Json, path: &str) -> Option<Setting> {
    let o = r.object(
        v,
        path,
        &["id", "name", "kind", "place_pounds", "bands", "banded"],
    )?;
    let id = r.req(&o, v, "id", Reader::string);
    let name = r.req(&o, v, "name", Reader::string);
    let kind = r.req(&o, v, "kind", kind);
    let place_pounds = r.req(&o, v, "place_pounds", Reader::f64);
    let bands = r.req(&o, v, "bands", |r, v, p| r.list(v, p, band));
    let banded = r.nullable(&o, "banded", Reader::bool);
    Some(Setting {
        id: id?,
        name: name?,
        kind: kind?,
        place_pounds: place_pounds?,
        bands: bands?,
        banded,
    })
}

fn caseload(r: &mut Reader, v: &Json, path: &str) -> Option<Caseload> {
    match &v.value {
        Value::Number(_) => r.f64(v, path).map(Caseload::Total),
        Value::Object(_) => per_phase(r, v, path, Reader::f64).map(Caseload::ByPhase),
        other => {
            let got = kind_of(other);
            r.problem(
                path,
                v,
                format!("invalid type: {got}, expected a number (a total) or an object with u5, p, s, f, a"),
            );
            None
        }
    }
}

fn matrix(r: &mut Reader, v: &Json, path: &str) -> Option<Map<Map<f64>>> {
    r.map(v, path, f64_map)
}

fn transitions(r: &mut Reader, v: &Json, path: &str) -> Option<Transitions> {
    let o = r.object(v, path, &["u5", "p", "s", "f"])?;
    Some(Transitions {
        u5: r.opt(&o, "u5", matrix),
        p: r.opt(&o, "p", matrix),
        s: r.opt(&o, "s", matrix),
        f: r.opt(&o, "f", matrix),
    })
}

fn spend_line(r: &mut Reader, v: &Json, path: &str) -> Option<SpendLine> {
    let o = r.object(v, path, &["name", "amount_pounds", "inflation"])?;
    let name = r.opt(&o, "name", Reader::string);
    let amount_pounds = r.req(&o, v, "amount_pounds", Reader::f64);
    let inflation = r.req(&o, v, "inflation", range);
    Some(SpendLine {
        name,
        amount_pounds: amount_pounds?,
        inflation: inflation?,
    })
}

fn funding(r: &mut Reader, v: &Json, path: &str) -> Option<Funding> {
    let o = r.object(
        v,
        path,
        &[
            "hnb_allocation_pounds",
            "allocation_overrides",
            "schools_block_pounds",
            "other_income",
        ],
    )?;
    let hnb = r.req(&o, v, "hnb_allocation_pounds", Reader::f64);
    let allocation_overrides = r.opt(&o, "allocation_overrides", f64_map);
    let schools_block = r.req(&o, v, "schools_block_pounds", Reader::f64);
    let other_income = r.opt(&o, "other_income", f64_map);
    Some(Funding {
        hnb_allocation_pounds: hnb?,
        allocation_overrides,
        schools_block_pounds: schools_block?,
        other_income,
    })
}

fn deficit(r: &mut Reader, v: &Json, path: &str) -> Option<Deficit> {
    let o = r.object(
        v,
        path,
        &[
            "opening_pounds",
            "safety_valve",
            "contributions",
            "other_dsg_adjustments",
        ],
    )?;
    let opening = r.req(&o, v, "opening_pounds", Reader::f64);
    Some(Deficit {
        opening_pounds: opening?,
        safety_valve: r.opt(&o, "safety_valve", f64_map),
        contributions: r.opt(&o, "contributions", f64_map),
        other_dsg_adjustments: r.opt(&o, "other_dsg_adjustments", f64_map),
    })
}

fn history_row(r: &mut Reader, v: &Json, path: &str) -> Option<HistoryRow> {
    let o = r.object(
        v,
        path,
        &[
            "year",
            "ehcps",
            "expenditure_pounds",
            "funding_pounds",
            "cumulative_deficit_pounds",
        ],
    )?;
    let year = r.req(&o, v, "year", Reader::i32);
    let ehcps = r.req(&o, v, "ehcps", Reader::f64);
    let expenditure = r.req(&o, v, "expenditure_pounds", Reader::f64);
    let funding = r.req(&o, v, "funding_pounds", Reader::f64);
    let cumulative = r.nullable(&o, "cumulative_deficit_pounds", Reader::f64);
    Some(HistoryRow {
        year: year?,
        ehcps: ehcps?,
        expenditure_pounds: expenditure?,
        funding_pounds: funding?,
        cumulative_deficit_pounds: cumulative,
    })
}

fn source(r: &mut Reader, v: &Json, path: &str) -> Option<Source> {
    let o = r.object(v, path, &["field", "text", "estimated"])?;
    let field = r.req(&o, v, "field", Reader::string);
    let text = r.req(&o, v, "text", Reader::string);
    let estimated = r.opt(&o, "estimated", Reader::bool);
    Some(Source {
        field: field?,
        text: text?,
        estimated,
    })
}

/// The authority's data.
pub fn authority(r: &mut Reader, v: &Json, path: &str) -> Option<Authority> {
    let o = r.object(
        v,
        path,
        &[
            "name",
            "base_year",
            "settings",
            "caseload",
            "new_plans",
            "placement_mix",
            "cease_rate",
            "ageing",
            "transitions",
            "escalation",
            "escalation_to_independent",
            "special_capacity",
            "other_spend",
            "funding",
            "deficit",
            "history",
            "sources",
        ],
    )?;
    let name = r.req(&o, v, "name", Reader::string);
    let base_year = r.req(&o, v, "base_year", Reader::i32);
    let settings = r.req(&o, v, "settings", |r, v, p| r.list(v, p, setting));
    let caseload = r.req(&o, v, "caseload", |r, v, p| r.map(v, p, caseload));
    let new_plans = r.req(&o, v, "new_plans", |r, v, p| {
        per_phase(r, v, p, Reader::f64)
    });
    let placement_mix = r.req(&o, v, "placement_mix", |r, v, p| {
        per_phase(r, v, p, f64_map)
    });
    let cease_rate = r.req(&o, v, "cease_rate", |r, v, p| {
        per_phase(r, v, p, Reader::f64)
    });
    let ageing = r.req(&o, v, "ageing", |r, v, p| per_phase(r, v, p, Reader::f64));
    let transitions = r.opt(&o, "transitions", transitions);
    let escalation = r.req(&o, v, "escalation", |r, v, p| {
        per_phase(r, v, p, Reader::f64)
    });
    let escalation_x = r.req(&o, v, "escalation_to_independent", |r, v, p| {
        per_phase(r, v, p, Reader::f64)
    });
    let special_capacity = r.nullable(&o, "special_capacity", Reader::f64);
    let other_spend = r.opt(&o, "other_spend", |r, v, p| r.list(v, p, spend_line));
    let funding = r.req(&o, v, "funding", funding);
    let deficit = r.req(&o, v, "deficit", deficit);
    let history = r.opt(&o, "history", |r, v, p| r.list(v, p, history_row));
    let sources = r.opt(&o, "sources", |r, v, p| r.list(v, p, source));
    Some(Authority {
        name: name?,
        base_year: base_year?,
        settings: settings?,
        caseload: caseload?,
        new_plans: new_plans?,
        placement_mix: placement_mix?,
        cease_rate: cease_rate?,
        ageing: ageing?,
        transitions,
        escalation: escalation?,
        escalation_to_independent: escalation_x?,
        special_capacity,
        other_spend,
        funding: funding?,
        deficit: deficit?,
        history,
        sources,
    })
}

/// The assumptions.
pub fn assumptions(r: &mut Reader, v: &Json, path: &str) -> Option<Assumptions> {
    let o = r.object(
        v,
        path,
        &[
            "new_plan_growth",
            "cost_inflation",
            "cost_inflation_by_setting",
            "funding_growth",
            "schools_block_growth",
            "delivery",
        ],
    )?;
    let new_plan_growth = r.req(&o, v, "new_plan_growth", range);
    let cost_inflation = r.req(&o, v, "cost_inflation", range);
    let by_setting = r.opt(&o, "cost_inflation_by_setting", |r, v, p| {
        r.map(v, p, range)
    });
    let funding_growth = r.req(&o, v, "funding_growth", range);
    let schools_block_growth = r.req(&o, v, "schools_block_growth", range);
    let delivery = match o.get("delivery") {
        Some(d) => range(r, d, &join(path, "delivery")),
        None => Some(Assumptions::default_delivery()),
    };
    Some(Assumptions {
        new_plan_growth: new_plan_growth?,
        cost_inflation: cost_inflation?,
        cost_inflation_by_setting: by_setting,
        funding_growth: funding_growth?,
        schools_block_growth: schools_block_growth?,
        delivery: delivery?,
    })
}

fn lever(r: &mut Reader, v: &Json, path: &str) -> Option<Lever> {
    let o = r.object(
        v,
        path,
        &["value", "start", "ramp_years", "annual_cost_pounds"],
    )?;
    Some(Lever {
        value: r.opt(&o, "value", Reader::f64),
        start: r.nullable(&o, "start", Reader::usize),
        ramp_years: r.nullable(&o, "ramp_years", Reader::usize),
        annual_cost_pounds: r.opt(&o, "annual_cost_pounds", Reader::f64),
    })
}

fn opening(r: &mut Reader, v: &Json, path: &str) -> Option<Opening> {
    let o = r.object(v, path, &["year", "places"])?;
    let year = r.req(&o, v, "year", Reader::usize);
    let places = r.req(&o, v, "places", Reader::f64);
    Some(Opening {
        year: year?,
        places: places?,
    })
}

fn places(r: &mut Reader, v: &Json, path: &str) -> Option<PlacesLever> {
    let o = r.object(v, path, &["openings", "annual_cost_pounds"])?;
    Some(PlacesLever {
        openings: r.opt(&o, "openings", |r, v, p| r.list(v, p, opening)),
        annual_cost_pounds: r.opt(&o, "annual_cost_pounds", Reader::f64),
    })
}

/// The levers.
pub fn levers(r: &mut Reader, v: &Json, path: &str) -> Option<Levers> {
    let o = r.object(
        v,
        path,
        &[
            "inclusion",
            "independent",
            "banding",
            "transfer",
            "demand",
            "ceasing",
            "places",
            "stepdown",
        ],
    )?;
    Some(Levers {
        inclusion: r.opt(&o, "inclusion", lever),
        independent: r.opt(&o, "independent", lever),
        banding: r.opt(&o, "banding", lever),
        transfer: r.opt(&o, "transfer", lever),
        demand: r.opt(&o, "demand", lever),
        ceasing: r.opt(&o, "ceasing", lever),
        places: r.opt(&o, "places", places),
        stepdown: r.opt(&o, "stepdown", lever),
    })
}

/// The timetable.
pub fn timetable(r: &mut Reader, v: &Json, path: &str) -> Option<Timetable> {
    let o = r.object(v, path, &["start", "ramp_years"])?;
    let start = r.req(&o, v, "start", Reader::usize);
    let ramp_years = r.req(&o, v, "ramp_years", Reader::usize);
    Some(Timetable {
        start: start?,
        ramp_years: ramp_years?,
    })
}

/// The fields of a scenario object, so callers can allow extra ones.
pub const SCENARIO_FIELDS: [&str; 7] = [
    "schema",
    "name",
    "horizon",
    "authority",
    "assumptions",
    "levers",
    "timetable",
];

/// A whole scenario from a parsed object whose fields have been checked by
/// the caller; `authority` may be supplied when the object leaves it out.
pub fn scenario_fields(
    r: &mut Reader,
    o: &Obj,
    at: &Json,
    authority_given: Option<Authority>,
) -> Option<Scenario> {
    let schema = r.req(o, at, "schema", |r, v, p| {
        r.usize(v, p).and_then(|s| u32::try_from(s).ok())
    });
    let name = r.opt(o, "name", Reader::string);
    let horizon = r.req(o, at, "horizon", Reader::usize);
    let authority = match (o.get("authority"), authority_given) {
        (Some(v), _) => authority(r, v, "authority"),
        (None, Some(a)) => Some(a),
        (None, None) => {
            r.problem("", at, "missing field `authority`");
            None
        }
    };
    let assumptions = r.req(o, at, "assumptions", assumptions);
    let levers = r.opt(o, "levers", levers);
    let timetable = match o.get("timetable") {
        Some(v) => timetable(r, v, "timetable"),
        None => Some(Timetable::default()),
    };
    Some(Scenario {
        schema: schema?,
        name,
        horizon: horizon?,
        authority: authority?,
        assumptions: assumptions?,
        levers,
        timetable: timetable?,
    })
}

/// Check the format version first, so that an older or newer file gets the
/// right message rather than a confusing one about some field that changed.
pub fn check_version(root: &Json) -> Result<(), Problems> {
    let Value::Object(fields) = &root.value else {
        return Ok(()); // the reader names the wrong type
    };
    match fields.iter().find(|(k, _)| k == "schema").map(|(_, v)| &v.value) {
        Some(Value::Number(n)) => match n.parse::<u64>() {
            Ok(v) if v > SCHEMA_VERSION as u64 => Err(Problems::one(
                "schema",
                format!(
                    "this scenario was made by a newer version (format {v}); this version reads format {SCHEMA_VERSION}"
                ),
            )),
            Ok(0) => Err(Problems::one("schema", "format versions start at 1")),
            _ => Ok(()),
        },
        None => Err(Problems::one(
            "schema",
            format!("missing field: add \"schema\": {SCHEMA_VERSION} (the format version)"),
        )),
        Some(_) => Ok(()),
    }
}

/// Read a scenario from JSON text, shape only (no value checks): every
/// problem found, each with its field path, line and column.
pub fn read_scenario(text: &str) -> Result<Scenario, Problems> {
    let root = parse(text).map_err(|p| Problems(vec![p]))?;
    check_version(&root)?;
    let mut r = Reader::new();
    let scenario = r
        .object(&root, "", &SCENARIO_FIELDS)
        .and_then(|o| scenario_fields(&mut r, &o, &root, None));
    match scenario {
        Some(s) if r.problems.is_empty() => Ok(s),
        _ => Err(Problems(r.problems)),
    }
}

// Writing. The same format serde writes (compact), by hand for the same
// reason as reading: serde's derived writers cost the browser app kilobytes.

/// Builds compact JSON text.
pub struct Writer {
    pub out: String,
    first: bool,
}

impl Writer {
    pub fn new() -> Self {
        Writer {
            out: String::new(),
            first: true,
        }
    }
    fn sep(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
    }
    pub fn key(&mut self, k: &str) -> &mut Self {
        self.sep();
        self.str_raw(k);
        self.out.push(':');
        self.first = true;
        self
    }
    fn str_raw(&mut self, v: &str) {
        self.out.push('"');
        for c in v.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                c if (c as u32) < 0x20 => self.out.push_str(&format!("\\u{:04x}", c as u32)),
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }
    pub fn str(&mut self, v: &str) -> &mut Self {
        self.sep();
        self.str_raw(v);
        self
    }
    /// Shortest text that reads back to the same number; `null` if not finite.
    pub fn num(&mut self, v: f64) -> &mut Self {
        self.sep();
        if v.is_finite() {
            self.out.push_str(&format!("{v:?}"));
        } else {
            self.out.push_str("null");
        }
        self
    }
    pub fn int(&mut self, v: i64) -> &mut Self {
        self.sep();
        self.out.push_str(&v.to_string());
        self
    }
    pub fn bool(&mut self, v: bool) -> &mut Self {
        self.sep();
        self.out.push_str(if v { "true" } else { "false" });
        self
    }
    pub fn null(&mut self) -> &mut Self {
        self.sep();
        self.out.push_str("null");
        self
    }
    pub fn open(&mut self, c: char) -> &mut Self {
        self.sep();
        self.out.push(c);
        self.first = true;
        self
    }
    pub fn close(&mut self, c: char) -> &mut Self {
        self.out.push(c);
        self.first = false;
        self
    }
}

impl Default for Writer {
    fn default() -> Self {
        Writer::new()
    }
}

fn w_range(w: &mut Writer, r: &Range) {
    w.open('{');
    w.key("low").num(r.low);
    w.key("central").num(r.central);
    w.key("high").num(r.high);
    w.close('}');
}

fn w_map<T>(w: &mut Writer, m: &Map<T>, mut f: impl FnMut(&mut Writer, &T)) {
    w.open('{');
    for (k, v) in m {
        w.key(k);
        f(w, v);
    }
    w.close('}');
}

fn w_f64_map(w: &mut Writer, m: &Map<f64>) {
    w_map(w, m, |w, v| {
        w.num(*v);
    });
}

fn w_per_phase<T>(w: &mut Writer, p: &PerPhase<T>, mut f: impl FnMut(&mut Writer, &T)) {
    w.open('{');
    for (k, v) in [
        ("u5", &p.u5),
        ("p", &p.p),
        ("s", &p.s),
        ("f", &p.f),
        ("a", &p.a),
    ] {
        w.key(k);
        f(w, v);
    }
    w.close('}');
}

fn w_f64_phases(w: &mut Writer, p: &PerPhase<f64>) {
    w_per_phase(w, p, |w, v| {
        w.num(*v);
    });
}

fn w_lever(w: &mut Writer, l: &Lever) {
    w.open('{');
    w.key("value").num(l.value);
    if let Some(s) = l.start {
        w.key("start").int(s as i64);
    }
    if let Some(r) = l.ramp_years {
        w.key("ramp_years").int(r as i64);
    }
    w.key("annual_cost_pounds").num(l.annual_cost_pounds);
    w.close('}');
}

/// The authority's data as JSON.
pub fn write_authority(w: &mut Writer, a: &Authority) {
    w.open('{');
    w.key("name").str(&a.name);
    w.key("base_year").int(a.base_year as i64);
    w.key("settings").open('[');
    for s in &a.settings {
        w.open('{');
        w.key("id").str(&s.id);
        w.key("name").str(&s.name);
        w.key("kind").str(s.kind.id());
        w.key("place_pounds").num(s.place_pounds);
        w.key("bands").open('[');
        for b in &s.bands {
            w.open('{');
            w.key("name").str(&b.name);
            w.key("value_pounds").num(b.value_pounds);
            w.key("share").num(b.share);
            w.close('}');
        }
        w.close(']');
        w.key("banded");
        match s.banded {
            Some(b) => w.bool(b),
            None => w.null(),
        };
        w.close('}');
    }
    w.close(']');
    w.key("caseload");
    w_map(w, &a.caseload, |w, c| match c {
        Caseload::Total(v) => {
            w.num(*v);
        }
        Caseload::ByPhase(p) => w_f64_phases(w, p),
    });
    w.key("new_plans");
    w_f64_phases(w, &a.new_plans);
    w.key("placement_mix");
    w_per_phase(w, &a.placement_mix, w_f64_map);
    w.key("cease_rate");
    w_f64_phases(w, &a.cease_rate);
    w.key("ageing");
    w_f64_phases(w, &a.ageing);
    w.key("transitions").open('{');
    for (k, m) in [
        ("u5", &a.transitions.u5),
        ("p", &a.transitions.p),
        ("s", &a.transitions.s),
        ("f", &a.transitions.f),
    ] {
        w.key(k);
        w_map(w, m, w_f64_map);
    }
    w.close('}');
    w.key("escalation");
    w_f64_phases(w, &a.escalation);
    w.key("escalation_to_independent");
    w_f64_phases(w, &a.escalation_to_independent);
    w.key("special_capacity");
    match a.special_capacity {
        Some(v) => w.num(v),
        None => w.null(),
    };
    w.key("other_spend").open('[');
    for l in &a.other_spend {
        w.open('{');
        w.key("name").str(&l.name);
        w.key("amount_pounds").num(l.amount_pounds);
        w.key("inflation");
        w_range(w, &l.inflation);
        w.close('}');
    }
    w.close(']');
    let f = &a.funding;
    w.key("funding").open('{');
    w.key("hnb_allocation_pounds").num(f.hnb_allocation_pounds);
    w.key("allocation_overrides");
    w_f64_map(w, &f.allocation_overrides);
    w.key("schools_block_pounds").num(f.schools_block_pounds);
    w.key("other_income");
    w_f64_map(w, &f.other_income);
    w.close('}');
    let d = &a.deficit;
    w.key("deficit").open('{');
    w.key("opening_pounds").num(d.opening_pounds);
    w.key("safety_valve");
    w_f64_map(w, &d.safety_valve);
    w.key("contributions");
    w_f64_map(w, &d.contributions);
    w.key("other_dsg_adjustments");
    w_f64_map(w, &d.other_dsg_adjustments);
    w.close('}');
    w.key("history").open('[');
    for h in &a.history {
        w.open('{');
        w.key("year").int(h.year as i64);
        w.key("ehcps").num(h.ehcps);
        w.key("expenditure_pounds").num(h.expenditure_pounds);
        w.key("funding_pounds").num(h.funding_pounds);
        w.key("cumulative_deficit_pounds");
        match h.cumulative_deficit_pounds {
            Some(v) => w.num(v),
            None => w.null(),
        };
        w.close('}');
    }
    w.close(']');
    w.key("sources").open('[');
    for s in &a.sources {
        w.open('{');
        w.key("field").str(&s.field);
        w.key("text").str(&s.text);
        w.key("estimated").bool(s.estimated);
        w.close('}');
    }
    w.close(']');
    w.close('}');
}

/// The scenario's fields into an object the caller has opened, so callers
/// can add their own (the app adds `"base"`); `authority: false` leaves
/// the authority out.
pub fn write_scenario_fields(w: &mut Writer, sc: &Scenario, authority: bool) {
    w.key("schema").int(sc.schema as i64);
    w.key("name").str(&sc.name);
    w.key("horizon").int(sc.horizon as i64);
    if authority {
        w.key("authority");
        write_authority(w, &sc.authority);
    }
    let a = &sc.assumptions;
    w.key("assumptions").open('{');
    w.key("new_plan_growth");
    w_range(w, &a.new_plan_growth);
    w.key("cost_inflation");
    w_range(w, &a.cost_inflation);
    w.key("cost_inflation_by_setting");
    w_map(w, &a.cost_inflation_by_setting, w_range);
    w.key("funding_growth");
    w_range(w, &a.funding_growth);
    w.key("schools_block_growth");
    w_range(w, &a.schools_block_growth);
    w.key("delivery");
    w_range(w, &a.delivery);
    w.close('}');
    let l = &sc.levers;
    w.key("levers").open('{');
    for (k, lever) in [
        ("inclusion", &l.inclusion),
        ("independent", &l.independent),
        ("banding", &l.banding),
        ("transfer", &l.transfer),
        ("demand", &l.demand),
        ("ceasing", &l.ceasing),
    ] {
        w.key(k);
        w_lever(w, lever);
    }
    w.key("places").open('{');
    w.key("openings").open('[');
    for o in &l.places.openings {
        w.open('{');
        w.key("year").int(o.year as i64);
        w.key("places").num(o.places);
        w.close('}');
    }
    w.close(']');
    w.key("annual_cost_pounds").num(l.places.annual_cost_pounds);
    w.close('}');
    w.key("stepdown");
    w_lever(w, &l.stepdown);
    w.close('}');
    w.key("timetable").open('{');
    w.key("start").int(sc.timetable.start as i64);
    w.key("ramp_years").int(sc.timetable.ramp_years as i64);
    w.close('}');
}

/// A whole scenario as compact JSON.
pub fn write_scenario(sc: &Scenario) -> String {
    let mut w = Writer::new();
    w.open('{');
    write_scenario_fields(&mut w, sc, true);
    w.close('}');
    w.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{examples, presets};

    #[test]
    fn reads_what_serde_writes_for_every_built_in_scenario() {
        for name in examples::NAMES {
            for preset in presets::NAMES {
                let mut sc = examples::by_name(name).unwrap();
                sc.levers = presets::levers(preset).unwrap();
                sc.levers.demand.start = Some(2);
                sc.authority.special_capacity = None;
                let text = serde_json::to_string_pretty(&sc).unwrap();
                assert_eq!(read_scenario(&text).unwrap(), sc, "{name} {preset}");
                let back: Scenario = serde_json::from_str(&text).unwrap();
                assert_eq!(back, sc);
            }
        }
    }

    #[test]
    fn writes_what_serde_reads_and_reads_it_back() {
        for name in examples::NAMES {
            let mut sc = examples::by_name(name).unwrap();
            sc.levers = presets::levers("safety_valve").unwrap();
            sc.levers.banding.ramp_years = Some(2);
            sc.name = "Quotes \" and \\ and \n and \u{1} and é".into();
            sc.authority.settings[0].banded = Some(false);
            sc.authority.history.push(HistoryRow {
                year: 2020,
                ehcps: 1.0 / 3.0,
                expenditure_pounds: 1e21,
                funding_pounds: 5e-324,
                cumulative_deficit_pounds: None,
            });
            let text = write_scenario(&sc);
            let by_serde: Scenario = serde_json::from_str(&text).unwrap();
            assert_eq!(by_serde, sc, "{name}");
            assert_eq!(read_scenario(&text).unwrap(), sc, "{name}");
            let as_value: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(
                as_value,
                serde_json::to_value(&sc).unwrap(),
                "{name}: same fields as serde writes"
            );
        }
    }

    #[test]
    fn every_problem_is_listed_with_path_and_line() {
        let mut v: serde_json::Value =
            serde_json::to_value(examples::by_name("example").unwrap()).unwrap();
        v["levers"]["inclusoin"] = serde_json::json!({"value": 0.1});
        v["authority"]["settings"][2]["kind"] = serde_json::json!("specail");
        v["authority"]["funding"]
            .as_object_mut()
            .unwrap()
            .remove("schools_block_pounds");
        v["horizon"] = serde_json::json!(6.5);
        let text = serde_json::to_string_pretty(&v).unwrap();
        let err = read_scenario(&text).unwrap_err();
        let all = err.to_string();
        assert!(
            all.contains(
                "levers.inclusoin: unknown field `inclusoin`, expected one of `inclusion`"
            ),
            "{all}"
        );
        assert!(
            all.contains("authority.settings[2].kind: unknown variant `specail`"),
            "{all}"
        );
        assert!(
            all.contains("authority.funding: missing field `schools_block_pounds`"),
            "{all}"
        );
        assert!(
            all.contains("horizon: invalid value: 6.5, expected a whole number"),
            "{all}"
        );
        assert_eq!(err.0.len(), 4, "{all}");
        assert!(err.0.iter().all(|p| p.line.is_some_and(|l| l > 1)), "{all}");
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let err = read_scenario("{\n  \"schema\": 1,\n  \"horizon\": ,\n}").unwrap_err();
        assert_eq!(
            (err.0[0].line, err.0[0].column),
            (Some(3), Some(14)),
            "{err}"
        );
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\":1}x",
            "\"\\q\"",
            "nul",
            "-",
            "1.",
            "\"\u{1}\"",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn strings_and_numbers_read_exactly() {
        let v = parse(r#"["a\"b\\c\u00e9\ud83d\ude00\n", 0.1, -2.5e-3, 12345678901234567890]"#)
            .unwrap();
        let Value::Array(items) = v.value else {
            panic!()
        };
        assert_eq!(items[0].value, Value::String("a\"b\\cé😀\n".into()));
        let mut r = Reader::new();
        assert_eq!(r.f64(&items[1], ""), Some(0.1));
        assert_eq!(r.f64(&items[2], ""), Some(-0.0025));
        assert_eq!(r.usize(&items[3], ""), None);
        assert!(parse("1e999").is_ok());
        assert_eq!(r.f64(&parse("1e999").unwrap(), "x"), None);
    }
}
