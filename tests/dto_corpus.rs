//! The typed serde model (feature `dto`) against the validator, over the whole fixture corpus
//! (tests/fixtures/corpus.json): `cargo test --features dto --test dto_corpus`.
//!
//! "Agrees" means, for every corpus case that parses into an event:
//! 0. data `serde_json` cannot hold (a number out of `f64` range, a lone surrogate escape) is
//!    left out: the typed model is built on `serde_json::Value` and inherits those limits, the
//!    validator (which reads the text) does not;
//! 1. the validator found no problems ⇒ [`Event::typed_data`] deserializes the data, and the
//!    typed value serializes back to JSON equal to the data on the wire (nothing lost, nothing
//!    invented);
//! 2. the typed model deserialized data the validator found problems with ⇒ every problem is
//!    one the typed model deliberately does not check: a string's format (`bad_format`: ids,
//!    dates stay strings), a value outside a known set (`unknown_value`: enums have an
//!    `Other` fallback), a repeated key (`duplicate_key`: serde keeps the last, as `JSON.parse`
//!    does) or a missing field the model keeps optional to read v4 data or whose absence it
//!    tolerates (`missing_field`), data sent with an event that has none (`unexpected_data`: the
//!    model ignores it), or a `"@type"` that is not a string (`wrong_type` at a `["@type"]`
//!    path: the model keeps such an object whole in the union's `Unknown` fallback). Any other
//!    `wrong_type` on data the model accepted is a disagreement.
//!
//! The reverse of 1 (the model rejects ⇒ the validator found problems) follows from 1.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::corpus_check::{body_of, corpus, delivery_of};
use enmeshed_events::{parse_delivery, Event, ParseOptions};
use serde_json::Value;

/// The problem codes the typed model does not check (see the module doc).
const UNCHECKED_BY_THE_MODEL: &[&str] = &[
    "bad_format",
    "unknown_value",
    "duplicate_key",
    "missing_field",
    "unexpected_data",
];

fn with_event(case: &Value, check: impl FnOnce(Event<'_>)) {
    let d = &case["delivery"];
    let body = body_of(d);
    let delivery = delivery_of(d, &body);
    if let Ok(event) = parse_delivery(&delivery, &ParseOptions::default()) {
        check(event);
    }
}

#[test]
fn the_typed_model_agrees_with_the_validator_on_the_whole_corpus() {
    let cases = corpus();
    let mut disagreements = Vec::new();
    let (mut valid, mut typed_despite_problems, mut beyond_serde_json) = (0, 0, 0);
    for case in &cases {
        let id = case["id"].as_str().unwrap_or("?");
        with_event(case, |event| {
            let wire: Value = match &event.data {
                Some(data) => match serde_json::from_str(&data.text) {
                    Ok(value) => value,
                    Err(_) => {
                        beyond_serde_json += 1;
                        return;
                    }
                },
                None => Value::Null,
            };
            match (event.problems.is_empty(), event.typed_data()) {
                (true, Ok(typed)) => {
                    valid += 1;
                    let back = serde_json::to_value(&typed).unwrap();
                    if back != wire {
                        disagreements.push(format!("{id}: does not serialize back to the wire"));
                    }
                }
                (true, Err(error)) => {
                    disagreements.push(format!("{id}: valid, but the model says {error}"));
                }
                (false, Ok(_)) => {
                    typed_despite_problems += 1;
                    for problem in &event.problems {
                        let unchecked = UNCHECKED_BY_THE_MODEL.contains(&problem.code())
                            || (problem.code() == "wrong_type"
                                && problem.path.ends_with("[\"@type\"]"));
                        if !unchecked {
                            disagreements.push(format!("{id}: the model accepted {problem}"));
                        }
                    }
                }
                (false, Err(_)) => {}
            }
        });
    }
    assert!(valid > 500, "only {valid} valid cases");
    assert!(
        beyond_serde_json < 50,
        "{beyond_serde_json} cases beyond serde_json"
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements ({valid} valid cases, {typed_despite_problems} typed despite problems):\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
