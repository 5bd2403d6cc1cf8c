//! The checked-in TypeScript declarations and JS catalogue are what the tables generate.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use enmeshed_events::typescript::{catalogue_js, dtos_d_ts, events_d_ts, GENERATE_COMMAND};

fn assert_generated(file: &str, fresh: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("js").join(file);
    let checked_in = std::fs::read_to_string(&path).unwrap();
    assert!(
        checked_in == fresh,
        "js/{file} differs from the tables; regenerate it with `{GENERATE_COMMAND}`"
    );
}

#[test]
fn dtos_d_ts_is_generated_from_the_shapes() {
    assert_generated("types/dtos.d.ts", &dtos_d_ts());
}

#[test]
fn events_d_ts_is_generated_from_the_catalogue() {
    assert_generated("types/events.d.ts", &events_d_ts());
}

#[test]
fn catalogue_js_is_generated_from_the_catalogue() {
    assert_generated("catalogue.js", &catalogue_js());
}
