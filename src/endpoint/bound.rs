//! Length bounds on what the endpoint sends back: an echoed value (a method, a content type, an
//! event name) or a whole message never makes an answer larger than a few hundred bytes.

/// Longest value (method, content type, charset, event name) an answer repeats, in characters;
/// a correlation id, in bytes.
pub const MAX_ECHOED_CHARS: usize = 100;

/// Longest message an answer carries, in characters; a `path`, in bytes.
pub const MAX_MESSAGE_CHARS: usize = 300;

/// Longest code an answer carries, in bytes (codes are ASCII words such as `invalid_json`).
pub const MAX_CODE_BYTES: usize = 64;

/// `value` cut to its first `max` characters followed by `…`; unchanged when it fits.
pub(crate) fn cut(value: &str, max: usize) -> String {
    match value.char_indices().nth(max) {
        None => value.to_string(),
        Some((end, _)) => {
            let mut out = value[..end].to_string();
            out.push('…');
            out
        }
    }
}

/// `value` cut to at most `max` bytes at a character boundary, without a marker (for codes).
pub(crate) fn cut_bytes(value: &str, max: usize) -> &str {
    if value.len() <= max {
        return value;
    }
    let mut end = max;
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    &value[..end]
}

#[cfg(test)]
mod tests {
    use super::{cut, cut_bytes};

    #[test]
    fn cuts_at_characters_and_marks_the_cut() {
        assert_eq!(cut("abc", 3), "abc");
        assert_eq!(cut("abcd", 3), "abc…");
        assert_eq!(cut("äöüß", 3), "äöü…");
        assert_eq!(cut("👋👋👋👋", 2), "👋👋…");
        assert_eq!(cut("", 0), "");
        assert_eq!(cut_bytes("abc", 2), "ab");
        assert_eq!(cut_bytes("aä", 2), "a");
    }
}
