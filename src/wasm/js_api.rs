//! The JavaScript side's object factories, handed in by the package's JS at construction.
//!
//! Building a JS object field by field from Rust costs one boundary crossing per field; one
//! call to a factory with positional arguments costs one. The factories also keep the public
//! classes (`ConnectorEvent`, `EventParseError`, `HandlerError`) defined in one place, in JS.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `{ makeEvent, makeProblem, makeParseError, makeRun, makeReport, makeHandlerError }`
    /// from the package's `api.js`.
    #[derive(Clone)]
    pub type JsApi;

    /// A `ConnectorEvent`. `problems` is an array, or null when the data was not checked
    /// (then the event checks lazily on access). `data_text` is set only for decoded data.
    #[wasm_bindgen(method, js_name = makeEvent)]
    pub fn make_event(
        this: &JsApi,
        name: &str,
        source: &str,
        kind: u8,
        successors: Option<String>,
        data_type: &str,
        problems: JsValue,
        data_location: u8,
        data_text: Option<String>,
        body: &JsValue,
        delivery: &JsValue,
    ) -> JsValue;

    /// `{ code, path, message }`.
    #[wasm_bindgen(method, js_name = makeProblem)]
    pub fn make_problem(this: &JsApi, code: &str, path: &str, message: &str) -> JsValue;

    /// An `EventParseError` (code, message, path, problems).
    #[wasm_bindgen(method, js_name = makeParseError)]
    pub fn make_parse_error(
        this: &JsApi,
        code: &str,
        message: &str,
        path: Option<String>,
        problems: JsValue,
    ) -> JsValue;

    /// `{ pattern, ok, error }`.
    #[wasm_bindgen(method, js_name = makeRun)]
    pub fn make_run(this: &JsApi, pattern: &str, ok: bool, error: JsValue) -> JsValue;

    /// `{ event, ran, failed, unhandled }`.
    #[wasm_bindgen(method, js_name = makeReport)]
    pub fn make_report(
        this: &JsApi,
        event: &JsValue,
        runs: js_sys::Array,
        unhandled: bool,
    ) -> JsValue;

    /// A `HandlerError` (an AggregateError) for a report with failures.
    #[wasm_bindgen(method, js_name = makeHandlerError)]
    pub fn make_handler_error(this: &JsApi, report: &JsValue) -> JsValue;
}
