//! The corpus check, shared by the native test (tests/corpus.rs) and the wasm tests
//! (tests/wasm_*.rs), so the core is held to the same cases on every target.
#![allow(dead_code)]

use std::collections::BTreeSet;

use base64::Engine;
use enmeshed_events::{parse_delivery, Delivery, EventKind, ParseOptions, PubSubData};
use serde_json::Value;

/// tests/fixtures/corpus.json, compiled in so the wasm tests need no file system.
pub const CORPUS: &str = include_str!("../fixtures/corpus.json");

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

pub fn corpus() -> Vec<Value> {
    let mut corpus: Value = serde_json::from_str(CORPUS).unwrap();
    match corpus["cases"].take() {
        Value::Array(cases) => cases,
        other => panic!("cases: {other}"),
    }
}

/// The body bytes of a case: `body` as UTF-8, or `bodyBase64` decoded.
pub fn body_of(delivery: &Value) -> Vec<u8> {
    match (&delivery["body"], &delivery["bodyBase64"]) {
        (Value::String(text), _) => text.as_bytes().to_vec(),
        (_, Value::String(encoded)) => B64.decode(encoded).unwrap(),
        _ => Vec::new(),
    }
}

pub fn str_of<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// A case's delivery, over its `body` bytes (see [`body_of`]).
pub fn delivery_of<'a>(d: &'a Value, body: &'a [u8]) -> Delivery<'a> {
    match str_of(d, "kind").unwrap() {
        "webhook" => Delivery::Webhook {
            body,
            url: str_of(d, "url"),
        },
        "amqp" => Delivery::Amqp {
            routing_key: str_of(d, "routingKey").unwrap(),
            body,
        },
        "mqtt" => Delivery::Mqtt {
            topic: str_of(d, "topic").unwrap(),
            body,
        },
        "redis" => Delivery::Redis {
            channel: str_of(d, "channel").unwrap(),
            body,
        },
        "pubsub" if d.get("message").is_some() => Delivery::PubSubMessage {
            data: PubSubData::Base64(str_of(&d["message"], "data").unwrap_or("")),
            namespace: d["message"]
                .get("attributes")
                .and_then(|a| str_of(a, "namespace")),
        },
        "pubsub" => Delivery::PubSubPush { body },
        other => panic!("unknown kind {other}"),
    }
}

/// Checks one case; returns a description of each mismatch.
pub fn check(case: &Value) -> Vec<String> {
    let d = &case["delivery"];
    let expect = &case["expect"];
    let body = body_of(d);
    let delivery = delivery_of(d, &body);
    let mut wrong = Vec::new();
    let result = parse_delivery(&delivery, &ParseOptions::default());
    if let Some(code) = str_of(expect, "error") {
        match result {
            Err(error) if error.code() == code => {}
            Err(error) => wrong.push(format!(
                "expected error {code}, got {}: {error}",
                error.code()
            )),
            Ok(event) => wrong.push(format!(
                "expected error {code}, got event {} with {:?}",
                event.name, event.problems
            )),
        }
        return wrong;
    }
    let event = match result {
        Ok(event) => event,
        Err(error) => return vec![format!("unexpected error {}: {error}", error.code())],
    };
    if event.name != str_of(expect, "name").unwrap() {
        wrong.push(format!("name {} != {}", event.name, expect["name"]));
    }
    let known = matches!(event.kind, EventKind::Known(_));
    let legacy = matches!(event.kind, EventKind::Legacy(_));
    if Some(known) != expect["known"].as_bool() || Some(legacy) != expect["legacy"].as_bool() {
        wrong.push(format!(
            "known/legacy {known}/{legacy} != {}/{}",
            expect["known"], expect["legacy"]
        ));
    }
    let present = expect["dataPresent"].as_bool().unwrap();
    match (&event.data, present) {
        (None, false) => {}
        (Some(data), true) => {
            if let Some(text) = str_of(expect, "dataText") {
                if data.text != text {
                    wrong.push(format!("data text differs: {} vs {text}", data.text));
                }
            } else {
                let ours: Value = serde_json::from_str(&data.text).unwrap();
                if ours != expect["data"] {
                    wrong.push("data not JSON-equal to the wire".to_string());
                }
            }
        }
        (data, _) => wrong.push(format!("data present {} != {present}", data.is_some())),
    }
    let valid = expect["valid"].as_bool().unwrap();
    if valid != event.problems.is_empty() {
        wrong.push(format!(
            "valid {valid}, problems {:?}",
            event
                .problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        ));
    }
    if let Some(paths) = expect.get("problemPaths").and_then(Value::as_array) {
        let expected: BTreeSet<&str> = paths.iter().filter_map(Value::as_str).collect();
        let ours: BTreeSet<&str> = event.problems.iter().map(|p| p.path.as_str()).collect();
        if expected != ours {
            wrong.push(format!("problem paths {ours:?} != {expected:?}"));
        }
    }
    wrong
}

/// Every failing case, described.
pub fn failures(cases: &[Value]) -> Vec<String> {
    cases
        .iter()
        .filter_map(|case| {
            let wrong = check(case);
            (!wrong.is_empty()).then(|| {
                format!(
                    "{}: {}",
                    case["id"].as_str().unwrap_or("?"),
                    wrong.join("; ")
                )
            })
        })
        .collect()
}

/// Runs every corpus case and fails with the list of those that did not parse as expected.
pub fn assert_corpus_passes() {
    let cases = corpus();
    assert!(cases.len() > 1000, "the corpus has {} cases", cases.len());
    let failures = failures(&cases);
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
