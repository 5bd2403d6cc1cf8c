use serde_json::{json, Value};

use super::*;

const ME: &str = "did:e:localhost:dids:0000000000000000000001";
const PEER: &str = "did:e:localhost:dids:0000000000000000000002";

fn message(id: &str, own: bool, created_at: &str) -> Value {
    json!({
        "id": id, "isOwn": own,
        "content": { "@type": "Mail", "to": [if own { PEER } else { ME }], "cc": [], "subject": "s", "body": "b", "bodyFormat": "PlainText" },
        "createdBy": if own { ME } else { PEER }, "createdByDevice": "DVCexample0000000001",
        "recipients": [{ "address": if own { PEER } else { ME }, "relationshipId": "RELexample0000000001" }],
        "createdAt": created_at, "attachments": [],
    })
}

fn relationship(id: &str, entries: &[(&str, &str, &str)]) -> Value {
    let log: Vec<Value> = entries
        .iter()
        .map(|(at, reason, status)| json!({ "createdAt": at, "createdBy": PEER, "reason": reason, "newStatus": status }))
        .collect();
    json!({
        "id": id, "templateId": "RLTexample0000000001", "status": entries.last().unwrap().2, "peer": PEER,
        "peerIdentity": { "address": PEER, "publicKey": "key" },
        "creationContent": { "@type": "ArbitraryRelationshipCreationContent", "value": {} },
        "auditLog": log,
    })
}

fn request(
    id: &str,
    own: bool,
    status: &str,
    created_at: &str,
    response: Option<(&str, &str)>,
) -> Value {
    let mut request = json!({
        "id": id, "isOwn": own, "peer": PEER, "createdAt": created_at, "status": status,
        "content": { "@type": "Request", "id": id, "items": [] },
        "source": { "type": "Message", "reference": "MSGexample0000000009" },
    });
    if let Some((at, source)) = response {
        request["response"] = json!({
            "createdAt": at,
            "content": { "@type": "Response", "result": "Accepted", "requestId": id, "items": [] },
            "source": { "type": source, "reference": "MSGexample0000000010" },
        });
    }
    request
}

fn attribute(id: &str, created_at: &str, succeeds: Option<&str>) -> Value {
    let mut attribute = json!({
        "@type": "OwnIdentityAttribute", "id": id, "createdAt": created_at,
        "content": { "@type": "IdentityAttribute", "owner": ME, "value": { "@type": "GivenName", "value": "Ada" } },
    });
    if let Some(predecessor) = succeeds {
        attribute["succeeds"] = json!(predecessor);
    }
    attribute
}

fn text(values: &[Value]) -> String {
    Value::Array(values.to_vec()).to_string()
}

fn all() -> Vec<&'static str> {
    selected_events(&["**"]).unwrap()
}

fn names(plan: &CatchUpPlan) -> Vec<(&'static str, &str)> {
    plan.events
        .iter()
        .map(|e| (e.name, e.subject.as_str()))
        .collect()
}

#[test]
fn selection_by_name_and_pattern() {
    assert_eq!(all().len(), RECONSTRUCTABLE.len());
    assert_eq!(
        selected_events(&["transport.message*"]).unwrap_err().code(),
        "invalid_pattern"
    );
    assert_eq!(
        selected_events(&[
            "transport.messageReceived",
            "consumption.*RequestStatusChanged"
        ])
        .unwrap_err()
        .code(),
        "invalid_pattern"
    );
    assert_eq!(
        selected_events(&["transport.*"]).unwrap(),
        vec![
            "transport.relationshipChanged",
            "transport.relationshipReactivationRequested",
            "transport.relationshipReactivationCompleted",
            "transport.messageReceived",
            "transport.messageSent",
        ]
    );
    let error =
        selected_events(&["transport.messageReceived", "transport.peerDeleted"]).unwrap_err();
    assert_eq!(error.code(), "not_reconstructable");
    assert!(error
        .to_string()
        .starts_with("\"transport.peerDeleted\" cannot be reconstructed from the Connector's REST API; reconstructable events: transport.relationshipChanged, "));
}

