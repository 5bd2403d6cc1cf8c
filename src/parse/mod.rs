//! Deliveries to events: one reader per delivery path, limits, and typed errors.

mod delivery;
mod error;
mod limits;
mod name;
mod pubsub;
mod raw;
mod text;
mod webhook;

use std::borrow::Cow;

pub use delivery::{Delivery, DeliveryKind, PubSubData};
pub use error::ParseError;
pub use limits::{Limits, ParseOptions};
pub use raw::{Data, DataLocation, Event, RawEvent};

use name::check_name;
#[cfg(target_arch = "wasm32")]
pub(crate) use name::from_mqtt_topic as mqtt_event_name;
use name::from_mqtt_topic;
use text::body_text;
#[cfg(target_arch = "wasm32")]
pub(crate) use webhook::envelope_data;
pub(crate) use webhook::envelope_data_start;

/// Parses and checks one delivery.
///
/// # Errors
/// See [`ParseError`]: bodies that are too large, not UTF-8 or not JSON; deliveries without a
/// usable event name or with a malformed envelope; and, in strict mode, data with problems.
pub fn parse_delivery<'a>(
    delivery: &Delivery<'a>,
    options: &ParseOptions,
) -> Result<Event<'a>, ParseError> {
    read_delivery(delivery, &options.limits)?.validate(options.strict)
}

/// Finds an event's name and data without checking the data: the first half of
/// [`parse_delivery`], for callers that decide from the name whether to go on.
///
/// # Errors
/// As [`parse_delivery`], except those found only by checking the data: a broker body's JSON
/// syntax and every data problem are left to [`RawEvent::validate`].
pub fn read_delivery<'a>(
    delivery: &Delivery<'a>,
    limits: &Limits,
) -> Result<RawEvent<'a>, ParseError> {
    let depth = limits.depth();
    let named = |name: Cow<'a, str>, path, body, kind| -> Result<RawEvent<'a>, ParseError> {
        check_name(&name, path)?;
        let body = body_text(body, limits.max_body_bytes, "body")?;
        Ok(RawEvent::new(
            name,
            kind,
            Some(raw::Data::whole_body(body)),
            depth,
        ))
    };
    match *delivery {
        Delivery::Webhook { body, url, .. } => {
            webhook::read(body_text(body, limits.max_body_bytes, "body")?, url, depth)
        }
        Delivery::Amqp { routing_key, body } => named(
            Cow::Borrowed(routing_key),
            "routingKey",
            body,
            DeliveryKind::Amqp,
        ),
        Delivery::Mqtt { topic, body } => {
            named(from_mqtt_topic(topic), "topic", body, DeliveryKind::Mqtt)
        }
        Delivery::Redis { channel, body } => {
            named(Cow::Borrowed(channel), "channel", body, DeliveryKind::Redis)
        }
        Delivery::PubSubPush { body } => pubsub::read_push(
            body_text(body, limits.max_body_bytes, "body")?,
            limits.max_body_bytes,
            depth,
        ),
        Delivery::PubSubMessage { data, namespace } => {
            pubsub::read_message_parts(data, namespace, limits)
        }
    }
}
