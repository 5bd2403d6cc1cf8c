//! Every case of tests/fixtures/corpus.json through `parse_delivery`: every event name over
//! every delivery kind, unicode, v6 shapes, unknown and legacy names, hostile input.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeSet;

use common::corpus_check::{assert_corpus_passes, corpus, str_of};

#[test]
fn every_corpus_case_parses_as_expected() {
    assert_corpus_passes();
}
#[test]
fn corpus_covers_every_current_event_over_every_kind() {
    let cases = corpus();
    for spec in enmeshed_events::EVENTS {
        let kinds: BTreeSet<&str> = cases
            .iter()
            .filter(|c| c["expect"]["name"] == spec.name)
            .filter_map(|c| str_of(&c["delivery"], "kind"))
            .collect();
        let expected: &[&str] = match spec.name {
            // Undefined data cannot be published to a broker (spec §2.0): webhooks only.
            "transport.datawalletSynchronized" => &["webhook"],
            _ => &["amqp", "mqtt", "pubsub", "redis", "webhook"],
        };
        assert_eq!(
            kinds.into_iter().collect::<Vec<_>>(),
            expected,
            "{}",
            spec.name
        );
    }
}

#[test]
fn every_byte_in_strings_is_read_exactly() {
    common::string_bytes::assert_every_byte_in_strings_is_read_exactly();
}
