//! `RawRouter`: the core router holding the package's handler wrappers.

use std::cell::RefCell;
use std::fmt;

use wasm_bindgen::prelude::*;

use super::boundary::RouteFound;
use super::convert::catalogue_index;
use super::dispatch::{parse, State};
use super::input::{with_delivery, Kind, Layout};
use super::js_api::JsApi;
use super::options;
use crate::{read_delivery, Router};

/// The router behind the package's `EventRouter`: its patterns, each with the id of the
/// package's registration, and its parse options. The package keeps the handlers.
#[wasm_bindgen]
pub struct RawRouter {
    state: RefCell<State>,
}

// Shows the patterns and parse options, never the JS factories.
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

    /// Registers the registration `id` for `pattern` (a string); throws a TypeError with
    /// `code` "invalid_pattern" for a pattern the Connector could not use.
    pub fn on(&self, pattern: JsValue, id: u32) -> Result<(), JsValue> {
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
        self.state
            .borrow_mut()
            .router
            .on(&text, id)
            .map(drop)
            .map_err(|error| type_error(error.to_string(), error.code()))
    }

    /// Removes the registration `id` under exactly `pattern`; returns how many were removed.
    pub fn off(&self, pattern: &str, id: u32) -> u32 {
        let removed = self
            .state
            .borrow_mut()
            .router
            .remove_where(pattern, |registered| *registered == id);
        removed as u32
    }

    /// The ids of the registrations whose pattern matches the event name `name`, in
    /// registration order. The package asks once per name and remembers the answer until
    /// its registrations change.
    pub fn matches(&self, name: &str) -> Vec<u32> {
        self.state.borrow_mut().router.matching(name)
    }

    /// Parses and validates the delivery the JS side wrote into the input buffer (see
    /// `input.rs`) and builds its event through the API's `makeEvent`, checked strictly (when
    /// the router is) only if a registration matches its name; throws the `EventParseError` of
    /// a delivery that cannot be parsed. Calls nobody: the package calls the handlers `matches`
    /// names.
    pub fn dispatch(
        &self,
        kind: Kind,
        name_len: u32,
        body_len: u32,
        body_is_text: bool,
    ) -> Result<(), JsValue> {
        let layout = Layout {
            kind,
            name_len,
            body_len,
            body_is_text,
        };
        parse(&self.state, layout)
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
