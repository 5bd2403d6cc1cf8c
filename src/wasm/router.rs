//! `RawRouter`: the core router holding the package's handler wrappers.

use std::cell::RefCell;
use std::fmt;

use js_sys::Function;
use wasm_bindgen::prelude::*;

use super::boundary::RouteFound;
use super::convert::catalogue_index;
use super::dispatch::{call, dispatch, parse, Registration, State};
use super::input::{with_delivery, Kind, Layout};
use super::js_api::JsApi;
use super::options;
use crate::{read_delivery, Router};

/// The router behind the package's `EventRouter`.
#[wasm_bindgen]
pub struct RawRouter {
    state: RefCell<State>,
}

// Shows the patterns and parse options, never the JS functions (handlers and the API).
impl fmt::Debug for RawRouter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("RawRouter");
        match self.state.try_borrow() {
            Ok(state) => debug
                .field("router", &state.router)
                .field("options", &state.options),
            Err(_) => debug.field("state", &format_args!("<borrowed>")),
        };
        debug.finish_non_exhaustive()
    }
}

#[wasm_bindgen]
impl RawRouter {
    /// A router; `max_body_bytes` NaN and `max_depth` 0 mean the defaults.
    #[wasm_bindgen(constructor)]
    pub fn new(api: JsApi, strict: bool, max_body_bytes: f64, max_depth: u32) -> RawRouter {
        let state = State {
            api,
            router: Router::new(),
            options: options(strict, max_body_bytes, max_depth),
        };
        RawRouter {
            state: RefCell::new(state),
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

    /// Parses and routes the delivery the JS side wrote into the input buffer (see
    /// `input.rs`), calls the matched handlers (whose wrappers record what they did) and
    /// returns the event; throws the `EventParseError` of a delivery that cannot be parsed.
    /// `source` is the JS side's snapshot of the delivery, kept by the event.
    pub fn dispatch(
        &self,
        kind: Kind,
        name_len: u32,
        body_len: u32,
        body_is_text: bool,
        source: JsValue,
    ) -> Result<JsValue, JsValue> {
        let layout = Layout {
            kind,
            name_len,
            body_len,
            body_is_text,
        };
        dispatch(&self.state, layout, &source)
    }

    /// Parses the delivery in the input buffer as `dispatch` would, without calling handlers:
    /// strict (when the router is) only if a handler matches. Throws its `EventParseError`.
    pub fn parse(
        &self,
        kind: Kind,
        name_len: u32,
        body_len: u32,
        body_is_text: bool,
        source: JsValue,
    ) -> Result<JsValue, JsValue> {
        let layout = Layout {
            kind,
            name_len,
            body_len,
            body_is_text,
        };
        parse(&self.state, layout, &source)
    }

    /// Calls the handlers matching `name` with `event`, an event parsed before, in registration
    /// order (their wrappers record what they did); `once` handlers among them are used up.
    pub fn call(&self, name: &str, event: &JsValue) {
        call(&self.state, name, event);
    }

    /// For deliveries whose name the JS side knows (routing key, topic, channel): decides from
    /// the name alone, with only the name in the input buffer, whether the body is needed.
    /// Returns `RouteFound::Handled` when a handler matches (dispatch it),
    /// `RouteFound::InvalidName` when the name is not valid (dispatch it, for the error), else
    /// the unhandled event's catalogue row (-1: unknown name). An event nobody handles then never
    /// crosses into wasm at all.
    pub fn route(&self, kind: Kind, name_len: u32) -> i32 {
        let layout = Layout {
            kind,
            name_len,
            body_len: 0,
            body_is_text: false,
        };
        let mut state = self.state.borrow_mut();
        let limits = state.options.limits;
        with_delivery(layout, |delivery| match read_delivery(delivery, &limits) {
            Err(_) => RouteFound::InvalidName as i32,
            Ok(raw) if state.router.has_match(&raw.name) => RouteFound::Handled as i32,
            Ok(raw) => catalogue_index(raw.kind),
        })
    }
}
