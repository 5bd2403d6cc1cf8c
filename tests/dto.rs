//! The DTO model against the spec's example payloads (§4) and hand-written v4/v6/unknown shapes.
//!
//! Core property: every example deserializes and serializes back to JSON-equal output.
//! The examples live in `tests/dto_examples/*.json`, one `data` object per file.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::PathBuf;

use enmeshed_events::dto::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

const OWN: &str = "did:e:pilot.enmeshed.eu:dids:3f9c2a71b0d84e56a1c7e2";
const PEER: &str = "did:e:pilot.enmeshed.eu:dids:8be1d04f7a2c93e5b6d1f0";

/// Every example file and the data type its event carries.
const EXAMPLES: &[(&str, DataType)] = &[
    ("w1_message_received", DataType::Message),
    (
        "w2_incoming_request_status_changed",
        DataType::RequestStatusChanged,
    ),
    (
        "w3_outgoing_request_status_changed",
        DataType::RequestStatusChanged,
    ),
    ("w4_relationship_changed", DataType::Relationship),
    ("w5_attribute_succeeded", DataType::AttributeSucceeded),
    (
        "w6_relationship_decomposed_by_self",
        DataType::RelationshipDecomposedBySelf,
    ),
    ("a1_peer_to_be_deleted", DataType::Relationship),
    ("a2_message_processed", DataType::MessageProcessed),
    (
        "a3_identity_deletion_process_status_changed",
        DataType::OptionalIdentityDeletionProcess,
    ),
    (
        "a4_relationship_template_processed",
        DataType::RelationshipTemplateProcessed,
    ),
    ("a4_unknown_result", DataType::RelationshipTemplateProcessed),
    ("a5_modules_started", DataType::None),
    (
        "p1_share_credential_offer_processed",
        DataType::ShareCredentialOfferProcessed,
    ),
    ("p2_incoming_request_received", DataType::LocalRequest),
    ("p3_file_ownership_claimed", DataType::File),
    (
        "p4_outgoing_request_from_relationship_creation",
        DataType::LocalRequest,
    ),
    ("v4_relationship_with_changes", DataType::Relationship),
    ("v6_relationship_with_template", DataType::Relationship),
    (
        "v6_local_attribute_with_share_info",
        DataType::LocalAttribute,
    ),
    ("v6_local_attribute_third_party", DataType::LocalAttribute),
    (
        "v6_identity_deletion_process_approved",
        DataType::IdentityDeletionProcess,
    ),
    ("v6_mail_without_body_format", DataType::Message),
    ("message_mail_markdown", DataType::Message),
    ("message_response_wrapper", DataType::Message),
    ("message_notification", DataType::Message),
    (
        "template_processed_manual_decision",
        DataType::RelationshipTemplateProcessed,
    ),
    ("unknown_message_content_type", DataType::Message),
    ("unknown_extra_fields", DataType::Relationship),
    ("unknown_enum_value", DataType::RequestStatusChanged),
];

fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("dto_examples")
}

fn example_text(name: &str) -> String {
    let path = examples_dir().join(format!("{name}.json"));
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn example(name: &str) -> Value {
    serde_json::from_str(&example_text(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
}

/// Reads the example as `T` (from a `Value` and from text) and checks both serialize back equal.
fn round_trip<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let original = example(name);
    let from_text: T =
        serde_json::from_str(&example_text(name)).unwrap_or_else(|error| panic!("{name}: {error}"));
    assert_eq!(
        serde_json::to_value(&from_text).unwrap(),
        original,
        "{name} (from text)"
    );
    let typed: T =
        serde_json::from_value(original.clone()).unwrap_or_else(|error| panic!("{name}: {error}"));
    let written = serde_json::to_string(&typed).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&written).unwrap(),
        original,
        "{name}"
    );
    typed
}

