//! The scenario format in JSON: a small parser that keeps each value's line
//! and column, and a serde `Deserializer` over its tree.
//!
//! The format is defined once, by the serde derives in [`crate::schema`];
//! reading, writing, the CSV template ([`crate::template`]) and the app's
//! links and local storage all go through them, so a field added there
//! reaches every one of them with nothing else to change.
//!
//! Why not `serde_json::from_str`? It stops at the first problem and names
//! no field, while a finance officer fixing a file wants every problem at
//! once, each with its field path *and* its line. So the text is parsed here
//! into a tree with positions, and [`read`] walks that tree with the derived
//! code, recording each problem and going on (see below). Writing is
//! serde_json's.
//!
//! Rules, as serde applies them to these types: unknown fields are refused;
//! fields marked `#[serde(default)]` in `schema` may be left out; integers
//! (years, horizon) must be written without a fraction; `null` is allowed
//! only where a field is optional.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer as _, MapAccess, SeqAccess, Visitor,
};

use crate::schema::{Problem, Problems, Scenario, SCHEMA_VERSION};

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
            // A run of plain bytes at once: most strings have no escapes.
            let run = self.at;
            while self
                .text
                .get(self.at)
                .is_some_and(|&c| c != b'"' && c != b'\\' && c >= 0x20)
            {
                self.at += 1;
            }
            out.extend_from_slice(&self.text[run..self.at]);
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
    // A byte-order mark, as Notepad writes one, is not part of the text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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

// Reading a parsed tree into any type that derives `Deserialize`: the
// schema's serde derives are the one definition of the format, and this is
// a serde `Deserializer` over the positioned tree. It differs from
// serde_json's in one way: it does not stop at the first problem. A value of
// the wrong type, an unknown or repeated field, an unknown variant or a
// missing field is recorded with its path, line and column, a stand-in is
// given in its place, and reading goes on, so a file with five mistakes
// gets five messages at once.
//
// A missing field is the one problem serde's derived code reports itself,
// after the object has been read, and by then the value cannot be given. So
// the reader learns it: the pair (type, field) is remembered as required,
// and the read starts again, now putting a stand-in for that field wherever
// that type's object lacks it. The pairs are few (the schema's required
// fields) and remembered for the life of the program, so a file pays for
// at most one pass per pair it is the first to miss, whatever its size.

/// Why reading stopped or started again.
#[derive(Debug)]
enum Fail {
    /// serde's derived code found a required field missing.
    Missing(&'static str),
    /// A visitor refused a value: a message from serde or a custom impl.
    Custom(String),
    /// What was learned needs a fresh pass.
    Restart,
}

/// The error type of the tree deserializer (only seen inside this module).
#[derive(Debug)]
pub struct DeError(Fail);

impl std::fmt::Display for DeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Fail::Missing(name) => write!(f, "missing field `{name}`"),
            Fail::Custom(m) => f.write_str(m),
            Fail::Restart => f.write_str("read again"),
        }
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        DeError(Fail::Custom(msg.to_string()))
    }
    fn missing_field(field: &'static str) -> Self {
        DeError(Fail::Missing(field))
    }
}

/// A required field: the type's name, its field list's address (two types
/// may share a name) and the field.
type Required = (&'static str, usize, &'static str);

std::thread_local! {
    static REQUIRED: RefCell<BTreeSet<Required>> = const { RefCell::new(BTreeSet::new()) };
}

fn is_required(key: Required) -> bool {
    REQUIRED.with(|r| r.borrow().contains(&key))
}

