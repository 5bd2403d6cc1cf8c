//! The two stages of an event: located (name known, data found but unchecked) and parsed.
//!
//! Splitting them lets a router decide from the name alone that nobody wants an event, and
//! skip checking its data.

use std::borrow::Cow;

use super::error::ParseError;
use super::DeliveryKind;
use crate::json::Scanner;
use crate::model::DataType;
use crate::model::{lookup, shape_of, validate, EventKind, Problem, ProblemKind};

/// The exact JSON text of an event's data, and where in the delivery it stood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Data<'a> {
    /// The data's JSON text, byte for byte as delivered (decoded from base64 for Pub/Sub).
    pub text: Cow<'a, str>,
    /// Where it was.
    pub location: DataLocation,
    /// The path of the text in the delivery, for error messages: `body`, `data`, `message.data`.
    pub(crate) path: &'static str,
    /// Byte offset of the text in the body, for error messages.
    pub(crate) offset: usize,
    /// Nesting levels the envelope already used above the data.
    pub(crate) depth_used: usize,
}

/// Where an event's data stood in its delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataLocation {
    /// The whole body is the data (brokers, webhook targets with `{{trigger}}`).
    Body,
    /// The `data` member of the webhook envelope.
    EnvelopeData,
    /// Decoded from base64 (Google Pub/Sub).
    Decoded,
}

impl<'a> Data<'a> {
    pub(crate) fn whole_body(body: &'a str) -> Self {
        Data {
            text: Cow::Borrowed(body),
            location: DataLocation::Body,
            path: "body",
            offset: 0,
            depth_used: 0,
        }
    }

    /// The data as a `serde_json::Value`.
    ///
    /// # Errors
    /// Text that `serde_json` cannot represent: a lone surrogate escape (`"\ud800"`), which
    /// JSON and `JSON.parse` allow but Rust strings do not.
    #[cfg(feature = "serde")]
    pub fn to_value(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::from_str(&self.text)
    }

    /// The data as any `Deserialize` type, e.g. one of the [`dto`](crate::dto) types.
    ///
    /// # Errors
    /// Data that does not fit `T`.
    #[cfg(feature = "serde")]
    pub fn deserialize<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.text)
    }

    fn is_empty_object(&self) -> bool {
        let inner = self.text.trim_matches([' ', '\t', '\n', '\r']);
        inner
            .strip_prefix('{')
            .and_then(|s| s.strip_suffix('}'))
            .is_some_and(|s| s.trim_matches([' ', '\t', '\n', '\r']).is_empty())
    }
}

/// An event whose name is known and whose data has been found but not yet checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEvent<'a> {
    /// The event name: `trigger`, routing key, topic (with `.`), channel or `namespace`.
    pub name: Cow<'a, str>,
    /// What the catalogue knows of the name.
    pub kind: EventKind,
    /// The delivery module it came through.
    pub source: DeliveryKind,
    /// The data, if the delivery had any.
    pub data: Option<Data<'a>>,
    max_depth: usize,
}

impl<'a> RawEvent<'a> {
    pub(crate) fn new(
        name: Cow<'a, str>,
        source: DeliveryKind,
        data: Option<Data<'a>>,
        max_depth: usize,
    ) -> Self {
        let kind = lookup(&name);
        RawEvent {
            name,
            kind,
            source,
            data,
            max_depth,
        }
    }

    /// Checks the data: its syntax always, its shape against the event's DTO when the name is
    /// known. Problems are listed on the event, or with `strict` returned as an error.
    ///
    /// # Errors
    /// [`ParseError::InvalidJson`] and [`ParseError::TooDeep`] for data that is not JSON within
    /// the limits; [`ParseError::InvalidData`] in strict mode when there are problems.
    pub fn validate(self, strict: bool) -> Result<Event<'a>, ParseError> {
        let RawEvent {
            name,
            kind,
            source,
            mut data,
            max_depth,
        } = self;
        let data_type = kind.data_type();
        let mut problems = Vec::new();
        match (&data, shape_of(data_type)) {
            (Some(found), None) => {
                check(found, &crate::model::Shape::Any, max_depth, &mut Vec::new())?;
                // Brokers send `{}` for events without data: that is "no data", not a problem.
                if !found.is_empty_object() {
                    problems.push(Problem {
                        path: "data".into(),
                        kind: ProblemKind::UnexpectedData,
                    });
                } else {
                    data = None;
                }
            }
            (Some(found), Some(shape)) => check(found, &shape, max_depth, &mut problems)?,
            (None, Some(_))
                if !matches!(
                    data_type,
                    DataType::OptionalIdentityDeletionProcess | DataType::Any
                ) =>
            {
                let kind = ProblemKind::MissingData {
                    expected: data_type.type_name(),
                };
                problems.push(Problem {
                    path: "data".into(),
                    kind,
                });
            }
            (None, _) => {}
        }
        if strict && !problems.is_empty() {
            return Err(ParseError::InvalidData {
                name: name.into_owned(),
                problems,
            });
        }
        Ok(Event {
            name,
            kind,
            source,
            data,
            problems,
        })
    }
}

fn check(
    data: &Data<'_>,
    shape: &crate::model::Shape,
    max_depth: usize,
    problems: &mut Vec<Problem>,
) -> Result<(), ParseError> {
    let depth = max_depth.saturating_sub(data.depth_used);
    let mut scanner = Scanner::with_base(&data.text, depth.max(1), data.offset);
    let relative = |mut error: crate::json::JsonError| {
        if let crate::json::JsonErrorKind::TooDeep(limit) = &mut error.kind {
            *limit += data.depth_used;
        }
        ParseError::from_json(data.path, error)
    };
    validate(&mut scanner, shape, "data", problems).map_err(relative)
}

/// A parsed, checked event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event<'a> {
    /// The event name.
    pub name: Cow<'a, str>,
    /// What the catalogue knows of the name.
    pub kind: EventKind,
    /// The delivery module it came through.
    pub source: DeliveryKind,
    /// The data's exact JSON text; `None` for events without data (and `{}` from a broker for
    /// such an event).
    pub data: Option<Data<'a>>,
    /// What validation found, with paths; empty for valid data. At most
    /// [`MAX_PROBLEMS`](crate::MAX_PROBLEMS).
    pub problems: Vec<Problem>,
}

impl Event<'_> {
    /// The data as the typed model, chosen by the event's data type.
    ///
    /// # Errors
    /// Data that does not fit the type (events with problems may fail here).
    #[cfg(feature = "dto")]
    pub fn typed_data(&self) -> Result<crate::dto::EventData, serde_json::Error> {
        let value = match &self.data {
            Some(data) => data.to_value()?,
            None => serde_json::Value::Null,
        };
        crate::dto::EventData::from_json(self.kind.data_type(), value)
    }
}
