//! A parser for the Python literals that pandas writes into CSV cells.
//!
//! The Movies Dataset stores lists of records as Python's `repr` of a list of
//! dicts, not JSON: `[{'id': 931, 'name': 'jealousy'}, {'id': 15101, 'name':
//! "based on children's book"}]`. Strings use single quotes, or double
//! quotes when the text holds a single quote, and escapes such as `\xa0`,
//! `\'` or `\u00e9`. JSON parsers reject this, and rewriting quotes by hand
//! breaks on apostrophes, so this module parses the subset that occurs:
//! lists, dicts, strings (with Python's escapes), integers, floats, `True`,
//! `False` and `None`. Anything else is an error with the byte offset and
//! what was expected, never a panic.

use std::collections::BTreeMap;

/// A parsed Python literal.
#[derive(Debug, Clone, PartialEq)]
pub enum PyValue {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An integer (within i64).
    Int(i64),
    /// A float.
    Float(f64),
    /// A string, escapes resolved.
    Str(String),
    /// A list (or tuple).
    List(Vec<PyValue>),
    /// A dict with string keys (other keys are rejected).
    Dict(BTreeMap<String, PyValue>),
}

impl PyValue {
    /// The string inside a `Str`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            PyValue::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The integer inside an `Int`.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            PyValue::Int(i) => Some(*i),
            _ => None,
        }
    }
}

/// Why a literal does not parse: what was expected at which byte offset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at byte {offset}: {message}")]
pub struct PyParseError {
    /// Byte offset into the parsed text.
    pub offset: usize,
    /// What went wrong, e.g. "expected ',' or ']'".
    pub message: String,
}

/// Parses one literal; only whitespace may follow it.
pub fn parse(text: &str) -> Result<PyValue, PyParseError> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        at: 0,
        depth: 0,
    };
    let value = p.value()?;
    p.skip_ws();
    if p.at < p.s.len() {
        return Err(p.error("unexpected text after the value"));
    }
    Ok(value)
}

