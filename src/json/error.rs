//! What can be wrong with JSON text, and where.

use std::fmt;

/// A syntax or limit error at a byte offset of the scanned document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsonError {
    pub(crate) kind: JsonErrorKind,
    pub(crate) offset: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JsonErrorKind {
    UnexpectedEnd,
    UnexpectedChar(char),
    InvalidEscape,
    ControlCharacterInString,
    InvalidNumber,
    TrailingCharacters,
    /// Nesting went past the limit (which is carried).
    TooDeep(usize),
}

impl fmt::Display for JsonErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonErrorKind::UnexpectedEnd => f.write_str("unexpected end of input"),
            JsonErrorKind::UnexpectedChar(c) => write!(f, "unexpected character {c:?}"),
            JsonErrorKind::InvalidEscape => f.write_str("invalid escape sequence"),
            JsonErrorKind::ControlCharacterInString => f.write_str("control character in string"),
            JsonErrorKind::InvalidNumber => f.write_str("invalid number"),
            JsonErrorKind::TrailingCharacters => {
                f.write_str("trailing characters after the JSON value")
            }
            JsonErrorKind::TooDeep(limit) => write!(f, "nesting deeper than {limit} levels"),
        }
    }
}
