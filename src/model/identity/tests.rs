use proptest::prelude::*;

use super::{event_key, event_subject, identify};

const PEER: &str = "did:e:pilot.enmeshed.eu:dids:8be1d04f7a2c93e5b6d1f0";

fn key(name: &str, data: &str) -> String {
    event_key(name, Some(data))
}

fn subject(name: &str, data: &str) -> Option<String> {
    event_subject(name, Some(data))
}

/// The hash part of a key that is `<name>:<hash>`.
fn hash_of(key: &str) -> &str {
    let hash = key.rsplit(':').next().unwrap();
    assert_eq!(hash.len(), 32, "{key}");
    assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{key}");
    hash
}

#[test]
fn message_events_are_identified_by_the_message_id() {
    let data = r#"{"id":"MSGexample0000000001","isOwn":false,"content":{"@type":"Mail","id":"not-this"},"recipients":[{"id":"nor-this"}]}"#;
    for name in [
        "transport.messageReceived",
        "transport.messageSent",
        "transport.messageDelivered",
        "consumption.mailReceived",
    ] {
        assert_eq!(key(name, data), format!("{name}:MSGexample0000000001"));
        assert_eq!(subject(name, data).as_deref(), Some("MSGexample0000000001"));
    }
}

#[test]
fn read_at_changes_differ_by_read_time() {
    let name = "transport.messageWasReadAtChanged";
    let read = r#"{"id":"MSGexample0000000001","wasReadAt":"2026-03-02T10:00:00.000Z"}"#;
    let unread = r#"{"id":"MSGexample0000000001"}"#;
    assert_eq!(
        key(name, read),
        "transport.messageWasReadAtChanged:MSGexample0000000001:2026-03-02T10:00:00.000Z"
    );
    assert_eq!(
        key(name, unread),
        "transport.messageWasReadAtChanged:MSGexample0000000001:unread"
    );
}

fn relationship(audit_entries: usize, deletion: &str) -> String {
    let entry =
        r#"{"createdAt":"2026-03-04T12:30:00.250Z","reason":"Creation","newStatus":"Pending"}"#;
    let log = vec![entry; audit_entries].join(",");
    format!(
        r#"{{"id":"RELexample0000000003","templateId":"RLTexample0000000004","status":"Active","peer":"{PEER}"{deletion},"auditLog":[{log}]}}"#
    )
}

#[test]
fn relationship_changes_are_identified_by_id_and_audit_log_length() {
    for name in [
        "transport.relationshipChanged",
        "transport.relationshipReactivationRequested",
        "transport.relationshipReactivationCompleted",
        "consumption.relationshipEvent.RELexample0000000003",
    ] {
        assert_eq!(
            key(name, &relationship(1, "")),
            format!("{name}:RELexample0000000003:1")
        );
        assert_eq!(
            key(name, &relationship(2, "")),
            format!("{name}:RELexample0000000003:2")
        );
        assert_eq!(
            subject(name, &relationship(2, "")).as_deref(),
            Some("RELexample0000000003")
        );
    }
}

#[test]
fn a_v4_relationship_without_audit_log_falls_back_to_the_hash() {
    let v4 = r#"{"id":"RELexample0000000003","status":"Active","changes":[]}"#;
    let found = key("transport.relationshipChanged", v4);
    hash_of(&found);
    assert!(found.starts_with("transport.relationshipChanged:"));
    assert_eq!(
        found.len(),
        "transport.relationshipChanged:".len() + 32,
        "{found}"
    );
    // The subject does not depend on the key's fields.
    assert_eq!(
        subject("transport.relationshipChanged", v4).as_deref(),
        Some("RELexample0000000003")
    );
}

