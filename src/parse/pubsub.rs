//! Google Pub/Sub: the push envelope `{"message": {"data": base64, "attributes": {"namespace"}}}`
//! and pulled messages.

use std::borrow::Cow;

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;

use super::error::ParseError;
use super::name::check_name;
use super::raw::{Data, DataLocation, RawEvent};
use super::text::body_text;
use super::{DeliveryKind, PubSubData};
use crate::json::{JsonStr, Scanner, ValueKind};

/// Standard alphabet; padding optional, since some clients strip it; unused bits in the last
/// character ignored, as `atob` and Node's `Buffer` do (the JS differential fuzz found
/// `LTFlOTb=` refused though both read it as `-1e96`).
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

const NAMESPACE_PLACE: &str = "message.attributes.namespace";

/// Reads a push request body.
pub(crate) fn read_push(
    body: &str,
    max_body_bytes: usize,
    max_depth: usize,
) -> Result<RawEvent<'static>, ParseError> {
    let json_error = |error| ParseError::from_json("body", error);
    let mut scanner = Scanner::new(body, max_depth);
    expect_object(&mut scanner, "body", "a Pub/Sub push envelope")
        .map_err(|e| e.or_json(json_error))?;
    let mut message = None;
    while let Some(key) = scanner.next_key().map_err(json_error)? {
        if key.is("message") {
            expect_object(&mut scanner, "message", "the Pub/Sub message")
                .map_err(|e| e.or_json(json_error))?;
            message = Some(read_message(&mut scanner).map_err(|e| e.or_json(json_error))?);
        } else {
            scanner.skip_value().map_err(json_error)?;
        }
    }
    scanner.finish().map_err(json_error)?;
    let (data, namespace) = message
        .ok_or_else(|| envelope("message", "missing: a push envelope carries a \"message\""))?;
    let namespace = namespace.ok_or(ParseError::MissingEventName {
        path: NAMESPACE_PLACE,
        expected_in: NAMESPACE_PLACE,
    })?;
    // The string's value, not its raw text: an encoder may escape `/` as `\/` (JSON.parse, and
    // so every JS consumer, reads the same base64 either way).
    let data = data
        .map(|text| decode(PubSubData::Base64(&text.decoded()), max_body_bytes))
        .transpose()?;
    finish(Cow::Owned(namespace), data, max_depth)
}

/// Reads a pulled message.
pub(crate) fn read_message_parts<'a>(
    data: PubSubData<'a>,
    namespace: Option<&'a str>,
    limits: &crate::Limits,
) -> Result<RawEvent<'a>, ParseError> {
    let namespace = namespace.ok_or(ParseError::MissingEventName {
        path: "message.attributes.namespace",
        expected_in: "the \"namespace\" attribute",
    })?;
    let data = decode(data, limits.max_body_bytes)?;
    finish(Cow::Borrowed(namespace), Some(data), limits.depth())
}

fn finish<'a>(
    namespace: Cow<'a, str>,
    data: Option<String>,
    max_depth: usize,
) -> Result<RawEvent<'a>, ParseError> {
    check_name(&namespace, NAMESPACE_PLACE)?;
    let data = data.map(|text| Data {
        text: Cow::Owned(text),
        location: DataLocation::Decoded,
        path: "message.data",
        offset: 0,
        depth_used: 0,
    });
    Ok(RawEvent::new(
        namespace,
        DeliveryKind::PubSub,
        data,
        max_depth,
    ))
}

/// A failure inside the envelope: either a JSON error or an envelope error already made.
enum Failure {
    Json(crate::json::JsonError),
    Envelope(ParseError),
}

impl Failure {
    fn or_json(self, json_error: impl Fn(crate::json::JsonError) -> ParseError) -> ParseError {
        match self {
            Failure::Json(error) => json_error(error),
            Failure::Envelope(error) => error,
        }
    }
}

impl From<crate::json::JsonError> for Failure {
    fn from(error: crate::json::JsonError) -> Self {
        Failure::Json(error)
    }
}

fn envelope(path: &str, reason: &str) -> ParseError {
    ParseError::InvalidEnvelope {
        path: path.into(),
        reason: reason.into(),
    }
}

fn expect_object(scanner: &mut Scanner<'_>, path: &str, what: &str) -> Result<(), Failure> {
    match scanner.peek()? {
        ValueKind::Object => Ok(scanner.begin_object()?),
        other => Err(Failure::Envelope(envelope(
            path,
            &format!("expected {what} (an object), found {}", other.described()),
        ))),
    }
}

/// The message's `data` (still base64) and its `namespace` attribute.
fn read_message<'a>(
    scanner: &mut Scanner<'a>,
) -> Result<(Option<JsonStr<'a>>, Option<String>), Failure> {
    let mut data = None;
    let mut namespace = None;
    while let Some(key) = scanner.next_key()? {
        if key.is("data") {
            data = Some(expect_string(scanner, "message.data")?);
        } else if key.is("attributes") {
            expect_object(scanner, "message.attributes", "the attributes")?;
            while let Some(attribute) = scanner.next_key()? {
                if attribute.is("namespace") {
                    namespace = Some(
                        expect_string(scanner, NAMESPACE_PLACE)?
                            .decoded()
                            .into_owned(),
                    );
                } else {
                    scanner.skip_value()?;
                }
            }
        } else {
            scanner.skip_value()?;
        }
    }
    Ok((data, namespace))
}

fn expect_string<'a>(scanner: &mut Scanner<'a>, path: &str) -> Result<JsonStr<'a>, Failure> {
    match scanner.peek()? {
        ValueKind::String => Ok(scanner.string()?),
        other => Err(Failure::Envelope(envelope(
            path,
            &format!("expected a string, found {}", other.described()),
        ))),
    }
}

/// Decodes message data to text.
fn decode(data: PubSubData<'_>, max_body_bytes: usize) -> Result<String, ParseError> {
    let bytes = match data {
        PubSubData::Base64(text) => {
            if text.len() / 4 * 3 > max_body_bytes {
                return Err(ParseError::TooLarge {
                    size: text.len() / 4 * 3,
                    limit: max_body_bytes,
                });
            }
            BASE64
                .decode(text)
                .map_err(|error| envelope("message.data", &format!("not valid base64: {error}")))?
        }
        PubSubData::Bytes(bytes) => bytes.to_vec(),
    };
    body_text(&bytes, max_body_bytes, "message.data").map(str::to_owned)
}
