//! `brokerSubscriptions`: the core's broker subscriptions as a plain JS object.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::{broker_subscriptions, Broker, SubscriptionError, Subscriptions};

fn type_error(error: &SubscriptionError) -> JsValue {
    let thrown = js_sys::TypeError::new(&error.to_string());
    let _ = Reflect::set(&thrown, &"code".into(), &error.code().into());
    thrown.into()
}

fn strings(items: &[String]) -> Array {
    items.iter().map(|s| JsValue::from_str(s)).collect()
}

/// The subscriptions at `broker` for `patterns` (see `enmeshed_events::broker_subscriptions`):
/// `{ bindingKeys }`, `{ topicFilters }`, `{ patterns, channels }` or `{ filter }`. Throws a
/// TypeError with `code` "invalid_pattern" or "invalid_broker". The JS side checked the types.
#[wasm_bindgen(js_name = brokerSubscriptions)]
pub fn broker_subscriptions_js(patterns: Vec<String>, broker: &str) -> Result<Object, JsValue> {
    let broker = Broker::from_name(broker).map_err(|e| type_error(&e))?;
    let found = broker_subscriptions(patterns.iter().map(String::as_str), broker)
        .map_err(|e| type_error(&e))?;
    let object = Object::new();
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(&object, &key.into(), &value);
    };
    match found {
        Subscriptions::Amqp { binding_keys } => set("bindingKeys", strings(&binding_keys).into()),
        Subscriptions::Mqtt { topic_filters } => {
            set("topicFilters", strings(&topic_filters).into())
        }
        Subscriptions::Redis { patterns, channels } => {
            set("patterns", strings(&patterns).into());
            set("channels", strings(&channels).into());
        }
        Subscriptions::PubSub { filter } => set("filter", filter.into()),
    }
    Ok(object)
}
