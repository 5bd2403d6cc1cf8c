//! Every error code a delivery can fail with is distinct and listed in the TypeScript
//! `ErrorCode` union (js/types/index.d.ts), and that union names no code nothing produces: the
//! Rust `ParseError` codes and those the package's JS throws (`new EventParseError("…"`).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use enmeshed_events::{ParseError, Problem, ProblemKind};

/// One value of every `ParseError` variant (a new variant must be added here to compile a
/// match below, so none is forgotten).
fn every_parse_error() -> Vec<ParseError> {
    let errors = vec![
        ParseError::InvalidJson {
            path: "body",
            offset: 0,
            reason: String::new(),
        },
        ParseError::InvalidEncoding {
            path: "body",
            offset: 0,
        },
        ParseError::MissingEventName {
            path: "body.trigger",
            expected_in: "",
        },
        ParseError::InvalidEventName {
            name: None,
            path: "body.trigger",
            reason: String::new(),
        },
        ParseError::InvalidEnvelope {
            path: String::new(),
            reason: String::new(),
        },
        ParseError::InvalidData {
            name: String::new(),
            problems: vec![Problem {
                path: "data".into(),
                kind: ProblemKind::DuplicateKey,
            }],
        },
        ParseError::TooLarge { size: 2, limit: 1 },
        ParseError::TooDeep {
            path: "body",
            offset: 0,
            limit: 1,
        },
    ];
    for error in &errors {
        // Exhaustive within the crate's own variants: a new one fails to compile here.
        match error {
            ParseError::InvalidJson { .. }
            | ParseError::InvalidEncoding { .. }
            | ParseError::MissingEventName { .. }
            | ParseError::InvalidEventName { .. }
            | ParseError::InvalidEnvelope { .. }
            | ParseError::InvalidData { .. }
            | ParseError::TooLarge { .. }
            | ParseError::TooDeep { .. } => {}
            _ => panic!("a ParseError variant this test does not know: {error:?}"),
        }
    }
    errors
}

/// The string literals of the `ErrorCode` union.
fn typescript_codes() -> BTreeSet<String> {
    let dts = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/js/types/index.d.ts"))
        .unwrap();
    let start = dts
        .find("export type ErrorCode =")
        .expect("ErrorCode in index.d.ts");
    let union = &dts[start..start + dts[start..].find(';').unwrap()];
    union
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The codes the package's JS throws EventParseErrors with.
fn javascript_codes() -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/js")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "js") {
            let text = std::fs::read_to_string(&path).unwrap();
            for piece in text.split("new EventParseError(\"").skip(1) {
                codes.insert(piece[..piece.find('"').unwrap()].to_string());
            }
        }
    }
    codes
}

#[test]
fn every_code_is_distinct_and_declared() {
    let rust: Vec<&str> = every_parse_error().iter().map(ParseError::code).collect();
    let distinct: BTreeSet<&str> = rust.iter().copied().collect();
    assert_eq!(
        distinct.len(),
        rust.len(),
        "two ParseError variants share a code: {rust:?}"
    );
    let declared = typescript_codes();
    let js = javascript_codes();
    assert!(js.len() >= 6, "found only {js:?} in js/*.js");
    for code in rust.iter().map(|c| c.to_string()).chain(js.iter().cloned()) {
        assert!(
            declared.contains(&code),
            "{code} is thrown but not in the TypeScript ErrorCode"
        );
    }
    let produced: BTreeSet<String> = rust.iter().map(|c| c.to_string()).chain(js).collect();
    let stale: Vec<_> = declared.difference(&produced).collect();
    assert!(
        stale.is_empty(),
        "ErrorCode lists codes nothing throws: {stale:?}"
    );
}
