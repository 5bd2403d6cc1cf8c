//! One body of wasm tests, entered from tests/wasm_node.rs (Node) and tests/wasm_browser.rs
//! (headless Chromium): the core compiled to wasm, and the shell calling real JS handlers.

use enmeshed_events::wasm::input::write;
use enmeshed_events::wasm::js_api::JsApi;
use enmeshed_events::wasm::router::RawRouter;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::common::corpus_check::assert_corpus_passes;

#[wasm_bindgen_test]
fn the_whole_corpus_parses_the_same_in_wasm() {
    assert_corpus_passes();
}

/// Factories like the package's api.js, minimal: plain objects that expose what the tests read.
fn api() -> JsApi {
    let source = "return {
        makeEvent: (index, name, kind, problems, location, text, body) =>
            ({ index, name: name ?? catalogue[index][0], kind, problems, location, body }),
        makeProblem: (code, path, message) => ({ code, path, message }),
        makeParseError: (code, message, path) => Object.assign(new Error(message), { code, path }),
        makeReport: (event, patterns, failures, unhandled) => {
            const ran = patterns.map((pattern) => ({ pattern, ok: true }));
            for (const [i, error] of failures ?? []) ran[i] = { pattern: patterns[i], ok: false, error };
            return { event, ran, unhandled };
        },
        makeHandlerError: (report) => Object.assign(new Error('handlers failed'), { report }),
    };";
    // Known names cross as their catalogue row, as in api.js.
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

/// Writes a delivery into the input buffer and dispatches it, as api.js does.
fn dispatch(router: &RawRouter, kind: u8, name: Option<&str>, body: &[u8]) -> Promise {
    let layout = write(kind, name, body.len(), |into| into.copy_from_slice(body));
    let js_body = js_sys::Uint8Array::from(body);
    router.dispatch(
        layout.kind,
        layout.name_len,
        layout.body_len,
        false,
        js_body.into(),
        JsValue::UNDEFINED,
    )
}

const BODY: &str = r#"{"data":{"relationshipId":"RELexample0000000003"},"trigger":"transport.relationshipDecomposedBySelf"}"#;

#[wasm_bindgen_test]
async fn raw_router_calls_sync_and_async_handlers_in_order() {
    let router = RawRouter::new(api(), false, f64::NAN, 0, false);
    let log = js_sys::Array::new();
    let push = |tag: &str| -> Function {
        Function::new_with_args(
            "log, tag",
            "return (e) => { log.push(tag + ' ' + e.name); }",
        )
        .call2(&JsValue::NULL, &log, &tag.into())
        .unwrap()
        .unchecked_into()
    };
    let later: Function = Function::new_with_args(
        "log",
        "return async (e) => { await null; log.push('async ' + e.name); }",
    )
    .call1(&JsValue::NULL, &log)
    .unwrap()
    .unchecked_into();
    router.on("**".into(), push("any"), false).unwrap();
    router.on("transport.*".into(), later, false).unwrap();
    router
        .on(
            "transport.relationshipDecomposedBySelf".into(),
            push("exact"),
            true,
        )
        .unwrap();
    let report = JsFuture::from(dispatch(&router, 0, None, BODY.as_bytes()))
        .await
        .unwrap();
    assert_eq!(get(&report, "unhandled"), JsValue::FALSE);
    assert_eq!(get(&report, "ran.length").as_f64(), Some(3.0));
    let logged: Vec<String> = log.iter().filter_map(|v| v.as_string()).collect();
    assert_eq!(
        logged,
        [
            "any transport.relationshipDecomposedBySelf",
            "exact transport.relationshipDecomposedBySelf",
            "async transport.relationshipDecomposedBySelf",
        ]
    );
    // `once` is gone, the others stay.
    JsFuture::from(dispatch(&router, 0, None, BODY.as_bytes()))
        .await
        .unwrap();
    assert_eq!(log.length(), 5);
}

