//! Prints `{ "<event name>": <JSON Schema of its data> }` for every catalogue event (current,
//! the relationship-event family under its `<relationshipId>` name, and legacy names).
//! Used by the benchmark (bench/run.sh) to give ajv the same rules as the Rust validator.
//!
//! Run: `cargo run --quiet --release --example json_schema > bench/.schema.json`

use enmeshed_events::{json_schema, EVENTS, LEGACY_EVENTS, RELATIONSHIP_EVENT};
use serde_json::{Map, Value};

fn main() {
    let mut all = Map::new();
    for spec in EVENTS.iter().chain(std::iter::once(&RELATIONSHIP_EVENT)) {
        all.insert(spec.name.to_string(), json_schema(spec.data));
    }
    for spec in LEGACY_EVENTS {
        all.insert(spec.name.to_string(), json_schema(spec.data));
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&Value::Object(all)).unwrap()
    );
}