fn event_data(name: &str, data_type: DataType) -> EventData {
    EventData::from_json(data_type, example(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
}

#[test]
fn every_example_file_is_listed() {
    let listed: BTreeSet<String> = EXAMPLES
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir(examples_dir())
        .unwrap()
        .map(|entry| {
            entry
                .unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".json")
                .to_owned()
        })
        .collect();
    assert_eq!(listed, on_disk);
}

#[test]
fn every_example_round_trips_through_event_data() {
    for &(name, data_type) in EXAMPLES {
        let original = example(name);
        let data = event_data(name, data_type);
        if data == EventData::None {
            continue; // data-less events, checked in `data_less_events`
        }
        assert_eq!(serde_json::to_value(&data).unwrap(), original, "{name}");
    }
}

#[test]
fn event_data_has_the_expected_variant() {
    for &(name, data_type) in EXAMPLES {
        let data = event_data(name, data_type);
        let expected = match data_type {
            DataType::OptionalIdentityDeletionProcess => DataType::IdentityDeletionProcess,
            other => other,
        };
        assert_eq!(data.data_type(), expected, "{name}");
    }
}

#[test]
fn w1_mail_message() {
    let message: MessageDto = round_trip("w1_message_received");
    assert_eq!(message.id, "MSGexample0000000001");
    assert!(!message.is_own);
    assert_eq!(message.created_by, PEER);
    assert_eq!(
        message.recipients[0].relationship_id.as_deref(),
        Some("RELexample0000000001")
    );
    assert!(message.attachments.is_empty());
    assert_eq!(message.was_read_at, None);
    let MessageContent::Mail(mail) = &message.content else {
        panic!("not a Mail: {:?}", message.content)
    };
    assert_eq!(mail.to, [OWN]);
    assert_eq!(mail.cc.as_deref(), Some(&[][..]));
    assert_eq!(mail.subject, "Question about invoice 2026-117");
    assert_eq!(mail.body_format, Some(BodyFormat::PlainText));
    assert!(mail.extra.is_empty());
}

#[test]
fn w2_incoming_request_status_changed() {
    let data: RequestStatusChangedEventData = round_trip("w2_incoming_request_status_changed");
    assert_eq!(data.old_status, LocalRequestStatus::DecisionRequired);
    assert_eq!(data.new_status, LocalRequestStatus::ManualDecisionRequired);
    assert_eq!(data.request.status, data.new_status);
    assert_eq!(
        data.request.content.expires_at.as_deref(),
        Some("2026-03-09T10:00:00.000Z")
    );
    let source = data.request.source.as_ref().unwrap();
    assert_eq!(source.source_type, RequestSourceType::Message);
    assert_eq!(source.reference, "MSGexample0000000008");
    let RequestItemOrGroup::Item(item) = &data.request.content.items[0] else {
        panic!("not an item")
    };
    assert_eq!(item.type_name, "ReadAttributeRequestItem");
    assert!(item.must_be_accepted);
    assert_eq!(item.extra["query"]["valueType"], "EMailAddress");
}

#[test]
fn w3_outgoing_request_completed() {
    let data: RequestStatusChangedEventData = round_trip("w3_outgoing_request_status_changed");
    assert!(data.request.is_own);
    assert_eq!(data.new_status, LocalRequestStatus::Completed);
    let response = data.request.response.as_ref().unwrap();
    assert_eq!(response.content.result, ResponseResult::Accepted);
    assert_eq!(response.content.request_id, "REQexample0000000011");
    assert_eq!(
        response.source.as_ref().unwrap().source_type,
        ResponseSourceType::Message
    );
    let ResponseItemOrGroup::Item(item) = &response.content.items[0] else {
        panic!("not an item")
    };
    assert_eq!(item.type_name, "ReadAttributeAcceptResponseItem");
    assert_eq!(item.result, ResponseItemResult::Accepted);
    assert_eq!(item.extra["attribute"]["value"]["value"], "Alice");
}

#[test]
fn w4_pending_relationship() {
    let relationship: RelationshipDto = round_trip("w4_relationship_changed");
    assert_eq!(relationship.status, RelationshipStatus::Pending);
    assert_eq!(relationship.template_id(), Some("RLTexample0000000004"));
    assert!(relationship.template.is_none());
    assert_eq!(relationship.peer_identity.address, PEER);
    let Some(RelationshipCreationContentDerivation::Relationship(content)) =
        &relationship.creation_content
    else {
        panic!("not a RelationshipCreationContent")
    };
    assert_eq!(content.response.request_id, "REQexample0000000005");
    let log = relationship.audit_log.as_deref().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].reason, RelationshipAuditLogEntryReason::Creation);
    assert_eq!(log[0].old_status, None);
    assert_eq!(log[0].new_status, RelationshipStatus::Pending);
}