/// One read's state: the problems of this pass, and the places where a
/// visitor refused a value in an earlier pass (a stand-in goes there now).
struct Cx {
    problems: RefCell<Vec<Problem>>,
    refused: BTreeMap<String, Problem>,
    /// (collection, kind of value) -> what its items' visitor expects.
    refused_kinds: BTreeMap<(Rc<str>, &'static str), String>,
    refused_now: RefCell<Option<Refusal>>,
}

/// A value a visitor refused in this pass.
struct Refusal {
    problem: Problem,
    sibling_kind: Option<(Rc<str>, &'static str)>,
}

/// The most passes one read may take: one per required field of the schema
/// that the file is the first to miss, plus one per value a visitor refuses.
const MAX_PASSES: usize = 200;

/// Read a parsed tree as `T`, collecting every problem with its path, line
/// and column.
pub fn read<T: DeserializeOwned>(root: &Json) -> Result<T, Problems> {
    let mut refused = BTreeMap::new();
    let mut refused_kinds = BTreeMap::new();
    for _ in 0..MAX_PASSES {
        let cx = Cx {
            problems: RefCell::new(Vec::new()),
            refused: refused.clone(),
            refused_kinds: refused_kinds.clone(),
            refused_now: RefCell::new(None),
        };
        let result = T::deserialize(Node {
            j: root,
            path: String::new(),
            cx: &cx,
            collection: None,
        });
        let mut problems = cx.problems.into_inner();
        match result {
            Ok(v) if problems.is_empty() => return Ok(v),
            Ok(_) => return Err(Problems(problems)),
            Err(DeError(Fail::Restart)) => {
                if let Some(r) = cx.refused_now.into_inner() {
                    if let Some(key) = r.sibling_kind {
                        let expected = r
                            .problem
                            .message
                            .split_once("expected ")
                            .map_or("another kind of value", |(_, e)| e)
                            .to_string();
                        refused_kinds.insert(key, expected);
                    }
                    if refused.insert(r.problem.path.clone(), r.problem).is_some() {
                        break; // refused again with a stand-in: give up
                    }
                }
            }
            Err(e) => {
                problems.push(Problem {
                    path: String::new(),
                    message: e.to_string(),
                    line: Some(root.line),
                    column: Some(root.column),
                });
                return Err(Problems(problems));
            }
        }
    }
    Err(Problems::one("", "the file could not be read"))
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

/// A name from the file, cut to 40 characters for a message: a message
/// never echoes a file.
fn short(name: &str) -> std::borrow::Cow<'_, str> {
    if name.chars().count() <= 40 {
        name.into()
    } else {
        format!("{}…", name.chars().take(40).collect::<String>()).into()
    }
}

fn one_of(names: &[&str]) -> String {
    names
        .iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One value of the tree, where it is, and the read it belongs to.
struct Node<'a> {
    j: &'a Json,
    path: String,
    cx: &'a Cx,
    /// The path of the map or list this value is an item of: its siblings
    /// are of its type, so a value its visitor refuses stands for every
    /// sibling of the same kind (one fresh pass, not one per sibling).
    collection: Option<Rc<str>>,
}

impl<'a> Node<'a> {
    fn problem(&self, message: impl Into<String>) {
        self.problem_at(self.j, &self.path, message);
    }
    fn problem_at(&self, at: &Json, path: &str, message: impl Into<String>) {
        self.cx.problems.borrow_mut().push(Problem {
            path: path.to_string(),
            message: message.into(),
            line: Some(at.line),
            column: Some(at.column),
        });
    }
    fn wrong(&self, expected: &str) {
        self.problem(format!(
            "invalid type: {}, expected {expected}",
            kind_of(&self.j.value)
        ));
    }
    fn stand_in(&self) -> StandIn<'a> {
        StandIn { cx: self.cx }
    }
    /// A visitor's own refusal becomes a problem here, and a fresh pass puts
    /// a stand-in in its place.
    fn guard<T>(&self, r: Result<T, DeError>) -> Result<T, DeError> {
        match r {
            Err(DeError(Fail::Custom(m))) => {
                // serde quotes the value ("string \"many\""); name its kind
                // instead, as every other message does, and never echo it.
                let kind = kind_of(&self.j.value);
                let message = match m.split_once(", expected ") {
                    Some((head, expected)) if head.starts_with("invalid type") => {
                        format!("invalid type: {kind}, expected {expected}")
                    }
                    _ => m,
                };
                *self.cx.refused_now.borrow_mut() = Some(Refusal {
                    problem: Problem {
                        path: self.path.clone(),
                        message,
                        line: Some(self.j.line),
                        column: Some(self.j.column),
                    },
                    sibling_kind: self.collection.clone().map(|c| (c, kind_of(&self.j.value))),
                });
                Err(DeError(Fail::Restart))
            }
            other => other,
        }
    }
    /// Where an earlier pass found the value refused: the problem again, and
    /// the stand-in.
    fn refused(&self) -> Option<Problem> {
        if self.cx.refused.is_empty() {
            return None;
        }
        if let Some(p) = self.cx.refused.get(&self.path) {
            return Some(p.clone());
        }
        let kind = kind_of(&self.j.value);
        let collection = self.collection.clone()?;
        self.cx
            .refused_kinds
            .get(&(collection, kind))
            .map(|expected| Problem {
                path: self.path.clone(),
                message: format!("invalid type: {kind}, expected {expected}"),
                line: Some(self.j.line),
                column: Some(self.j.column),
            })
    }
    fn integer<V: Visitor<'a>>(
        self,
        visitor: V,
        min: i128,
        max: i128,
    ) -> Result<V::Value, DeError> {
        let Value::Number(n) = &self.j.value else {
            self.wrong("a whole number");
            return self.stand_in().deserialize_u64(visitor);
        };
        match n.parse::<i128>() {
            Ok(x) if x >= min && x <= max => {
                let r = if x < 0 {
                    visitor.visit_i64(x as i64)
                } else {
                    visitor.visit_u64(x as u64)
                };
                self.guard(r)
            }
            Ok(x) if x < 0 && min == 0 => {
                self.problem(format!(
                    "invalid value: {x}, expected a whole number from 0"
                ));
                self.stand_in().deserialize_u64(visitor)
            }
            Ok(x) => {
                self.problem(format!(
                    "invalid value: {x}, expected a whole number from {min} to {max}"
                ));
                self.stand_in().deserialize_u64(visitor)
            }
            Err(_) => {
                self.problem(format!("invalid value: {n}, expected a whole number"));
                self.stand_in().deserialize_u64(visitor)
            }
        }
    }
}