#[wasm_bindgen_test]
async fn raw_router_rejects_with_the_failures_and_tells_on_error() {
    let router = RawRouter::new(api(), false, f64::NAN, 0, false);
    let thrower = Function::new_with_args("e", "throw new Error('sync ' + e.name)");
    let rejecter = Function::new_with_args("e", "return Promise.reject(new Error('async'))");
    let seen = js_sys::Array::new();
    let on_error: Function =
        Function::new_with_args("seen", "return (err) => seen.push(err.message)")
            .call1(&JsValue::NULL, &seen)
            .unwrap()
            .unchecked_into();
    router.on("transport.*".into(), rejecter, false).unwrap();
    router.on("transport.*".into(), thrower, false).unwrap();
    router.on_error(on_error);
    let error = JsFuture::from(dispatch(&router, 0, None, BODY.as_bytes()))
        .await
        .unwrap_err();
    assert_eq!(get(&error, "report.ran.length").as_f64(), Some(2.0));
    assert_eq!(get(&error, "report.ran.0.ok"), JsValue::FALSE);
    assert_eq!(
        get(&error, "report.ran.1.error.message")
            .as_string()
            .as_deref(),
        Some("sync transport.relationshipDecomposedBySelf")
    );
    assert_eq!(seen.length(), 1);

    let parse_error = JsFuture::from(dispatch(&router, 0, None, b"{"))
        .await
        .unwrap_err();
    assert_eq!(
        get(&parse_error, "code").as_string().as_deref(),
        Some("invalid_json")
    );
    assert_eq!(seen.length(), 2);
}

#[wasm_bindgen_test]
async fn raw_router_reads_bytes_and_leaves_unhandled_events_unchecked() {
    let router = RawRouter::new(api(), true, f64::NAN, 0, false);
    router
        .on(
            "transport.messageReceived".into(),
            Function::new_no_args(""),
            false,
        )
        .unwrap();
    // Invalid for its type, but nobody handles it: reported as unhandled, not validated.
    let report = JsFuture::from(dispatch(
        &router,
        1,
        Some("consumption.attributeCreated"),
        br#"{"id":7}"#,
    ))
    .await
    .unwrap();
    assert_eq!(get(&report, "unhandled"), JsValue::TRUE);
    assert_eq!(get(&report, "event.problems"), JsValue::NULL, "not checked");
    // Strict and handled: the same problems reject.
    let error = JsFuture::from(dispatch(
        &router,
        1,
        Some("transport.messageReceived"),
        br#"{"id":7}"#,
    ))
    .await
    .unwrap_err();
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("invalid_data")
    );
}

#[wasm_bindgen_test]
async fn a_throwing_factory_leaves_no_borrow_behind() {
    let broken: JsApi = Function::new_no_args(
        "const api = { makeEvent() { throw new Error('factory broke'); },
                       makeReport: () => ({}), makeProblem: () => ({}),
                       makeParseError: (code, message) => new Error(message), makeHandlerError: () => new Error() };
         return api;",
    )
    .call0(&JsValue::NULL)
    .unwrap()
    .unchecked_into();
    let router = RawRouter::new(broken, false, f64::NAN, 0, false);
    router
        .on("**".into(), Function::new_no_args(""), false)
        .unwrap();
    let thrown = JsFuture::from(dispatch(&router, 0, None, BODY.as_bytes()))
        .await
        .unwrap_err();
    assert_eq!(
        get(&thrown, "message").as_string().as_deref(),
        Some("factory broke")
    );
    // The input buffer and the router state are usable again.
    let fine = RawRouter::new(api(), false, f64::NAN, 0, false);
    fine.on("**".into(), Function::new_no_args(""), false)
        .unwrap();
    let report = JsFuture::from(dispatch(&fine, 0, None, BODY.as_bytes()))
        .await
        .unwrap();
    assert_eq!(get(&report, "unhandled"), JsValue::FALSE);
    JsFuture::from(dispatch(&router, 0, None, BODY.as_bytes()))
        .await
        .unwrap_err();
}
