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

    /// The byte offset the scanner stands at (after whitespace once `peek` ran), so a caller
    /// can cut out the exact text of a value it skipped.
    pub(crate) fn position(&self) -> usize {
        self.pos
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

    #[inline]
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

    /// The text from the next token (after whitespace) to the end.
    pub(crate) fn rest(&mut self) -> &'a str {
        self.skip_whitespace();
        &self.text[self.pos..]
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

    /// Consumes `byte`, after whitespace if need be (checked first: separators usually follow
    /// their value directly, and this runs for every key and value).
    fn expect_byte(&mut self, byte: u8) -> Result<(), JsonError> {
        if self.bytes().get(self.pos) != Some(&byte) {
            self.skip_whitespace();
            if self.bytes().get(self.pos) != Some(&byte) {
                return Err(self.unexpected());
            }
        }
        self.pos += 1;
        Ok(())
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
            let pos = skip_plain(bytes, self.pos);
            match bytes.get(pos) {
                None => {
                    self.pos = pos;
                    return Err(self.error(JsonErrorKind::UnexpectedEnd));
                }
                Some(b'"') => {
                    self.pos = pos + 1;
                    return Ok(JsonStr::new(&self.text[start..pos], escaped));
                }
                Some(b'\\') => {
                    escaped = true;
                    self.pos = pos;
                    self.escape()?;
                }
                Some(_) => {
                    // A control character: skip_plain stops only at `"`, `\\` and those.
                    self.pos = pos;
                    return Err(self.error(JsonErrorKind::ControlCharacterInString));
                }
            }
        }
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

    /// Skips one value WITHOUT checking it, returning its text: brackets are counted and strings
    /// stepped over, nothing more. For looking past data that is checked on its own later (the
    /// webhook envelope's `data`); on malformed text the span may be wrong, which that later
    /// check then reports. Depth is still limited.
    pub(crate) fn skip_value_unchecked(&mut self) -> Result<(&'a str, usize), JsonError> {
        // A byte no value starts with is an error now: below, every stop is at an ASCII byte (a
        // delimiter, a bracket, a quote), so the span always falls on character boundaries.
        self.peek()?;
        let bytes = self.bytes();
        let start = self.pos;
        let mut pos = start;
        let mut depth = 0usize;
        loop {
            match bytes.get(pos) {
                None => {
                    self.pos = pos;
                    return Err(self.error(JsonErrorKind::UnexpectedEnd));
                }
                Some(b'"') => match skip_string_unchecked(bytes, pos + 1) {
                    Some(after) => pos = after,
                    // The text ends inside the string (`{"data":"\`): not a value.
                    None => {
                        self.pos = bytes.len();
                        return Err(self.error(JsonErrorKind::UnexpectedEnd));
                    }
                },
                Some(b'{' | b'[') => {
                    depth += 1;
                    if self.depth + depth > self.max_depth {
                        self.pos = pos;
                        return Err(self.error(JsonErrorKind::TooDeep(self.max_depth)));
                    }
                    pos += 1;
                }
                Some(b'}' | b']') if depth > 0 => {
                    depth -= 1;
                    pos += 1;
                }
                Some(b',' | b'}' | b']') if depth == 0 => break,
                Some(_) => pos += 1,
            }
            if depth == 0
                && pos > start
                && !matches!(
                    bytes.get(start),
                    Some(b'-' | b'0'..=b'9' | b't' | b'f' | b'n')
                )
            {
                break;
            }
        }
        let text = self.text[start..pos].trim_end_matches([' ', '\t', '\n', '\r']);
        self.pos = start + text.len();
        Ok((text, self.base + start))
    }
}

/// The position of the first byte at or after `pos` that ends a plain run inside a string: a
/// quote, a backslash or a control character (or the end). Sixteen bytes at a time where the
/// target has 128-bit SIMD (wasm simd128, x86-64's SSE2), else eight: string contents are most of
/// a Connector payload (mail bodies, attribute values).
fn skip_plain(bytes: &[u8], mut pos: usize) -> usize {
    while let Some(chunk) = bytes.get(pos..pos + 16) {
        let stops = string_stops(chunk.try_into().unwrap_or(&[0; 16]));
        if stops != 0 {
            return pos + stops.trailing_zeros() as usize;
        }
        pos += 16;
    }
    while let Some(&b) = bytes.get(pos) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        pos += 1;
    }
    pos
}

