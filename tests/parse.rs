//! Parsing every delivery path, with the exact error codes, paths and messages.
#![cfg(not(target_arch = "wasm32"))]

use enmeshed_events::{
    parse_delivery, read_delivery, DataLocation, Delivery, DeliveryKind, EventKind, Limits,
    ParseError, ParseOptions, PubSubData,
};

const MAIL: &str = r#"{"id":"MSGexample0000000001","isOwn":false,"content":{"@type":"Mail","to":["did:e:pilot.enmeshed.eu:dids:3f9c2a71b0d84e56a1c7e2"],"cc":[],"subject":"Grüße 👋 你好 שלום","body":"Hello","bodyFormat":"PlainText"},"createdBy":"did:e:pilot.enmeshed.eu:dids:8be1d04f7a2c93e5b6d1f0","createdByDevice":"DVCexample0000000002","recipients":[{"address":"did:e:pilot.enmeshed.eu:dids:3f9c2a71b0d84e56a1c7e2","receivedAt":"2026-03-02T09:15:29.003Z","receivedByDevice":"DVCexample0000000001","relationshipId":"RELexample0000000001"}],"createdAt":"2026-03-02T09:15:27.412Z","attachments":[]}"#;

/// An AMQP delivery of `body` under `routing_key`, parsed leniently.
fn amqp<'a>(
    routing_key: &'a str,
    body: &'a [u8],
) -> Result<enmeshed_events::Event<'a>, ParseError> {
    parse_delivery(&Delivery::Amqp { routing_key, body }, &lenient())
}

fn lenient() -> ParseOptions {
    ParseOptions::default()
}

fn webhook(body: &str) -> Result<enmeshed_events::Event<'_>, ParseError> {
    parse_delivery(
        &Delivery::Webhook {
            body: body.as_bytes(),
            url: None,
        },
        &lenient(),
    )
}

fn error(
    result: Result<enmeshed_events::Event<'_>, ParseError>,
) -> (String, Option<String>, String) {
    let error = result.expect_err("expected an error");
    (error.code().to_string(), error.path(), error.to_string())
}

