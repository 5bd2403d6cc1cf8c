//! One body of wasm tests, entered from tests/wasm_node.rs (Node) and tests/wasm_browser.rs
//! (headless Chromium): the core compiled to wasm, and the shell building real JS objects.

use enmeshed_events::wasm::input::{write, Kind};
use enmeshed_events::wasm::js_api::JsApi;
use enmeshed_events::wasm::router::RawRouter;
use js_sys::{Function, Reflect};
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
/// tests read. `makeEvent` keeps the event it built in `api.made`, as event.js keeps it.
fn api() -> JsApi {
    let source = "const api = {
        made: undefined,
        makeEvent: (index, name, problems, place, address, length) => {
            api.made = { index, name: name ?? catalogue[index][0], problems, place, length };
        },
        makeProblem: (code, path, message) => ({ code, path, message }),
        makeParseError: (code, message, path) => Object.assign(new Error(message), { code, path }),
    };
    return api;";
    // Known names cross as their catalogue row, as in event.js.
    Function::new_with_args("catalogue", source)
        .call1(&JsValue::NULL, &enmeshed_events::wasm::event_catalogue())
        .unwrap()
        .unchecked_into()
}

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        Reflect::get(&v, &key.into()).unwrap()
    })
}

/// Writes a delivery into the input buffer and dispatches it, as js/router.js does: the
/// synchronous part, returning the event `api`'s `makeEvent` kept.
fn dispatch(
    router: &RawRouter,
    api: &JsApi,
    kind: Kind,
    name: Option<&str>,
    body: &[u8],
) -> Result<JsValue, JsValue> {
    let layout = write(kind, name, body.len(), |into| into.copy_from_slice(body));
    Reflect::set(api, &"made".into(), &JsValue::UNDEFINED).unwrap();
    router.dispatch(layout.kind, layout.name_len, layout.body_len, false)?;
    Ok(get(api, "made"))
}

const BODY: &str = r#"{"data":{"relationshipId":"RELexample0000000003"},"trigger":"transport.relationshipDecomposedBySelf"}"#;

#[wasm_bindgen_test]
fn raw_router_names_the_matching_registrations_in_registration_order() {
    let api = api();
    let router = RawRouter::new(api.clone(), false, f64::NAN, 0);
    router.on("**".into(), 7).unwrap();
    router.on("transport.*".into(), 3).unwrap();
    router
        .on("transport.relationshipDecomposedBySelf".into(), 9)
        .unwrap();
    router.on("consumption.*".into(), 1).unwrap();
    let event = dispatch(&router, &api, Kind::Webhook, None, BODY.as_bytes()).unwrap();
    let name = get(&event, "name").as_string().unwrap();
    assert_eq!(name, "transport.relationshipDecomposedBySelf");
    assert_eq!(router.matches(&name), [7, 3, 9]);
    // Removed by pattern and id: only that registration goes.
    assert_eq!(router.off("transport.*", 7), 0);
    assert_eq!(router.off("transport.*", 3), 1);
    assert_eq!(router.matches(&name), [7, 9]);
    assert_eq!(router.matches("consumption.x"), [7, 1]);
    let error = router.on(JsValue::from(5), 2).unwrap_err();
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("invalid_pattern")
    );
}

#[wasm_bindgen_test]
fn a_delivery_that_is_not_json_is_rejected_with_its_code() {
    let api = api();
    let router = RawRouter::new(api.clone(), false, f64::NAN, 0);
    router.on("**".into(), 0).unwrap();
    let error = dispatch(&router, &api, Kind::Webhook, None, b"{").unwrap_err();
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("invalid_json")
    );
}

#[wasm_bindgen_test]
fn unhandled_events_are_checked_leniently_and_strict_applies_to_handled_ones() {
    let api = api();
    let router = RawRouter::new(api.clone(), true, f64::NAN, 0);
    router.on("transport.messageReceived".into(), 0).unwrap();
    // Invalid for its type, but nobody handles it: delivered with its problems listed.
    let event = dispatch(
        &router,
        &api,
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
        &api,
        Kind::Amqp,
        Some("consumption.attributeCreated"),
        b"{]",
    )
    .unwrap_err();
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("invalid_json")
    );
    // Strict and handled: the problems reject.
    let error = dispatch(
        &router,
        &api,
        Kind::Amqp,
        Some("transport.messageReceived"),
        br#"{"id":7}"#,
    )
    .unwrap_err();
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("invalid_data")
    );
}

#[wasm_bindgen_test]
fn a_throwing_factory_leaves_no_borrow_behind() {
    let broken: JsApi = Function::new_no_args(
        "return { makeEvent() { throw new Error('factory broke'); }, makeProblem: () => ({}),
                  makeParseError: (code, message) => new Error(message) };",
    )
    .call0(&JsValue::NULL)
    .unwrap()
    .unchecked_into();
    let router = RawRouter::new(broken.clone(), false, f64::NAN, 0);
    router.on("**".into(), 0).unwrap();
    let thrown = dispatch(&router, &broken, Kind::Webhook, None, BODY.as_bytes()).unwrap_err();
    assert_eq!(
        get(&thrown, "message").as_string().as_deref(),
        Some("factory broke")
    );
    // The input buffer and the router state are usable again.
    let api = api();
    let fine = RawRouter::new(api.clone(), false, f64::NAN, 0);
    fine.on("**".into(), 0).unwrap();
    let event = dispatch(&fine, &api, Kind::Webhook, None, BODY.as_bytes()).unwrap();
    assert_eq!(
        get(&event, "name").as_string().as_deref(),
        Some("transport.relationshipDecomposedBySelf")
    );
    dispatch(&router, &broken, Kind::Webhook, None, BODY.as_bytes()).unwrap_err();
    assert_eq!(router.matches("a.b"), [0]);
}