#[test]
fn queries_ask_only_for_what_the_selection_needs() {
    let messages = selected_events(&["transport.messageReceived"]).unwrap();
    let queries = catch_up_queries(&messages, Some("2026-03-02T09:15:27Z")).unwrap();
    assert_eq!(
        queries,
        vec![ListingQuery {
            listing: Listing::Messages,
            query: vec![("createdAt", ">=2026-03-02T09:15:27.000Z".to_string())],
        }]
    );
    let queries = catch_up_queries(&all(), Some("2026-03-02T09:15:27.4123456Z")).unwrap();
    let listed: Vec<(&str, Vec<(&str, String)>)> = queries
        .iter()
        .map(|q| (q.listing.as_str(), q.query.clone()))
        .collect();
    let from = ">=2026-03-02T09:15:27.412Z".to_string();
    assert_eq!(
        listed,
        vec![
            ("messages", vec![("createdAt", from.clone())]),
            ("relationships", vec![]),
            ("incomingRequests", vec![("createdAt", from.clone())]),
            (
                "outgoingRequests",
                vec![
                    ("status", "Completed".into()),
                    ("response.createdAt", from.clone())
                ]
            ),
            ("attributes", vec![("createdAt", from)]),
        ]
    );
    // No watermark: everything.
    assert!(catch_up_queries(&messages, None).unwrap()[0]
        .query
        .is_empty());
}

#[test]
fn malformed_watermarks_are_refused() {
    for bad in [
        "",
        "2026-03-02",
        "2026-03-02T09:15:27",
        "2026-03-02T09:15:27+01:00",
        "2026-03-02T09:15:27.Z",
        "yesterday",
    ] {
        let error = catch_up_queries(&all(), Some(bad)).unwrap_err();
        assert_eq!(error.code(), "invalid_watermark", "{bad}");
        assert_eq!(
            error.to_string(),
            format!("watermark {bad:?}: expected an ISO-8601 UTC date-time such as 2026-03-02T09:15:27.412Z")
        );
    }
}

#[test]
fn reconstructs_every_kind_and_orders_by_time() {
    let messages = text(&[
        message("MSGreceived000000001", false, "2026-03-02T10:00:02.000Z"),
        message("MSGsent0000000000001", true, "2026-03-02T10:00:01.000Z"),
        message("MSGold00000000000001", false, "2026-03-02T09:00:00.000Z"),
    ]);
    let relationships = text(&[
        relationship(
            "RELactive00000000001",
            &[
                ("2026-03-02T09:00:00.000Z", "Creation", "Pending"),
                ("2026-03-02T10:00:00.000Z", "AcceptanceOfCreation", "Active"),
            ],
        ),
        relationship(
            "RELold00000000000001",
            &[("2026-03-01T00:00:00.000Z", "Creation", "Pending")],
        ),
        relationship(
            "RELreactivated000001",
            &[
                ("2026-03-01T00:00:00.000Z", "Creation", "Pending"),
                ("2026-03-01T00:00:01.000Z", "AcceptanceOfCreation", "Active"),
                ("2026-03-01T00:00:02.000Z", "Termination", "Terminated"),
                (
                    "2026-03-02T10:00:05.000Z",
                    "ReactivationRequested",
                    "Terminated",
                ),
            ],
        ),
    ]);
    let incoming = text(&[
        request(
            "REQmanual00000000001",
            false,
            "ManualDecisionRequired",
            "2026-03-02T10:00:03.000Z",
            None,
        ),
        request(
            "REQdecided0000000001",
            false,
            "Decided",
            "2026-03-02T10:00:03.000Z",
            None,
        ),
    ]);
    let outgoing = text(&[
        request(
            "REQanswered000000001",
            true,
            "Completed",
            "2026-03-01T00:00:00.000Z",
            Some(("2026-03-02T10:00:04.000Z", "Message")),
        ),
        {
            let mut r = request(
                "REQtemplate000000001",
                true,
                "Completed",
                "2026-03-02T10:00:06.000Z",
                Some(("2026-03-02T10:00:06.000Z", "Relationship")),
            );
            r["source"] =
                json!({ "type": "RelationshipTemplate", "reference": "RLTexample0000000001" });
            r
        },
    ]);
    let attributes = text(&[
        attribute("ATTnew00000000000001", "2026-03-02T10:00:07.000Z", None),
        attribute(
            "ATTsuccessor00000001",
            "2026-03-02T10:00:08.000Z",
            Some("ATTnew00000000000001"),
        ),
    ]);
    let input = CatchUpInput {
        events: all(),
        from: Some("2026-03-02T10:00:00.000Z"),
        messages: Some(&messages),
        relationships: Some(&relationships),
        incoming_requests: Some(&incoming),
        outgoing_requests: Some(&outgoing),
        attributes: Some(&attributes),
        predecessors: None,
    };
    let plan = reconcile(&input).unwrap();
    assert_eq!(
        names(&plan),
        vec![
            ("transport.relationshipChanged", "RELactive00000000001"),
            ("transport.messageSent", "MSGsent0000000000001"),
            ("transport.messageReceived", "MSGreceived000000001"),
            (
                "consumption.incomingRequestStatusChanged",
                "REQmanual00000000001"
            ),
            (
                "consumption.outgoingRequestStatusChanged",
                "REQanswered000000001"
            ),
            ("transport.relationshipChanged", "RELreactivated000001"),
            (
                "transport.relationshipReactivationRequested",
                "RELreactivated000001"
            ),
            (
                "consumption.outgoingRequestCreatedAndCompleted",
                "REQtemplate000000001"
            ),
            (
                "consumption.outgoingRequestFromRelationshipCreationCreatedAndCompleted",
                "REQtemplate000000001"
            ),
            ("consumption.attributeCreated", "ATTnew00000000000001"),
            ("consumption.attributeSucceeded", "ATTsuccessor00000001"),
        ]
    );
    assert_eq!(plan.latest.as_deref(), Some("2026-03-02T10:00:08.000Z"));
    assert!(plan.problems.is_empty() && plan.missing_predecessors.is_empty());
    let data = |i: usize| serde_json::from_str::<Value>(&plan.events[i].data).unwrap();
    assert_eq!(data(3)["newStatus"], "ManualDecisionRequired");
    assert_eq!(data(3)["oldStatus"], "DecisionRequired");
    assert_eq!(data(3)["request"]["id"], "REQmanual00000000001");
    assert_eq!(data(4)["newStatus"], "Completed");
    assert_eq!(data(4)["request"]["status"], "Completed");
    assert_eq!(data(10)["predecessor"]["id"], "ATTnew00000000000001");
    assert_eq!(data(10)["successor"]["id"], "ATTsuccessor00000001");
    let keys: Vec<&str> = plan.events.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(
        keys[0],
        "transport.relationshipChanged:RELactive00000000001:2"
    );
    assert_eq!(
        keys[3],
        "consumption.incomingRequestStatusChanged:REQmanual00000000001:ManualDecisionRequired"
    );
    assert_eq!(
        keys[4],
        "consumption.outgoingRequestStatusChanged:REQanswered000000001:Completed"
    );
    assert_eq!(
        keys[10],
        "consumption.attributeSucceeded:ATTnew00000000000001:ATTsuccessor00000001"
    );
    // The message's data is the listing item, fields in their order.
    assert_eq!(
        plan.events[1].data,
        message("MSGsent0000000000001", true, "2026-03-02T10:00:01.000Z").to_string()
    );
}

