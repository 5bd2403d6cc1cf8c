//! Properties of catch-up's reconciliation: no listing panics it, and what it plans is
//! consistent: data is JSON, keys are the events' own, times are at or after the bound and in
//! order, every item is either used, ignored by rule or reported.
#![cfg(not(target_arch = "wasm32"))]

use enmeshed_events::catchup::{reconcile, selected_events, CatchUpInput};
use enmeshed_events::event_key;
use proptest::prelude::*;
use serde_json::{json, Value};

/// A value that is sometimes what the field should hold and sometimes not.
fn sometimes(good: impl Strategy<Value = Value> + 'static) -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        4 => good.prop_map(Some),
        1 => Just(None),
        1 => prop_oneof![Just(json!(7)), Just(json!(null)), Just(json!([])), Just(json!("x"))].prop_map(Some),
    ]
}

fn instant() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0u32..60, 0u32..60, 0u32..1000)
            .prop_map(|(m, s, ms)| json!(format!("2026-03-02T10:{m:02}:{s:02}.{ms:03}Z"))),
        (0u32..60, 0u32..60).prop_map(|(m, s)| json!(format!("2026-03-02T10:{m:02}:{s:02}Z"))),
        "\\PC{0,24}".prop_map(Value::String),
    ]
}

fn item() -> impl Strategy<Value = Value> {
    let status = prop_oneof![
        Just("ManualDecisionRequired"),
        Just("Completed"),
        Just("Decided"),
        Just("Open")
    ]
    .prop_map(|s| json!(s));
    let entry = (
        sometimes(instant()),
        sometimes(prop_oneof![
            Just(json!("Creation")),
            Just(json!("ReactivationRequested")),
            Just(json!("AcceptanceOfReactivation"))
        ]),
    )
        .prop_map(|(at, reason)| {
            let mut e = json!({ "newStatus": "Active" });
            if let Some(at) = at {
                e["createdAt"] = at;
            }
            if let Some(reason) = reason {
                e["reason"] = reason;
            }
            e
        });
    (
        sometimes("[A-Z]{3}[a-z0-9]{17}".prop_map(Value::String)),
        sometimes(any::<bool>().prop_map(Value::Bool)),
        sometimes(instant()),
        sometimes(status),
        sometimes(prop::collection::vec(entry, 0..4).prop_map(Value::Array)),
        sometimes(
            instant()
                .prop_map(|at| json!({ "createdAt": at, "source": { "type": "Relationship" } })),
        ),
        prop::option::of("ATT[a-z0-9]{2}".prop_map(Value::String)),
        sometimes(prop_oneof![
            Just(json!({ "type": "RelationshipTemplate" })),
            Just(json!({ "type": "Message" }))
        ]),
    )
        .prop_map(
            |(id, own, created, status, log, response, succeeds, source)| {
                let mut object = serde_json::Map::new();
                for (key, value) in [
                    ("id", id),
                    ("isOwn", own),
                    ("createdAt", created),
                    ("status", status),
                    ("auditLog", log),
                    ("response", response),
                    ("succeeds", succeeds),
                    ("source", source),
                ] {
                    if let Some(value) = value {
                        object.insert(key.to_string(), value);
                    }
                }
                Value::Object(object)
            },
        )
}

fn listing() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![10 => item(), 1 => Just(json!(1)), 1 => Just(json!("s"))],
        0..8,
    )
    .prop_map(|items| Value::Array(items).to_string())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_listing_reconciles_without_panic_and_consistently(
        messages in listing(), relationships in listing(), incoming in listing(),
        outgoing in listing(), attributes in listing(), predecessors in listing(),
        from in prop::option::of((0u32..60).prop_map(|m| format!("2026-03-02T10:{m:02}:00.000Z"))),
    ) {
        let input = CatchUpInput {
            events: selected_events(&["**"]).unwrap(),
            from: from.as_deref(),
            messages: Some(&messages),
            relationships: Some(&relationships),
            incoming_requests: Some(&incoming),
            outgoing_requests: Some(&outgoing),
            attributes: Some(&attributes),
            predecessors: Some(&predecessors),
        };
        let plan = reconcile(&input).unwrap();
        for pair in plan.events.windows(2) {
            prop_assert!(pair[0].at <= pair[1].at, "events in time order");
        }
        for event in &plan.events {
            prop_assert!(serde_json::from_str::<Value>(&event.data).is_ok());
            prop_assert_eq!(&event.key, &event_key(event.name, Some(&event.data)));
            let prefix = format!("{}:", event.name);
            prop_assert!(event.key.starts_with(&prefix));
            if let Some(from) = &from {
                prop_assert!(event.at.as_str() >= from.as_str());
            }
            prop_assert_eq!(event.at.len(), 24, "normalized instants: {}", event.at);
        }
        prop_assert_eq!(plan.latest.as_ref(), plan.events.last().map(|e| &e.at));
    }

    #[test]
    fn any_text_is_a_typed_error_or_a_plan(text in "\\PC{0,40}", from in "\\PC{0,30}") {
        let input = CatchUpInput { events: selected_events(&["**"]).unwrap(), messages: Some(&text), ..CatchUpInput::default() };
        if let Err(error) = reconcile(&input) {
            prop_assert_eq!(error.code(), "invalid_listing");
        }
        let input = CatchUpInput { events: selected_events(&["**"]).unwrap(), from: Some(&from), ..CatchUpInput::default() };
        if let Err(error) = reconcile(&input) {
            prop_assert_eq!(error.code(), "invalid_watermark");
        }
    }
}
