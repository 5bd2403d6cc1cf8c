//! The wasm-bindgen shell: the only Rust that knows JsValue and JS functions.
//!
//! It reads deliveries from the input buffer, calls the core, invokes the JS handlers the
//! core's router matched, and builds results through the factories of `js_api`. It holds no
//! future and no closure between calls. The package's JS (js/) wraps these raw exports in
//! the public API, awaits the handlers and recovers from traps.

mod boundary;
mod catchup;
mod convert;
mod dispatch;
mod endpoint;
pub mod input;
pub mod js_api;
pub mod rest;
pub mod router;
mod subscriptions;
mod text;
mod wait;

use wasm_bindgen::prelude::*;

use crate::{Limits, ParseOptions};
use convert::{error_to_js, event_to_js, EventParts};
use input::{with_delivery, Kind, Layout};
use js_api::JsApi;

pub(crate) fn options(strict: bool, max_body_bytes: f64, max_depth: u32) -> ParseOptions {
    let defaults = Limits::default();
    let max_body_bytes = if max_body_bytes.is_finite() && max_body_bytes >= 0.0 {
        max_body_bytes as usize
    } else {
        defaults.max_body_bytes
    };
    let max_depth = if max_depth == 0 {
        defaults.max_depth
    } else {
        max_depth as usize
    };
    ParseOptions {
        strict,
        limits: Limits {
            max_body_bytes,
            max_depth,
        },
    }
}

/// Parses the delivery the JS side wrote into the input buffer (see `input.rs`) and builds its
/// `ConnectorEvent` through the API's `makeEvent`, or throws an `EventParseError`.
#[wasm_bindgen(js_name = parseDelivery)]
#[allow(clippy::too_many_arguments)]
pub fn parse_delivery_js(
    api: &JsApi,
    kind: Kind,
    name_len: u32,
    body_len: u32,
    body_is_text: bool,
    strict: bool,
    max_body_bytes: f64,
    max_depth: u32,
) -> Result<(), JsValue> {
    let layout = Layout {
        kind,
        name_len,
        body_len,
        body_is_text,
    };
    let options = options(strict, max_body_bytes, max_depth);
    with_delivery(layout, |parsed| {
        let event = crate::read_delivery(parsed, &options.limits).and_then(|raw| {
            #[cfg(feature = "trap-hook")]
            trap_hook(&raw.name);
            raw.validate(options.strict)
        });
        match event {
            Ok(event) => event_to_js(api, EventParts::checked(&event)),
            Err(error) => Err(error_to_js(api, &error)),
        }
    })
}

/// The `too_large` error for a body the JS side measured without copying it in: messages are
/// made here, like every other error's.
#[wasm_bindgen(js_name = tooLarge)]
pub fn too_large(api: &JsApi, size: f64, limit: f64) -> JsValue {
    error_to_js(
        api,
        &crate::ParseError::TooLarge {
            size: size as usize,
            limit: limit as usize,
        },
    )
}

/// `[key, subject]`, `[key, start, end]` (the subject is `key.slice(start, end)`) or `[key]` of an
/// event, with a fourth element `true` when the key is made from the data's hash, (see `enmeshed_events::event_key`): `data` is the JSON text of
/// its data, or with `envelope` the webhook body whose `data` member holds it; undefined for an
/// event without data. With `complete` false, `data` is only the start of that text: the answer
/// is undefined when the start is not enough (the JS side then passes all of it). Called when a
/// handler first reads `event.key` or `event.subject`.
#[wasm_bindgen(js_name = eventIdentity)]
pub fn event_identity(name: &str, data: Option<String>, envelope: bool, complete: bool) -> JsValue {
    let identity = match (data.as_deref(), envelope, complete) {
        (Some(start), _, false) => crate::model::identify_start(name, start, envelope),
        (Some(body), true, true) => Some(crate::model::identify(
            name,
            crate::parse::envelope_data(body),
        )),
        (data, _, true) => Some(crate::model::identify(name, data)),
        (None, _, false) => None,
    };
    let Some(identity) = identity else {
        return JsValue::UNDEFINED;
    };
    // The subject is usually part of the key: its bounds cost less than a second string. They
    // count UTF-16 units; after the name and its `:` the key is ASCII, as is the subject.
    let name_units = name.encode_utf16().count() + 1;
    let within = identity.subject.as_deref().and_then(|subject| {
        let at = identity.key.get(name.len() + 1..)?.find(subject)?;
        Some((name_units + at, subject.len()))
    });
    let key = JsValue::from(&identity.key);
    let answer = match (within, identity.subject) {
        (Some((start, len)), _) => js_sys::Array::of3(&key, &start.into(), &(start + len).into()),
        (None, Some(subject)) => js_sys::Array::of2(&key, &subject.into()),
        (None, None) => js_sys::Array::of1(&key),
    };
    // A key made from the data's hash says so in a fourth element (see `event_key_is_hash`).
    if identity.key_is_hash {
        answer.set(3, JsValue::TRUE);
    }
    answer.into()
}

/// Every event name the catalogue knows: `[name, dataType, legacy, successors]` rows.
#[wasm_bindgen(js_name = eventCatalogue)]
pub fn event_catalogue() -> js_sys::Array {
    let row = |name: &str, data: crate::DataType, legacy: bool, successors: &[&str]| -> JsValue {
        let successors: js_sys::Array = successors.iter().map(|s| JsValue::from_str(s)).collect();
        js_sys::Array::of4(
            &name.into(),
            &data.type_name().into(),
            &legacy.into(),
            &successors,
        )
        .into()
    };
    let current = crate::EVENTS
        .iter()
        .chain(std::iter::once(&crate::RELATIONSHIP_EVENT))
        .map(|e| row(e.name, e.data, false, &[]));
    let legacy = crate::LEGACY_EVENTS
        .iter()
        .map(|e| row(e.name, e.data, true, e.successors));
    current.chain(legacy).collect()
}

/// The event name that traps the instance in a build with the `trap-hook` feature.
#[cfg(feature = "trap-hook")]
pub const TRAP_EVENT: &str = "enmeshed.test.trap";

/// Traps (a panic is an `unreachable` in this build) when the event is [`TRAP_EVENT`]: the
/// package's tests build with this feature to prove that nothing hangs or crashes when the
/// instance traps in the middle of things. The published package is built without it.
#[cfg(feature = "trap-hook")]
pub(crate) fn trap_hook(name: &str) {
    if name == TRAP_EVENT {
        panic!("deliberate trap for tests");
    }
}
