//! The synchronous part of one dispatch: parse, validate and, for the package's JS, name the
//! registrations an event name matches.
//!
//! The handlers are called by the package's JS (js/router.js), which keeps them, caches per
//! event name which registrations match (asked here once per name), awaits what they return,
//! applies the timeout and builds the report. Calling them from here cost more than the rest of
//! a small dispatch: a `Function` clone and a wasm→JS call per handler, and vectors per
//! dispatch. No future lives in wasm across an await: an instance that traps and is replaced
//! leaves nothing behind that could call into it later, and every in-flight dispatch settles
//! in JS whatever happens to the instance.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use super::convert::{error_to_js, event_to_js, EventParts};
use super::input::{with_delivery, Layout};
use super::js_api::JsApi;
use crate::{read_delivery, ParseOptions, Router};

pub(crate) struct State {
    pub(crate) api: JsApi,
    /// Registration ids (chosen by the package's JS) by pattern.
    pub(crate) router: Router<u32>,
    pub(crate) options: ParseOptions,
}

/// Parses and validates the delivery in the input buffer and has the JS side build its event.
/// An event nobody handles is checked leniently (its syntax fails the dispatch, its problems
/// never do). Errors are the `EventParseError`s to reject with.
pub(crate) fn parse(state: &RefCell<State>, layout: Layout) -> Result<(), JsValue> {
    let mut state = state.borrow_mut();
    with_delivery(layout, |delivery| {
        let raw = read_delivery(delivery, &state.options.limits)
            .map_err(|e| error_to_js(&state.api, &e))?;
        #[cfg(feature = "trap-hook")]
        super::trap_hook(&raw.name);
        // Only a strict router needs to know whether a handler matches.
        let strict = state.options.strict && state.router.has_match(&raw.name);
        let event = raw
            .validate(strict)
            .map_err(|e| error_to_js(&state.api, &e))?;
        event_to_js(&state.api, EventParts::checked(&event))
    })
}