/// Deepest nesting accepted (guards the recursion against hostile input).
const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str) -> PyParseError {
        PyParseError {
            offset: self.at,
            message: message.to_string(),
        }
    }

    fn skip_ws(&mut self) {
        while self.s.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.skip_ws();
        if self.s.get(self.at) == Some(&b) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Result<PyValue, PyParseError> {
        self.skip_ws();
        match self.s.get(self.at) {
            None => Err(self.error("unexpected end, expected a value")),
            Some(b'[') => self.sequence(b']'),
            Some(b'(') => self.sequence(b')'),
            Some(b'{') => self.dict(),
            Some(b'\'' | b'"') => self.string().map(PyValue::Str),
            Some(b'-' | b'+' | b'0'..=b'9' | b'.') => self.number(),
            Some(_) => self.word(),
        }
    }

    fn nest(&mut self) -> Result<(), PyParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(self.error("nested too deeply"))
        } else {
            Ok(())
        }
    }

    fn sequence(&mut self, close: u8) -> Result<PyValue, PyParseError> {
        self.nest()?;
        self.at += 1;
        let mut items = Vec::new();
        if !self.eat(close) {
            loop {
                items.push(self.value()?);
                if self.eat(close) {
                    break;
                }
                if !self.eat(b',') {
                    return Err(self.error(&format!("expected ',' or '{}'", close as char)));
                }
                if self.eat(close) {
                    break; // trailing comma
                }
            }
        }
        self.depth -= 1;
        Ok(PyValue::List(items))
    }

    fn dict(&mut self) -> Result<PyValue, PyParseError> {
        self.nest()?;
        self.at += 1;
        let mut map = BTreeMap::new();
        if !self.eat(b'}') {
            loop {
                self.skip_ws();
                let key = match self.s.get(self.at) {
                    Some(b'\'' | b'"') => self.string()?,
                    _ => return Err(self.error("expected a string key")),
                };
                if !self.eat(b':') {
                    return Err(self.error("expected ':' after a key"));
                }
                let value = self.value()?;
                map.insert(key, value);
                if self.eat(b'}') {
                    break;
                }
                if !self.eat(b',') {
                    return Err(self.error("expected ',' or '}'"));
                }
                if self.eat(b'}') {
                    break;
                }
            }
        }
        self.depth -= 1;
        Ok(PyValue::Dict(map))
    }

    fn string(&mut self) -> Result<String, PyParseError> {
        let quote = self.s[self.at];
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            // Copy the run up to the next quote or backslash (whole UTF-8
            // characters: both delimiters are ASCII).
            while self
                .s
                .get(self.at)
                .is_some_and(|&b| b != quote && b != b'\\' && b != b'\n')
            {
                self.at += 1;
            }
            out.push_str(&self.text[start..self.at]);
            match self.s.get(self.at) {
                None | Some(b'\n') => return Err(self.error("unterminated string")),
                Some(&b) if b == quote => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(_) => {
                    self.at += 1;
                    self.escape(&mut out)?;
                }
            }
        }
    }

    /// One escape, after its backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), PyParseError> {
        let Some(&b) = self.s.get(self.at) else {
            return Err(self.error("unterminated string"));
        };
        self.at += 1;
        let simple = match b {
            b'\\' => Some('\\'),
            b'\'' => Some('\''),
            b'"' => Some('"'),
            b'n' => Some('\n'),
            b't' => Some('\t'),
            b'r' => Some('\r'),
            b'a' => Some('\u{7}'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'v' => Some('\u{b}'),
            b'0'..=b'7' => {
                // Up to three octal digits.
                let mut code = u32::from(b - b'0');
                for _ in 0..2 {
                    match self.s.get(self.at) {
                        Some(&d @ b'0'..=b'7') => {
                            code = code * 8 + u32::from(d - b'0');
                            self.at += 1;
                        }
                        _ => break,
                    }
                }
                Some(char::from_u32(code).unwrap_or('\u{fffd}'))
            }
            _ => None,
        };
        if let Some(c) = simple {
            out.push(c);
            return Ok(());
        }
        let digits = match b {
            b'x' => 2,
            b'u' => 4,
            b'U' => 8,
            b'\n' => return Ok(()), // line continuation
            _ => {
                // Python keeps unknown escapes as written.
                out.push('\\');
                self.at -= 1;
                return Ok(());
            }
        };
        let hex = self
            .text
            .get(self.at..self.at + digits)
            .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
            .ok_or_else(|| {
                self.error(&format!(
                    "expected {digits} hex digits after \\{}",
                    b as char
                ))
            })?;
        let code = u32::from_str_radix(hex, 16).expect("checked hex digits");
        let c = char::from_u32(code)
            .ok_or_else(|| self.error(&format!("\\{}{hex} is not a character", b as char)))?;
        self.at += digits;
        out.push(c);
        Ok(())
    }

    fn number(&mut self) -> Result<PyValue, PyParseError> {
        let start = self.at;
        while self.s.get(self.at).is_some_and(|&b| {
            b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'_')
        }) {
            self.at += 1;
        }
        let raw: String = self.text[start..self.at]
            .chars()
            .filter(|&c| c != '_')
            .collect();
        if let Ok(i) = raw.parse::<i64>() {
            return Ok(PyValue::Int(i));
        }
        match raw.parse::<f64>() {
            Ok(f) => Ok(PyValue::Float(f)),
            Err(_) => {
                self.at = start;
                Err(self.error(&format!("\"{raw}\" is not a number")))
            }
        }
    }

    fn word(&mut self) -> Result<PyValue, PyParseError> {
        for (word, value) in [
            ("None", PyValue::None),
            ("True", PyValue::Bool(true)),
            ("False", PyValue::Bool(false)),
            ("nan", PyValue::Float(f64::NAN)),
        ] {
            if self.s[self.at..].starts_with(word.as_bytes()) {
                self.at += word.len();
                return Ok(value);
            }
        }
        Err(self.error("expected a list, dict, string, number, True, False or None"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> PyValue {
        PyValue::Str(v.into())
    }

    #[test]
    fn list_of_dicts_as_pandas_writes_it() {
        let v = parse(
            r#"[{'id': 931, 'name': 'jealousy'}, {'id': 15101, 'name': "based on children's book"}]"#,
        )
        .unwrap();
        let PyValue::List(items) = v else {
            panic!("not a list")
        };
        assert_eq!(items.len(), 2);
        let PyValue::Dict(second) = &items[1] else {
            panic!("not a dict")
        };
        assert_eq!(second["id"], PyValue::Int(15101));
        assert_eq!(second["name"], s("based on children's book"));
    }

    #[test]
    fn escapes() {
        assert_eq!(parse(r"'\xa0nightgown'").unwrap(), s("\u{a0}nightgown"));
        assert_eq!(parse(r"'it\'s'").unwrap(), s("it's"));
        assert_eq!(parse(r"'caf\u00e9 \\ \n'").unwrap(), s("café \\ \n"));
        assert_eq!(parse("'Amélie'").unwrap(), s("Amélie"));
        assert_eq!(parse(r"'a\qb'").unwrap(), s("a\\qb"));
    }

    #[test]
    fn scalars_and_empty_containers() {
        assert_eq!(parse("[]").unwrap(), PyValue::List(vec![]));
        assert_eq!(parse(" {} ").unwrap(), PyValue::Dict(BTreeMap::new()));
        assert_eq!(parse("-12").unwrap(), PyValue::Int(-12));
        assert_eq!(parse("2.5").unwrap(), PyValue::Float(2.5));
        assert_eq!(parse("[None, True, False,]").unwrap().clone(), {
            PyValue::List(vec![
                PyValue::None,
                PyValue::Bool(true),
                PyValue::Bool(false),
            ])
        });
    }

    #[test]
    fn malformed_input_is_an_error_with_an_offset() {
        let err = parse("[{'id': 1, 'name': 'x'}").unwrap_err();
        assert_eq!(err.offset, 23);
        assert!(err.message.contains("expected ',' or ']'"), "{err}");
        assert!(parse("[{'id': 1 'name': 'x'}]").is_err());
        assert!(parse("{'name': 'unterminated}").is_err());
        assert!(parse("[{id: 1}]").is_err());
        assert!(parse(r"'\x4'").is_err());
        assert!(parse("[1] trailing").is_err());
        assert!(parse("").is_err());
        assert!(parse(&"[".repeat(1000)).is_err());
        assert!(parse("1-2").is_err());
    }
}
