//! The synchronous part of one dispatch: parse, route, validate, and call the matched handlers.
//!
//! Awaiting the handlers' promises, timeouts and the report belong to the package's JS
//! (js/router.js). No future lives in wasm across an await: an instance that traps and is
//! replaced leaves nothing behind that could call into it later, and every in-flight dispatch
//! settles in JS whatever happens to the instance.

use std::cell::RefCell;

use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;

use super::convert::{error_to_js, event_to_js, EventParts};
use super::input::{with_delivery, Layout};
use super::js_api::JsApi;
use crate::{read_delivery, Match, ParseOptions, Router};

/// A registered handler and its pattern as the JS string it came as (reports reuse it, so no
/// string crosses the boundary per dispatch). The handler is the package's wrapper around the
/// user's function, which never throws: a throw is returned as a failure value instead.
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

/// Runs the synchronous part of a dispatch. Returns `[event]` when no handler matched, else
/// `[event, patterns, outcomes]`: with `invoke`, what each matched handler returned (called
/// here, in registration order); without, the handlers themselves, for the JS side to call one
/// after another (sequential routers). Errors are the `EventParseError`s to reject with.
pub(crate) fn dispatch(
    state: &RefCell<State>,
    layout: Layout,
    source: &JsValue,
    invoke: bool,
) -> Result<Array, JsValue> {
    // The borrow ends before any handler runs: handlers may register, remove or dispatch.
    let (event, matches) = {
        let mut state = state.borrow_mut();
        with_delivery(layout, |parsed| prepare(&mut state, parsed, source))?
    };
    if matches.is_empty() {
        return Ok(Array::of1(&event));
    }
    let patterns: Array = matches.iter().map(|m| m.handler.pattern.clone()).collect();
    let outcomes: Array = if invoke {
        let api = state.borrow().api.clone();
        matches
            .iter()
            .map(|m| {
                // The wrapper catches what the handler throws; a call that fails anyway (the
                // stack ran out on the way in) becomes the same kind of failure value.
                m.handler
                    .handler
                    .call1(&JsValue::UNDEFINED, &event)
                    .unwrap_or_else(|thrown| api.make_failure(&thrown))
            })
            .collect()
    } else {
        matches
            .iter()
            .map(|m| JsValue::from(&m.handler.handler))
            .collect()
    };
    Ok(Array::of3(&event, &patterns, &outcomes))
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
