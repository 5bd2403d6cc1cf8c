//! The one error type of parsing, with stable codes.

use std::fmt;

use crate::json::{JsonError, JsonErrorKind};
use crate::model::Problem;

/// Why a delivery could not be turned into an event.
///
/// Every variant names the place (a path into the delivery) and has a stable [`code`](Self::code)
/// that reaches JavaScript as `err.code`.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// The text at `path` is not JSON.
    InvalidJson {
        path: &'static str,
        offset: usize,
        reason: String,
    },
    /// The bytes at `path` are not UTF-8.
    InvalidEncoding { path: &'static str, offset: usize },
    /// The delivery does not say which event it is. `path` is where the name belongs;
    /// `expected_in` says where it was looked for, in words.
    MissingEventName {
        path: &'static str,
        expected_in: &'static str,
    },
    /// The event name is not one a Connector could send. `name` is cut to 64 characters
    /// (with `…`): the message is sent back to webhook callers.
    InvalidEventName {
        name: String,
        found_in: &'static str,
        reason: String,
    },
    /// The envelope around the data (webhook body, Pub/Sub push) is not of the expected form.
    InvalidEnvelope { path: String, reason: String },
    /// Strict mode: the data does not match its DTO.
    InvalidData {
        name: String,
        problems: Vec<Problem>,
    },
    /// The body is longer than [`Limits::max_body_bytes`](crate::Limits::max_body_bytes).
    TooLarge { size: usize, limit: usize },
    /// The JSON nests deeper than [`Limits::max_depth`](crate::Limits::max_depth).
    TooDeep {
        path: &'static str,
        offset: usize,
        limit: usize,
    },
}

impl ParseError {
    /// A stable machine-readable code: `invalid_json`, `invalid_encoding`, `missing_event_name`,
    /// `invalid_event_name`, `invalid_envelope`, `invalid_data`, `too_large` or `too_deep`.
    pub fn code(&self) -> &'static str {
        match self {
            ParseError::InvalidJson { .. } => "invalid_json",
            ParseError::InvalidEncoding { .. } => "invalid_encoding",
            ParseError::MissingEventName { .. } => "missing_event_name",
            ParseError::InvalidEventName { .. } => "invalid_event_name",
            ParseError::InvalidEnvelope { .. } => "invalid_envelope",
            ParseError::InvalidData { .. } => "invalid_data",
            ParseError::TooLarge { .. } => "too_large",
            ParseError::TooDeep { .. } => "too_deep",
        }
    }

    /// Where in the delivery the error is, when it is at one place.
    pub fn path(&self) -> Option<String> {
        match self {
            ParseError::InvalidJson { path, .. }
            | ParseError::InvalidEncoding { path, .. }
            | ParseError::TooDeep { path, .. } => Some((*path).to_string()),
            ParseError::MissingEventName { path, .. } => Some((*path).to_string()),
            ParseError::InvalidEventName { found_in, .. } => Some((*found_in).to_string()),
            ParseError::InvalidEnvelope { path, .. } => Some(path.clone()),
            ParseError::InvalidData { problems, .. } => problems.first().map(|p| p.path.clone()),
            ParseError::TooLarge { .. } => None,
        }
    }

    /// Maps a scanner error in the JSON text at `path`.
    pub(crate) fn from_json(path: &'static str, error: JsonError) -> Self {
        match error.kind {
            JsonErrorKind::TooDeep(limit) => ParseError::TooDeep {
                path,
                offset: error.offset,
                limit,
            },
            kind => ParseError::InvalidJson {
                path,
                offset: error.offset,
                reason: kind.to_string(),
            },
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::InvalidJson {
                path,
                offset,
                reason,
            } => {
                write!(f, "invalid JSON in {path} at byte {offset}: {reason}")
            }
            ParseError::InvalidEncoding { path, offset } => {
                write!(f, "{path} is not valid UTF-8 at byte {offset}")
            }
            ParseError::MissingEventName { expected_in, .. } => {
                write!(f, "no event name: expected one in {expected_in}")
            }
            ParseError::InvalidEventName {
                name,
                found_in,
                reason,
            } => {
                write!(f, "invalid event name {name:?} in {found_in}: {reason}")
            }
            ParseError::InvalidEnvelope { path, reason } => {
                write!(f, "invalid envelope at {path}: {reason}")
            }
            ParseError::InvalidData { name, problems } => {
                write!(f, "data of {name} does not match its type: ")?;
                match problems.as_slice() {
                    [] => f.write_str("no problems"),
                    [only] => write!(f, "{only}"),
                    [first, rest @ ..] => write!(f, "{first} (and {} more)", rest.len()),
                }
            }
            ParseError::TooLarge { size, limit } => {
                write!(
                    f,
                    "the body has {size} bytes, more than the limit of {limit}"
                )
            }
            ParseError::TooDeep {
                path,
                offset,
                limit,
            } => {
                write!(
                    f,
                    "{path} nests deeper than {limit} levels at byte {offset}"
                )
            }
        }
    }
}

impl std::error::Error for ParseError {}
