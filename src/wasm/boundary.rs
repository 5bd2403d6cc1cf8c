//! The numbers the package's JS and this shell exchange, defined once here and exported as
//! wasm-bindgen enums (frozen JS objects in the glue): delivery kinds, where an event's data
//! lies, and what a decision from the name alone found.

use wasm_bindgen::prelude::*;

/// A delivery's kind as the raw exports take it.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Webhook = 0,
    Amqp = 1,
    Mqtt = 2,
    Redis = 3,
    PubSubPush = 4,
    PubSubMessage = 5,
}

/// Where an event's data lies, for `makeEvent`.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataPlace {
    /// The event has no data.
    None = 0,
    /// The whole body (brokers, `{{trigger}}` webhook targets).
    Body = 1,
    /// The webhook envelope's `data`.
    EnvelopeData = 2,
    /// Decoded from base64 (Pub/Sub): handed over as a string.
    Decoded = 3,
}

/// What `RawRouter.route` found from a name alone, when it is not an unhandled event's
/// catalogue row (which is -1 or more).
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteFound {
    /// A handler matches: dispatch the delivery.
    Handled = -2,
    /// The name is not valid: dispatch the delivery, for its error.
    InvalidName = -3,
}

/// The event's `source` for each kind, in `Kind` order.
#[wasm_bindgen(js_name = sourceNames)]
pub fn source_names() -> Vec<String> {
    use crate::DeliveryKind as D;
    [D::Webhook, D::Amqp, D::Mqtt, D::Redis, D::PubSub, D::PubSub]
        .iter()
        .map(|kind| kind.as_str().to_string())
        .collect()
}

/// The name an MQTT topic stands for (the Connector writes `.` as `/`), for an unknown event
/// decided from its topic alone.
#[wasm_bindgen(js_name = mqttEventName)]
pub fn mqtt_event_name(topic: &str) -> String {
    crate::parse::mqtt_event_name(topic).into_owned()
}

/// The limits' defaults and ceiling, readable in JS before the module is initialised (options
/// are checked when a router is made). Checked against the Rust constants at compile time.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    MaxBodyBytes = 8_388_608,
    MaxDepth = 64,
    MaxDepthCeiling = 512,
    EndpointMaxBodyBytes = 1_048_576,
}

const _: () = {
    assert!(Limit::MaxBodyBytes as usize == crate::Limits::DEFAULT_MAX_BODY_BYTES);
    assert!(Limit::MaxDepth as usize == crate::Limits::DEFAULT_MAX_DEPTH);
    assert!(Limit::MaxDepthCeiling as usize == crate::Limits::MAX_DEPTH);
    assert!(Limit::EndpointMaxBodyBytes as u64 == crate::endpoint::DEFAULT_MAX_BODY_BYTES);
};