#[test]
fn peer_deletion_events_include_the_deletion_info() {
    let started = relationship(
        2,
        r#","peerDeletionInfo":{"deletionStatus":"ToBeDeleted","deletionDate":"2026-05-18T00:00:00.000Z"}"#,
    );
    assert_eq!(
        key("transport.peerToBeDeleted", &started),
        "transport.peerToBeDeleted:RELexample0000000003:2:ToBeDeleted:2026-05-18T00:00:00.000Z"
    );
    let restarted = relationship(
        2,
        r#","peerDeletionInfo":{"deletionStatus":"ToBeDeleted","deletionDate":"2026-06-30T00:00:00.000Z"}"#,
    );
    assert_ne!(
        key("transport.peerToBeDeleted", &started),
        key("transport.peerToBeDeleted", &restarted)
    );
    assert_eq!(
        key("transport.peerDeletionCancelled", &relationship(2, "")),
        "transport.peerDeletionCancelled:RELexample0000000003:2:none:none"
    );
    assert_eq!(
        subject("transport.peerDeleted", &started).as_deref(),
        Some("RELexample0000000003")
    );
}

#[test]
fn decomposition_is_identified_by_the_relationship_id() {
    let data = r#"{"relationshipId":"RELexample0000000003"}"#;
    assert_eq!(
        key("transport.relationshipDecomposedBySelf", data),
        "transport.relationshipDecomposedBySelf:RELexample0000000003"
    );
}

