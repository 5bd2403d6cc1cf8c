//! Catch-up (src/catchup) for the package's js/catchup.js: plain arrays in and out, errors as
//! `[code, message]` arrays the JS side turns into its `CatchUpError`.

use js_sys::Array;
use wasm_bindgen::prelude::*;

use crate::catchup::{self, CatchUpError, CatchUpInput};

fn error_to_js(error: &CatchUpError) -> JsValue {
    Array::of2(&error.code().into(), &error.to_string().into()).into()
}

fn strings(values: impl IntoIterator<Item = impl AsRef<str>>) -> Array {
    values
        .into_iter()
        .map(|value| JsValue::from_str(value.as_ref()))
        .collect()
}

/// The events `patterns` select and the listings to fetch for them since `from`:
/// `[events, [[listing, [[name, value], …]], …]]`; throws `[code, message]`.
#[wasm_bindgen(js_name = catchUpQueries)]
pub fn catch_up_queries(patterns: Vec<String>, from: Option<String>) -> Result<Array, JsValue> {
    let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
    let events = catchup::selected_events(&patterns).map_err(|e| error_to_js(&e))?;
    let queries =
        catchup::catch_up_queries(&events, from.as_deref()).map_err(|e| error_to_js(&e))?;
    let queries: Array = queries
        .iter()
        .map(|query| {
            let pairs: Array = query
                .query
                .iter()
                .map(|(name, value)| JsValue::from(Array::of2(&(*name).into(), &value.into())))
                .collect();
            JsValue::from(Array::of2(&query.listing.as_str().into(), &pairs))
        })
        .collect();
    Ok(Array::of2(&strings(events), &queries))
}

/// Reconciles the listings (JSON texts of arrays, undefined when not fetched):
/// `[[[name, data, at, subject, key], …], latest, missingPredecessors, [[path, message], …]]`;
/// throws `[code, message]`.
#[wasm_bindgen(js_name = reconcileCatchUp)]
#[allow(clippy::too_many_arguments)]
pub fn reconcile_catch_up(
    patterns: Vec<String>,
    from: Option<String>,
    messages: Option<String>,
    relationships: Option<String>,
    incoming_requests: Option<String>,
    outgoing_requests: Option<String>,
    attributes: Option<String>,
    predecessors: Option<String>,
) -> Result<Array, JsValue> {
    let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
    let events = catchup::selected_events(&patterns).map_err(|e| error_to_js(&e))?;
    let input = CatchUpInput {
        events,
        from: from.as_deref(),
        messages: messages.as_deref(),
        relationships: relationships.as_deref(),
        incoming_requests: incoming_requests.as_deref(),
        outgoing_requests: outgoing_requests.as_deref(),
        attributes: attributes.as_deref(),
        predecessors: predecessors.as_deref(),
    };
    let plan = catchup::reconcile(&input).map_err(|e| error_to_js(&e))?;
    let events: Array = plan
        .events
        .iter()
        .map(|event| {
            JsValue::from(Array::of5(
                &event.name.into(),
                &event.data.as_str().into(),
                &event.at.as_str().into(),
                &event.subject.as_str().into(),
                &event.key.as_str().into(),
            ))
        })
        .collect();
    let problems: Array = plan
        .problems
        .iter()
        .map(|problem| {
            JsValue::from(Array::of2(
                &problem.path.as_str().into(),
                &problem.message.as_str().into(),
            ))
        })
        .collect();
    let latest = plan.latest.map_or(JsValue::UNDEFINED, JsValue::from);
    Ok(Array::of4(
        &events,
        &latest,
        &strings(&plan.missing_predecessors),
        &problems,
    ))
}