#[test]
fn w5_attribute_succeeded() {
    let data: AttributeSucceededEventData = round_trip("w5_attribute_succeeded");
    assert_eq!(
        data.predecessor.type_name,
        Some(AttributeKind::PeerIdentityAttribute)
    );
    assert_eq!(
        data.predecessor.succeeded_by.as_deref(),
        Some("ATTexample0000000030")
    );
    assert_eq!(
        data.successor.succeeds.as_deref(),
        Some("ATTexample0000000021")
    );
    assert_eq!(
        data.successor.source_reference.as_deref(),
        Some("NOTexample0000000031")
    );
    assert_eq!(data.successor.effective_peer(), Some(PEER));
    let AttributeContent::Identity(attribute) = &data.successor.content else {
        panic!("not an IdentityAttribute")
    };
    assert_eq!(attribute.value.type_name, "Surname");
    assert_eq!(attribute.value.value(), Some(&json!("Smith")));
}

#[test]
fn w6_relationship_decomposed_by_self() {
    let data: RelationshipDecomposedBySelfEventData =
        round_trip("w6_relationship_decomposed_by_self");
    assert_eq!(data.relationship_id, "RELexample0000000003");
}

#[test]
fn a1_peer_to_be_deleted() {
    let relationship: RelationshipDto = round_trip("a1_peer_to_be_deleted");
    let info = relationship.peer_deletion_info.as_ref().unwrap();
    assert_eq!(info.deletion_status, PeerDeletionStatus::ToBeDeleted);
    assert_eq!(
        info.deletion_date.as_deref(),
        Some("2026-05-18T00:00:00.000Z")
    );
    let log = relationship.audit_log.as_deref().unwrap();
    assert_eq!(log[1].old_status, Some(RelationshipStatus::Pending));
    assert_eq!(
        log[1].reason,
        RelationshipAuditLogEntryReason::AcceptanceOfCreation
    );
    let Some(RelationshipCreationContentDerivation::Arbitrary(content)) =
        &relationship.creation_content
    else {
        panic!("not arbitrary content")
    };
    assert_eq!(content.value, json!({"customerNo": "C-4711"}));
}

#[test]
fn a2_message_processed() {
    let data: MessageProcessedEventData = round_trip("a2_message_processed");
    assert_eq!(data.result, MessageProcessedResult::NoRequest);
    assert_eq!(data.message.attachments, ["FILexample0000000041"]);
    assert_eq!(data.message.recipients[0].received_at, None);
    let MessageContent::Arbitrary(content) = &data.message.content else {
        panic!("not arbitrary content")
    };
    assert_eq!(content.value, json!({"kind": "status-ping"}));
}

#[test]
fn a3_identity_deletion_process() {
    let process: IdentityDeletionProcessDto =
        round_trip("a3_identity_deletion_process_status_changed");
    assert_eq!(process.status, IdentityDeletionProcessStatus::Active);
    assert_eq!(
        process.grace_period_ends_at.as_deref(),
        Some("2026-06-15T09:00:00.000Z")
    );
    assert_eq!(process.cancelled_at, None);
}

#[test]
fn a4_relationship_exists() {
    let data: RelationshipTemplateProcessedEventData =
        round_trip("a4_relationship_template_processed");
    assert_eq!(
        data.result(),
        Some(RelationshipTemplateProcessedResult::RelationshipExists)
    );
    let RelationshipTemplateProcessedEventData::RelationshipExists(exists) = &data else {
        panic!("{data:?}")
    };
    assert_eq!(exists.relationship_id, "RELexample0000000003");
    assert!(exists.extra.is_empty(), "\"result\" must not land in extra");
    let template = data.template().unwrap();
    assert_eq!(template.max_number_of_allocations, Some(1));
    assert_eq!(
        template.reference.as_ref().unwrap().url,
        "https://pilot.enmeshed.eu/r/RLTexample0000000060#M3xleGFtcGxlfHw"
    );
    let RelationshipTemplateContentDerivation::Relationship(content) = &template.content else {
        panic!("not a RelationshipTemplateContent")
    };
    assert_eq!(content.title.as_deref(), Some("Onboarding"));
    assert_eq!(content.on_new_relationship.id, None);
    assert!(content.on_existing_relationship.is_none());
    let RequestItemOrGroup::Item(item) = &content.on_new_relationship.items[0] else {
        panic!("not an item")
    };
    assert_eq!(item.type_name, "ShareAttributeRequestItem");
}