#[test]
fn a_missing_predecessor_is_asked_for_then_used() {
    let attributes = text(&[attribute(
        "ATTsuccessor00000001",
        "2026-03-02T10:00:08.000Z",
        Some("ATTpredecessor000001"),
    )]);
    let mut input = CatchUpInput {
        events: all(),
        from: Some("2026-03-02T10:00:00.000Z"),
        attributes: Some(&attributes),
        ..CatchUpInput::default()
    };
    let plan = reconcile(&input).unwrap();
    assert!(plan.events.is_empty());
    assert_eq!(
        plan.missing_predecessors,
        vec!["ATTpredecessor000001".to_string()]
    );
    let fetched = text(&[attribute(
        "ATTpredecessor000001",
        "2026-01-01T00:00:00.000Z",
        None,
    )]);
    input.predecessors = Some(&fetched);
    let plan = reconcile(&input).unwrap();
    // The fetched predecessor is old: it only completes the succession, it is not "created".
    assert_eq!(
        names(&plan),
        vec![("consumption.attributeSucceeded", "ATTsuccessor00000001")]
    );
    assert!(plan.missing_predecessors.is_empty());
}

#[test]
fn unselected_events_are_left_out() {
    let messages = text(&[
        message("MSGreceived000000001", false, "2026-03-02T10:00:02.000Z"),
        message("MSGsent0000000000001", true, "2026-03-02T10:00:01.000Z"),
    ]);
    let input = CatchUpInput {
        events: selected_events(&["transport.messageReceived"]).unwrap(),
        messages: Some(&messages),
        ..CatchUpInput::default()
    };
    let plan = reconcile(&input).unwrap();
    assert_eq!(
        names(&plan),
        vec![("transport.messageReceived", "MSGreceived000000001")]
    );
}

