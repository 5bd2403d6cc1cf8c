//! Event keys over the fixture corpus: the same event delivered as a webhook (envelope, bare data,
//! bytes, BOM), over AMQP, MQTT, Redis or Pub/Sub (push and pull) has one key and one subject.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::corpus_check::{body_of, corpus, delivery_of};
use enmeshed_events::{event_key, event_key_is_hash, event_subject, parse_delivery, ParseOptions};

/// Per key and subject, the ids of the cases that gave them.
type Found = BTreeMap<(String, Option<String>), Vec<String>>;

#[test]
fn one_event_has_one_key_whichever_transport_delivered_it() {
    // Case ids are `<event>/<variant>/<transport>`: the first two name one event.
    let mut by_event: BTreeMap<String, Found> = BTreeMap::new();
    for case in corpus() {
        let id = case["id"].as_str().unwrap().to_string();
        let Some((event, _transport)) = id.rsplit_once('/') else {
            continue;
        };
        let body = body_of(&case["delivery"]);
        let Ok(parsed) = parse_delivery(
            &delivery_of(&case["delivery"], &body),
            &ParseOptions::default(),
        ) else {
            continue;
        };
        let data = parsed.data.as_ref().map(|d| d.text.as_ref());
        let found = (
            event_key(&parsed.name, data),
            event_subject(&parsed.name, data),
        );
        by_event
            .entry(event.to_string())
            .or_default()
            .entry(found)
            .or_default()
            .push(id);
    }
    // Enough events seen over several transports for the comparison to mean something.
    let compared = by_event
        .values()
        .filter(|keys| keys.values().map(Vec::len).sum::<usize>() >= 5)
        .count();
    assert!(
        compared > 100,
        "{compared} events over five or more deliveries"
    );
    let split: Vec<String> = by_event
        .iter()
        .filter(|(_, keys)| keys.len() > 1)
        .map(|(event, keys)| format!("{event}: {keys:?}"))
        .collect();
    assert!(
        split.is_empty(),
        "events with more than one key:\n{}",
        split.join("\n")
    );
}

#[test]
fn corpus_keys_name_their_entities() {
    // Every current event of the corpus that carries an entity id gets it, not the hash.
    let mut hashed = BTreeSet::new();
    for case in corpus() {
        let id = case["id"].as_str().unwrap();
        if !case["expect"]["valid"].as_bool().unwrap_or(false)
            || !case["expect"]["known"].as_bool().unwrap_or(false)
        {
            continue;
        }
        let body = body_of(&case["delivery"]);
        let Ok(parsed) = parse_delivery(
            &delivery_of(&case["delivery"], &body),
            &ParseOptions::default(),
        ) else {
            continue;
        };
        let key = event_key(&parsed.name, parsed.data.as_ref().map(|d| d.text.as_ref()));
        let last = key.rsplit(':').next().unwrap();
        let is_hash = last.len() == 32 && last.bytes().all(|b| b.is_ascii_hexdigit());
        if is_hash
            && event_subject(&parsed.name, parsed.data.as_ref().map(|d| d.text.as_ref())).is_none()
        {
            hashed.insert(parsed.name.to_string());
        } else if is_hash && !key.contains(":ATT") && !key.contains(":FIL") {
            panic!("{id}: {key}");
        }
    }
    // Only the events without an entity fall back to the hash.
    let allowed: BTreeSet<String> = [
        "consumption.shareCredentialOfferRequestItemProcessedByRecipient",
        "runtime.initialized",
        "runtime.initializing",
        "runtime.modulesInitialized",
        "runtime.modulesLoaded",
        "runtime.modulesStarted",
        "transport.datawalletSynchronized",
        "transport.identityDeletionProcessStatusChanged",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let unexpected: Vec<&String> = hashed.difference(&allowed).collect();
    assert!(unexpected.is_empty(), "hashed: {unexpected:?}");
}

/// A key built from ids is not a hash; one built from (or ending with) the data's hash says so,
/// because two distinct occurrences with identical data share it (guards keep it only briefly).
#[test]
fn hash_keys_are_marked_as_such() {
    let message = r#"{"id":"MSGexample0000000001","createdBy":"did:e:x"}"#;
    assert!(!event_key_is_hash(
        "transport.messageReceived",
        Some(message)
    ));
    // Every Connector start sends the same data: the hash alone.
    assert!(event_key_is_hash("runtime.modulesStarted", Some("{}")));
    assert!(event_key_is_hash("runtime.modulesStarted", None));
    // An id plus the hash: the same file locked twice with the same DTO shares the key.
    let file = r#"{"id":"FILexample0000000001","isOwnershipLocked":true}"#;
    assert!(event_key("transport.fileOwnershipLocked", Some(file))
        .starts_with("transport.fileOwnershipLocked:FILexample0000000001:"));
    assert!(event_key_is_hash(
        "transport.fileOwnershipLocked",
        Some(file)
    ));
    // A message event without its id falls back to the hash.
    assert!(event_key_is_hash(
        "transport.messageReceived",
        Some(r#"{"x":1}"#)
    ));
}