#[test]
fn a4_unknown_result_keeps_the_whole_object() {
    let data: RelationshipTemplateProcessedEventData = round_trip("a4_unknown_result");
    assert_eq!(
        data,
        RelationshipTemplateProcessedEventData::Unknown(example("a4_unknown_result"))
    );
    assert_eq!(
        data.result(),
        Some(RelationshipTemplateProcessedResult::Other(
            "TemplateRevoked".into()
        ))
    );
    assert_eq!(data.template(), None);
}

#[test]
fn template_processed_manual_decision() {
    let data: RelationshipTemplateProcessedEventData =
        round_trip("template_processed_manual_decision");
    let RelationshipTemplateProcessedEventData::ManualRequestDecisionRequired(processed) = &data
    else {
        panic!("{data:?}")
    };
    assert_eq!(processed.request_id, "REQexample0000000131");
    let protection = processed.template.password_protection.as_ref().unwrap();
    assert_eq!(protection.password_is_pin, Some(true));
    assert_eq!(
        protection.password_location_indicator,
        Some(PasswordLocationIndicator::Code(50))
    );
    let RelationshipTemplateContentDerivation::Relationship(content) = &processed.template.content
    else {
        panic!("content")
    };
    assert_eq!(
        content.metadata,
        Some(json!({"campaign": "spring", "rank": 1.25}))
    );
    let existing = content.on_existing_relationship.as_ref().unwrap();
    let RequestItemOrGroup::Item(item) = &existing.items[0] else {
        panic!("not an item")
    };
    assert!(!item.must_be_accepted);
    let RequestItemOrGroup::Item(item) = &content.on_new_relationship.items[0] else {
        panic!("not an item")
    };
    assert_eq!(item.description.as_deref(), Some("Needed"));
    assert_eq!(item.metadata, Some(json!({"k": 1})));
}

#[test]
fn p1_share_credential_offer() {
    let data: ShareCredentialOfferRequestItemProcessedByRecipientEventData =
        round_trip("p1_share_credential_offer_processed");
    assert!(data.accepted);
    assert_eq!(data.peer, PEER);
    assert!(data
        .credential_offer_url
        .starts_with("openid-credential-offer://"));
}

#[test]
fn p2_incoming_request() {
    let request: LocalRequestDto = round_trip("p2_incoming_request_received");
    assert!(!request.is_own);
    assert_eq!(request.status, LocalRequestStatus::Open);
    assert!(request.response.is_none());
    assert_eq!(request.was_automatically_decided, None);
    let RequestItemOrGroup::Item(item) = &request.content.items[0] else {
        panic!("not an item")
    };
    assert_eq!(item.type_name, "ConsentRequestItem");
    assert_eq!(item.extra["consent"], "I agree to the terms.");
}

#[test]
fn p3_file() {
    let file: FileDto = round_trip("p3_file_ownership_claimed");
    assert_eq!(file.filesize, 48213);
    assert_eq!(file.owner.as_deref(), Some(PEER));
    assert_eq!(file.title.as_deref(), Some("Contract"));
    assert_eq!(file.ownership_is_locked, None);
}

#[test]
fn p4_request_completed_from_relationship() {
    let request: LocalRequestDto = round_trip("p4_outgoing_request_from_relationship_creation");
    assert_eq!(
        request.source.as_ref().unwrap().source_type,
        RequestSourceType::RelationshipTemplate
    );
    let response = request.response.as_ref().unwrap();
    let source = response.source.as_ref().unwrap();
    assert_eq!(source.source_type, ResponseSourceType::Relationship);
    assert_eq!(source.reference, "RELexample0000000003");
}

#[test]
fn v4_relationship_keeps_changes_in_extra() {
    let relationship: RelationshipDto = round_trip("v4_relationship_with_changes");
    assert!(relationship.audit_log.is_none());
    assert!(relationship.creation_content.is_none());
    assert_eq!(relationship.extra["changes"][0]["type"], "Creation");
    assert_eq!(relationship.peer_identity.extra["realm"], "id1");
    let template = relationship.template.as_deref().unwrap();
    assert!(template.reference.is_none());
    assert_eq!(template.extra["secretKey"]["alg"], 3);
}