macro_rules! integers {
    ($($method:ident $t:ty),*) => {$(
        fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
            self.integer(visitor, <$t>::MIN as i128, <$t>::MAX as i128)
        }
    )*};
}

impl<'a> de::Deserializer<'a> for Node<'a> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        if let Some(p) = self.refused() {
            self.cx.problems.borrow_mut().push(p);
            return self.stand_in().deserialize_any(visitor);
        }
        let r = match &self.j.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Ok(x) = n.parse::<u64>() {
                    visitor.visit_u64(x)
                } else if let Ok(x) = n.parse::<i64>() {
                    visitor.visit_i64(x)
                } else {
                    return self.deserialize_f64(visitor);
                }
            }
            Value::String(s) => visitor.visit_str(s),
            Value::Array(items) => visitor.visit_seq(Items::new(items, &self.path, self.cx)),
            Value::Object(fields) => visitor.visit_map(Fields::of_map(
                self.fields(fields, None),
                &self.path,
                self.cx,
            )),
        };
        self.guard(r)
    }

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.j.value {
            Value::Bool(b) => self.guard(visitor.visit_bool(*b)),
            _ => {
                self.wrong("a boolean");
                visitor.visit_bool(false)
            }
        }
    }

    integers!(deserialize_i8 i8, deserialize_i16 i16, deserialize_i32 i32, deserialize_i64 i64,
              deserialize_u8 u8, deserialize_u16 u16, deserialize_u32 u32, deserialize_u64 u64);

    fn deserialize_f32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.j.value {
            Value::Number(n) => match crate::num::parse_f64(n) {
                Some(x) => self.guard(visitor.visit_f64(x)),
                None => {
                    self.problem(format!("number {n} is out of range"));
                    visitor.visit_f64(0.0)
                }
            },
            _ => {
                self.wrong("a number");
                visitor.visit_f64(0.0)
            }
        }
    }

    fn deserialize_char<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.j.value {
            Value::String(s) => self.guard(visitor.visit_str(s)),
            _ => {
                self.wrong("a string");
                visitor.visit_str("")
            }
        }
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.j.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.j.value != Value::Null {
            self.wrong("null");
        }
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.j.value {
            Value::Array(items) => {
                let r = visitor.visit_seq(Items::new(items, &self.path, self.cx));
                self.guard(r)
            }
            _ => {
                self.wrong("an array");
                self.stand_in().deserialize_seq(visitor)
            }
        }
    }

    fn deserialize_tuple<V: Visitor<'a>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.j.value {
            Value::Object(fields) => {
                let fields = self.fields(fields, None);
                let r = visitor.visit_map(Fields::of_map(fields, &self.path, self.cx));
                self.guard(r)
            }
            _ => {
                self.wrong("an object");
                self.stand_in().deserialize_map(visitor)
            }
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        allowed: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let Value::Object(fields) = &self.j.value else {
            self.wrong("an object");
            return self.stand_in().deserialize_struct(name, allowed, visitor);
        };
        let fields = self.fields(fields, Some(allowed));
        let mut missing = Vec::new();
        for f in allowed {
            if is_required((name, allowed.as_ptr() as usize, f))
                && !fields.iter().any(|(k, _)| k == f)
            {
                self.problem(format!("missing field `{f}`"));
                missing.push(*f);
            }
        }
        let mut access = Fields::new(fields, &self.path, self.cx);
        access.stand_ins = missing;
        let r = visitor.visit_map(access);
        learn(name, allowed, self.guard(r))
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let first = variants.first().copied().unwrap_or("");
        let name = match &self.j.value {
            Value::String(s) if variants.contains(&s.as_str()) => s.as_str(),
            Value::String(s) => {
                self.problem(format!(
                    "unknown variant `{}`, expected one of {}",
                    short(s),
                    one_of(variants)
                ));
                first
            }
            _ => {
                self.wrong("a string");
                first
            }
        };
        let r = visitor.visit_enum(de::value::StrDeserializer::<DeError>::new(name));
        self.guard(r)
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
}

