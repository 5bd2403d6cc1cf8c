//! One dispatch: parse, route, call the matched handlers, await them, report.
//!
//! Handlers start in registration order. By default each is called before the previous one's
//! promise settles (they run concurrently) and dispatch waits for all; with `sequential` each
//! is awaited before the next starts. A handler that throws or rejects never stops the others.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::convert::{error_to_js, event_to_js, EventParts};
use super::input::{with_delivery, Layout};
use super::js_api::JsApi;
use crate::{read_delivery, Match, ParseOptions, Router};

/// A registered handler and its pattern as the JS string it came as (reports reuse it, so no
/// string crosses the boundary per dispatch).
#[derive(Clone)]
pub(crate) struct Registration {
    pub(crate) handler: Function,
    pub(crate) pattern: JsValue,
}

pub(crate) struct State {
    pub(crate) api: JsApi,
    pub(crate) router: Router<Registration>,
    pub(crate) on_error: Vec<Function>,
    pub(crate) options: ParseOptions,
    pub(crate) sequential: bool,
}

pub(crate) fn dispatch(
    state: &Rc<RefCell<State>>,
    layout: Layout,
    body: &JsValue,
    delivery: &JsValue,
) -> Promise {
    // The borrow ends before any handler runs: handlers may register, remove or dispatch.
    let prepared = {
        let mut state = state.borrow_mut();
        with_delivery(layout, |parsed| {
            prepare(&mut state, parsed, layout.kind, body, delivery)
        })
    };
    let (api, on_error, sequential) = {
        let state = state.borrow();
        (state.api.clone(), state.on_error.clone(), state.sequential)
    };
    match prepared {
        Err(error) => {
            notify(&on_error, &error);
            Promise::reject(&error)
        }
        Ok((event, matches)) if matches.is_empty() => {
            match api.make_report(&event, Array::new(), JsValue::UNDEFINED, true) {
                Ok(report) => Promise::resolve(&report),
                Err(thrown) => Promise::reject(&thrown),
            }
        }
        Ok((event, matches)) if sequential => run_sequentially(api, on_error, event, matches),
        Ok((event, matches)) => run_concurrently(api, on_error, event, matches),
    }
}

type Prepared = (JsValue, Vec<Match<Registration>>);

/// Parses and routes; returns the JS event and the handlers to run. An event nobody handles
/// is not validated.
fn prepare(
    state: &mut State,
    delivery: &crate::Delivery<'_>,
    kind: u8,
    body: &JsValue,
    js: &JsValue,
) -> Result<Prepared, JsValue> {
    let raw =
        read_delivery(delivery, &state.options.limits).map_err(|e| error_to_js(&state.api, &e))?;
    if !state.router.has_match(&raw.name) {
        let event = event_to_js(&state.api, EventParts::unchecked(&raw), kind, body, js)?;
        return Ok((event, Vec::new()));
    }
    let event = raw
        .validate(state.options.strict)
        .map_err(|e| error_to_js(&state.api, &e))?;
    // Taken only now: a delivery rejected above must not use up `once` handlers it never ran.
    let matches = state.router.take_matches(&event.name);
    Ok((
        event_to_js(&state.api, EventParts::checked(&event), kind, body, js)?,
        matches,
    ))
}

/// How one handler call ended, so far.
enum Outcome {
    Done,
    Failed(JsValue),
    /// Observed from the start (a JsFuture attaches its callbacks when made), so a handler
    /// that rejects while an earlier one is still awaited is never an unhandled rejection.
    Pending(JsFuture),
}

fn call(handler: &Function, event: &JsValue) -> Outcome {
    match handler.call1(&JsValue::UNDEFINED, event) {
        Err(error) => Outcome::Failed(error),
        Ok(value) if is_thenable(&value) => {
            Outcome::Pending(JsFuture::from(Promise::resolve(&value)))
        }
        Ok(_) => Outcome::Done,
    }
}

fn is_thenable(value: &JsValue) -> bool {
    if !value.is_object() && !value.is_function() {
        return false;
    }
    value.is_instance_of::<Promise>()
        || js_sys::Reflect::get(value, &"then".into()).is_ok_and(|then| then.is_function())
}

async fn settle(outcome: Outcome) -> Result<(), JsValue> {
    match outcome {
        Outcome::Done => Ok(()),
        Outcome::Failed(error) => Err(error),
        Outcome::Pending(future) => future.await.map(drop),
    }
}

fn run_concurrently(
    api: JsApi,
    on_error: Vec<Function>,
    event: JsValue,
    matches: Vec<Match<Registration>>,
) -> Promise {
    let outcomes: Vec<Outcome> = matches
        .iter()
        .map(|m| call(&m.handler.handler, &event))
        .collect();
    if !outcomes.iter().any(|o| matches!(o, Outcome::Pending(_))) {
        let results = outcomes.into_iter().map(|o| match o {
            Outcome::Failed(error) => Err(error),
            _ => Ok(()),
        });
        return finish(&api, &on_error, &event, &matches, results.collect());
    }
    future_to_promise(async move {
        let mut results = Vec::with_capacity(outcomes.len());
        for outcome in outcomes {
            results.push(settle(outcome).await);
        }
        JsFuture::from(finish(&api, &on_error, &event, &matches, results)).await
    })
}

fn run_sequentially(
    api: JsApi,
    on_error: Vec<Function>,
    event: JsValue,
    matches: Vec<Match<Registration>>,
) -> Promise {
    future_to_promise(async move {
        let mut results = Vec::with_capacity(matches.len());
        for m in &matches {
            results.push(settle(call(&m.handler.handler, &event)).await);
        }
        JsFuture::from(finish(&api, &on_error, &event, &matches, results)).await
    })
}

/// Builds the report; with failures, tells the error handlers and rejects with a HandlerError.
fn finish(
    api: &JsApi,
    on_error: &[Function],
    event: &JsValue,
    matches: &[Match<Registration>],
    results: Vec<Result<(), JsValue>>,
) -> Promise {
    let patterns: Array = matches.iter().map(|m| m.handler.pattern.clone()).collect();
    // The failures as `[index, error]` pairs, built only when there are any.
    let any_failed = results.iter().any(Result::is_err);
    let failures = if any_failed {
        let failures = Array::new();
        for (index, result) in results.into_iter().enumerate() {
            if let Err(error) = result {
                failures.push(&Array::of2(&(index as u32).into(), &error));
            }
        }
        failures.into()
    } else {
        JsValue::UNDEFINED
    };
    let report = match api.make_report(event, patterns, failures, false) {
        Ok(report) if !any_failed => return Promise::resolve(&report),
        Ok(report) => report,
        Err(thrown) => return Promise::reject(&thrown),
    };
    let error = api
        .make_handler_error(&report)
        .unwrap_or_else(|thrown| thrown);
    notify(on_error, &error);
    Promise::reject(&error)
}

/// Calls every error handler; one that throws does not stop the others.
fn notify(on_error: &[Function], error: &JsValue) {
    for handler in on_error {
        let _ = handler.call1(&JsValue::UNDEFINED, error);
    }
}