/// A bit for each byte of `chunk` that ends a plain run (bit i for byte i).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn string_stops(chunk: &[u8; 16]) -> u32 {
    use core::arch::wasm32::{u8x16_bitmask, u8x16_eq, u8x16_lt, u8x16_splat, v128_load, v128_or};
    // SAFETY: `chunk` is 16 readable bytes; v128.load has no alignment requirement.
    let v = unsafe { v128_load(chunk.as_ptr().cast()) };
    let quote_or_backslash = v128_or(
        u8x16_eq(v, u8x16_splat(b'"')),
        u8x16_eq(v, u8x16_splat(b'\\')),
    );
    u32::from(u8x16_bitmask(v128_or(
        quote_or_backslash,
        u8x16_lt(v, u8x16_splat(0x20)),
    )))
}

/// A bit for each byte of `chunk` that ends a plain run (bit i for byte i).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn string_stops(chunk: &[u8; 16]) -> u32 {
    use core::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of x86-64; `chunk` is 16 readable bytes and loadu needs no alignment.
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr().cast());
        let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
        // Unsigned `v <= 0x1f`: max(v, 0x1f) is 0x1f exactly then.
        let control = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1f)), _mm_set1_epi8(0x1f));
        _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control)) as u32
    }
}

/// Without 128-bit SIMD: eight bytes at a time.
#[cfg(not(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    target_arch = "x86_64"
)))]
fn string_stops(chunk: &[u8; 16]) -> u32 {
    string_stops_swar(chunk)
}

/// A bit for each byte of `chunk` that ends a plain run (bit i for byte i), in two 64-bit words.
#[cfg(any(
    all(test, not(target_arch = "wasm32")),
    not(any(
        all(target_arch = "wasm32", target_feature = "simd128"),
        target_arch = "x86_64"
    ))
))]
fn string_stops_swar(chunk: &[u8; 16]) -> u32 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Sets a byte's high bit if that byte is zero (no false negatives; false positives only
    // above a true hit, so a word with any bit set holds a stop).
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let stops_in = |offset: usize| {
        let half = &chunk[offset..offset + 8];
        let word = u64::from_le_bytes(half.try_into().unwrap_or([0; 8]));
        let control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
        let quote = has_zero(word ^ (ONES * u64::from(b'"')));
        let backslash = has_zero(word ^ (ONES * u64::from(b'\\')));
        if control | quote | backslash == 0 {
            return 0;
        }
        // Which byte exactly (the word trick may also flag bytes after it): the first one.
        half.iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            .map_or(0, |i| 1 << (offset + i))
    };
    stops_in(0) | stops_in(8)
}

/// The position after the closing quote of a string whose contents start at `pos`; escapes are
/// stepped over, nothing is checked. `None` if the text ends before the string closes.
fn skip_string_unchecked(bytes: &[u8], mut pos: usize) -> Option<usize> {
    loop {
        pos = skip_plain(bytes, pos);
        match bytes.get(pos) {
            None => return None,
            Some(b'"') => return Some(pos + 1),
            // Never past the end: a text ending in a backslash would otherwise give len + 1.
            Some(b'\\') => pos = (pos + 2).min(bytes.len()),
            Some(_) => pos += 1,
        }
    }
}

// Natively (proptest); in wasm the simd128 path is pinned by tests/common/string_bytes.rs.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::{skip_plain, string_stops, string_stops_swar};
    use proptest::prelude::*;

    fn is_stop(b: u8) -> bool {
        b == b'"' || b == b'\\' || b < 0x20
    }

    /// Byte by byte, the definition.
    fn reference(bytes: &[u8], from: usize) -> usize {
        (from..bytes.len())
            .find(|&i| is_stop(bytes[i]))
            .unwrap_or(bytes.len())
    }

    #[test]
    fn every_byte_value_at_every_lane() {
        for value in 0..=255u8 {
            for lane in 0..16 {
                let mut chunk = [b'a'; 16];
                chunk[lane] = value;
                let expected = if is_stop(value) { 1 << lane } else { 0 };
                assert_eq!(string_stops(&chunk), expected, "{value:#x} at {lane}");
                // The word version marks only the first stop of each half.
                assert_eq!(
                    string_stops_swar(&chunk),
                    expected,
                    "swar {value:#x} at {lane}"
                );
            }
        }
    }

    proptest! {
        #[test]
        fn finds_the_first_stop_like_the_definition(
            bytes in proptest::collection::vec(
                prop_oneof![4 => 0x20u8..=0xff, 1 => Just(b'"'), 1 => Just(b'\\'), 1 => 0u8..0x20],
                0..80,
            ),
            from in 0usize..80,
        ) {
            let from = from.min(bytes.len());
            prop_assert_eq!(skip_plain(&bytes, from), reference(&bytes, from));
            let mut chunk = [b'a'; 16];
            let n = bytes.len().min(16);
            chunk[..n].copy_from_slice(&bytes[..n]);
            let first = |mask: u32| (mask != 0).then(|| mask.trailing_zeros());
            prop_assert_eq!(first(string_stops(&chunk)), first(string_stops_swar(&chunk)));
        }
    }
}
