//! One body of wasm tests, entered from tests/wasm_node.rs (Node) and tests/wasm_browser.rs
//! (headless Chromium): the core compiled to wasm, and the shell calling real JS handlers.

use enmeshed_events::wasm::input::{write, Kind};
use enmeshed_events::wasm::js_api::JsApi;
use enmeshed_events::wasm::router::RawRouter;
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::common::corpus_check::assert_corpus_passes;

#[wasm_bindgen_test]
fn the_whole_corpus_parses_the_same_in_wasm() {
    assert_corpus_passes();
}

#[wasm_bindgen_test]
fn every_byte_in_strings_is_read_exactly_in_wasm() {
    crate::common::string_bytes::assert_every_byte_in_strings_is_read_exactly();
}

/// Factories like the package's js/event.js, minimal: plain objects that expose what the
/// tests read; `failedCall` records into `failed`.
fn api(failed: &Array) -> JsApi {
    let source = "return {
        makeEvent: (index, name, problems, place, address, length, decoded, source) =>
            ({ index, name: name ?? catalogue[index][0], problems, place, length, source }),
        makeProblem: (code, path, message) => ({ code, path, message }),
        makeParseError: (code, message, path) => Object.assign(new Error(message), { code, path }),
        failedCall: (pattern, thrown) => failed.push([pattern, thrown.message]),
    };";
    // Known names cross as their catalogue row, as in event.js.
    Function::new_with_args("catalogue, failed", source)
        .call2(
            &JsValue::NULL,
            &enmeshed_events::wasm::event_catalogue(),
            failed,
        )
        .unwrap()
        .unchecked_into()
}

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        Reflect::get(&v, &key.into()).unwrap()
    })
}

/// Writes a delivery into the input buffer and dispatches it, as js/router.js does: the
/// synchronous part, returning the event after the matched handlers ran.
fn dispatch(
    router: &RawRouter,
    kind: Kind,
    name: Option<&str>,
    body: &[u8],
) -> Result<JsValue, JsValue> {
    let layout = write(kind, name, body.len(), |into| into.copy_from_slice(body));
    router.dispatch(
        layout.kind,
        layout.name_len,
        layout.body_len,
        false,
        JsValue::from(js_sys::Object::new()),
    )
}

const BODY: &str = r#"{"data":{"relationshipId":"RELexample0000000003"},"trigger":"transport.relationshipDecomposedBySelf"}"#;

/// A handler that logs `tag name` (the package's wrappers record their outcome the same way).
fn handler(log: &Array, tag: &str) -> Function {
    Function::new_with_args(
        "log, tag",
        "return (e) => { log.push(tag + ' ' + e.name); }",
    )
    .call2(&JsValue::NULL, log, &tag.into())
    .unwrap()
    .unchecked_into()
}

fn logged(log: &Array) -> Vec<String> {
    log.iter().filter_map(|v| v.as_string()).collect()
}

#[wasm_bindgen_test]
fn raw_router_calls_the_matched_handlers_in_registration_order() {
    let router = RawRouter::new(api(&Array::new()), false, f64::NAN, 0);
    let log = Array::new();
    router.on("**".into(), handler(&log, "any"), false).unwrap();
    router
        .on("transport.*".into(), handler(&log, "star"), false)
        .unwrap();
    router
        .on(
            "transport.relationshipDecomposedBySelf".into(),
            handler(&log, "exact"),
            true,
        )
        .unwrap();
    router
        .on("consumption.*".into(), handler(&log, "other"), false)
        .unwrap();
    let event = dispatch(&router, Kind::Webhook, None, BODY.as_bytes()).unwrap();
    assert_eq!(
        get(&event, "name").as_string().as_deref(),
        Some("transport.relationshipDecomposedBySelf")
    );
    let name = " transport.relationshipDecomposedBySelf";
    assert_eq!(
        logged(&log),
        [
            format!("any{name}"),
            format!("star{name}"),
            format!("exact{name}")
        ]
    );
    // `once` is gone, the others stay.
    dispatch(&router, Kind::Webhook, None, BODY.as_bytes()).unwrap();
    assert_eq!(log.length(), 5);
}

#[wasm_bindgen_test]
fn a_handler_call_that_throws_is_recorded_as_that_patterns_failure() {
    let failed = Array::new();
    let router = RawRouter::new(api(&failed), false, f64::NAN, 0);
    router
        .on(
            "**".into(),
            Function::new_with_args("e", "throw new Error('sync ' + e.name)"),
            false,
        )
        .unwrap();
    dispatch(&router, Kind::Webhook, None, BODY.as_bytes()).unwrap();
    assert_eq!(get(&failed, "0.0").as_string().as_deref(), Some("**"));
    assert_eq!(
        get(&failed, "0.1").as_string().as_deref(),
        Some("sync transport.relationshipDecomposedBySelf")
    );
    let error = dispatch(&router, Kind::Webhook, None, b"{").unwrap_err();
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("invalid_json")
    );
}

#[wasm_bindgen_test]
fn unhandled_events_are_checked_leniently_and_strict_applies_to_handled_ones() {
    let router = RawRouter::new(api(&Array::new()), true, f64::NAN, 0);
    let log = Array::new();
    router
        .on(
            "transport.messageReceived".into(),
            handler(&log, "mail"),
            false,
        )
        .unwrap();
    // Invalid for its type, but nobody handles it: delivered with its problems listed.
    let event = dispatch(
        &router,
        Kind::Amqp,
        Some("consumption.attributeCreated"),
        br#"{"id":7}"#,
    )
    .unwrap();
    assert_eq!(
        get(&event, "problems.0.path").as_string().as_deref(),
        Some("data.id")
    );
    // Not JSON: rejected even when nobody handles it.
    let error = dispatch(
        &router,
        Kind::Amqp,
        Some("consumption.attributeCreated"),
        b"{]",
    )
    .unwrap_err();
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("invalid_json")
    );
    // Strict and handled: the problems reject, and the handler never runs.
    let error = dispatch(
        &router,
        Kind::Amqp,
        Some("transport.messageReceived"),
        br#"{"id":7}"#,
    )
    .unwrap_err();
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("invalid_data")
    );
    assert_eq!(log.length(), 0);
}

#[wasm_bindgen_test]
fn a_throwing_factory_leaves_no_borrow_behind() {
    let broken: JsApi = Function::new_no_args(
        "return { makeEvent() { throw new Error('factory broke'); }, makeProblem: () => ({}),
                  makeParseError: (code, message) => new Error(message), failedCall: () => {} };",
    )
    .call0(&JsValue::NULL)
    .unwrap()
    .unchecked_into();
    let router = RawRouter::new(broken, false, f64::NAN, 0);
    router
        .on("**".into(), Function::new_no_args(""), false)
        .unwrap();
    let thrown = dispatch(&router, Kind::Webhook, None, BODY.as_bytes()).unwrap_err();
    assert_eq!(
        get(&thrown, "message").as_string().as_deref(),
        Some("factory broke")
    );
    // The input buffer and the router state are usable again.
    let fine = RawRouter::new(api(&Array::new()), false, f64::NAN, 0);
    let log = Array::new();
    fine.on("**".into(), handler(&log, "fine"), false).unwrap();
    dispatch(&fine, Kind::Webhook, None, BODY.as_bytes()).unwrap();
    assert_eq!(log.length(), 1);
    dispatch(&router, Kind::Webhook, None, BODY.as_bytes()).unwrap_err();
}
