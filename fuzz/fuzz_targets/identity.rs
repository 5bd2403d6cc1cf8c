//! `event_key` / `event_subject` on any name and any data text: never panics, deterministic,
//! `<name>:` first, a subject that may stand in a key, and the same key for data whose
//! whitespace between tokens differs.
//!
//! Layout: the name, a 0xFF byte, the data text (no 0xFF: a name without data); the fixture's
//! names and data texts seed it.
#![no_main]

use enmeshed_events::{event_key, event_subject};
use libfuzzer_sys::fuzz_target;

/// The text with a space after every `,` and `:` outside strings (JSON-equal when it is JSON).
fn spaced(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        out.push(c);
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if c == ',' || c == ':' {
            out.push(' ');
        }
    }
    out
}

fuzz_target!(|input: &[u8]| {
    let (name, data) = match input.iter().position(|&b| b == 0xFF) {
        Some(at) => (&input[..at], Some(&input[at + 1..])),
        None => (input, None),
    };
    let name = String::from_utf8_lossy(name);
    let name = name.as_ref();
    let data = data.map(String::from_utf8_lossy);
    let data = data.as_deref();
    let key = event_key(name, data);
    assert_eq!(key, event_key(name, data), "deterministic");
    assert!(
        key.starts_with(&format!("{name}:")) && key.len() > name.len() + 1,
        "{key}"
    );
    let subject = event_subject(name, data);
    assert_eq!(subject, event_subject(name, data));
    if let Some(subject) = &subject {
        assert!(!subject.is_empty() && subject.len() <= 256, "{subject:?}");
        assert!(subject.bytes().all(|b| b.is_ascii_graphic()), "{subject:?}");
    }
    // Whitespace between tokens never changes the key, whatever the data is.
    if let Some(text) = data {
        if serde_json::from_str::<serde_json::Value>(text).is_ok() {
            let spaced = spaced(text);
            assert_eq!(
                key,
                event_key(name, Some(&spaced)),
                "{text:?} vs {spaced:?}"
            );
            assert_eq!(subject, event_subject(name, Some(&spaced)));
        }
    }
});