#[test]
fn v6_relationship_with_full_template() {
    let relationship: RelationshipDto = round_trip("v6_relationship_with_template");
    assert_eq!(relationship.template_id, None);
    assert_eq!(relationship.template_id(), Some("RLTexample0000000091"));
    assert_eq!(relationship.status, RelationshipStatus::DeletionProposed);
    let template = relationship.template.as_deref().unwrap();
    assert!(template.is_own);
    assert_eq!(
        template.extra["truncatedReference"],
        "UkxUZXhhbXBsZTAwMDAwMDAwOTF8M3xleGFtcGxl"
    );
    assert!(matches!(
        template.content,
        RelationshipTemplateContentDerivation::Arbitrary(_)
    ));
    let last = relationship.audit_log.as_deref().unwrap().last().unwrap();
    assert_eq!(
        last.reason,
        RelationshipAuditLogEntryReason::DecompositionDueToIdentityDeletion
    );
    assert_eq!(last.created_by_device, None);
    assert_eq!(
        relationship
            .peer_deletion_info
            .as_ref()
            .unwrap()
            .deletion_status,
        PeerDeletionStatus::Deleted
    );
}

#[test]
fn v6_local_attribute_with_share_info() {
    let attribute: LocalAttributeDto = round_trip("v6_local_attribute_with_share_info");
    assert_eq!(attribute.type_name, None);
    assert_eq!(attribute.peer, None);
    assert_eq!(attribute.effective_peer(), Some(PEER));
    let share = attribute.share_info.as_ref().unwrap();
    assert_eq!(
        share.request_reference.as_deref(),
        Some("REQexample0000000093")
    );
    assert_eq!(
        share.source_attribute.as_deref(),
        Some("ATTexample0000000094")
    );
    let deletion = attribute.deletion_info.as_ref().unwrap();
    assert_eq!(
        deletion.deletion_status,
        AttributeDeletionStatus::ToBeDeletedByPeer
    );
    let AttributeContent::Identity(content) = &attribute.content else {
        panic!("not an IdentityAttribute")
    };
    assert_eq!(content.owner, OWN);
    assert_eq!(content.tags.as_deref(), Some(&["x:work".to_owned()][..]));
}

#[test]
fn v6_third_party_relationship_attribute() {
    let attribute: LocalAttributeDto = round_trip("v6_local_attribute_third_party");
    assert_eq!(attribute.parent_id.as_deref(), Some("ATTexample0000000096"));
    let share = attribute.share_info.as_ref().unwrap();
    assert_eq!(
        share.third_party_address.as_deref(),
        Some("did:e:pilot.enmeshed.eu:dids:0123456789abcdef012345")
    );
    let AttributeContent::Relationship(content) = &attribute.content else {
        panic!("not a RelationshipAttribute")
    };
    assert_eq!(content.confidentiality, Confidentiality::Protected);
    assert_eq!(content.is_technical, Some(false));
    assert_eq!(content.value.type_name, "ProprietaryString");
    assert_eq!(content.extra["validFrom"], "2025-01-01T00:00:00.000Z");
}

#[test]
fn v6_identity_deletion_process_approved() {
    let process: IdentityDeletionProcessDto = round_trip("v6_identity_deletion_process_approved");
    assert_eq!(process.status, IdentityDeletionProcessStatus::Approved);
    assert_eq!(
        process.approved_by_device.as_deref(),
        Some("DVCexample0000000001")
    );
    assert!(process.extra.is_empty());
}

#[test]
fn v6_mail_without_body_format() {
    let message: MessageDto = round_trip("v6_mail_without_body_format");
    let MessageContent::Mail(mail) = &message.content else {
        panic!("not a Mail")
    };
    assert_eq!(mail.body_format, None);
    assert_eq!(mail.cc, None);
}

#[test]
fn message_content_kinds() {
    let message: MessageDto = round_trip("message_mail_markdown");
    let MessageContent::Mail(mail) = &message.content else {
        panic!("not a Mail")
    };
    assert_eq!(mail.body_format, Some(BodyFormat::Markdown));

    let message: MessageDto = round_trip("message_response_wrapper");
    assert_eq!(
        message.was_read_at.as_deref(),
        Some("2026-03-02T11:00:00.500Z")
    );
    let MessageContent::ResponseWrapper(wrapper) = &message.content else {
        panic!("not a ResponseWrapper")
    };
    assert_eq!(wrapper.request_source_type, RequestSourceType::Message);
    assert_eq!(wrapper.response.result, ResponseResult::Rejected);

    let message: MessageDto = round_trip("message_notification");
    let MessageContent::Notification(notification) = &message.content else {
        panic!("not a Notification")
    };
    assert_eq!(notification.id, "NOTexample0000000031");
    assert_eq!(
        notification.items[0].type_name,
        "PeerAttributeSucceededNotificationItem"
    );
}

