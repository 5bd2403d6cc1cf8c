//! Any bytes, as any delivery kind, with any name: the parser must never panic, and data it
//! hands on must parse again to the very same text, and be JSON serde_json accepts too (but for
//! lone surrogates and numbers beyond f64, which JSON.parse accepts).
#![no_main]

use enmeshed_events::{parse_delivery, Delivery, Limits, ParseOptions, Pattern, PubSubData};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let Some((&selector, rest)) = input.split_first() else {
        return;
    };
    // The first byte picks the kind and the options; a 0xFF byte splits name from body.
    let (name, body) = match rest.iter().position(|&b| b == 0xFF) {
        Some(at) => (
            String::from_utf8_lossy(&rest[..at]).into_owned(),
            &rest[at + 1..],
        ),
        None => ("transport.messageReceived".to_string(), rest),
    };
    let text = String::from_utf8_lossy(body);
    let delivery = match selector % 8 {
        0 => Delivery::Webhook { body, url: None },
        1 => Delivery::Webhook {
            body,
            url: Some(&name),
        },
        2 => Delivery::Amqp {
            routing_key: &name,
            body,
        },
        3 => Delivery::Mqtt { topic: &name, body },
        4 => Delivery::Redis {
            channel: &name,
            body,
        },
        5 => Delivery::PubSubPush { body },
        6 => Delivery::PubSubMessage {
            data: PubSubData::Base64(&text),
            namespace: Some(&name),
        },
        _ => Delivery::PubSubMessage {
            data: PubSubData::Bytes(body),
            namespace: Some(&name),
        },
    };
    let options = ParseOptions {
        strict: selector & 8 != 0,
        limits: Limits {
            max_body_bytes: 1 << 20,
            max_depth: 1 + (selector as usize >> 4) * 8,
        },
    };
    if let Ok(event) = parse_delivery(&delivery, &options) {
        if let Some(data) = &event.data {
            // serde_json refuses lone surrogates and numbers beyond f64, which JSON.parse
            // accepts and we pass on; anything else it refuses we must have refused too.
            if let Err(error) = serde_json::from_str::<serde_json::Value>(&data.text) {
                assert!(
                    data.text.contains("\\u") || error.to_string().contains("out of range"),
                    "accepted data serde_json rejects ({error}): {:?}",
                    data.text
                );
            }
            // Stable: the data handed on parses again, to exactly the same text.
            let options = ParseOptions {
                strict: false,
                limits: Limits {
                    max_body_bytes: 1 << 21,
                    max_depth: 512,
                },
            };
            let again = parse_delivery(
                &Delivery::Amqp {
                    routing_key: "acme.again",
                    body: data.text.as_bytes(),
                },
                &options,
            )
            .expect("data handed on must parse again");
            assert_eq!(
                again.data.map(|d| d.text.into_owned()).as_deref(),
                Some(&*data.text)
            );
        }
    }
    if let Ok(pattern) = Pattern::parse(&name) {
        let _ = pattern.matches(&text);
    }
});