#[test]
fn the_lower_bound_is_inclusive_and_compares_instants_not_texts() {
    let messages = text(&[
        message("MSGatthebound0000001", false, "2026-03-02T10:00:00.000Z"),
        message("MSGjustbefore0000001", false, "2026-03-02T09:59:59.999Z"),
        // Without fraction digits: the same instant as the bound.
        message("MSGnofraction0000001", false, "2026-03-02T10:00:00Z"),
    ]);
    let input = CatchUpInput {
        events: all(),
        from: Some("2026-03-02T10:00:00Z"),
        messages: Some(&messages),
        ..CatchUpInput::default()
    };
    let plan = reconcile(&input).unwrap();
    assert_eq!(
        names(&plan),
        vec![
            ("transport.messageReceived", "MSGatthebound0000001"),
            ("transport.messageReceived", "MSGnofraction0000001")
        ]
    );
}

#[test]
fn unreadable_items_are_reported_and_the_rest_reconciled() {
    let messages = text(&[
        json!(7),
        json!({ "isOwn": true }),
        json!({ "id": "MSGnodate00000000001", "isOwn": true }),
        json!({ "id": "MSGbaddate0000000001", "isOwn": true, "createdAt": "soon" }),
        json!({ "id": "MSGnoown00000000000001", "createdAt": "2026-03-02T10:00:00.000Z" }),
        message("MSGfine0000000000001", false, "2026-03-02T10:00:02.000Z"),
    ]);
    let relationships = text(&[json!({ "id": "RELnolog000000000001", "auditLog": [] })]);
    let input = CatchUpInput {
        events: all(),
        messages: Some(&messages),
        relationships: Some(&relationships),
        ..CatchUpInput::default()
    };
    let plan = reconcile(&input).unwrap();
    assert_eq!(
        names(&plan),
        vec![("transport.messageReceived", "MSGfine0000000000001")]
    );
    let problems: Vec<(&str, &str)> = plan
        .problems
        .iter()
        .map(|p| (p.path.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(
        problems,
        vec![
            ("relationships[0].auditLog", "expected a non-empty array"),
            ("messages[0]", "expected an object"),
            ("messages[1].id", "expected a string"),
            (
                "messages[2].createdAt",
                "expected an ISO-8601 date-time string"
            ),
            (
                "messages[3].createdAt",
                "expected an ISO-8601 UTC date-time, found \"soon\""
            ),
            ("messages[4].isOwn", "expected a boolean"),
        ]
    );
    let error = reconcile(&CatchUpInput {
        messages: Some("{}"),
        ..CatchUpInput::default()
    })
    .unwrap_err();
    assert_eq!(error.code(), "invalid_listing");
    assert!(error
        .to_string()
        .starts_with("the messages listing is not usable: expected a JSON array of objects: "));
}

#[test]
fn attachments_expanded_to_files_are_folded_back_to_ids() {
    let mut listed = message("MSGwithfile000000001", false, "2026-03-02T10:00:02.000Z");
    listed["attachments"] =
        json!([{ "id": "FILexample0000000001", "filename": "a.pdf" }, "FILexample0000000002"]);
    let messages = text(&[listed]);
    let plan = reconcile(&CatchUpInput {
        events: all(),
        messages: Some(&messages),
        ..CatchUpInput::default()
    })
    .unwrap();
    let data: Value = serde_json::from_str(&plan.events[0].data).unwrap();
    assert_eq!(
        data["attachments"],
        json!(["FILexample0000000001", "FILexample0000000002"])
    );
}

#[test]
fn folding_attachments_back_keeps_the_rest_of_the_text_as_listed() {
    // Whitespace, key order, number spellings and escapes outside `attachments` survive.
    let item = r#"{ "id" : "MSGspaced00000000001", "isOwn":false, "n": 1.50e2, "s": "caf\u00e9\/",
        "createdAt": "2026-03-02T10:00:02.000Z",
        "attachments" : [ {"id":"FIL\u0041xample0000000001","filename":"a.pdf"} , "FILexample0000000002", {"filename":"no id"}, {"id":7} ],
        "content": {"attachments": [{"id": "untouched"}]} }"#;
    let messages = format!("[{item}]");
    let plan = reconcile(&CatchUpInput {
        events: all(),
        messages: Some(&messages),
        ..CatchUpInput::default()
    })
    .unwrap();
    assert_eq!(
        plan.events[0].data,
        item.replace(
            r#"[ {"id":"FIL\u0041xample0000000001","filename":"a.pdf"} , "FILexample0000000002", {"filename":"no id"}, {"id":7} ]"#,
            r#"["FIL\u0041xample0000000001","FILexample0000000002",{"filename":"no id"},{"id":7}]"#
        )
    );
    let data: Value = serde_json::from_str(&plan.events[0].data).unwrap();
    assert_eq!(data["attachments"][0], "FILAxample0000000001");
    assert_eq!(data["content"]["attachments"][0]["id"], "untouched");
}

#[test]
fn fields_are_read_as_json_parse_reads_them() {
    // Escaped keys and values are decoded; a repeated field counts with its last value; items
    // and the listing may carry whitespace anywhere JSON allows it.
    let messages = concat!(
        " [\n {\"\\u0069d\": \"MSG\\u0065scaped000000001\", \"isOwn\": true,",
        " \"createdAt\": \"1999-01-01T00:00:00.000Z\", \"createdAt\": \"2026-03-02T10:00:02.000Z\" } ,",
        " {\"id\": \"MSGlonesurrogate\\ud800\", \"isOwn\": false, \"createdAt\": \"2026-03-02T10:00:03Z\"}\n] "
    );
    let plan = reconcile(&CatchUpInput {
        events: all(),
        from: Some("2026-03-02T10:00:00Z"),
        messages: Some(messages),
        ..CatchUpInput::default()
    })
    .unwrap();
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    assert_eq!(
        names(&plan),
        vec![
            ("transport.messageSent", "MSGescaped000000001"),
            // A lone surrogate escape (JSON.parse takes it) is a replacement character here.
            ("transport.messageReceived", "MSGlonesurrogate\u{FFFD}"),
        ]
    );
    for (bad, at) in [("[1,]", 3), ("[1] 2", 4), ("[\"\\x\"]", 3), ("", 0)] {
        let error = reconcile(&CatchUpInput {
            messages: Some(bad),
            ..CatchUpInput::default()
        })
        .unwrap_err();
        assert_eq!(error.code(), "invalid_listing", "{bad}");
        assert!(
            error.to_string().ends_with(&format!(" at byte {at}")),
            "{bad}: {error}"
        );
    }
}

#[test]
fn the_readme_table_names_every_reconstructable_event_and_no_other() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("## Catch-up").expect("a Catch-up section");
    let section = &readme[start..start + readme[start..].find("\n## Runtimes").unwrap()];
    let table_start = section
        .find("| event | reconstructed when | data |")
        .expect("the table");
    let table: String = section[table_start..]
        .lines()
        .take_while(|line| line.starts_with('|'))
        .collect::<Vec<_>>()
        .join("\n");
    for entry in RECONSTRUCTABLE {
        assert!(
            table.contains(&format!("`{}`", entry.event)),
            "{} is missing from the README's catch-up table",
            entry.event
        );
    }
    // Every event name the table's first column gives is one RECONSTRUCTABLE has.
    for line in table.lines().skip(2) {
        let first = line.split(" | ").next().unwrap();
        for name in first
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|n| n.contains('.'))
        {
            assert!(
                RECONSTRUCTABLE.iter().any(|r| r.event == name),
                "the README lists {name}, which catch-up does not reconstruct"
            );
        }
    }
    let rows = table.lines().count() - 2;
    assert_eq!(
        rows, 8,
        "the README table has a row per family of RECONSTRUCTABLE"
    );
}

/// Timing, not a check: `cargo test --release --lib catchup::tests::reconcile_timing -- --ignored --nocapture`.
#[test]
#[ignore]
fn reconcile_timing() {
    let messages: Vec<Value> = (0..10_000)
        .map(|i| {
            let mut m = message(
                &format!("MSG{i:017}"),
                i % 4 == 0,
                &format!("2026-03-02T10:{:02}:{:02}.000Z", (i / 60) % 60, i % 60),
            );
            m["content"]["body"] = json!("b".repeat(200));
            m
        })
        .collect();
    let messages = text(&messages);
    let input = CatchUpInput {
        events: all(),
        messages: Some(&messages),
        ..CatchUpInput::default()
    };
    let start = std::time::Instant::now();
    let plan = reconcile(&input).unwrap();
    let elapsed = start.elapsed();
    println!(
        "reconcile: {} events from {} bytes in {elapsed:?}",
        plan.events.len(),
        messages.len()
    );
}
