//! The README's event table is the catalogue's: regenerate it here and compare.
#![cfg(not(target_arch = "wasm32"))]

use enmeshed_events::{EVENTS, LEGACY_EVENTS, RELATIONSHIP_EVENT};

fn table() -> String {
    let mut out = String::from(
        "| event | data | webhook | AMQP | MQTT | Redis | Pub/Sub |\n|---|---|:-:|:-:|:-:|:-:|:-:|\n",
    );
    for spec in EVENTS.iter().chain([&RELATIONSHIP_EVENT]) {
        // Events whose data is undefined cannot be published to a broker (spec §2.0).
        let brokers = if spec.name == "transport.datawalletSynchronized" {
            "–"
        } else {
            "✓"
        };
        out += &format!(
            "| `{}` | {} | ✓ | {brokers} | {brokers} | {brokers} | {brokers} |\n",
            spec.name,
            spec.data.type_name().replace('|', "\\|")
        );
    }
    out += "\nLegacy names (recognised, `legacy: true`, data checked against the v6 shape):\n\n| legacy event | replaced by | removed in Runtime |\n|---|---|---|\n";
    for spec in LEGACY_EVENTS {
        let successors = if spec.successors.is_empty() {
            "(feature removed)".to_string()
        } else {
            spec.successors
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        };
        out += &format!("| `{}` | {successors} | {} |\n", spec.name, spec.removed_in);
    }
    out
}

#[test]
fn readme_event_table_matches_the_catalogue() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("<!-- event-table -->\n")
        .expect("README has the event-table marker")
        + 21;
    let end = readme
        .find("<!-- /event-table -->")
        .expect("README has the end marker");
    assert_eq!(
        &readme[start..end],
        table(),
        "regenerate the README table from this test's output"
    );
}

#[test]
fn readme_identity_table_matches_the_rustdoc() {
    let rustdoc: Vec<&str> = include_str!("../src/model/identity.rs")
        .lines()
        .filter_map(|line| line.strip_prefix("/// |"))
        .collect();
    let readme = include_str!("../README.md");
    let section = &readme[readme.find("### Event identity").unwrap()..];
    let ours: Vec<&str> = section
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .map(|line| &line[1..])
        .collect();
    assert!(rustdoc.len() > 10);
    assert_eq!(ours, rustdoc);
}
