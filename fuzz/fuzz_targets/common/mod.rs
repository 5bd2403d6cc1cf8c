//! Shared by the fuzz targets: the byte layout of a delivery, the documented error codes, and
//! the re-scan check every accepted data text must pass.
#![allow(dead_code)]

use enmeshed_events::{parse_delivery, Delivery, Limits, ParseError, ParseOptions, PubSubData};

/// The codes `ParseError::code` documents (README "Errors are EventParseError...").
pub const PARSE_CODES: &[&str] = &[
    "invalid_json",
    "invalid_encoding",
    "missing_event_name",
    "invalid_event_name",
    "invalid_envelope",
    "invalid_data",
    "too_large",
    "too_deep",
];

/// The delivery kinds, in the order of the selector byte's low three bits.
pub const KINDS: u8 = 8;

/// One fuzz input in the layout `parse_delivery`, `read_validate` and the seed script share:
/// a selector byte (bits 0-2 the kind, bit 3 strict, bits 4-7 the depth limit), then the name,
/// a 0xFF byte, and the body (without 0xFF the whole rest is the body).
pub struct Input<'a> {
    pub selector: u8,
    pub name: String,
    pub body: &'a [u8],
    /// The body as text, for base64 Pub/Sub data.
    pub text: String,
}

impl<'a> Input<'a> {
    pub fn split(input: &'a [u8]) -> Option<Self> {
        let (&selector, rest) = input.split_first()?;
        let (name, body) = match rest.iter().position(|&b| b == 0xFF) {
            Some(at) => (
                String::from_utf8_lossy(&rest[..at]).into_owned(),
                &rest[at + 1..],
            ),
            None => ("transport.messageReceived".to_string(), rest),
        };
        let text = String::from_utf8_lossy(body).into_owned();
        Some(Input {
            selector,
            name,
            body,
            text,
        })
    }

    /// The delivery of `kind` (0..8) over this input.
    pub fn delivery(&self, kind: u8) -> Delivery<'_> {
        let (name, body) = (self.name.as_str(), self.body);
        match kind % KINDS {
            0 => Delivery::Webhook { body, url: None },
            1 => Delivery::Webhook {
                body,
                url: Some(name),
            },
            2 => Delivery::Amqp {
                routing_key: name,
                body,
            },
            3 => Delivery::Mqtt { topic: name, body },
            4 => Delivery::Redis {
                channel: name,
                body,
            },
            5 => Delivery::PubSubPush { body },
            6 => Delivery::PubSubMessage {
                data: PubSubData::Base64(&self.text),
                namespace: Some(name),
            },
            _ => Delivery::PubSubMessage {
                data: PubSubData::Bytes(body),
                namespace: Some(name),
            },
        }
    }

    pub fn strict(&self) -> bool {
        self.selector & 8 != 0
    }

    pub fn limits(&self) -> Limits {
        Limits {
            max_body_bytes: 1 << 20,
            max_depth: 1 + (self.selector as usize >> 4) * 8,
        }
    }
}

/// An error must carry a documented code and a non-empty message.
pub fn check_error(error: &ParseError) {
    assert!(
        PARSE_CODES.contains(&error.code()),
        "undocumented code {:?}: {error}",
        error.code()
    );
    assert!(!error.to_string().is_empty(), "empty message for {error:?}");
}

/// Data handed on must parse again, as a broker body, to exactly the same text.
pub fn rescan(text: &str) {
    let options = ParseOptions {
        strict: false,
        limits: Limits {
            max_body_bytes: 1 << 22,
            max_depth: Limits::MAX_DEPTH,
        },
    };
    let again = parse_delivery(
        &Delivery::Amqp {
            routing_key: "acme.again",
            body: text.as_bytes(),
        },
        &options,
    )
    .unwrap_or_else(|error| panic!("data handed on must parse again ({error}): {text:?}"));
    // `{}` for an event without data reads as no data; anything else must come back verbatim.
    if let Some(data) = again.data {
        assert_eq!(&*data.text, text, "re-scan changed the data text");
    }
}

/// Whether serde_json's verdict on `text` tells anything: it refuses lone surrogates, numbers
/// beyond f64 and nesting past 128, all of which JSON.parse accepts.
pub fn serde_verdict(text: &str) -> Option<bool> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(_) => Some(true),
        Err(error) => {
            let message = error.to_string();
            let blind = text.contains("\\u")
                || message.contains("out of range")
                || message.contains("recursion limit");
            (!blind).then_some(false)
        }
    }
}
