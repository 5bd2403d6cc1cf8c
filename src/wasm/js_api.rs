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

use super::boundary::DataPlace;

#[wasm_bindgen]
extern "C" {
    /// `{ makeEvent, makeProblem, makeParseError }` from the package's js/event.js.
    #[derive(Clone)]
    pub type JsApi;

    /// Builds the `ConnectorEvent` of the delivery being parsed, which the JS side keeps
    /// (with its snapshot of the delivery): nothing crosses back, so neither takes a slot in
    /// the externref table. `index` is its row in `eventCatalogue()` (-1: unknown), `name` is
    /// given only when the row cannot supply it. `problems` is an array, or undefined for none.
    /// The data is `length` bytes at `address` in wasm memory (location body or envelope
    /// data), or `decoded` (Pub/Sub).
    #[wasm_bindgen(method, catch, js_name = makeEvent)]
    pub fn make_event(
        this: &JsApi,
        index: i32,
        name: Option<String>,
        problems: JsValue,
        place: DataPlace,
        address: u32,
        length: u32,
        decoded: Option<String>,
    ) -> Result<(), JsValue>;

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
}
