//! Core results to JS values, through the factories of `js_api`.
//!
//! Strings are what cost most at the boundary (each one a TextDecoder call), so known event
//! names, data types and sources cross as numbers: the JS side looks them up in the catalogue
//! it read once (`eventCatalogue`, same order as `catalogue_index`).

use std::borrow::Cow;

use js_sys::Array;
use wasm_bindgen::prelude::*;

use super::boundary::DataPlace;
use super::js_api::JsApi;
use crate::{Data, DataLocation, Event, EventKind, ParseError, Problem, EVENTS, LEGACY_EVENTS};

/// The event's row in `eventCatalogue()`: current events, then the relationship-event family,
/// then legacy names; -1 for unknown names.
pub(crate) fn catalogue_index(kind: EventKind) -> i32 {
    let position = match kind {
        EventKind::Known(spec) => index_in(EVENTS, spec).unwrap_or(EVENTS.len()),
        EventKind::Legacy(spec) => EVENTS.len() + 1 + index_in(LEGACY_EVENTS, spec).unwrap_or(0),
        EventKind::Unknown => return -1,
    };
    position as i32
}

/// Where `item` lies in `table`, from its address (every dispatch asks; a search compared up
/// to fifty addresses); None when it is not an element of `table` (the relationship family).
fn index_in<T>(table: &[T], item: &T) -> Option<usize> {
    let offset = (item as *const T as usize).checked_sub(table.as_ptr() as usize)?;
    let index = offset / std::mem::size_of::<T>();
    (index < table.len() && std::ptr::eq(&table[index], item)).then_some(index)
}

fn data_place(location: Option<DataLocation>) -> DataPlace {
    match location {
        None => DataPlace::None,
        Some(DataLocation::Body) => DataPlace::Body,
        Some(DataLocation::EnvelopeData) => DataPlace::EnvelopeData,
        Some(DataLocation::Decoded) => DataPlace::Decoded,
    }
}

pub(crate) fn problems_to_js(api: &JsApi, problems: &[Problem]) -> Result<Array, JsValue> {
    let array = Array::new();
    for problem in problems {
        array.push(&api.make_problem(problem.code(), &problem.path, &problem.message())?);
    }
    Ok(array)
}

/// What `event_to_js` needs of a checked event.
pub(crate) struct EventParts<'e, 'a> {
    pub name: &'e str,
    pub kind: EventKind,
    pub data: Option<&'e Data<'a>>,
    pub problems: &'e [Problem],
}

impl<'e, 'a> EventParts<'e, 'a> {
    pub(crate) fn checked(event: &'e Event<'a>) -> Self {
        EventParts {
            name: &event.name,
            kind: event.kind,
            data: event.data.as_ref(),
            problems: &event.problems,
        }
    }
}

/// The `ConnectorEvent`, built by the factory and kept on the JS side. Data that lies in the
/// input buffer crosses as its address and length: the JS side copies exactly those validated
/// bytes out before anything can overwrite them (or uses its own string, which cannot change).
/// Decoded (Pub/Sub) data crosses as a string.
pub(crate) fn event_to_js(api: &JsApi, event: EventParts<'_, '_>) -> Result<(), JsValue> {
    let index = catalogue_index(event.kind);
    // Only names the catalogue cannot give back cross as strings.
    let name = match event.kind {
        EventKind::Known(spec) if spec.name == event.name => None,
        EventKind::Legacy(_) => None,
        _ => Some(event.name.to_string()),
    };
    let problems = match event.problems {
        [] => JsValue::UNDEFINED,
        problems => problems_to_js(api, problems)?.into(),
    };
    let (mut address, mut length, mut decoded) = (0, 0, None);
    if let Some(data) = event.data {
        match &data.text {
            Cow::Borrowed(text) => {
                address = text.as_ptr() as usize as u32;
                length = text.len() as u32;
            }
            Cow::Owned(text) => decoded = Some(text.clone()),
        }
    }
    let place = data_place(event.data.map(|d| d.location));
    api.make_event(index, name, problems, place, address, length, decoded)
}

/// The `EventParseError` for `error`; if a factory throws instead, what it threw.
pub(crate) fn error_to_js(api: &JsApi, error: &ParseError) -> JsValue {
    let made = || -> Result<JsValue, JsValue> {
        let problems = match error {
            ParseError::InvalidData { problems, .. } => problems_to_js(api, problems)?.into(),
            _ => JsValue::UNDEFINED,
        };
        api.make_parse_error(error.code(), &error.to_string(), error.path(), problems)
    };
    made().unwrap_or_else(|thrown| thrown)
}