#[test]
fn request_status_changes_are_identified_by_request_id_and_new_status() {
    // W2 of the spec.
    let data = r#"{"request":{"id":"REQexample0000000007","isOwn":false,"status":"ManualDecisionRequired","source":{"type":"Message","reference":"MSGexample0000000008"}},"oldStatus":"DecisionRequired","newStatus":"ManualDecisionRequired"}"#;
    for name in [
        "consumption.incomingRequestStatusChanged",
        "consumption.outgoingRequestStatusChanged",
    ] {
        assert_eq!(
            key(name, data),
            format!("{name}:REQexample0000000007:ManualDecisionRequired")
        );
        assert_eq!(subject(name, data).as_deref(), Some("REQexample0000000007"));
    }
    // The old status does not count: a catch-up from the REST API knows only the request.
    let other_old = data.replace(r#""oldStatus":"DecisionRequired""#, r#""oldStatus":"Open""#);
    assert_eq!(
        key("consumption.incomingRequestStatusChanged", data),
        key("consumption.incomingRequestStatusChanged", &other_old)
    );
}

#[test]
fn local_request_events_are_identified_by_the_request_id() {
    let data = r#"{"id":"REQexample0000000070","isOwn":false,"status":"Open","content":{"@type":"Request","id":"REQother"}}"#;
    for name in [
        "consumption.incomingRequestReceived",
        "consumption.outgoingRequestCreated",
        "consumption.outgoingRequestCreatedAndCompleted",
        "consumption.outgoingRequestFromRelationshipCreationCreatedAndCompleted",
        "consumption.outgoingRequestFromRelationshipCreationChangeCreatedAndCompleted",
    ] {
        assert_eq!(key(name, data), format!("{name}:REQexample0000000070"));
    }
}

#[test]
fn processing_results_are_identified_by_what_was_processed() {
    let processed =
        r#"{"message":{"id":"MSGexample0000000040","isOwn":false},"result":"NoRequest"}"#;
    assert_eq!(
        key("consumption.messageProcessed", processed),
        "consumption.messageProcessed:MSGexample0000000040"
    );
    assert_eq!(
        subject("consumption.messageProcessed", processed).as_deref(),
        Some("MSGexample0000000040")
    );
    let template = r#"{"template":{"id":"RLTexample0000000060"},"result":"RelationshipExists","relationshipId":"RELexample0000000003"}"#;
    assert_eq!(
        key("consumption.relationshipTemplateProcessed", template),
        "consumption.relationshipTemplateProcessed:RLTexample0000000060:RelationshipExists"
    );
    assert_eq!(
        subject("consumption.relationshipTemplateProcessed", template).as_deref(),
        Some("RLTexample0000000060")
    );
}

#[test]
fn templates_are_identified_by_id() {
    let data = r#"{"id":"RLTexample0000000060","isOwn":false}"#;
    for name in [
        "transport.peerRelationshipTemplateLoaded",
        "transport.relationshipTemplateAllocationsExhausted",
    ] {
        assert_eq!(key(name, data), format!("{name}:RLTexample0000000060"));
    }
}

#[test]
fn attribute_events_are_identified_by_the_attribute_id() {
    let data = r#"{"@type":"OwnIdentityAttribute","id":"ATTexample0000000940","content":{"@type":"IdentityAttribute","value":{"@type":"GivenName","value":"Max"}}}"#;
    for name in [
        "consumption.attributeCreated",
        "consumption.attributeDeleted",
        "consumption.ownAttributeDeletedByOwner",
        "consumption.peerRelationshipAttributeDeletedByPeer",
        "consumption.ownSharedAttributeDeletedByOwner",
        "consumption.peerSharedAttributeDeletedByPeer",
        "consumption.thirdPartyRelationshipAttributeDeletedByPeer",
    ] {
        assert_eq!(key(name, data), format!("{name}:ATTexample0000000940"));
        assert_eq!(subject(name, data).as_deref(), Some("ATTexample0000000940"));
    }
    assert_eq!(
        key("consumption.attributeWasViewedAtChanged", data),
        "consumption.attributeWasViewedAtChanged:ATTexample0000000940:unviewed"
    );
}

#[test]
fn recurring_attribute_events_add_the_hash_of_their_data() {
    let one = r#"{"id":"ATTexample0000000940","numberOfForwards":1}"#;
    let two = r#"{"id":"ATTexample0000000940","numberOfForwards":2}"#;
    for name in [
        "consumption.attributeForwardingDetailsChanged",
        "consumption.forwardedAttributeDeletedByPeer",
        "transport.fileOwnershipLocked",
    ] {
        let first = key(name, one);
        assert!(
            first.starts_with(&format!("{name}:ATTexample0000000940:")),
            "{first}"
        );
        hash_of(&first);
        assert_ne!(first, key(name, two));
        assert_eq!(subject(name, one).as_deref(), Some("ATTexample0000000940"));
    }
}

#[test]
fn successions_are_identified_by_both_attributes() {
    let data = r#"{"predecessor":{"id":"ATTexample0000000021","succeededBy":"ATTexample0000000030"},"successor":{"id":"ATTexample0000000030","succeeds":"ATTexample0000000021"}}"#;
    for name in [
        "consumption.attributeSucceeded",
        "consumption.repositoryAttributeSucceeded",
        "consumption.thirdPartyOwnedRelationshipAttributeSucceeded",
    ] {
        assert_eq!(
            key(name, data),
            format!("{name}:ATTexample0000000021:ATTexample0000000030")
        );
        assert_eq!(subject(name, data).as_deref(), Some("ATTexample0000000021"));
    }
}

#[test]
fn files_and_deletion_processes() {
    let file = format!(r#"{{"id":"FILexample0000000080","isOwn":true,"owner":"{PEER}"}}"#);
    assert_eq!(
        key("transport.fileOwnershipClaimed", &file),
        format!("transport.fileOwnershipClaimed:FILexample0000000080:{PEER}")
    );
    let process = r#"{"id":"IDPexample0000000050","status":"Active"}"#;
    let name = "transport.identityDeletionProcessStatusChanged";
    assert_eq!(
        key(name, process),
        "transport.identityDeletionProcessStatusChanged:IDPexample0000000050:Active"
    );
    assert_eq!(
        subject(name, process).as_deref(),
        Some("IDPexample0000000050")
    );
    // Without data (after a datawallet sync): the hash of the name alone, no subject.
    let none = event_key(name, None);
    hash_of(&none);
    assert_eq!(event_subject(name, None), None);
}

#[test]
fn events_without_an_entity_get_the_hash() {
    let offer = r#"{"credentialOfferUrl":"openid-credential-offer://?x=1","accepted":true,"peer":"did:e:x"}"#;
    let name = "consumption.shareCredentialOfferRequestItemProcessedByRecipient";
    hash_of(&key(name, offer));
    assert_eq!(subject(name, offer), None);
    let other = offer.replace("x=1", "x=2");
    assert_ne!(key(name, offer), key(name, &other));

    // Data-less events: no data and `{}` are the same (webhooks omit it, brokers send `{}`).
    let started = event_key("runtime.modulesStarted", None);
    hash_of(&started);
    assert_eq!(started, key("runtime.modulesStarted", "{}"));
    assert_eq!(started, key("runtime.modulesStarted", " { \n} "));
    assert_ne!(started, event_key("runtime.initialized", None));
}

#[test]
fn unknown_events_get_the_hash_and_their_id_as_subject() {
    let data = r#"{"id":"XYZexample0000000001","value":1}"#;
    let found = key("transport.somethingNew", data);
    hash_of(&found);
    assert_eq!(
        subject("transport.somethingNew", data).as_deref(),
        Some("XYZexample0000000001")
    );
    // Legacy listener events.
    assert_eq!(
        key(
            "consumption.attributeListenerCreated",
            r#"{"id":"ATLexample1","peer":"x"}"#
        ),
        "consumption.attributeListenerCreated:ATLexample1"
    );
    let triggered = r#"{"attributeListener":{"id":"ATLexample1"},"attribute":{"id":"ATTx"}}"#;
    hash_of(&key("consumption.attributeListenerTriggered", triggered));
    assert_eq!(
        subject("consumption.attributeListenerTriggered", triggered).as_deref(),
        Some("ATLexample1")
    );
}

#[test]
fn the_hash_ignores_whitespace_between_tokens_but_not_inside_strings() {
    let name = "transport.somethingNew";
    let compact = r#"{"a":[1,2],"b":"x y"}"#;
    let pretty = "{\n  \"a\": [ 1, 2 ],\n  \"b\": \"x y\"\n}";
    assert_eq!(key(name, compact), key(name, pretty));
    assert_ne!(key(name, compact), key(name, r#"{"a":[1,2],"b":"xy"}"#));
    // An escaped quote does not end the string: the space after it still counts.
    assert_ne!(key(name, r#"{"b":"\" x"}"#), key(name, r#"{"b":"\"x"}"#));
    // The name is part of the hash.
    assert_ne!(
        hash_of(&key("a.b", compact)).to_string(),
        hash_of(&key("a.c", compact)).to_string()
    );
}

proptest! {
    #[test]
    fn the_fast_multiply_is_the_plain_one(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let mut fast = super::Fnv1a128::new();
        fast.write(&bytes);
        let mut plain = super::Fnv1a128::OFFSET;
        for b in &bytes {
            plain = (plain ^ u128::from(*b)).wrapping_mul(super::Fnv1a128::PRIME);
        }
        prop_assert_eq!(fast.0, plain);
    }
}

#[test]
fn fnv1a_128_matches_the_reference_values() {
    // Published FNV-1a 128-bit test vectors: "" and "a".
    let mut hash = super::Fnv1a128::new();
    hash.write(b"");
    assert_eq!(hash.0, 0x6c62272e07bb014262b821756295c58d);
    let mut hash = super::Fnv1a128::new();
    hash.write(b"a");
    assert_eq!(hash.0, 0xd228cb696f1a8caf78912b704e4a8964);
}

#[test]
fn unusable_fields_fall_back_to_the_hash() {
    let name = "transport.messageReceived";
    let cases = [
        r#"{"isOwn":false}"#,                        // missing
        r#"{"id":42}"#,                              // not a string
        r#"{"id":""}"#,                              // empty
        r#"{"id":"MSG with spaces"}"#,               // not visible ASCII
        r#"{"id":"MSGäöü"}"#,                        // not ASCII
        r#"{"id":"MSGexample0000000001"#,            // not JSON
        r#"["MSGexample0000000001"]"#,               // not an object
        r#"{"x":[1,},"id":"MSGexample0000000001"}"#, // broken before the id
    ];
    for data in cases {
        let found = key(name, data);
        assert_eq!(found.len(), name.len() + 1 + 32, "{data} → {found}");
        hash_of(&found);
    }
    let long = format!(r#"{{"id":"{}"}}"#, "M".repeat(257));
    hash_of(&key(name, &long));
    let longest = format!(r#"{{"id":"{}"}}"#, "M".repeat(256));
    assert_eq!(key(name, &longest), format!("{name}:{}", "M".repeat(256)));
}

#[test]
fn reading_stops_once_the_fields_are_found() {
    let name = "transport.messageReceived";
    // What follows the id is not read: not checked, and a second `id` does not count.
    assert_eq!(
        key(name, r#"{"id":"MSGfirst","x":[1,}"#),
        "transport.messageReceived:MSGfirst"
    );
    assert_eq!(
        key(name, r#"{"id":"MSGfirst"} trailing"#),
        "transport.messageReceived:MSGfirst"
    );
    assert_eq!(
        key(name, r#"{"id":"MSGfirst","id":"MSGlast"}"#),
        "transport.messageReceived:MSGfirst"
    );
    // Until then the later of two values counts, as for `JSON.parse`.
    let twice =
        r#"{"request":{"id":"REQa","status":"Open"},"request":{"id":"REQb","status":"Open"}}"#;
    assert_eq!(
        key("consumption.incomingRequestStatusChanged", twice),
        "consumption.incomingRequestStatusChanged:REQa:Open"
    );
    let late = r#"{"auditLog":[],"id":"RELa","auditLog":[{}]}"#;
    assert_eq!(
        key("transport.relationshipChanged", late),
        "transport.relationshipChanged:RELa:0"
    );
}

#[test]
fn the_start_of_a_text_is_enough_when_the_fields_are_in_it() {
    use super::identify_start;
    let name = "transport.messageReceived";
    let full = format!(
        r#"{{"id":"MSGx","content":{{"body":"{}"}}}}"#,
        "y".repeat(10_000)
    );
    let start = &full[..100];
    assert_eq!(
        identify_start(name, start, false),
        Some(identify(name, Some(&full)))
    );
    // A field further on, a hash, or an unusable id: ask for all of it.
    assert_eq!(
        identify_start(
            "transport.relationshipChanged",
            &relationship(2, "")[..40],
            false
        ),
        None
    );
    assert_eq!(identify_start("transport.somethingNew", start, false), None);
    assert_eq!(identify_start(name, r#"{"id":42,"content":{"#, false), None);
    assert_eq!(identify_start(name, r#"{"content":"yyy"#, false), None);
    // The start of a webhook body.
    let body = format!(r#"{{"trigger":"{name}","data":{full}}}"#);
    assert_eq!(
        identify_start(name, &body[..120], true),
        Some(identify(name, Some(&full)))
    );
    assert_eq!(identify_start(name, &body[..20], true), None);
}

#[test]
fn keys_are_read_like_json_parse_reads_them() {
    let name = "transport.messageReceived";
    // Escaped keys and values are decoded.
    assert_eq!(
        key(name, r#"{"\u0069d":"MSG\u0041"}"#),
        "transport.messageReceived:MSGA"
    );
    // Whitespace anywhere.
    assert_eq!(
        key(name, " {\n \"id\" : \"MSGx\" \n} "),
        "transport.messageReceived:MSGx"
    );
}

#[test]
fn key_and_subject_come_from_one_reading() {
    let data = r#"{"request":{"id":"REQx","status":"Completed"},"newStatus":"Completed"}"#;
    let found = identify("consumption.outgoingRequestStatusChanged", Some(data));
    assert_eq!(
        found.key,
        "consumption.outgoingRequestStatusChanged:REQx:Completed"
    );
    assert_eq!(found.subject.as_deref(), Some("REQx"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_and_is_deterministic(
        name in prop::sample::select(vec![
            "transport.messageReceived", "transport.relationshipChanged", "transport.peerToBeDeleted",
            "consumption.incomingRequestStatusChanged", "consumption.attributeSucceeded",
            "consumption.attributeForwardingDetailsChanged", "runtime.modulesStarted", "x.unknown", "",
        ]),
        data in prop::option::of(prop_oneof![
            any::<String>(),
            "[{}\\[\\]\":,a-z0-9 \\\\]{0,40}",
            r#"\{"(id|request|auditLog|predecessor|newStatus)":("[A-Za-z0-9]{0,5}"|\[\]|\{"id":"x"\}|1)\}"#,
        ]),
    ) {
        let first = identify(name, data.as_deref());
        let again = identify(name, data.as_deref());
        prop_assert_eq!(&first, &again);
        let prefix = format!("{name}:");
        prop_assert!(first.key.starts_with(&prefix));
        prop_assert!(first.key.len() > prefix.len());
        if let Some(subject) = &first.subject {
            prop_assert!(super::is_part(subject));
        }
    }
}