/// A derived visitor that found a required field missing: remember it, and
/// read again.
fn learn<T>(
    name: &'static str,
    allowed: &'static [&'static str],
    r: Result<T, DeError>,
) -> Result<T, DeError> {
    match r {
        Err(DeError(Fail::Missing(f))) => {
            let key = allowed.iter().find(|a| **a == f).copied().unwrap_or(f);
            REQUIRED.with(|req| {
                req.borrow_mut()
                    .insert((name, allowed.as_ptr() as usize, key))
            });
            Err(DeError(Fail::Restart))
        }
        other => other,
    }
}

impl<'a> Node<'a> {
    /// An object's fields with repeated ones (and, for a struct, unknown
    /// ones) named as problems and left out.
    fn fields(
        &self,
        fields: &'a [(String, Json)],
        allowed: Option<&[&str]>,
    ) -> Vec<(&'a str, &'a Json)> {
        let mut out: Vec<(&'a str, &'a Json)> = Vec::with_capacity(fields.len());
        // Objects are small in this format, but a file can hold a large one:
        // a sorted copy of the names keeps the repeat check linear-log.
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for (k, v) in fields {
            if !seen.insert(k.as_str()) {
                self.problem_at(
                    v,
                    &join(&self.path, &short(k)),
                    format!("duplicate field `{}`", short(k)),
                );
            } else if allowed.is_some_and(|a| !a.contains(&k.as_str())) {
                self.problem_at(
                    v,
                    &join(&self.path, &short(k)),
                    format!(
                        "unknown field `{}`, expected one of {}",
                        short(k),
                        one_of(allowed.unwrap_or(&[]))
                    ),
                );
            } else {
                out.push((k.as_str(), v));
            }
        }
        out
    }
}

/// An object's fields, then stand-ins for missing required ones.
struct Fields<'a> {
    fields: std::vec::IntoIter<(&'a str, &'a Json)>,
    stand_ins: Vec<&'static str>,
    next: Option<(String, Option<&'a Json>)>,
    path: String,
    cx: &'a Cx,
    /// A map's path (its values are all of one type); `None` for a struct.
    collection: Option<Rc<str>>,
}

impl<'a> Fields<'a> {
    fn new(fields: Vec<(&'a str, &'a Json)>, path: &str, cx: &'a Cx) -> Self {
        Fields {
            fields: fields.into_iter(),
            stand_ins: Vec::new(),
            next: None,
            path: path.to_string(),
            cx,
            collection: None,
        }
    }
    /// The fields of a map: values of one type.
    fn of_map(fields: Vec<(&'a str, &'a Json)>, path: &str, cx: &'a Cx) -> Self {
        Fields {
            collection: Some(Rc::from(path)),
            ..Fields::new(fields, path, cx)
        }
    }
}