#[test]
fn webhook_envelope_hands_on_the_exact_data_text() {
    let body = format!(r#"{{"data":{MAIL},"trigger":"transport.messageReceived"}}"#);
    let event = webhook(&body).unwrap();
    assert_eq!(event.name, "transport.messageReceived");
    assert_eq!(event.source, DeliveryKind::Webhook);
    assert!(
        matches!(event.kind, EventKind::Known(spec) if spec.name == "transport.messageReceived")
    );
    assert_eq!(event.problems, []);
    let data = event.data.unwrap();
    assert_eq!(data.text, MAIL);
    assert_eq!(data.location, DataLocation::EnvelopeData);
}

#[test]
fn every_broker_path_names_the_event_its_own_way() {
    let body = MAIL.as_bytes();
    let cases = [
        Delivery::Amqp {
            routing_key: "transport.messageReceived",
            body,
        },
        Delivery::Mqtt {
            topic: "transport/messageReceived",
            body,
        },
        Delivery::Redis {
            channel: "transport.messageReceived",
            body,
        },
        Delivery::PubSubMessage {
            data: PubSubData::Bytes(body),
            namespace: Some("transport.messageReceived"),
        },
    ];
    for delivery in cases {
        let event = parse_delivery(&delivery, &lenient()).unwrap();
        assert_eq!(event.name, "transport.messageReceived", "{delivery:?}");
        assert_eq!(event.problems, [], "{delivery:?}");
        assert_eq!(event.data.unwrap().text, MAIL);
    }
}

#[test]
fn pubsub_push_envelope_is_decoded() {
    // Spec §4.3 P1, base64 as Google sends it.
    let body = r#"{"message":{"attributes":{"namespace":"consumption.shareCredentialOfferRequestItemProcessedByRecipient"},"data":"eyJjcmVkZW50aWFsT2ZmZXJVcmwiOiJvcGVuaWQtY3JlZGVudGlhbC1vZmZlcjovLz9jcmVkZW50aWFsX29mZmVyX3VyaT1odHRwcyUzQSUyRiUyRmlzc3Vlci5leGFtcGxlLmNvbSUyRm9mZmVycyUyRjQ3MTEiLCJhY2NlcHRlZCI6dHJ1ZSwicGVlciI6ImRpZDplOnBpbG90LmVubWVzaGVkLmV1OmRpZHM6OGJlMWQwNGY3YTJjOTNlNWI2ZDFmMCJ9","messageId":"1234567890123456","publishTime":"2026-07-01T11:22:33.444Z"},"subscription":"projects/acme-prod/subscriptions/enmeshed-erp"}"#;
    let event = parse_delivery(
        &Delivery::PubSubPush {
            body: body.as_bytes(),
        },
        &lenient(),
    )
    .unwrap();
    assert_eq!(
        event.name,
        "consumption.shareCredentialOfferRequestItemProcessedByRecipient"
    );
    assert_eq!(event.problems, []);
    let data = event.data.unwrap();
    assert_eq!(data.location, DataLocation::Decoded);
    assert_eq!(
        data.text,
        r#"{"credentialOfferUrl":"openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fissuer.example.com%2Foffers%2F4711","accepted":true,"peer":"did:e:pilot.enmeshed.eu:dids:8be1d04f7a2c93e5b6d1f0"}"#
    );
}

#[test]
fn pubsub_push_base64_with_json_escapes_is_decoded() {
    // `{"a":"???"}` is eyJhIjoiPz8/In0=; some JSON encoders write its `/` as `\/`, and any
    // character may come as a \u escape. JSON.parse reads the same base64 (found by the JS fuzz).
    for data in [
        r"eyJhIjoiPz8\/In0=",
        r"\u0065yJhIjoiPz8/In0=",
        "eyJhIjoiPz8/In0=",
    ] {
        let body = format!(
            r#"{{"message":{{"data":"{data}","attributes":{{"namespace":"transport.messageReceived"}}}}}}"#
        );
        let event = parse_delivery(
            &Delivery::PubSubPush {
                body: body.as_bytes(),
            },
            &lenient(),
        )
        .unwrap_or_else(|e| panic!("{data}: {e}"));
        assert_eq!(event.data.unwrap().text, r#"{"a":"???"}"#, "{data}");
    }
}

#[test]
fn pulled_pubsub_message_accepts_base64_text() {
    let delivery = Delivery::PubSubMessage {
        data: PubSubData::Base64("e30="),
        namespace: Some("runtime.modulesStarted"),
    };
    let event = parse_delivery(&delivery, &lenient()).unwrap();
    assert_eq!(event.data, None, "`{{}}` for a data-less event is no data");
    assert_eq!(event.problems, []);
}

#[test]
fn url_template_names_the_event_and_body_may_be_bare_data() {
    let url = Some("https://erp.example.com/enmeshed/hooks/transport.messageReceived?tenant=acme");
    let bare = parse_delivery(
        &Delivery::Webhook {
            body: MAIL.as_bytes(),
            url,
        },
        &lenient(),
    )
    .unwrap();
    assert_eq!(bare.name, "transport.messageReceived");
    assert_eq!(bare.data.as_ref().unwrap().location, DataLocation::Body);
    assert_eq!(bare.problems, []);

    let envelope = format!(r#"{{"data":{MAIL},"trigger":"transport.messageReceived"}}"#);
    let wrapped = parse_delivery(
        &Delivery::Webhook {
            body: envelope.as_bytes(),
            url,
        },
        &lenient(),
    )
    .unwrap();
    assert_eq!(wrapped.data.unwrap().text, MAIL);
}

#[test]
fn data_less_events() {
    let event = webhook(r#"{"trigger":"runtime.modulesStarted"}"#).unwrap();
    assert_eq!((event.data, event.problems.len()), (None, 0));
    let amqp = Delivery::Amqp {
        routing_key: "runtime.modulesStarted",
        body: b" { } ",
    };
    assert_eq!(parse_delivery(&amqp, &lenient()).unwrap().data, None);
    let extra = webhook(r#"{"data":{"x":1},"trigger":"runtime.modulesStarted"}"#).unwrap();
    assert_eq!(
        extra.problems[0].to_string(),
        "data: this event carries no data"
    );
    // Data is optional for this one (absent after a datawallet sync).
    let optional =
        webhook(r#"{"trigger":"transport.identityDeletionProcessStatusChanged"}"#).unwrap();
    assert_eq!(optional.problems, []);
    let missing = webhook(r#"{"trigger":"transport.messageReceived"}"#).unwrap();
    assert_eq!(
        missing.problems[0].to_string(),
        "data: missing: this event carries a MessageDTO"
    );
}

#[test]
fn problems_have_paths_and_plain_messages_and_the_event_is_still_delivered() {
    let data = MAIL
        .replace(
            r#""address":"did:e:pilot.enmeshed.eu:dids:3f9c2a71b0d84e56a1c7e2","receivedAt""#,
            r#""address":42,"receivedAt""#,
        )
        .replace(r#""isOwn":false"#, r#""isOwn":"no""#)
        .replace(
            r#""createdAt":"2026-03-02T09:15:27.412Z""#,
            r#""createdAt":"yesterday""#,
        )
        .replace(r#""attachments":[]"#, r#""attachments":["FILx",7]"#)
        .replace(r#""bodyFormat":"PlainText""#, r#""bodyFormat":"Html""#)
        .replace(r#""id":"MSGexample0000000001","#, "");
    let event = amqp("transport.messageReceived", data.as_bytes()).unwrap();
    let problems: Vec<String> = event.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "data.isOwn: expected a boolean, found a string",
            "data.content.bodyFormat: unknown value \"Html\", expected \"PlainText\", \"Markdown\"",
            "data.recipients[0].address: expected a string, found a number",
            "data.createdAt: expected an ISO 8601 date-time, found \"yesterday\"",
            "data.attachments[1]: expected a File id (FIL…), found a number",
            "data.id: missing, but required in MessageDTO",
        ]
    );
    let codes: Vec<&str> = event.problems.iter().map(|p| p.code()).collect();
    assert_eq!(
        codes,
        [
            "wrong_type",
            "unknown_value",
            "wrong_type",
            "bad_format",
            "wrong_type",
            "missing_field"
        ]
    );
    assert_eq!(
        event.data.unwrap().text,
        data,
        "the data is handed on as it came"
    );
}

#[test]
fn strict_mode_turns_problems_into_one_error() {
    let body = r#"{"relationshipId":17}"#;
    let delivery = Delivery::Redis {
        channel: "transport.relationshipDecomposedBySelf",
        body: body.as_bytes(),
    };
    let error = parse_delivery(
        &delivery,
        &ParseOptions {
            strict: true,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(error.code(), "invalid_data");
    assert_eq!(error.path().as_deref(), Some("data.relationshipId"));
    assert_eq!(
        error.to_string(),
        "data of transport.relationshipDecomposedBySelf does not match its type: data.relationshipId: expected a Relationship id (REL…), found a number"
    );
}

#[test]
fn tagged_unions_unknown_types_and_v6_shapes() {
    // A content type the catalogue does not know: kept, no problem.
    let data = MAIL.replace(r#""@type":"Mail""#, r#""@type":"FutureContent""#);
    let event = amqp("transport.messageSent", data.as_bytes()).unwrap();
    assert_eq!(event.problems, []);
    // "@type" not first: found by look-ahead.
    let data = MAIL.replace(r#"{"@type":"Mail","to""#, r#"{"to""#).replace(
        r#""bodyFormat":"PlainText"}"#,
        r#""bodyFormat":"PlainText","@type":"Mail"}"#,
    );
    let event = amqp("transport.messageSent", data.as_bytes()).unwrap();
    assert_eq!(event.problems, []);
    // v6 RelationshipDTO with `template`, v6 LocalAttributeDTO without "@type".
    let v6_attribute = r#"{"id":"ATTexample0000000001","createdAt":"2025-03-02T09:15:27.412Z","content":{"@type":"IdentityAttribute","owner":"did:e:x:dids:1","value":{"@type":"GivenName","value":"Jürgen"}},"shareInfo":{"peer":"did:e:x:dids:2","requestReference":"REQexample0000000001"}}"#;
    let event = amqp("consumption.attributeCreated", v6_attribute.as_bytes()).unwrap();
    assert_eq!(event.problems, []);
    // Unknown value of a closed union's tag.
    let processed = r#"{"template":{"id":"RLTexample0000000060","isOwn":false,"createdBy":"x","createdByDevice":"DVCexample0000000002","createdAt":"2026-03-06T10:00:00.000Z","content":{"@type":"ArbitraryRelationshipTemplateContent","value":1},"reference":{"truncated":"t","url":"u"}},"result":"Later"}"#;
    let event = amqp(
        "consumption.relationshipTemplateProcessed",
        processed.as_bytes(),
    )
    .unwrap();
    assert_eq!(
        event.problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["data.result: unknown value \"Later\", expected \"RequestAutomaticallyDecided\", \"ManualRequestDecisionRequired\", \"NonCompletedRequestExists\", \"RelationshipExists\", \"NoRequest\", \"Error\", \"RequestExpired\""]
    );
}

#[test]
fn relationship_needs_template_id_or_v6_template() {
    let data = r#"{"id":"RELexample0000000003","status":"Active","peer":"p","peerIdentity":{"address":"p","publicKey":"k"},"creationContent":{"@type":"ArbitraryRelationshipCreationContent","value":{}},"auditLog":[]}"#;
    let event = amqp("transport.relationshipChanged", data.as_bytes()).unwrap();
    assert_eq!(
        event
            .problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["data: missing: RelationshipDTO needs \"templateId\" or \"template\""]
    );
}

#[test]
fn duplicate_keys_are_reported_where_they_matter() {
    let data = r#"{"relationshipId":"RELa","relationshipId":"RELb"}"#;
    let event = amqp("transport.relationshipDecomposedBySelf", data.as_bytes()).unwrap();
    assert_eq!(
        event.problems[0].to_string(),
        "data.relationshipId: duplicate key: JSON.parse keeps the last one"
    );
    let (code, path, message) = error(webhook(r#"{"trigger":"a.b","trigger":"c.d"}"#));
    assert_eq!(
        (code.as_str(), path.as_deref(), message.as_str()),
        (
            "invalid_envelope",
            Some("body.trigger"),
            "invalid envelope at body.trigger: the key occurs twice"
        )
    );
}

#[test]
fn unknown_and_legacy_names() {
    let event = webhook(r#"{"data":{"anything":[1,2,{"x":null}]},"trigger":"consumption.futureEvent.with.segments"}"#).unwrap();
    assert_eq!(event.kind, EventKind::Unknown);
    assert_eq!(event.data.unwrap().text, r#"{"anything":[1,2,{"x":null}]}"#);
    let legacy = webhook(r#"{"data":{"id":"REQexample0000000005"},"trigger":"consumption.outgoingRequestFromRelationshipCreationChangeCreatedAndCompleted"}"#).unwrap();
    let EventKind::Legacy(spec) = legacy.kind else {
        panic!("{:?}", legacy.kind)
    };
    assert_eq!(
        spec.successors,
        ["consumption.outgoingRequestFromRelationshipCreationCreatedAndCompleted"]
    );
    assert!(
        !legacy.problems.is_empty(),
        "legacy data is still checked against its type"
    );
}

#[test]
fn hostile_inputs_get_typed_errors() {
    let cases: &[(&[u8], &str, Option<&str>, &str)] = &[
        (b"", "invalid_json", Some("body"), "invalid JSON in body at byte 0: unexpected end of input"),
        (b"{\"trigger\":\"a.b\",}", "invalid_json", Some("body"), "invalid JSON in body at byte 17: unexpected character '}'"),
        (b"[1]", "invalid_envelope", Some("body"), "invalid envelope at body: expected an object with \"trigger\" and \"data\", found an array"),
        (b"{\"data\":{}}", "missing_event_name", Some("body.trigger"), "no event name: expected one in the body's \"trigger\" or the webhook URL"),
        (b"{\"trigger\":7}", "invalid_event_name", Some("body.trigger"), "invalid event name at body.trigger: expected a string, found a number"),
        (b"{\"trigger\":\"transport.*\"}", "invalid_event_name", Some("body.trigger"), "invalid event name \"transport.*\" at body.trigger: it contains '*', which no event name has"),
        (b"{\"trigger\":\"a\xff\"}", "invalid_encoding", Some("body"), "body is not valid UTF-8 at byte 13"),
        (b"\xEF\xBB\xBF{\"trigger\":\"a\xff\"}", "invalid_encoding", Some("body"), "body is not valid UTF-8 at byte 16"),
        (b"{\"data\":1,\"trigger\":\"a.b\"} x", "invalid_json", Some("body"), "invalid JSON in body at byte 27: trailing characters after the JSON value"),
    ];
    for (body, code, path, message) in cases {
        let error = parse_delivery(&Delivery::Webhook { body, url: None }, &lenient()).unwrap_err();
        assert_eq!(
            (
                error.code(),
                error.path().as_deref(),
                error.to_string().as_str()
            ),
            (*code, *path, *message),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn broker_syntax_errors_point_into_the_body() {
    let delivery = Delivery::Amqp {
        routing_key: "transport.messageReceived",
        body: b"{\"id\": NaN}",
    };
    let error = parse_delivery(&delivery, &lenient()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid JSON in body at byte 7: unexpected character 'N'"
    );
    // Reading only the name does not look at the body's syntax: routing can skip it.
    assert_eq!(
        read_delivery(&delivery, &Limits::default()).unwrap().name,
        "transport.messageReceived"
    );
}

#[test]
fn pubsub_envelope_errors() {
    let push = |body: &str| {
        parse_delivery(
            &Delivery::PubSubPush {
                body: body.as_bytes(),
            },
            &lenient(),
        )
        .map(|_| ())
        .unwrap_err()
    };
    let e = push(r#"{"subscription":"s"}"#);
    assert_eq!(
        (e.code(), e.to_string().as_str()),
        (
            "invalid_envelope",
            "invalid envelope at message: missing: a push envelope carries a \"message\""
        )
    );
    let e = push(r#"{"message":{"data":"e30=","attributes":{}}}"#);
    assert_eq!(
        (e.code(), e.to_string().as_str()),
        (
            "missing_event_name",
            "no event name: expected one in message.attributes.namespace"
        )
    );
    let e = push(r#"{"message":{"data":"not base64!","attributes":{"namespace":"a.b"}}}"#);
    assert_eq!(
        (e.code(), e.path().as_deref()),
        ("invalid_envelope", Some("message.data"))
    );
    assert!(
        e.to_string()
            .starts_with("invalid envelope at message.data: not valid base64: "),
        "{e}"
    );
    let e = push(r#"{"message":{"data":7}}"#);
    assert_eq!(
        e.to_string(),
        "invalid envelope at message.data: expected a string, found a number"
    );
    // Unpadded base64 is accepted: some clients strip the padding.
    let unpadded = r#"{"message":{"data":"e30","attributes":{"namespace":"acme.x"}}}"#;
    let event = parse_delivery(
        &Delivery::PubSubPush {
            body: unpadded.as_bytes(),
        },
        &lenient(),
    )
    .unwrap();
    assert_eq!(event.data.unwrap().text, "{}");
}

#[test]
fn limits_are_enforced_and_configurable() {
    let nested = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let delivery = Delivery::Amqp {
        routing_key: "acme.custom",
        body: nested.as_bytes(),
    };
    let error = parse_delivery(&delivery, &lenient()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "body nests deeper than 64 levels at byte 64"
    );
    let nested_data = format!(
        r#"{{"trigger":"acme.custom","data":{}{}}}"#,
        "[".repeat(64),
        "]".repeat(64)
    );
    let error = webhook(&nested_data).unwrap_err();
    assert_eq!(
        (error.code(), error.path().as_deref()),
        ("too_deep", Some("body")),
        "depth counts from the body: {error}"
    );

    let big = format!(r#"{{"value":"{}"}}"#, "x".repeat(5 * 1024 * 1024));
    let delivery = Delivery::Amqp {
        routing_key: "acme.big",
        body: big.as_bytes(),
    };
    assert_eq!(
        parse_delivery(&delivery, &lenient())
            .unwrap()
            .data
            .unwrap()
            .text
            .len(),
        big.len()
    );
    let small = ParseOptions {
        strict: false,
        limits: Limits {
            max_body_bytes: 1024,
            ..Limits::default()
        },
    };
    let error = parse_delivery(&delivery, &small).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "the body has {} bytes, more than the limit of 1024",
            big.len()
        )
    );
    assert_eq!(error.code(), "too_large");
}

#[test]
fn lone_surrogates_huge_numbers_and_proto_keys_pass_through() {
    let data = r#"{"__proto__":{"polluted":true},"constructor":{"prototype":1},"n":1e400,"big":123456789012345678901234567890,"s":"\ud800","k\u00e4":-0}"#;
    let body = format!(r#"{{"data":{data},"trigger":"acme.hostile"}}"#);
    let event = webhook(&body).unwrap();
    assert_eq!(event.data.unwrap().text, data);
    let escaped_name = webhook(r#"{"data":{"relationshipId":"RELexample0000000003"},"trigger":"transport.relationshipDecomposedBy\u0053elf"}"#).unwrap();
    assert_eq!(escaped_name.name, "transport.relationshipDecomposedBySelf");
    assert_eq!(escaped_name.problems, []);
}

/// Issue 8, item 4: a second "@type" (JSON.parse keeps the last) must not smuggle a Mail
/// without to/subject/body past strict mode.
#[test]
fn a_repeated_type_tag_is_a_problem_and_the_last_one_is_checked() {
    let body = MAIL.replace(
        r#""@type":"Mail""#,
        r#""@type":"Mail","@type":"ArbitraryMessageContent""#,
    );
    let event = amqp("transport.messageReceived", body.as_bytes()).unwrap();
    let problems: Vec<_> = event
        .problems
        .iter()
        .map(|p| (p.code(), p.path.as_str()))
        .collect();
    assert!(
        problems.contains(&("duplicate_key", r#"data.content["@type"]"#)),
        "{problems:?}"
    );
    // Only "@type" names a Mail that lacks nothing; the last tag has the others checked.
    let smuggled = r#"{"id":"MSGexample0000000001","isOwn":false,"content":{"@type":"ArbitraryMessageContent","@type":"Mail","value":1},"createdBy":"did:e:a:dids:1","createdByDevice":"DVCexample0000000002","recipients":[],"createdAt":"2026-03-02T09:15:27.412Z","attachments":[]}"#;
    let strict = ParseOptions {
        strict: true,
        ..Default::default()
    };
    let error = parse_delivery(
        &Delivery::Amqp {
            routing_key: "transport.messageReceived",
            body: smuggled.as_bytes(),
        },
        &strict,
    )
    .unwrap_err();
    assert_eq!(error.code(), "invalid_data");
    let ParseError::InvalidData { problems, .. } = error else {
        unreachable!()
    };
    let paths: Vec<_> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            r#"data.content["@type"]"#,
            "data.content.to",
            "data.content.subject",
            "data.content.body"
        ]
    );
}

/// Issue 8, item 15: ids and date-times written with JSON escapes are the same values to
/// JSON.parse, so they are valid.
#[test]
fn escaped_ids_and_date_times_are_judged_by_their_value() {
    let body = MAIL
        .replace(
            r#""id":"MSGexample0000000001""#,
            r#""id":"\u004dSGexample0000000001""#,
        )
        .replace(
            r#""createdAt":"2026-03-02T09:15:27.412Z""#,
            r#""createdAt":"\u0032026-03-02T09:15:27\u002e412Z""#,
        );
    let strict = ParseOptions {
        strict: true,
        ..Default::default()
    };
    let event = parse_delivery(
        &Delivery::Amqp {
            routing_key: "transport.messageReceived",
            body: body.as_bytes(),
        },
        &strict,
    )
    .unwrap();
    assert!(event.problems.is_empty());
    // A wrong value is still wrong when escaped, and the message shows the decoded value.
    let bad = MAIL.replace(
        r#""id":"MSGexample0000000001""#,
        r#""id":"\u0058SGexample""#,
    );
    let event = amqp("transport.messageReceived", bad.as_bytes()).unwrap();
    assert_eq!(
        event.problems[0].to_string(),
        r#"data.id: expected a Message id (MSG…), found "XSGexample""#
    );
}

/// Issue 8, item 21: unknown names in any script are delivered; only what cannot be a name is
/// refused. Item 19: one path per place, and a non-string says what it found.
#[test]
fn names_in_any_script_and_one_path_per_place() {
    let event = amqp("transport.nachrichtEmpfangenÜ", b"{}").unwrap();
    assert_eq!(
        (event.name.as_ref(), event.kind),
        ("transport.nachrichtEmpfangenÜ", EventKind::Unknown)
    );
    assert!(webhook(r#"{"trigger":"übertragung.消息","data":{}}"#).is_ok());
    for (body, message) in [
        (r#"{"data":{}}"#, "no event name: expected one in the body's \"trigger\" or the webhook URL"),
        (r#"{"trigger":42}"#, "invalid event name at body.trigger: expected a string, found a number"),
        (r#"{"trigger":"a.b c"}"#, "invalid event name \"a.b c\" at body.trigger: it contains ' ', which no event name has"),
    ] {
        let (code, path, got) = error(webhook(body));
        assert_eq!((path.as_deref(), got.as_str()), (Some("body.trigger"), message), "{code}");
    }
    let (_, path, _) = error(amqp("a..b", b"{}"));
    assert_eq!(path.as_deref(), Some("routingKey"));
}

/// Issue 8, item 13: an invalid name is not echoed in full.
#[test]
fn long_invalid_names_are_cut_short_in_messages() {
    let name = format!("{}*", "a".repeat(100_000));
    let error = amqp(&name, b"{}").unwrap_err();
    let message = error.to_string();
    assert!(message.len() < 200, "{} bytes", message.len());
    assert_eq!(
        message,
        format!(
            "invalid event name \"{}… (100001 bytes)\" at routingKey: it is longer than 256 bytes",
            "a".repeat(64)
        )
    );
}

/// Found by the JS differential fuzz: base64 whose last character has unused bits set is read
/// by `atob` and Node's `Buffer` (and so by a JS consumer); it must not be refused here.
#[test]
fn pubsub_base64_with_unused_trailing_bits_is_decoded() {
    let body =
        r#"{"message":{"data":"LTFlOTb=","attributes":{"namespace":"transport.messageSent"}}}"#;
    let event = parse_delivery(
        &Delivery::PubSubPush {
            body: body.as_bytes(),
        },
        &lenient(),
    )
    .unwrap();
    assert_eq!(event.data.unwrap().text, "-1e96");
}
