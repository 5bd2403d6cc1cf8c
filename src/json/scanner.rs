//! A pull scanner over JSON text: no allocation, no recursion, exact byte offsets.
//!
//! It accepts exactly the grammar of RFC 8259 (the one `JSON.parse` implements), so any text it
//! accepts can be handed to `JSON.parse` unchanged. Unlike serde_json it accepts lone surrogate
//! escapes (`"\ud800"`), which `JSON.parse` accepts and a Connector can emit.

use super::error::{JsonError, JsonErrorKind};
use super::string::JsonStr;

/// The kind of the next value, seen without consuming it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueKind {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
}

impl ValueKind {
    /// "an object", "a string", ...: how problem messages name what was found.
    pub(crate) fn described(self) -> &'static str {
        match self {
            ValueKind::Object => "an object",
            ValueKind::Array => "an array",
            ValueKind::String => "a string",
            ValueKind::Number => "a number",
            ValueKind::Bool => "a boolean",
            ValueKind::Null => "null",
        }
    }
}

/// Reads one JSON value from `text`, token by token.
///
/// Containers are entered with [`Scanner::begin_object`] / [`Scanner::begin_array`] and walked
/// with [`Scanner::next_key`] / [`Scanner::next_element`], which consume the separators and the
/// closing bracket. Scanners are cheap to copy, which is how a caller looks ahead and rewinds.
#[derive(Clone, Copy)]
pub(crate) struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
    max_depth: usize,
    /// Added to every reported offset, so errors inside a sub-document point into the whole body.
    base: usize,
    /// True between opening a container and reading its first entry: no `,` may come yet.
    fresh: bool,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(text: &'a str, max_depth: usize) -> Self {
        Scanner {
            text,
            pos: 0,
            depth: 0,
            max_depth,
            base: 0,
            fresh: false,
        }
    }

    /// A scanner over `text` whose offsets are reported relative to a larger document.
    pub(crate) fn with_base(text: &'a str, max_depth: usize, base: usize) -> Self {
        Scanner {
            text,
            pos: 0,
            depth: 0,
            max_depth,
            base,
            fresh: false,
        }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn error(&self, kind: JsonErrorKind) -> JsonError {
        JsonError {
            kind,
            offset: self.base + self.pos,
        }
    }

    fn unexpected(&self) -> JsonError {
        match self.text[self.pos..].chars().next() {
            Some(c) => self.error(JsonErrorKind::UnexpectedChar(c)),
            None => self.error(JsonErrorKind::UnexpectedEnd),
        }
    }

    fn skip_whitespace(&mut self) {
        let bytes = self.bytes();
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The kind of the next value, after whitespace.
    pub(crate) fn peek(&mut self) -> Result<ValueKind, JsonError> {
        self.skip_whitespace();
        match self.bytes().get(self.pos) {
            Some(b'{') => Ok(ValueKind::Object),
            Some(b'[') => Ok(ValueKind::Array),
            Some(b'"') => Ok(ValueKind::String),
            Some(b'-' | b'0'..=b'9') => Ok(ValueKind::Number),
            Some(b't' | b'f') => Ok(ValueKind::Bool),
            Some(b'n') => Ok(ValueKind::Null),
            _ => Err(self.unexpected()),
        }
    }

    /// Checks that nothing but whitespace follows the value just read.
    pub(crate) fn finish(&mut self) -> Result<(), JsonError> {
        self.skip_whitespace();
        if self.pos == self.text.len() {
            Ok(())
        } else {
            Err(self.error(JsonErrorKind::TrailingCharacters))
        }
    }

    fn expect_byte(&mut self, byte: u8) -> Result<(), JsonError> {
        self.skip_whitespace();
        if self.bytes().get(self.pos) == Some(&byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn enter(&mut self, open: u8) -> Result<(), JsonError> {
        self.expect_byte(open)?;
        self.depth += 1;
        if self.depth > self.max_depth {
            self.pos -= 1;
            return Err(self.error(JsonErrorKind::TooDeep(self.max_depth)));
        }
        self.fresh = true;
        Ok(())
    }

    /// Consumes `{`. Follow with [`Scanner::next_key`] until it returns `None`.
    pub(crate) fn begin_object(&mut self) -> Result<(), JsonError> {
        self.enter(b'{')
    }

    /// Consumes `[`. Follow with [`Scanner::next_element`] until it returns `false`.
    pub(crate) fn begin_array(&mut self) -> Result<(), JsonError> {
        self.enter(b'[')
    }

    /// Inside an object: the next key (with its `:` consumed), or `None` after the closing `}`.
    pub(crate) fn next_key(&mut self) -> Result<Option<JsonStr<'a>>, JsonError> {
        if !self.next_entry(b'}')? {
            return Ok(None);
        }
        self.skip_whitespace();
        if self.bytes().get(self.pos) != Some(&b'"') {
            return Err(self.unexpected());
        }
        let key = self.string()?;
        self.expect_byte(b':')?;
        Ok(Some(key))
    }

    /// Inside an array: `true` if another element follows (its `,` consumed), `false` after `]`.
    pub(crate) fn next_element(&mut self) -> Result<bool, JsonError> {
        self.next_entry(b']')
    }

    /// Consumes the separator before the next entry, or the closing bracket.
    fn next_entry(&mut self, close: u8) -> Result<bool, JsonError> {
        self.skip_whitespace();
        let first = std::mem::replace(&mut self.fresh, false);
        match self.bytes().get(self.pos) {
            Some(&b) if b == close => {
                self.pos += 1;
                self.depth -= 1;
                Ok(false)
            }
            Some(b',') if !first => {
                self.pos += 1;
                Ok(true)
            }
            Some(_) if first => Ok(true),
            _ => Err(self.unexpected()),
        }
    }

    /// Reads a string value; the cursor must be at its opening quote (after whitespace).
    pub(crate) fn string(&mut self) -> Result<JsonStr<'a>, JsonError> {
        self.expect_byte(b'"')?;
        let start = self.pos;
        let bytes = self.bytes();
        let mut escaped = false;
        loop {
            match bytes.get(self.pos) {
                None => return Err(self.error(JsonErrorKind::UnexpectedEnd)),
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    self.escape()?;
                }
                Some(&b) if b < 0x20 => {
                    return Err(self.error(JsonErrorKind::ControlCharacterInString))
                }
                Some(_) => self.pos += 1,
            }
        }
        let raw = &self.text[start..self.pos];
        self.pos += 1;
        Ok(JsonStr::new(raw, escaped))
    }

    fn escape(&mut self) -> Result<(), JsonError> {
        self.pos += 1; // the backslash
        match self.bytes().get(self.pos) {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                self.pos += 1;
                Ok(())
            }
            Some(b'u') => {
                let hex = self.bytes().get(self.pos + 1..self.pos + 5);
                match hex {
                    Some(h) if h.iter().all(u8::is_ascii_hexdigit) => {
                        self.pos += 5;
                        Ok(())
                    }
                    _ => Err(self.error(JsonErrorKind::InvalidEscape)),
                }
            }
            None => Err(self.error(JsonErrorKind::UnexpectedEnd)),
            Some(_) => Err(self.error(JsonErrorKind::InvalidEscape)),
        }
    }

    /// Reads a number and returns its text; the cursor must be at it (after whitespace).
    pub(crate) fn number(&mut self) -> Result<&'a str, JsonError> {
        self.skip_whitespace();
        let start = self.pos;
        let bytes = self.bytes();
        let digits = |pos: &mut usize| {
            let from = *pos;
            while bytes.get(*pos).is_some_and(u8::is_ascii_digit) {
                *pos += 1;
            }
            *pos - from
        };
        let mut pos = self.pos;
        if bytes.get(pos) == Some(&b'-') {
            pos += 1;
        }
        match bytes.get(pos) {
            Some(b'0') => pos += 1,
            Some(b'1'..=b'9') => {
                digits(&mut pos);
            }
            _ => {
                self.pos = pos;
                return Err(self.error(JsonErrorKind::InvalidNumber));
            }
        }
        if bytes.get(pos) == Some(&b'.') {
            pos += 1;
            if digits(&mut pos) == 0 {
                self.pos = pos;
                return Err(self.error(JsonErrorKind::InvalidNumber));
            }
        }
        if let Some(b'e' | b'E') = bytes.get(pos) {
            pos += 1;
            if let Some(b'+' | b'-') = bytes.get(pos) {
                pos += 1;
            }
            if digits(&mut pos) == 0 {
                self.pos = pos;
                return Err(self.error(JsonErrorKind::InvalidNumber));
            }
        }
        self.pos = pos;
        Ok(&self.text[start..pos])
    }

    /// Reads `true` or `false`.
    pub(crate) fn boolean(&mut self) -> Result<bool, JsonError> {
        self.skip_whitespace();
        if self.text[self.pos..].starts_with("true") {
            self.pos += 4;
            Ok(true)
        } else if self.text[self.pos..].starts_with("false") {
            self.pos += 5;
            Ok(false)
        } else {
            Err(self.unexpected())
        }
    }

    /// Reads `null`.
    pub(crate) fn null(&mut self) -> Result<(), JsonError> {
        self.skip_whitespace();
        if self.text[self.pos..].starts_with("null") {
            self.pos += 4;
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    /// Skips one whole value of any kind, checking its syntax and depth, without recursion.
    pub(crate) fn skip_value(&mut self) -> Result<(), JsonError> {
        let floor = self.depth;
        // Whether each container opened by this skip is an object (else an array).
        let mut in_object = Vec::new();
        loop {
            match self.peek()? {
                ValueKind::Object => {
                    self.begin_object()?;
                    in_object.push(true);
                }
                ValueKind::Array => {
                    self.begin_array()?;
                    in_object.push(false);
                }
                ValueKind::String => {
                    self.string()?;
                }
                ValueKind::Number => {
                    self.number()?;
                }
                ValueKind::Bool => {
                    self.boolean()?;
                }
                ValueKind::Null => self.null()?,
            }
            // After a value (or an opened container): close every container that ends here,
            // stopping at the first one that has another entry.
            loop {
                if self.depth == floor {
                    return Ok(());
                }
                let more = if in_object.last() == Some(&true) {
                    self.next_key()?.is_some()
                } else {
                    self.next_element()?
                };
                if more {
                    break;
                }
                in_object.pop();
            }
        }
    }

    /// Skips one value and returns its exact text.
    pub(crate) fn raw_value(&mut self) -> Result<(&'a str, usize), JsonError> {
        self.skip_whitespace();
        let start = self.pos;
        self.skip_value()?;
        Ok((&self.text[start..self.pos], self.base + start))
    }
}