#[test]
fn unknown_content_type_keeps_the_whole_object() {
    let message: MessageDto = round_trip("unknown_message_content_type");
    let expected = example("unknown_message_content_type")["content"].clone();
    assert_eq!(message.content, MessageContent::Unknown(expected));
    let MessageContent::Unknown(content) = &message.content else {
        panic!("not Unknown")
    };
    assert_eq!(content["@type"], "CalendarInvite");
    assert_eq!(content["priority"].as_f64(), Some(3.5));
    assert_eq!(content["sequence"].as_u64(), Some(u64::MAX));
}

#[test]
fn unknown_fields_land_in_extra() {
    let relationship: RelationshipDto = round_trip("unknown_extra_fields");
    assert_eq!(relationship.extra["syncIndex"], 42);
    assert_eq!(
        relationship.extra["futureField"]["nested"][4].as_i64(),
        Some(i64::MIN)
    );
    assert_eq!(
        relationship.extra["futureField"]["nested"][5].as_u64(),
        Some(u64::MAX)
    );
    assert_eq!(relationship.peer_identity.extra["keyVersion"], 2);
    assert_eq!(
        relationship.audit_log.as_deref().unwrap()[0].extra["comment"],
        Value::Null
    );
    let Some(RelationshipCreationContentDerivation::Relationship(content)) =
        &relationship.creation_content
    else {
        panic!("not a RelationshipCreationContent")
    };
    assert_eq!(content.extra["locale"], "de");
    assert_eq!(content.response.extra["signature"]["alg"], 1);
    let ResponseItemOrGroup::Group(group) = &content.response.items[0] else {
        panic!("not a group")
    };
    assert_eq!(group.extra["groupNote"], "n");
    assert_eq!(group.items[0].extra["futureFlag"], true);
    assert!(
        !group.extra.contains_key("@type"),
        "\"@type\" must not land in extra"
    );
}

#[test]
fn unknown_enum_values_are_kept() {
    let data: RequestStatusChangedEventData = round_trip("unknown_enum_value");
    assert_eq!(
        data.new_status,
        LocalRequestStatus::Other("Archived".into())
    );
    assert_eq!(data.old_status, LocalRequestStatus::Completed);
    assert_eq!(
        data.request.source.as_ref().unwrap().source_type,
        RequestSourceType::Other("Token".into())
    );
    let response = data.request.response.as_ref().unwrap();
    assert_eq!(
        response.content.result,
        ResponseResult::Other("PartiallyAccepted".into())
    );
    let ResponseItemOrGroup::Group(group) = &response.content.items[0] else {
        panic!("not a group")
    };
    assert_eq!(
        group.items[0].result,
        ResponseItemResult::Other("Deferred".into())
    );
    let RequestItemOrGroup::Group(group) = &data.request.content.items[0] else {
        panic!("not a group")
    };
    assert_eq!(group.title.as_deref(), Some("Contact"));
    assert_eq!(group.items[0].type_name, "ReadAttributeRequestItem");
}

#[test]
fn open_enums_map_known_strings_to_variants() {
    assert_eq!(
        RelationshipStatus::from("Active"),
        RelationshipStatus::Active
    );
    assert_eq!(
        RelationshipStatus::from("Suspended".to_owned()),
        RelationshipStatus::Other("Suspended".into())
    );
    assert_eq!(
        RelationshipStatus::from("Active".to_owned()),
        RelationshipStatus::Active
    );
    assert_eq!(
        PasswordLocation::from("Self"),
        PasswordLocation::SelfProvided
    );
    assert_eq!(PasswordLocation::Sms.as_str(), "SMS");
    assert_eq!(Confidentiality::Public.to_string(), "public");
    assert_eq!(
        serde_json::to_value(ResponseItemResult::Error).unwrap(),
        json!("Error")
    );
    let indicator: PasswordLocationIndicator = serde_json::from_value(json!("Letter")).unwrap();
    assert_eq!(
        indicator,
        PasswordLocationIndicator::Named(PasswordLocation::Letter)
    );
}