impl<'a> MapAccess<'a> for Fields<'a> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let (key, value) = match self.fields.next() {
            Some((k, v)) => (k.to_string(), Some(v)),
            None => match self.stand_ins.pop() {
                Some(k) => (k.to_string(), None),
                None => return Ok(None),
            },
        };
        let out = seed.deserialize(de::value::StrDeserializer::<DeError>::new(&key))?;
        self.next = Some((key, value));
        Ok(Some(out))
    }

    fn next_value_seed<S: DeserializeSeed<'a>>(&mut self, seed: S) -> Result<S::Value, DeError> {
        match self.next.take() {
            Some((key, Some(j))) => seed.deserialize(Node {
                j,
                path: join(&self.path, &key),
                cx: self.cx,
                collection: self.collection.clone(),
            }),
            _ => seed.deserialize(StandIn { cx: self.cx }),
        }
    }
}

/// An array's items, each with `[i]` in its path.
struct Items<'a> {
    items: std::iter::Enumerate<std::slice::Iter<'a, Json>>,
    path: String,
    cx: &'a Cx,
    collection: Rc<str>,
}

impl<'a> Items<'a> {
    fn new(items: &'a [Json], path: &str, cx: &'a Cx) -> Self {
        Items {
            items: items.iter().enumerate(),
            path: path.to_string(),
            cx,
            collection: Rc::from(path),
        }
    }
}

impl<'a> SeqAccess<'a> for Items<'a> {
    type Error = DeError;

    fn next_element_seed<S: DeserializeSeed<'a>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, DeError> {
        match self.items.next() {
            Some((i, j)) => seed
                .deserialize(Node {
                    j,
                    path: format!("{}[{i}]", self.path),
                    cx: self.cx,
                    collection: Some(self.collection.clone()),
                })
                .map(Some),
            None => Ok(None),
        }
    }
}

/// Stands in for a value that is missing or was refused: the plainest value
/// of whatever type is asked for. It records nothing; the problem is
/// already recorded where the value should have been.
struct StandIn<'a> {
    cx: &'a Cx,
}

struct Empty;

impl<'a> SeqAccess<'a> for Empty {
    type Error = DeError;
    fn next_element_seed<S: DeserializeSeed<'a>>(
        &mut self,
        _: S,
    ) -> Result<Option<S::Value>, DeError> {
        Ok(None)
    }
}

impl<'a> MapAccess<'a> for Empty {
    type Error = DeError;
    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, _: K) -> Result<Option<K::Value>, DeError> {
        Ok(None)
    }
    fn next_value_seed<S: DeserializeSeed<'a>>(&mut self, _: S) -> Result<S::Value, DeError> {
        Err(de::Error::custom("no value"))
    }
}

macro_rules! stand_in_as {
    ($($method:ident => $body:expr),* $(,)?) => {$(
        fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
            let f: fn(V) -> Result<V::Value, DeError> = $body;
            f(visitor)
        }
    )*};
}

impl<'a> de::Deserializer<'a> for StandIn<'a> {
    type Error = DeError;

    stand_in_as! {
        deserialize_any => |v| v.visit_u64(0),
        deserialize_bool => |v| v.visit_bool(false),
        deserialize_i8 => |v| v.visit_i64(0),
        deserialize_i16 => |v| v.visit_i64(0),
        deserialize_i32 => |v| v.visit_i64(0),
        deserialize_i64 => |v| v.visit_i64(0),
        deserialize_u8 => |v| v.visit_u64(0),
        deserialize_u16 => |v| v.visit_u64(0),
        deserialize_u32 => |v| v.visit_u64(0),
        deserialize_u64 => |v| v.visit_u64(0),
        deserialize_f32 => |v| v.visit_f64(0.0),
        deserialize_f64 => |v| v.visit_f64(0.0),
        deserialize_char => |v| v.visit_char(' '),
        deserialize_str => |v| v.visit_str(""),
        deserialize_string => |v| v.visit_str(""),
        deserialize_bytes => |v| v.visit_bytes(&[]),
        deserialize_byte_buf => |v| v.visit_bytes(&[]),
        deserialize_option => |v| v.visit_none(),
        deserialize_unit => |v| v.visit_unit(),
        deserialize_seq => |v| v.visit_seq(Empty),
        deserialize_map => |v| v.visit_map(Empty),
        deserialize_identifier => |v| v.visit_str(""),
        deserialize_ignored_any => |v| v.visit_unit(),
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, _: usize, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_seq(Empty)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_seq(Empty)
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        allowed: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let stand_ins = allowed
            .iter()
            .copied()
            .filter(|f| is_required((name, allowed.as_ptr() as usize, f)))
            .collect();
        let access = Fields {
            fields: Vec::new().into_iter(),
            stand_ins,
            next: None,
            path: String::new(),
            cx: self.cx,
            collection: None,
        };
        learn(name, allowed, visitor.visit_map(access))
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let first = variants.first().copied().unwrap_or("");
        visitor.visit_enum(de::value::StrDeserializer::<DeError>::new(first))
    }
}

