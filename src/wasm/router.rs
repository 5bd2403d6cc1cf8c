//! `RawRouter`: the core router holding JS handler functions.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::dispatch::{dispatch, State};
use super::js_api::JsApi;
use super::options;
use crate::Router;

/// The router behind the package's `EventRouter`.
#[wasm_bindgen]
pub struct RawRouter {
    state: Rc<RefCell<State>>,
}

#[wasm_bindgen]
impl RawRouter {
    /// A router; `max_body_bytes` NaN and `max_depth` 0 mean the defaults.
    #[wasm_bindgen(constructor)]
    pub fn new(
        api: JsApi,
        strict: bool,
        max_body_bytes: f64,
        max_depth: u32,
        sequential: bool,
    ) -> RawRouter {
        let state = State {
            api,
            router: Router::new(),
            on_error: Vec::new(),
            options: options(strict, max_body_bytes, max_depth),
            sequential,
        };
        RawRouter {
            state: Rc::new(RefCell::new(state)),
        }
    }

    /// Registers `handler` for `pattern`; throws a TypeError with `code` "invalid_pattern"
    /// for a pattern the Connector could not use.
    pub fn on(&self, pattern: &str, handler: Function, once: bool) -> Result<(), JsValue> {
        let mut state = self.state.borrow_mut();
        let added = if once {
            state.router.once(pattern, handler)
        } else {
            state.router.on(pattern, handler)
        };
        added.map(drop).map_err(|error| {
            let type_error = js_sys::TypeError::new(&error.to_string());
            let _ = js_sys::Reflect::set(&type_error, &"code".into(), &error.code().into());
            type_error.into()
        })
    }

    /// Removes the registrations of `handler` under exactly `pattern`; returns how many.
    pub fn off(&self, pattern: &str, handler: &Function) -> u32 {
        let removed = self
            .state
            .borrow_mut()
            .router
            .remove_where(pattern, |h| h == handler);
        removed as u32
    }

    /// Adds a handler for parse errors and handler failures.
    #[wasm_bindgen(js_name = onError)]
    pub fn on_error(&self, handler: Function) {
        self.state.borrow_mut().on_error.push(handler);
    }

    /// Parses, routes and runs one delivery; resolves to a report, or rejects with an
    /// `EventParseError` or a `HandlerError`.
    pub fn dispatch(
        &self,
        kind: u8,
        name: Option<String>,
        body: JsValue,
        delivery: JsValue,
    ) -> Promise {
        dispatch(&self.state, kind, name, &body, &delivery)
    }

    /// Reads a fetch `Response`'s body inside, then dispatches it like [`RawRouter::dispatch`].
    #[wasm_bindgen(js_name = dispatchResponse)]
    pub fn dispatch_response(
        &self,
        response: web_sys::Response,
        kind: u8,
        name: Option<String>,
        delivery: JsValue,
    ) -> Promise {
        let state = Rc::clone(&self.state);
        future_to_promise(async move {
            let api = state.borrow().api.clone();
            if !response.ok() {
                let message = format!(
                    "the response has HTTP status {}, not a delivery",
                    response.status()
                );
                return Err(api.make_parse_error(
                    "invalid_delivery",
                    &message,
                    Some("response.status".into()),
                    JsValue::UNDEFINED,
                ));
            }
            let buffer = JsFuture::from(response.array_buffer()?).await?;
            let body: JsValue = js_sys::Uint8Array::new(&buffer).into();
            JsFuture::from(dispatch(&state, kind, name, &body, &delivery)).await
        })
    }
}