#[test]
fn tagged_structs_write_their_type() {
    let mail = Mail {
        to: vec![PEER.to_owned()],
        cc: None,
        subject: "s".to_owned(),
        body: "b".to_owned(),
        body_format: None,
        extra: Default::default(),
    };
    let written = serde_json::to_string(&mail).unwrap();
    assert_eq!(
        written,
        format!(r#"{{"@type":"Mail","to":["{PEER}"],"subject":"s","body":"b"}}"#)
    );
    assert_eq!(Mail::TYPE_NAME, "Mail");
    let content: MessageContent = serde_json::from_str(&written).unwrap();
    assert_eq!(content, MessageContent::Mail(mail));
}

#[test]
fn data_less_events() {
    assert_eq!(
        EventData::from_json(DataType::None, example("a5_modules_started")).unwrap(),
        EventData::None
    );
    assert_eq!(
        EventData::from_json(DataType::None, Value::Null).unwrap(),
        EventData::None
    );
    assert_eq!(
        EventData::from_json(DataType::None, json!({"x": 1})).unwrap(),
        EventData::Unknown(json!({"x": 1}))
    );
    assert_eq!(
        EventData::from_json(DataType::OptionalIdentityDeletionProcess, Value::Null).unwrap(),
        EventData::None
    );
    assert_eq!(
        EventData::from_json(DataType::Any, Value::Null).unwrap(),
        EventData::None
    );
    assert_eq!(
        EventData::from_json(DataType::Any, json!([1, 2])).unwrap(),
        EventData::Unknown(json!([1, 2]))
    );
    assert_eq!(serde_json::to_value(EventData::None).unwrap(), Value::Null);
}

#[test]
fn data_type_names() {
    let names: BTreeSet<&str> = DataType::ALL
        .iter()
        .map(|data_type| data_type.type_name())
        .collect();
    assert_eq!(names.len(), DataType::ALL.len());
    assert_eq!(DataType::Message.type_name(), "MessageDTO");
    assert_eq!(
        DataType::RelationshipTemplateProcessed.type_name(),
        "RelationshipTemplateProcessedEventData"
    );
    assert_eq!(DataType::None.type_name(), "none");
    assert_eq!(DataType::Any.to_string(), "any");
}

fn error_of(data_type: DataType, value: Value) -> String {
    match EventData::from_json(data_type, value) {
        Ok(data) => panic!("expected an error, got {data:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn wrong_field_type_is_an_error() {
    let mut message = example("w1_message_received");
    message["isOwn"] = json!("yes");
    assert_eq!(
        error_of(DataType::Message, message.clone()),
        r#"invalid type: string "yes", expected a boolean"#
    );
    assert!(serde_json::from_value::<MessageDto>(message).is_err());
}

#[test]
fn known_type_with_bad_fields_is_an_error_not_unknown() {
    let mut message = example("w1_message_received");
    message["content"]["to"] = json!(5);
    assert_eq!(
        error_of(DataType::Message, message),
        "invalid type: integer `5`, expected a sequence"
    );
}

#[test]
fn content_must_be_an_object() {
    let mut message = example("w1_message_received");
    message["content"] = json!("hello");
    assert_eq!(
        error_of(DataType::Message, message),
        r#"invalid type: string "hello", expected a map"#
    );
}

#[test]
fn fixed_type_mismatch_is_an_error() {
    let mut request = example("p2_incoming_request_received");
    request["content"]["@type"] = json!("Mail");
    assert_eq!(
        error_of(DataType::LocalRequest, request),
        r#"expected "@type": "Request", found "Mail""#
    );
}

#[test]
fn known_result_without_its_id_is_an_error() {
    let mut data = example("template_processed_manual_decision");
    data.as_object_mut().unwrap().remove("requestId");
    assert_eq!(
        error_of(DataType::RelationshipTemplateProcessed, data),
        "missing field `requestId`"
    );
}

#[test]
fn missing_data_for_a_required_type_is_an_error() {
    assert_eq!(
        error_of(DataType::IdentityDeletionProcess, Value::Null),
        "invalid type: null, expected struct IdentityDeletionProcessDto"
    );
}
