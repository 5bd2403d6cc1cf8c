//! The JavaScript side's object factories, handed in by the package's JS at construction.
//!
//! Building a JS object field by field from Rust costs one boundary crossing per field; one
//! call to a factory with positional arguments costs one. The factories also keep the public
//! classes (`ConnectorEvent`, `EventParseError`, `HandlerError`) defined in one place, in JS.
//!
//! Every factory is declared `catch`: an exception thrown by an import unwinds through the wasm
//! frames without running Rust destructors, which would leave a `RefCell` borrowed for good.
//! Caught, it is an ordinary `Err` and the borrows are released.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `{ makeEvent, makeProblem, makeParseError, makeReport, makeHandlerError }`
    /// from the package's `api.js`.
    #[derive(Clone)]
    pub type JsApi;

    /// A `ConnectorEvent`: `index` is its row in `eventCatalogue()` (-1: unknown), `name` is
    /// given only when the row cannot supply it, `kind` is the delivery kind code. `problems`
    /// is an array, undefined for none, or null when the data was not checked (the event then
    /// checks lazily on access). `data_text` is set only for decoded (Pub/Sub) data.
    #[wasm_bindgen(method, catch, js_name = makeEvent)]
    pub fn make_event(
        this: &JsApi,
        index: i32,
        name: Option<String>,
        kind: u8,
        problems: JsValue,
        data_location: u8,
        data_text: Option<String>,
        body: &JsValue,
        delivery: &JsValue,
    ) -> Result<JsValue, JsValue>;

    /// `{ code, path, message }`.
    #[wasm_bindgen(method, catch, js_name = makeProblem)]
    pub fn make_problem(
        this: &JsApi,
        code: &str,
        path: &str,
        message: &str,
    ) -> Result<JsValue, JsValue>;

    /// An `EventParseError` (code, message, path, problems).
    #[wasm_bindgen(method, catch, js_name = makeParseError)]
    pub fn make_parse_error(
        this: &JsApi,
        code: &str,
        message: &str,
        path: Option<String>,
        problems: JsValue,
    ) -> Result<JsValue, JsValue>;

    /// `{ event, ran, failed, unhandled }` from the matched patterns (JS strings) and the
    /// failures as `[index, error]` pairs (undefined when none failed).
    #[wasm_bindgen(method, catch, js_name = makeReport)]
    pub fn make_report(
        this: &JsApi,
        event: &JsValue,
        patterns: js_sys::Array,
        failures: JsValue,
        unhandled: bool,
    ) -> Result<JsValue, JsValue>;

    /// A `HandlerError` (an AggregateError) for a report with failures.
    #[wasm_bindgen(method, catch, js_name = makeHandlerError)]
    pub fn make_handler_error(this: &JsApi, report: &JsValue) -> Result<JsValue, JsValue>;
}
