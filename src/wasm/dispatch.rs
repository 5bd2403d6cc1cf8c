//! The synchronous part of one dispatch: parse, route, validate, and call the matched handlers.
//!
//! Awaiting the handlers' promises, timeouts and the report belong to the package's JS
//! (js/router.js). No future lives in wasm across an await: an instance that traps and is
//! replaced leaves nothing behind that could call into it later, and every in-flight dispatch
//! settles in JS whatever happens to the instance. Nor does anything cross back but the event:
//! each handler is the package's wrapper, which records its own pattern and outcome on the JS
//! side (no array is built from here, one boundary crossing per element).

use std::cell::RefCell;

use js_sys::Function;
use wasm_bindgen::prelude::*;

use super::convert::{error_to_js, event_to_js, EventParts};
use super::input::{with_delivery, Layout};
use super::js_api::JsApi;
use crate::{read_delivery, Match, ParseOptions, Router};

/// A registered handler: the package's wrapper around the user's function, which never
/// throws (a throw is recorded as a failure), and the pattern as the JS string it came as.
#[derive(Clone)]
pub(crate) struct Registration {
    pub(crate) handler: Function,
    pub(crate) pattern: JsValue,
}

pub(crate) struct State {
    pub(crate) api: JsApi,
    pub(crate) router: Router<Registration>,
    pub(crate) options: ParseOptions,
}

/// Runs the synchronous part of a dispatch: returns the event after calling every matched
/// handler in registration order. Errors are the `EventParseError`s to reject with.
pub(crate) fn dispatch(
    state: &RefCell<State>,
    layout: Layout,
    source: &JsValue,
) -> Result<JsValue, JsValue> {
    // The borrow ends before any handler runs: handlers may register, remove or dispatch.
    let (event, matches) = {
        let mut state = state.borrow_mut();
        with_delivery(layout, |parsed| prepare(&mut state, parsed, source))?
    };
    call_each(state, &matches, &event);
    Ok(event)
}

/// Calls the handlers matching `name` with an event parsed before (`dispatchEvent`).
pub(crate) fn call(state: &RefCell<State>, name: &str, event: &JsValue) {
    let matches = state.borrow_mut().router.take_matches(name);
    call_each(state, &matches, event);
}

/// Parses like a dispatch, calling nobody (`router.parse`).
pub(crate) fn parse(
    state: &RefCell<State>,
    layout: Layout,
    source: &JsValue,
) -> Result<JsValue, JsValue> {
    let mut state = state.borrow_mut();
    with_delivery(layout, |delivery| {
        let raw = read_delivery(delivery, &state.options.limits)
            .map_err(|e| error_to_js(&state.api, &e))?;
        #[cfg(feature = "trap-hook")]
        super::trap_hook(&raw.name);
        let strict = state.options.strict && state.router.has_match(&raw.name);
        let event = raw
            .validate(strict)
            .map_err(|e| error_to_js(&state.api, &e))?;
        event_to_js(&state.api, EventParts::checked(&event), source)
    })
}

/// Calls each matched handler in order; the `State` borrow is not held while they run:
/// handlers may register, remove or dispatch.
fn call_each(state: &RefCell<State>, matches: &[Match<Registration>], event: &JsValue) {
    if matches.is_empty() {
        return;
    }
    let api = state.borrow().api.clone();
    for m in matches {
        // A call that fails before the wrapper runs (the stack ran out on the way in) is
        // recorded as that handler's failure all the same.
        if let Err(thrown) = m.handler.handler.call1(&JsValue::UNDEFINED, event) {
            api.failed_call(&m.handler.pattern, &thrown);
        }
    }
}

type Prepared = (JsValue, Vec<Match<Registration>>);

/// Parses and routes; returns the JS event and the handlers to run. An event nobody handles
/// is checked leniently (its syntax fails the dispatch, its problems never do).
fn prepare(
    state: &mut State,
    delivery: &crate::Delivery<'_>,
    source: &JsValue,
) -> Result<Prepared, JsValue> {
    let raw =
        read_delivery(delivery, &state.options.limits).map_err(|e| error_to_js(&state.api, &e))?;
    #[cfg(feature = "trap-hook")]
    super::trap_hook(&raw.name);
    let handled = state.router.has_match(&raw.name);
    let event = raw
        .validate(state.options.strict && handled)
        .map_err(|e| error_to_js(&state.api, &e))?;
    // Taken only now: a delivery rejected above must not use up `once` handlers it never ran.
    let matches = if handled {
        state.router.take_matches(&event.name)
    } else {
        Vec::new()
    };
    let event = event_to_js(&state.api, EventParts::checked(&event), source)?;
    Ok((event, matches))
}
