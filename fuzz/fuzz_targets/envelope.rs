//! Structure-aware: webhook and Pub/Sub push envelopes built around arbitrary bytes, with the
//! data placed first or last, inside a string, and the body cut at an arbitrary point. This
//! reaches what byte-level mutation from nothing rarely builds, such as a body that ends inside
//! an escape (`{"data":"\`, issue 8).
//!
//! Layout: four control bytes, then the data bytes (so fixture data texts seed it directly).
//! Beyond "never panics" and the re-scan of accepted data, it checks against serde_json: a
//! complete envelope around data serde_json accepts must parse, with the data verbatim; data
//! serde_json refuses, as a broker body, must be refused.
#![no_main]

mod common;

use base64::Engine;
use common::{check_error, rescan, serde_verdict};
use enmeshed_events::{parse_delivery, Delivery, Limits, ParseOptions, PubSubData};
use libfuzzer_sys::fuzz_target;

const NAME: &str = "transport.messageReceived";
const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// How the data goes into the envelope.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    First,
    Last,
    /// Inside a string: `"data":"<bytes>"`.
    InString,
    /// No trigger: the URL names the event and the body is the bare data.
    Bare,
}

fn webhook(place: Place, data: &[u8]) -> Vec<u8> {
    let trigger = format!("\"trigger\":\"{NAME}\"");
    let mut body = Vec::new();
    match place {
        Place::First => {
            body.extend_from_slice(b"{\"data\":");
            body.extend_from_slice(data);
            body.extend_from_slice(format!(",{trigger}}}").as_bytes());
        }
        Place::Last => {
            body.extend_from_slice(format!("{{{trigger},\"data\":").as_bytes());
            body.extend_from_slice(data);
            body.push(b'}');
        }
        Place::InString => {
            body.extend_from_slice(b"{\"data\":\"");
            body.extend_from_slice(data);
            body.extend_from_slice(format!("\",{trigger}}}").as_bytes());
        }
        Place::Bare => body.extend_from_slice(data),
    }
    body
}

fn push(data_field: &str) -> Vec<u8> {
    format!(
        "{{\"message\":{{\"attributes\":{{\"namespace\":\"{NAME}\"}},\"data\":\"{data_field}\",\
         \"messageId\":\"1\"}},\"subscription\":\"projects/p/subscriptions/s\"}}"
    )
    .into_bytes()
}

fuzz_target!(|input: &[u8]| {
    let [shape, cut_hi, cut_lo, flags, ref data @ ..] = *input else {
        return;
    };
    let place = [Place::First, Place::Last, Place::InString, Place::Bare][(shape & 3) as usize];
    let pubsub = shape & 4 != 0;
    let strict = flags & 1 != 0;
    let max_depth = 1 + (flags as usize >> 1) * 4;
    // 0xFFFF: no cut; else cut at an offset counted from the end of the data's place.
    let cut = u16::from_be_bytes([cut_hi, cut_lo]);
    let options = ParseOptions {
        strict,
        limits: Limits {
            max_body_bytes: 1 << 20,
            max_depth,
        },
    };
    let mut body = if pubsub {
        // The data base64-encoded (valid), or raw (the push body itself carries the bytes).
        match place {
            Place::InString => push(&String::from_utf8_lossy(data).replace('"', "\\\"")),
            _ => push(&B64.encode(data)),
        }
    } else {
        webhook(place, data)
    };
    let complete = cut == 0xFFFF;
    if !complete {
        let prefix = match place {
            Place::First | Place::Bare => 8,
            Place::Last => 12 + NAME.len() + 8,
            Place::InString => 9,
        };
        let at = (prefix + data.len()).saturating_sub(cut as usize % 16) + (cut as usize >> 4);
        body.truncate(at.min(body.len()));
    }
    let url = format!("https://hooks.example/enmeshed/{NAME}");
    let delivery = if pubsub {
        Delivery::PubSubPush { body: &body }
    } else {
        Delivery::Webhook {
            body: &body,
            url: (place == Place::Bare).then_some(url.as_str()),
        }
    };
    let result = parse_delivery(&delivery, &options);
    match &result {
        Ok(event) => {
            if let Some(data) = &event.data {
                rescan(&data.text);
            }
        }
        Err(error) => check_error(error),
    }

    // The oracle, where serde_json's verdict is meaningful: shallow, UTF-8, no BOM.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let shallow = max_depth >= 64 && text.bytes().filter(|b| matches!(b, b'[' | b'{')).count() < 60;
    if !shallow || text.starts_with('\u{feff}') {
        return;
    }
    let verdict = serde_verdict(text);
    if complete && !strict && verdict == Some(true) && matches!(place, Place::First | Place::Last) {
        let event = result.unwrap_or_else(|e| panic!("valid data refused ({e}): {text:?}"));
        // `{}` stands for no data; else the text comes verbatim: the decoded Pub/Sub data as it
        // is, the envelope's member without the whitespace around it.
        if let Some(found) = &event.data {
            let expected = if pubsub {
                text
            } else {
                text.trim_matches([' ', '\t', '\n', '\r'])
            };
            assert_eq!(&*found.text, expected);
        }
    }
    if !pubsub && verdict == Some(false) && !text.trim().is_empty() {
        let broker = Delivery::PubSubMessage {
            data: PubSubData::Bytes(data),
            namespace: Some(NAME),
        };
        let refused = parse_delivery(&broker, &options);
        assert!(
            refused.is_err(),
            "data serde_json refuses was accepted: {text:?}"
        );
    }
});
