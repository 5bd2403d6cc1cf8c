//! Properties of parsing: no input panics, and data comes back JSON-equal to what was sent.
#![cfg(not(target_arch = "wasm32"))]

use base64::Engine;
use enmeshed_events::{parse_delivery, Delivery, Limits, ParseOptions, PubSubData};
use proptest::prelude::*;
use serde_json::{json, Value};

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|i| json!(i)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        "\\PC{0,12}".prop_map(Value::String),
    ];
    // Keys never spell "data" or "trigger": a bare object of only `data` at a `{{trigger}}` URL
    // is read as an envelope, by design (no Connector DTO has that shape).
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(("[a-c@_x-z]{0,6}|__proto__", inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// Every delivery kind, wrapping `data` as the Connector would, under `name`.
fn deliveries(name: &str, data: &str) -> Vec<(Delivery<'static>, &'static str)> {
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let name = leak(name.to_string());
    let envelope = leak(format!(r#"{{"data":{data},"trigger":"{name}"}}"#));
    let b64 = leak(base64::engine::general_purpose::STANDARD.encode(data));
    let push = leak(format!(
        r#"{{"message":{{"data":"{b64}","attributes":{{"namespace":"{name}"}}}}}}"#
    ));
    let data = leak(data.to_string());
    let topic = leak(name.replace('.', "/"));
    vec![
        (
            Delivery::Webhook {
                body: envelope.as_bytes(),
                url: None,
            },
            "webhook",
        ),
        (
            Delivery::Webhook {
                body: data.as_bytes(),
                url: Some(leak(format!("https://h/hooks/{name}"))),
            },
            "webhook url",
        ),
        (
            Delivery::Amqp {
                routing_key: name,
                body: data.as_bytes(),
            },
            "amqp",
        ),
        (
            Delivery::Mqtt {
                topic,
                body: data.as_bytes(),
            },
            "mqtt",
        ),
        (
            Delivery::Redis {
                channel: name,
                body: data.as_bytes(),
            },
            "redis",
        ),
        (
            Delivery::PubSubPush {
                body: push.as_bytes(),
            },
            "pubsub push",
        ),
        (
            Delivery::PubSubMessage {
                data: PubSubData::Base64(b64),
                namespace: Some(name),
            },
            "pubsub message",
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn data_round_trips_json_equal(value in any_json(), known in any::<bool>()) {
        // A known name (data checked, problems allowed) or an unknown one (passed through).
        let name = if known { "transport.messageReceived" } else { "acme.custom.event" };
        let text = serde_json::to_string(&value).unwrap();
        for (delivery, label) in deliveries(name, &text) {
            let event = parse_delivery(&delivery, &ParseOptions::default())
                .map_err(|e| TestCaseError::fail(format!("{label}: {e}")))?;
            prop_assert_eq!(&*event.name, name);
            let Some(data) = event.data else {
                // Only an empty object on an event without data may vanish, and these have data.
                return Err(TestCaseError::fail(format!("{label}: data lost")));
            };
            // The data is the sent text itself, byte for byte: JSON-equal by construction.
            // (Comparing parsed values would test serde_json's float parsing, not ours.)
            prop_assert_eq!(&*data.text, text.as_str(), "{}", label);
        }
    }

    #[test]
    fn no_bytes_make_any_delivery_panic(body in prop::collection::vec(any::<u8>(), 0..256), name in "\\PC{0,20}", depth in 1usize..80, strict in any::<bool>()) {
        let options = ParseOptions { strict, limits: Limits { max_body_bytes: 200, max_depth: depth } };
        let text = String::from_utf8_lossy(&body).into_owned();
        for delivery in [
            Delivery::Webhook { body: &body, url: None },
            Delivery::Webhook { body: &body, url: Some(&name) },
            Delivery::Amqp { routing_key: &name, body: &body },
            Delivery::Mqtt { topic: &name, body: &body },
            Delivery::Redis { channel: &name, body: &body },
            Delivery::PubSubPush { body: &body },
            Delivery::PubSubMessage { data: PubSubData::Base64(&text), namespace: Some(&name) },
            Delivery::PubSubMessage { data: PubSubData::Bytes(&body), namespace: None },
        ] {
            let _ = parse_delivery(&delivery, &options);
        }
    }

    /// Arbitrary text where an envelope's data belongs (the fuzzer found a multi-byte first
    /// character there once): an event or a typed error, never a panic.
    #[test]
    fn any_text_as_envelope_data_never_panics(data in "\\PC{0,24}", trigger_first in any::<bool>()) {
        let body = if trigger_first {
            format!(r#"{{"trigger":"transport.messageReceived","data":{data}}}"#)
        } else {
            format!(r#"{{"data":{data},"trigger":"transport.messageReceived"}}"#)
        };
        for strict in [false, true] {
            let options = ParseOptions { strict, ..Default::default() };
            let _ = parse_delivery(&Delivery::Webhook { body: body.as_bytes(), url: None }, &options);
            let _ = enmeshed_events::read_delivery(&Delivery::Webhook { body: body.as_bytes(), url: None }, &options.limits);
        }
    }

    /// Every prefix of a valid envelope (the cut may fall inside an escape, a string or a
    /// number): a typed error, never a panic. The first trap of the wasm module was a body
    /// ending in a backslash inside the data's string.
    #[test]
    fn every_prefix_of_an_envelope_is_a_typed_error(data in "\\PC{0,16}", cut in 0usize..64) {
        let data = serde_json::to_string(&format!("{data}\\\"\u{1F600}")).unwrap();
        let body = format!(r#"{{"data":{data},"trigger":"transport.messageReceived"}}"#);
        let cut = cut.min(body.len() - 1);
        let prefix = &body.as_bytes()[..cut];
        let options = ParseOptions::default();
        let delivery = Delivery::Webhook { body: prefix, url: None };
        prop_assert!(parse_delivery(&delivery, &options).is_err());
        let _ = enmeshed_events::read_delivery(&delivery, &options.limits);
    }

    #[test]
    fn no_json_value_makes_a_known_event_panic(value in any_json(), index in 0usize..40) {
        let spec = &enmeshed_events::EVENTS[index % enmeshed_events::EVENTS.len()];
        let text = serde_json::to_string(&value).unwrap();
        for (delivery, _) in deliveries(spec.name, &text) {
            let _ = parse_delivery(&delivery, &ParseOptions { strict: true, ..Default::default() });
        }
    }
}
