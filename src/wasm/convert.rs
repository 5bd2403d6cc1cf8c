//! JS arguments to a core delivery, and core results to JS values through the factories.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;

use super::js_api::JsApi;
use crate::{DataLocation, Delivery, Event, EventKind, ParseError, Problem, PubSubData, RawEvent};

/// Delivery kinds as the package's JS numbers them (api.js `KIND`).
const WEBHOOK: u8 = 0;
const AMQP: u8 = 1;
const MQTT: u8 = 2;
const REDIS: u8 = 3;
const PUBSUB_PUSH: u8 = 4;
const PUBSUB_MESSAGE: u8 = 5;

/// A delivery's parts, copied into wasm memory. The JS side has already checked the shape of
/// the delivery object and turned ArrayBuffers into Uint8Arrays.
pub(crate) struct Input {
    kind: u8,
    /// Routing key, topic, channel or namespace; the URL for webhooks.
    name: Option<String>,
    body: Body,
}

enum Body {
    Text(String),
    Bytes(Vec<u8>),
}

impl Input {
    pub(crate) fn new(kind: u8, name: Option<String>, body: &JsValue) -> Input {
        let body = match body.as_string() {
            Some(text) => Body::Text(text),
            None => Body::Bytes(
                body.dyn_ref::<Uint8Array>()
                    .map(Uint8Array::to_vec)
                    .unwrap_or_default(),
            ),
        };
        Input { kind, name, body }
    }

    pub(crate) fn delivery(&self) -> Delivery<'_> {
        let name = self.name.as_deref();
        let body = match &self.body {
            Body::Text(text) => text.as_bytes(),
            Body::Bytes(bytes) => bytes,
        };
        let name_or_empty = name.unwrap_or("");
        match self.kind {
            AMQP => Delivery::Amqp {
                routing_key: name_or_empty,
                body,
            },
            MQTT => Delivery::Mqtt {
                topic: name_or_empty,
                body,
            },
            REDIS => Delivery::Redis {
                channel: name_or_empty,
                body,
            },
            PUBSUB_PUSH => Delivery::PubSubPush { body },
            PUBSUB_MESSAGE => {
                let data = match &self.body {
                    Body::Text(text) => PubSubData::Base64(text),
                    Body::Bytes(bytes) => PubSubData::Bytes(bytes),
                };
                Delivery::PubSubMessage {
                    data,
                    namespace: name,
                }
            }
            WEBHOOK | _ => Delivery::Webhook { body, url: name },
        }
    }
}

fn kind_code(kind: EventKind) -> (u8, Option<String>) {
    match kind {
        EventKind::Known(_) => (0, None),
        EventKind::Legacy(spec) => (1, Some(spec.successors.join(","))),
        EventKind::Unknown => (2, None),
    }
}

fn location_code(location: Option<DataLocation>) -> u8 {
    match location {
        None => 0,
        Some(DataLocation::Body) => 1,
        Some(DataLocation::EnvelopeData) => 2,
        Some(DataLocation::Decoded) => 3,
    }
}

pub(crate) fn problems_to_js(api: &JsApi, problems: &[Problem]) -> Array {
    problems
        .iter()
        .map(|p| api.make_problem(p.code(), &p.path, &p.message()))
        .collect()
}

/// A checked event.
pub(crate) fn event_to_js(
    api: &JsApi,
    event: &Event<'_>,
    body: &JsValue,
    delivery: &JsValue,
) -> JsValue {
    let (kind, successors) = kind_code(event.kind);
    let decoded = event
        .data
        .as_ref()
        .filter(|d| d.location == DataLocation::Decoded)
        .map(|d| d.text.to_string());
    api.make_event(
        &event.name,
        event.source.as_str(),
        kind,
        successors,
        event.kind.data_type().type_name(),
        problems_to_js(api, &event.problems).into(),
        location_code(event.data.as_ref().map(|d| d.location)),
        decoded,
        body,
        delivery,
    )
}

/// An event nobody handles: its data is neither checked nor parsed unless someone asks.
pub(crate) fn unchecked_event_to_js(
    api: &JsApi,
    raw: &RawEvent<'_>,
    body: &JsValue,
    delivery: &JsValue,
) -> JsValue {
    let (kind, successors) = kind_code(raw.kind);
    let decoded = raw
        .data
        .as_ref()
        .filter(|d| d.location == DataLocation::Decoded)
        .map(|d| d.text.to_string());
    api.make_event(
        &raw.name,
        raw.source.as_str(),
        kind,
        successors,
        raw.kind.data_type().type_name(),
        JsValue::NULL,
        location_code(raw.data.as_ref().map(|d| d.location)),
        decoded,
        body,
        delivery,
    )
}

pub(crate) fn error_to_js(api: &JsApi, error: &ParseError) -> JsValue {
    let problems = match error {
        ParseError::InvalidData { problems, .. } => problems_to_js(api, problems).into(),
        _ => JsValue::UNDEFINED,
    };
    api.make_parse_error(error.code(), &error.to_string(), error.path(), problems)
}
