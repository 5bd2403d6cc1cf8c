//! `RawRouter`: the core router holding JS handler functions.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::convert::catalogue_index;
use super::dispatch::{dispatch, Registration, State};
use super::input::{with_delivery, write, Layout};
use super::js_api::JsApi;
use super::options;
use crate::{read_delivery, Router};

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

    /// Registers `handler` for `pattern` (a string); throws a TypeError with `code`
    /// "invalid_pattern" for a pattern the Connector could not use.
    pub fn on(&self, pattern: JsValue, handler: Function, once: bool) -> Result<(), JsValue> {
        let type_error = |message: String, code: &str| -> JsValue {
            let error = js_sys::TypeError::new(&message);
            let _ = js_sys::Reflect::set(&error, &"code".into(), &code.into());
            error.into()
        };
        let Some(text) = pattern.as_string() else {
            return Err(type_error(
                "pattern: expected a string".into(),
                "invalid_pattern",
            ));
        };
        let registration = Registration { handler, pattern };
        let mut state = self.state.borrow_mut();
        let added = if once {
            state.router.once(&text, registration)
        } else {
            state.router.on(&text, registration)
        };
        added
            .map(drop)
            .map_err(|error| type_error(error.to_string(), error.code()))
    }

    /// Removes the registrations of `handler` under exactly `pattern`; returns how many.
    pub fn off(&self, pattern: &str, handler: &Function) -> u32 {
        let removed = self
            .state
            .borrow_mut()
            .router
            .remove_where(pattern, |r| r.handler == *handler);
        removed as u32
    }

    /// Adds a handler for parse errors and handler failures.
    #[wasm_bindgen(js_name = onError)]
    pub fn on_error(&self, handler: Function) {
        self.state.borrow_mut().on_error.push(handler);
    }

    /// Parses, routes and runs the delivery the JS side wrote into the input buffer (see
    /// `input.rs`); resolves to a report, or rejects with an `EventParseError` or a
    /// `HandlerError`. `body` and `delivery` are the JS originals, kept by the event for its
    /// lazily parsed data.
    pub fn dispatch(
        &self,
        kind: u8,
        name_len: u32,
        body_len: u32,
        body_is_text: bool,
        body: JsValue,
        delivery: JsValue,
    ) -> Promise {
        let layout = Layout {
            kind,
            name_len,
            body_len,
            body_is_text,
        };
        dispatch(&self.state, layout, &body, &delivery)
    }

    /// For deliveries whose name the JS side knows (routing key, topic, channel): decides from
    /// the name alone, with only the name in the input buffer, whether the body is needed.
    /// Returns -2 when a handler matches (dispatch it), -3 when the name is not valid (dispatch
    /// it, for the error), else the unhandled event's catalogue row (-1: unknown name). An event
    /// nobody handles then never crosses into wasm at all.
    pub fn route(&self, kind: u8, name_len: u32) -> i32 {
        let layout = Layout {
            kind,
            name_len,
            body_len: 0,
            body_is_text: false,
        };
        let mut state = self.state.borrow_mut();
        let limits = state.options.limits;
        with_delivery(layout, |delivery| match read_delivery(delivery, &limits) {
            Err(_) => -3,
            Ok(raw) if state.router.has_match(&raw.name) => -2,
            Ok(raw) => catalogue_index(raw.kind),
        })
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
                let error = api.make_parse_error(
                    "invalid_delivery",
                    &message,
                    Some("response.status".into()),
                    JsValue::UNDEFINED,
                );
                return Err(error.unwrap_or_else(|thrown| thrown));
            }
            let buffer = JsFuture::from(response.array_buffer()?).await?;
            let bytes = js_sys::Uint8Array::new(&buffer);
            let layout = write(kind, name.as_deref(), bytes.length() as usize, |into| {
                bytes.copy_to(into)
            });
            JsFuture::from(dispatch(&state, layout, &bytes.into(), &delivery)).await
        })
    }
}
