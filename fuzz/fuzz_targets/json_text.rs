//! The scanner against serde_json and std, on raw bytes as a broker body (the whole body is the
//! data; an unknown event name, so only syntax is checked). Invalid UTF-8 must be reported at
//! std's `valid_up_to` (after a byte order mark); valid UTF-8 must be accepted exactly when
//! serde_json accepts it, except for the lone surrogate escapes `JSON.parse` allows and
//! serde_json does not, and for nesting past our depth limit (below serde_json's 128). Accepted
//! data is the body's text unchanged.
#![no_main]

use enmeshed_events::{parse_delivery, Delivery, Limits, ParseError, ParseOptions};
use libfuzzer_sys::fuzz_target;

const BOM: &[u8] = b"\xEF\xBB\xBF";

fuzz_target!(|body: &[u8]| {
    let options = ParseOptions {
        strict: false,
        limits: Limits {
            max_depth: 100,
            ..Limits::default()
        },
    };
    let delivery = Delivery::Amqp {
        routing_key: "fuzz.unknownEvent",
        body,
    };
    let ours = parse_delivery(&delivery, &options);
    let (text, skipped) = match body.strip_prefix(BOM) {
        Some(rest) => (rest, BOM.len()),
        None => (body, 0),
    };
    let text = match std::str::from_utf8(text) {
        Ok(text) => text,
        Err(error) => {
            match ours {
                Err(ParseError::InvalidEncoding { offset, .. }) => {
                    assert_eq!(offset, skipped + error.valid_up_to(), "UTF-8 error offset")
                }
                other => panic!("invalid UTF-8 at {}: {other:?}", error.valid_up_to()),
            }
            return;
        }
    };
    let serde = serde_json::from_str::<serde::de::IgnoredAny>(text);
    match (&ours, &serde) {
        (Ok(event), Ok(_)) => {
            if let Some(data) = &event.data {
                assert_eq!(data.text, text, "accepted data is not the body's text");
            }
        }
        (Err(ParseError::TooDeep { .. }), _) => {}
        (Err(ParseError::InvalidJson { offset, .. }), Err(_)) => {
            assert!(*offset <= body.len(), "error offset {offset} past the end");
        }
        (Ok(_), Err(error)) => {
            let message = error.to_string();
            assert!(
                message.contains("surrogate") || message.contains("unicode code point"),
                "we accept what serde_json rejects: {message}"
            );
        }
        (Err(error), Ok(_)) => panic!("we reject what serde_json accepts: {error}"),
        (Err(error), Err(_)) => panic!("unexpected error kind: {error:?}"),
    }
});
