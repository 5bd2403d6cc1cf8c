//! Parse, validate and route the events an enmeshed Connector delivers.
//!
//! A Connector pushes events (`transport.messageReceived`, ...) through its Webhooks module or
//! a message broker (AMQP, MQTT, Redis, Google Pub/Sub). This crate turns any such delivery into
//! an [`Event`]: its name, what the catalogue knows about it, the exact JSON text of its data,
//! and the problems validation found, each with a path. A [`Router`] matches event names
//! against the Connector's own trigger patterns (`*`, `**`).
//!
//! ```
//! use enmeshed_events::{parse_delivery, Delivery, ParseOptions};
//!
//! let body = br#"{"data":{"relationshipId":"RELexample0000000003"},"trigger":"transport.relationshipDecomposedBySelf"}"#;
//! let event = parse_delivery(&Delivery::Webhook { body, url: None }, &ParseOptions::default()).unwrap();
//! assert_eq!(event.name, "transport.relationshipDecomposedBySelf");
//! assert!(event.problems.is_empty());
//! assert_eq!(event.data.unwrap().text, r#"{"relationshipId":"RELexample0000000003"}"#);
//! ```
//!
//! The core has no WebAssembly types; the `wasm` module (wasm32 only) is the JavaScript shell.

#![deny(missing_docs, missing_debug_implementations)]

pub mod catchup;
#[cfg(feature = "dto")]
pub mod dto;
pub mod endpoint;
mod json;
mod model;
mod parse;
pub mod rest;
mod route;
mod sort;
pub mod utf16;
/// The wasm-bindgen shell (wasm32 only). Public for the crate's own wasm tests; the package's
/// JavaScript API is the supported way in.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod wasm;

#[cfg(feature = "serde")]
#[doc(hidden)]
pub use model::json_schema::json_schema;
/// The TypeScript declarations generated from the tables (`cargo run --example gen_types`).
#[doc(hidden)]
pub use model::typescript;
pub use model::{
    event_key, event_key_is_hash, event_subject, lookup, DataType, EventKind, EventSpec,
    LegacySpec, Problem, ProblemKind, EVENTS, LEGACY_EVENTS, MAX_PROBLEMS, RELATIONSHIP_EVENT,
    RELATIONSHIP_EVENT_PREFIX,
};
pub use parse::{
    parse_delivery, read_delivery, Data, DataLocation, Delivery, DeliveryKind, Event, Limits,
    ParseError, ParseOptions, PubSubData, RawEvent,
};
pub use route::{
    broker_subscriptions, Broker, HandlerId, Match, Pattern, PatternError, Router,
    SubscriptionError, Subscriptions,
};
