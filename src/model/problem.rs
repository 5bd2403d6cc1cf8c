//! Validation findings: what is wrong with event data, and exactly where.

use std::fmt;

/// What a [`Problem`] found. The [`Problem::code`] of each kind is stable.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// A value of the wrong JSON type, e.g. a number where the DTO has a string.
    WrongType {
        /// The JSON type the DTO has there, in words (e.g. `a string`).
        expected: &'static str,
        /// The JSON type found, in words (e.g. `a number`, `null`).
        found: &'static str,
    },
    /// A required field is absent.
    MissingField {
        /// The type that requires the field (e.g. `RelationshipDTO`).
        of: &'static str,
    },
    /// None of several alternative fields is present (e.g. `templateId` or v6 `template`).
    MissingOneOf {
        /// The alternatives, one of which must be present (e.g. `["templateId", "template"]`).
        fields: &'static [&'static str],
        /// The type that requires one of them (e.g. `RelationshipDTO`).
        of: &'static str,
    },
    /// The event carries data of a known type, but the delivery had none.
    MissingData {
        /// The name of the type the data should have (e.g. `MessageDTO`).
        expected: &'static str,
    },
    /// A string outside its enumeration (statuses, results, reasons).
    UnknownValue {
        /// The string found, cut after 64 characters with `…` and its length in bytes.
        value: String,
        /// The values the enumeration allows (e.g. `["Pending", "Active", ...]`).
        allowed: &'static [&'static str],
    },
    /// A string of the right type but the wrong form (ids, dates).
    BadFormat {
        /// The form expected, in words (e.g. `an ISO 8601 date-time`, `a Message id (MSG…)`).
        expected: &'static str,
        /// The string found, cut after 64 characters with `…` and its length in bytes.
        value: String,
    },
    /// A key that occurs twice in one object; `JSON.parse` keeps the last one.
    DuplicateKey,
    /// The event carries no data, but the delivery had some.
    UnexpectedData,
}

/// One finding of validation: a JSON path into the delivery and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, as a JavaScript-style path from the event's `data`: `data.recipients[2].address`.
    pub path: String,
    /// What.
    pub kind: ProblemKind,
}

impl Problem {
    /// A stable machine-readable code: `wrong_type`, `missing_field`, `unknown_value`,
    /// `bad_format`, `duplicate_key` or `unexpected_data`.
    pub fn code(&self) -> &'static str {
        match self.kind {
            ProblemKind::WrongType { .. } => "wrong_type",
            ProblemKind::MissingField { .. }
            | ProblemKind::MissingOneOf { .. }
            | ProblemKind::MissingData { .. } => "missing_field",
            ProblemKind::UnknownValue { .. } => "unknown_value",
            ProblemKind::BadFormat { .. } => "bad_format",
            ProblemKind::DuplicateKey => "duplicate_key",
            ProblemKind::UnexpectedData => "unexpected_data",
        }
    }

    /// The plain-language message, without the path.
    pub fn message(&self) -> String {
        match &self.kind {
            ProblemKind::WrongType { expected, found } => {
                format!("expected {expected}, found {found}")
            }
            ProblemKind::MissingField { of } => format!("missing, but required in {of}"),
            ProblemKind::MissingOneOf { fields, of } => {
                format!("missing: {of} needs {}", quoted_list(fields, " or "))
            }
            ProblemKind::MissingData { expected } => {
                format!("missing: this event carries a {expected}")
            }
            ProblemKind::UnknownValue { value, allowed } => {
                format!(
                    "unknown value {value:?}, expected {}",
                    quoted_list(allowed, ", ")
                )
            }
            ProblemKind::BadFormat { expected, value } => {
                format!("expected {expected}, found {value:?}")
            }
            ProblemKind::DuplicateKey => "duplicate key: JSON.parse keeps the last one".to_string(),
            ProblemKind::UnexpectedData => "this event carries no data".to_string(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message())
    }
}

/// Characters of a found value a problem keeps: a 5 MB id must not make 100 problems of 5 MB.
const EXCERPT_CHARS: usize = 64;

/// `text`, cut after [`EXCERPT_CHARS`] characters with `…` and its full length in bytes.
pub(crate) fn excerpt(text: &str) -> String {
    match text.char_indices().nth(EXCERPT_CHARS) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}… ({} bytes)", &text[..cut], text.len()),
    }
}

fn quoted_list(items: &[&str], separator: &str) -> String {
    items
        .iter()
        .map(|item| format!("{item:?}"))
        .collect::<Vec<_>>()
        .join(separator)
}

/// One step of a path: an object key the schema knows, or an array index.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step {
    Key(&'static str),
    Index(usize),
}

/// Renders steps as a JavaScript accessor path: `data.items[0]["@type"]`.
pub(crate) fn render_path(root: &str, steps: &[Step]) -> String {
    let mut out = String::from(root);
    for step in steps {
        match step {
            Step::Key(key) if is_identifier(key) => {
                out.push('.');
                out.push_str(key);
            }
            Step::Key(key) => {
                out.push_str(&format!("[{key:?}]"));
            }
            Step::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}
