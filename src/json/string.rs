//! A JSON string as it stands in the text, decoded only when someone needs its value.

use std::borrow::Cow;

/// The raw text between a string's quotes, and whether it holds escapes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct JsonStr<'a> {
    raw: &'a str,
    escaped: bool,
}

impl<'a> JsonStr<'a> {
    pub(crate) fn new(raw: &'a str, escaped: bool) -> Self {
        JsonStr { raw, escaped }
    }

    /// The decoded value. A lone surrogate escape, which Rust strings cannot hold, becomes U+FFFD.
    pub(crate) fn decoded(&self) -> Cow<'a, str> {
        if self.escaped {
            Cow::Owned(decode_escapes(self.raw))
        } else {
            Cow::Borrowed(self.raw)
        }
    }

    /// Whether the decoded value equals `s`, without allocating in the common unescaped case.
    #[inline]
    pub(crate) fn is(&self, s: &str) -> bool {
        if self.escaped {
            decoded_is(self.raw, s)
        } else {
            self.raw == s
        }
    }
}

/// The rare escaped case of [`JsonStr::is`], out of line: inlined at each of its call sites it
/// cost about 250 bytes of gzipped wasm.
#[inline(never)]
fn decoded_is(raw: &str, s: &str) -> bool {
    decode_escapes(raw) == s
}

/// Decodes the escapes of a string the scanner has already checked.
fn decode_escapes(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let unit = hex4(&mut chars);
                if (0xD800..0xDC00).contains(&unit) {
                    // A high surrogate: combine with a following low one, if there is one.
                    let mut ahead = chars.clone();
                    if ahead.next() == Some('\\') && ahead.next() == Some('u') {
                        let low = hex4(&mut ahead);
                        if (0xDC00..0xE000).contains(&low) {
                            let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                            chars = ahead;
                            continue;
                        }
                    }
                }
                out.push(char::from_u32(unit).unwrap_or('\u{FFFD}'));
            }
            Some(other) => out.push(other), // `"`, `\` and `/` stand for themselves
            None => {}
        }
    }
    out
}

fn hex4(chars: &mut std::str::Chars<'_>) -> u32 {
    (0..4).fold(0, |acc, _| {
        acc * 16 + chars.next().and_then(|c| c.to_digit(16)).unwrap_or(0)
    })
}
