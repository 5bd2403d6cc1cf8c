//! `read_delivery` then `RawEvent::validate`, the two calls the wasm shell makes (the router
//! reads first and validates only events somebody wants), for every delivery kind over the same
//! bytes. Never panics; accepted data re-scans to itself; errors carry documented codes.
#![no_main]

mod common;

use common::{check_error, rescan, Input, KINDS};
use enmeshed_events::{parse_delivery, read_delivery, ParseOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let Some(input) = Input::split(input) else {
        return;
    };
    let limits = input.limits();
    for kind in 0..KINDS {
        let delivery = input.delivery(kind);
        let raw = match read_delivery(&delivery, &limits) {
            Ok(raw) => raw,
            Err(error) => {
                check_error(&error);
                continue;
            }
        };
        assert!(!raw.name.is_empty(), "an event without a name");
        let name = raw.name.clone();
        let result = raw.validate(input.strict());
        // The split path must agree with the one-call path.
        let options = ParseOptions {
            strict: input.strict(),
            limits,
        };
        let whole = parse_delivery(&delivery, &options);
        assert_eq!(result, whole, "read + validate differs from parse_delivery");
        match result {
            Ok(event) => {
                assert_eq!(event.name, name);
                if let Some(data) = &event.data {
                    rescan(&data.text);
                }
            }
            Err(error) => check_error(&error),
        }
    }
});