/// Read a parsed tree as a scenario: the version first, then every shape
/// problem, each with its field path, line and column.
pub fn read_scenario_tree(root: &Json) -> Result<Scenario, Problems> {
    check_version(root)?;
    let has_app_fields = matches!(&root.value, Value::Object(fields)
        if fields.iter().any(|(k, _)| k == "base" || k == "model"));
    if !has_app_fields {
        return read(root);
    }
    // Only a file that carries them is copied to take them off.
    let mut root = root.clone();
    without_app_fields(&mut root)?;
    read(&root)
}

/// The two fields the app adds to a scenario it saves or downloads:
/// `"model"`, the model version that wrote it, and `"base"`, the built-in
/// authority it started from, whose data fills in `"authority"` when a link
/// leaves it out. Both are taken off here, so every reader of the format
/// reads what the app writes.
pub fn without_app_fields(root: &mut Json) -> Result<(), Problems> {
    without_app_fields_from(root, &|name| {
        crate::examples::by_name(name).map(|s| s.authority)
    })
}

/// The same, with the authorities a `"base"` may name: the app adds the
/// published authorities it has loaded to the built-in examples.
pub fn without_app_fields_from(
    root: &mut Json,
    authority: &dyn Fn(&str) -> Option<crate::schema::Authority>,
) -> Result<(), Problems> {
    let Value::Object(fields) = &mut root.value else {
        return Ok(());
    };
    let mut base = None;
    for (k, v) in fields.iter() {
        match (k.as_str(), &v.value) {
            ("base", Value::String(name)) => base = Some(name.clone()),
            ("base", _) => {
                return Err(Problems::one(
                    "base",
                    "must be the name of a built-in authority",
                ))
            }
            ("model", Value::String(_)) => {}
            ("model", _) => {
                return Err(Problems::one(
                    "model",
                    "must be a model version, like \"0.1.0\"",
                ))
            }
            _ => {}
        }
    }
    fields.retain(|(k, _)| k != "base" && k != "model");
    if let Some(name) = base {
        if !fields.iter().any(|(k, _)| k == "authority") {
            let Some(built_in) = authority(&name) else {
                return Err(Problems::one(
                    "base",
                    format!(
                        "names a built-in authority \"{}\" that this version does not have",
                        short(&name)
                    ),
                ));
            };
            fields.push(("authority".into(), tree_of(&built_in)));
        }
    }
    Ok(())
}

/// Read a scenario from JSON text, shape only (no value checks): every
/// problem found, each with its field path, line and column.
pub fn read_scenario(text: &str) -> Result<Scenario, Problems> {
    let root = parse(text).map_err(|p| Problems(vec![p]))?;
    read_scenario_tree(&root)
}

/// A scenario as compact JSON: serde's writer over the schema's derives.
pub fn write_scenario(sc: &Scenario) -> String {
    serde_json::to_string(sc).expect("a scenario always serialises")
}

/// Any value of the format as a parsed tree (every position line 1,
/// column 1): how a built-in part is put into a file that leaves it out.
pub fn tree_of<T: serde::Serialize>(value: &T) -> Json {
    parse(&serde_json::to_string(value).expect("the format always serialises"))
        .expect("serde writes JSON")
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::HistoryRow;
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
        let v = parse(r#"["a\"b\\c\u00e9\ud83d\ude00\n", 0.1, -2.5e-3, 123456789012345678901234]"#)
            .unwrap();
        let Value::Array(items) = v.value else {
            panic!()
        };
        assert_eq!(items[0].value, Value::String("a\"b\\cé😀\n".into()));
        assert_eq!(read::<f64>(&items[1]), Ok(0.1));
        assert_eq!(read::<f64>(&items[2]), Ok(-0.0025));
        assert!(read::<usize>(&items[3]).is_err());
        assert!(parse("1e999").is_ok());
        assert!(read::<f64>(&parse("1e999").unwrap()).is_err());
    }
}
