//! The Connector's DTOs, declared once (spec §3; Runtime 7.5.x, plus the v5/v6 shapes still
//! sent by Connectors in the field).

use super::schema::ANY_OBJECT_SHAPE;
use super::schema::{
    opt, req, EnumShape, IdKind, ObjectShape, Shape, UnionShape, UnknownTag, Untagged,
};
use crate::dto::DataType;

// ---- ids and enumerations ----

static MESSAGE_ID: IdKind = IdKind {
    prefix: "MSG",
    described: "a Message id (MSG…)",
};
static RELATIONSHIP_ID: IdKind = IdKind {
    prefix: "REL",
    described: "a Relationship id (REL…)",
};
static TEMPLATE_ID: IdKind = IdKind {
    prefix: "RLT",
    described: "a RelationshipTemplate id (RLT…)",
};
static REQUEST_ID: IdKind = IdKind {
    prefix: "REQ",
    described: "a Request id (REQ…)",
};
static ATTRIBUTE_ID: IdKind = IdKind {
    prefix: "ATT",
    described: "an Attribute id (ATT…)",
};
static FILE_ID: IdKind = IdKind {
    prefix: "FIL",
    described: "a File id (FIL…)",
};
static DEVICE_ID: IdKind = IdKind {
    prefix: "DVC",
    described: "a Device id (DVC…)",
};
static NOTIFICATION_ID: IdKind = IdKind {
    prefix: "NOT",
    described: "a Notification id (NOT…)",
};
static DELETION_PROCESS_ID: IdKind = IdKind {
    prefix: "IDP",
    described: "an IdentityDeletionProcess id (IDP…)",
};

static RELATIONSHIP_STATUS: EnumShape = EnumShape {
    // "Terminating" is the v4 name; kept so v4-era data is not flagged.
    values: &[
        "Pending",
        "Active",
        "Rejected",
        "Revoked",
        "Terminated",
        "DeletionProposed",
        "Terminating",
    ],
};
static AUDIT_REASON: EnumShape = EnumShape {
    values: &[
        "Creation",
        "AcceptanceOfCreation",
        "RejectionOfCreation",
        "RevocationOfCreation",
        "Termination",
        "ReactivationRequested",
        "AcceptanceOfReactivation",
        "RejectionOfReactivation",
        "RevocationOfReactivation",
        "Decomposition",
        "DecompositionDueToIdentityDeletion",
    ],
};
static LOCAL_REQUEST_STATUS: EnumShape = EnumShape {
    values: &[
        "Draft",
        "Open",
        "DecisionRequired",
        "ManualDecisionRequired",
        "Decided",
        "Completed",
        "Expired",
    ],
};
static MESSAGE_PROCESSED_RESULT: EnumShape = EnumShape {
    values: &[
        "RequestAutomaticallyDecided",
        "ManualRequestDecisionRequired",
        "NoRequest",
        "Error",
    ],
};
static ACCEPTED_OR_REJECTED: EnumShape = EnumShape {
    values: &["Accepted", "Rejected"],
};
// The enum member is called `Failed`, but its value on the wire is "Error".
static RESPONSE_ITEM_RESULT: EnumShape = EnumShape {
    values: &["Accepted", "Rejected", "Error"],
};
static BODY_FORMAT: EnumShape = EnumShape {
    values: &["PlainText", "Markdown"],
};
static REQUEST_SOURCE_TYPE: EnumShape = EnumShape {
    values: &["Message", "RelationshipTemplate"],
};
static RESPONSE_SOURCE_TYPE: EnumShape = EnumShape {
    values: &["Message", "Relationship"],
};
static WRAPPER_SOURCE_TYPE: EnumShape = EnumShape {
    values: &["RelationshipTemplate", "Message"],
};
static PEER_DELETION_STATUS: EnumShape = EnumShape {
    values: &["ToBeDeleted", "Deleted"],
};
static CONFIDENTIALITY: EnumShape = EnumShape {
    values: &["public", "protected", "private"],
};
static PASSWORD_LOCATION: EnumShape = EnumShape {
    values: &[
        "RecoveryKit",
        "Self",
        "Letter",
        "RegistrationLetter",
        "Email",
        "SMS",
        "Website",
    ],
};
static ATTRIBUTE_DELETION_STATUS_V7: EnumShape = EnumShape {
    values: &[
        "DeletionRequestSent",
        "DeletionRequestRejected",
        "ToBeDeleted",
        "ToBeDeletedByRecipient",
        "DeletedByRecipient",
        "DeletedByEmitter",
    ],
};
static ATTRIBUTE_DELETION_STATUS_V6: EnumShape = EnumShape {
    values: &[
        "DeletionRequestSent",
        "DeletionRequestRejected",
        "ToBeDeleted",
        "ToBeDeletedByPeer",
        "DeletedByPeer",
        "DeletedByOwner",
    ],
};
// v7 "Active"; v6 "Approved"; v5 "WaitingForApproval" and "Rejected"; all "Cancelled".
static DELETION_PROCESS_STATUS: EnumShape = EnumShape {
    values: &[
        "Active",
        "Cancelled",
        "Approved",
        "WaitingForApproval",
        "Rejected",
    ],
};

// ---- messages ----

pub(crate) static MESSAGE: ObjectShape = ObjectShape {
    name: "MessageDTO",
    fields: &[
        req("id", Shape::Id(&MESSAGE_ID)),
        req("isOwn", Shape::Boolean),
        req("content", Shape::Union(&MESSAGE_CONTENT)),
        req("createdBy", Shape::String),
        req("createdByDevice", Shape::Id(&DEVICE_ID)),
        req("recipients", Shape::Array(&Shape::Object(&RECIPIENT))),
        req("createdAt", Shape::DateTime),
        req("attachments", Shape::Array(&Shape::Id(&FILE_ID))),
        opt("wasReadAt", Shape::DateTime),
    ],
    one_of: &[],
};
static RECIPIENT: ObjectShape = ObjectShape {
    name: "RecipientDTO",
    fields: &[
        req("address", Shape::String),
        opt("receivedAt", Shape::DateTime),
        opt("receivedByDevice", Shape::Id(&DEVICE_ID)),
        opt("relationshipId", Shape::Id(&RELATIONSHIP_ID)),
    ],
    one_of: &[],
};
static MESSAGE_CONTENT: UnionShape = UnionShape {
    tag: "@type",
    variants: &[
        ("Mail", &MAIL),
        ("Request", &REQUEST),
        ("ResponseWrapper", &RESPONSE_WRAPPER),
        ("Notification", &NOTIFICATION),
        ("ArbitraryMessageContent", &ARBITRARY_CONTENT),
    ],
    untagged: Untagged::Missing("message content"),
    unknown: UnknownTag::Open(&ANY_OBJECT_SHAPE),
};
static MAIL: ObjectShape = ObjectShape {
    name: "Mail",
    fields: &[
        req("to", Shape::Array(&Shape::String)),
        opt("cc", Shape::Array(&Shape::String)),
        req("subject", Shape::String),
        req("body", Shape::String),
        opt("bodyFormat", Shape::Enum(&BODY_FORMAT)),
    ],
    one_of: &[],
};
static NOTIFICATION: ObjectShape = ObjectShape {
    name: "Notification",
    fields: &[
        req("id", Shape::Id(&NOTIFICATION_ID)),
        req("items", Shape::Array(&Shape::AnyObject)),
    ],
    one_of: &[],
};
static ARBITRARY_CONTENT: ObjectShape = ObjectShape {
    name: "arbitrary content",
    fields: &[req("value", Shape::Any)],
    one_of: &[],
};

// ---- requests and responses ----

static REQUEST: ObjectShape = ObjectShape {
    name: "Request",
    fields: &[
        opt("id", Shape::Id(&REQUEST_ID)),
        opt("title", Shape::String),
        opt("description", Shape::String),
        opt("expiresAt", Shape::DateTime),
        req("items", Shape::Array(&Shape::Union(&REQUEST_ITEM))),
        opt("metadata", Shape::AnyObject),
    ],
    one_of: &[],
};
static REQUEST_ITEM: UnionShape = UnionShape {
    tag: "@type",
    variants: &[("RequestItemGroup", &REQUEST_ITEM_GROUP)],
    untagged: Untagged::Missing("request item"),
    // Dozens of item kinds exist and more come: any kind is read with the common fields.
    unknown: UnknownTag::Open(&REQUEST_ITEM_COMMON),
};
static REQUEST_ITEM_COMMON: ObjectShape = ObjectShape {
    name: "RequestItem",
    fields: &[
        req("mustBeAccepted", Shape::Boolean),
        opt("description", Shape::String),
        opt("metadata", Shape::AnyObject),
    ],
    one_of: &[],
};
static REQUEST_ITEM_GROUP: ObjectShape = ObjectShape {
    name: "RequestItemGroup",
    fields: &[
        req("items", Shape::Array(&Shape::Union(&REQUEST_ITEM))),
        opt("title", Shape::String),
        opt("description", Shape::String),
        opt("metadata", Shape::AnyObject),
    ],
    one_of: &[],
};
static RESPONSE: ObjectShape = ObjectShape {
    name: "Response",
    fields: &[
        req("result", Shape::Enum(&ACCEPTED_OR_REJECTED)),
        req("requestId", Shape::Id(&REQUEST_ID)),
        req("items", Shape::Array(&Shape::Union(&RESPONSE_ITEM))),
    ],
    one_of: &[],
};
static RESPONSE_ITEM: UnionShape = UnionShape {
    tag: "@type",
    variants: &[("ResponseItemGroup", &RESPONSE_ITEM_GROUP)],
    untagged: Untagged::Missing("response item"),
    unknown: UnknownTag::Open(&RESPONSE_ITEM_COMMON),
};
static RESPONSE_ITEM_COMMON: ObjectShape = ObjectShape {
    name: "ResponseItem",
    fields: &[req("result", Shape::Enum(&RESPONSE_ITEM_RESULT))],
    one_of: &[],
};
static RESPONSE_ITEM_GROUP: ObjectShape = ObjectShape {
    name: "ResponseItemGroup",
    fields: &[req("items", Shape::Array(&Shape::Union(&RESPONSE_ITEM)))],
    one_of: &[],
};
static RESPONSE_WRAPPER: ObjectShape = ObjectShape {
    name: "ResponseWrapper",
    fields: &[
        req("requestId", Shape::Id(&REQUEST_ID)),
        req("requestSourceReference", Shape::String),
        req("requestSourceType", Shape::Enum(&WRAPPER_SOURCE_TYPE)),
        req("response", Shape::Object(&RESPONSE)),
    ],
    one_of: &[],
};
pub(crate) static LOCAL_REQUEST: ObjectShape = ObjectShape {
    name: "LocalRequestDTO",
    fields: &[
        req("id", Shape::Id(&REQUEST_ID)),
        req("isOwn", Shape::Boolean),
        req("peer", Shape::String),
        req("createdAt", Shape::DateTime),
        req("status", Shape::Enum(&LOCAL_REQUEST_STATUS)),
        req("content", Shape::Object(&REQUEST)),
        opt("source", Shape::Object(&REQUEST_SOURCE)),
        opt("response", Shape::Object(&LOCAL_RESPONSE)),
        opt("wasAutomaticallyDecided", Shape::True),
    ],
    one_of: &[],
};
static REQUEST_SOURCE: ObjectShape = ObjectShape {
    name: "LocalRequestSourceDTO",
    fields: &[
        req("type", Shape::Enum(&REQUEST_SOURCE_TYPE)),
        req("reference", Shape::String),
    ],
    one_of: &[],
};
static LOCAL_RESPONSE: ObjectShape = ObjectShape {
    name: "LocalResponseDTO",
    fields: &[
        req("createdAt", Shape::DateTime),
        req("content", Shape::Object(&RESPONSE)),
        opt("source", Shape::Object(&RESPONSE_SOURCE)),
    ],
    one_of: &[],
};
static RESPONSE_SOURCE: ObjectShape = ObjectShape {
    name: "LocalResponseSourceDTO",
    fields: &[
        req("type", Shape::Enum(&RESPONSE_SOURCE_TYPE)),
        req("reference", Shape::String),
    ],
    one_of: &[],
};
static REQUEST_STATUS_CHANGED: ObjectShape = ObjectShape {
    name: "RequestStatusChangedEventData",
    fields: &[
        req("request", Shape::Object(&LOCAL_REQUEST)),
        req("oldStatus", Shape::Enum(&LOCAL_REQUEST_STATUS)),
        req("newStatus", Shape::Enum(&LOCAL_REQUEST_STATUS)),
    ],
    one_of: &[],
};
static MESSAGE_PROCESSED: ObjectShape = ObjectShape {
    name: "MessageProcessedEventData",
    fields: &[
        req("message", Shape::Object(&MESSAGE)),
        req("result", Shape::Enum(&MESSAGE_PROCESSED_RESULT)),
    ],
    one_of: &[],
};

// ---- relationships and templates ----

pub(crate) static RELATIONSHIP: ObjectShape = ObjectShape {
    name: "RelationshipDTO",
    fields: &[
        req("id", Shape::Id(&RELATIONSHIP_ID)),
        opt("templateId", Shape::Id(&TEMPLATE_ID)),
        // v5/v6 carried the whole template instead of its id.
        opt("template", Shape::Object(&TEMPLATE)),
        req("status", Shape::Enum(&RELATIONSHIP_STATUS)),
        req("peer", Shape::String),
        req("peerIdentity", Shape::Object(&PEER_IDENTITY)),
        opt("peerDeletionInfo", Shape::Object(&PEER_DELETION_INFO)),
        req("creationContent", Shape::Union(&CREATION_CONTENT)),
        req("auditLog", Shape::Array(&Shape::Object(&AUDIT_LOG_ENTRY))),
    ],
    one_of: &["templateId", "template"],
};
static PEER_IDENTITY: ObjectShape = ObjectShape {
    name: "IdentityDTO",
    fields: &[
        req("address", Shape::String),
        req("publicKey", Shape::String),
    ],
    one_of: &[],
};
static PEER_DELETION_INFO: ObjectShape = ObjectShape {
    name: "PeerDeletionInfoDTO",
    // deletionDate exists since v6.
    fields: &[
        req("deletionStatus", Shape::Enum(&PEER_DELETION_STATUS)),
        opt("deletionDate", Shape::DateTime),
    ],
    one_of: &[],
};
static CREATION_CONTENT: UnionShape = UnionShape {
    tag: "@type",
    variants: &[
        (
            "RelationshipCreationContent",
            &RELATIONSHIP_CREATION_CONTENT,
        ),
        ("ArbitraryRelationshipCreationContent", &ARBITRARY_CONTENT),
    ],
    untagged: Untagged::Missing("creation content"),
    unknown: UnknownTag::Open(&ANY_OBJECT_SHAPE),
};
static RELATIONSHIP_CREATION_CONTENT: ObjectShape = ObjectShape {
    name: "RelationshipCreationContent",
    fields: &[req("response", Shape::Object(&RESPONSE))],
    one_of: &[],
};
static AUDIT_LOG_ENTRY: ObjectShape = ObjectShape {
    name: "RelationshipAuditLogEntryDTO",
    fields: &[
        req("createdAt", Shape::DateTime),
        req("createdBy", Shape::String),
        opt("createdByDevice", Shape::Id(&DEVICE_ID)),
        req("reason", Shape::Enum(&AUDIT_REASON)),
        opt("oldStatus", Shape::Enum(&RELATIONSHIP_STATUS)),
        req("newStatus", Shape::Enum(&RELATIONSHIP_STATUS)),
    ],
    one_of: &[],
};
pub(crate) static TEMPLATE: ObjectShape = ObjectShape {
    name: "RelationshipTemplateDTO",
    fields: &[
        req("id", Shape::Id(&TEMPLATE_ID)),
        req("isOwn", Shape::Boolean),
        req("createdBy", Shape::String),
        req("createdByDevice", Shape::Id(&DEVICE_ID)),
        req("createdAt", Shape::DateTime),
        opt("forIdentity", Shape::String),
        opt("passwordProtection", Shape::Object(&PASSWORD_PROTECTION)),
        req("content", Shape::Union(&TEMPLATE_CONTENT)),
        opt("expiresAt", Shape::DateTime),
        opt("maxNumberOfAllocations", Shape::Number),
        opt("reference", Shape::Object(&REFERENCE)),
        // v5/v6.
        opt("truncatedReference", Shape::String),
    ],
    one_of: &["reference", "truncatedReference"],
};
static PASSWORD_PROTECTION: ObjectShape = ObjectShape {
    name: "PasswordProtectionDTO",
    fields: &[
        req("password", Shape::String),
        opt("passwordIsPin", Shape::True),
        opt(
            "passwordLocationIndicator",
            Shape::EnumOrNumber(&PASSWORD_LOCATION),
        ),
    ],
    one_of: &[],
};
static TEMPLATE_CONTENT: UnionShape = UnionShape {
    tag: "@type",
    variants: &[
        (
            "RelationshipTemplateContent",
            &RELATIONSHIP_TEMPLATE_CONTENT,
        ),
        ("ArbitraryRelationshipTemplateContent", &ARBITRARY_CONTENT),
    ],
    untagged: Untagged::Missing("template content"),
    unknown: UnknownTag::Open(&ANY_OBJECT_SHAPE),
};
static RELATIONSHIP_TEMPLATE_CONTENT: ObjectShape = ObjectShape {
    name: "RelationshipTemplateContent",
    fields: &[
        opt("title", Shape::String),
        opt("metadata", Shape::AnyObject),
        req("onNewRelationship", Shape::Object(&REQUEST)),
        opt("onExistingRelationship", Shape::Object(&REQUEST)),
    ],
    one_of: &[],
};
static REFERENCE: ObjectShape = ObjectShape {
    name: "ReferenceDTO",
    fields: &[req("truncated", Shape::String), req("url", Shape::String)],
    one_of: &[],
};
static TEMPLATE_PROCESSED: UnionShape = UnionShape {
    tag: "result",
    variants: &[
        (
            "RequestAutomaticallyDecided",
            &TEMPLATE_PROCESSED_WITH_REQUEST,
        ),
        (
            "ManualRequestDecisionRequired",
            &TEMPLATE_PROCESSED_WITH_REQUEST,
        ),
        (
            "NonCompletedRequestExists",
            &TEMPLATE_PROCESSED_WITH_REQUEST,
        ),
        ("RelationshipExists", &TEMPLATE_PROCESSED_WITH_RELATIONSHIP),
        ("NoRequest", &TEMPLATE_PROCESSED_PLAIN),
        ("Error", &TEMPLATE_PROCESSED_PLAIN),
        ("RequestExpired", &TEMPLATE_PROCESSED_PLAIN),
    ],
    untagged: Untagged::Missing("RelationshipTemplateProcessedEventData"),
    unknown: UnknownTag::Closed {
        shape: &TEMPLATE_PROCESSED_PLAIN,
        allowed: &[
            "RequestAutomaticallyDecided",
            "ManualRequestDecisionRequired",
            "NonCompletedRequestExists",
            "RelationshipExists",
            "NoRequest",
            "Error",
            "RequestExpired",
        ],
    },
};
static TEMPLATE_PROCESSED_WITH_REQUEST: ObjectShape = ObjectShape {
    name: "RelationshipTemplateProcessedEventData",
    fields: &[
        req("template", Shape::Object(&TEMPLATE)),
        req("requestId", Shape::Id(&REQUEST_ID)),
    ],
    one_of: &[],
};
static TEMPLATE_PROCESSED_WITH_RELATIONSHIP: ObjectShape = ObjectShape {
    name: "RelationshipTemplateProcessedEventData",
    fields: &[
        req("template", Shape::Object(&TEMPLATE)),
        req("relationshipId", Shape::Id(&RELATIONSHIP_ID)),
    ],
    one_of: &[],
};
static TEMPLATE_PROCESSED_PLAIN: ObjectShape = ObjectShape {
    name: "RelationshipTemplateProcessedEventData",
    fields: &[req("template", Shape::Object(&TEMPLATE))],
    one_of: &[],
};
static RELATIONSHIP_DECOMPOSED: ObjectShape = ObjectShape {
    name: "RelationshipDecomposedBySelfEventData",
    fields: &[req("relationshipId", Shape::Id(&RELATIONSHIP_ID))],
    one_of: &[],
};

// ---- attributes ----

pub(crate) static LOCAL_ATTRIBUTE: UnionShape = UnionShape {
    tag: "@type",
    variants: &[
        ("OwnIdentityAttribute", &LOCAL_ATTRIBUTE_V7),
        ("PeerIdentityAttribute", &LOCAL_ATTRIBUTE_V7),
        ("OwnRelationshipAttribute", &LOCAL_ATTRIBUTE_V7),
        ("PeerRelationshipAttribute", &LOCAL_ATTRIBUTE_V7),
        ("ThirdPartyRelationshipAttribute", &LOCAL_ATTRIBUTE_V7),
    ],
    // The v5/v6 LocalAttributeDTO has no "@type".
    untagged: Untagged::As(&LOCAL_ATTRIBUTE_V6),
    unknown: UnknownTag::Open(&LOCAL_ATTRIBUTE_V7),
};
static LOCAL_ATTRIBUTE_V7: ObjectShape = ObjectShape {
    name: "LocalAttributeDTO",
    fields: &[
        req("id", Shape::Id(&ATTRIBUTE_ID)),
        req("createdAt", Shape::DateTime),
        req("content", Shape::Union(&ATTRIBUTE_CONTENT)),
        opt("succeeds", Shape::Id(&ATTRIBUTE_ID)),
        opt("succeededBy", Shape::Id(&ATTRIBUTE_ID)),
        opt("wasViewedAt", Shape::DateTime),
        opt("isDefault", Shape::True),
        opt("peer", Shape::String),
        opt("sourceReference", Shape::String),
        opt("deletionInfo", Shape::Object(&ATTRIBUTE_DELETION_INFO_V7)),
        opt("initialAttributePeer", Shape::String),
        opt("numberOfForwards", Shape::Number),
    ],
    one_of: &[],
};
static LOCAL_ATTRIBUTE_V6: ObjectShape = ObjectShape {
    name: "LocalAttributeDTO (v6)",
    fields: &[
        req("id", Shape::Id(&ATTRIBUTE_ID)),
        opt("parentId", Shape::Id(&ATTRIBUTE_ID)),
        req("createdAt", Shape::DateTime),
        req("content", Shape::Union(&ATTRIBUTE_CONTENT)),
        opt("succeeds", Shape::Id(&ATTRIBUTE_ID)),
        opt("succeededBy", Shape::Id(&ATTRIBUTE_ID)),
        opt("shareInfo", Shape::Object(&SHARE_INFO_V6)),
        opt("deletionInfo", Shape::Object(&ATTRIBUTE_DELETION_INFO_V6)),
        opt("isDefault", Shape::True),
        opt("wasViewedAt", Shape::DateTime),
    ],
    one_of: &[],
};
static SHARE_INFO_V6: ObjectShape = ObjectShape {
    name: "LocalAttributeShareInfoDTO",
    fields: &[
        opt("requestReference", Shape::String),
        opt("notificationReference", Shape::String),
        req("peer", Shape::String),
        opt("sourceAttribute", Shape::Id(&ATTRIBUTE_ID)),
        opt("thirdPartyAddress", Shape::String),
    ],
    one_of: &[],
};
static ATTRIBUTE_DELETION_INFO_V7: ObjectShape = ObjectShape {
    name: "LocalAttributeDeletionInfoDTO",
    fields: &[
        req("deletionStatus", Shape::Enum(&ATTRIBUTE_DELETION_STATUS_V7)),
        req("deletionDate", Shape::DateTime),
    ],
    one_of: &[],
};
static ATTRIBUTE_DELETION_INFO_V6: ObjectShape = ObjectShape {
    name: "LocalAttributeDeletionInfoDTO (v6)",
    fields: &[
        req("deletionStatus", Shape::Enum(&ATTRIBUTE_DELETION_STATUS_V6)),
        req("deletionDate", Shape::DateTime),
    ],
    one_of: &[],
};
static ATTRIBUTE_CONTENT: UnionShape = UnionShape {
    tag: "@type",
    variants: &[
        ("IdentityAttribute", &IDENTITY_ATTRIBUTE),
        ("RelationshipAttribute", &RELATIONSHIP_ATTRIBUTE),
    ],
    untagged: Untagged::Missing("attribute content"),
    unknown: UnknownTag::Open(&ANY_OBJECT_SHAPE),
};
static IDENTITY_ATTRIBUTE: ObjectShape = ObjectShape {
    name: "IdentityAttribute",
    fields: &[
        req("owner", Shape::String),
        req("value", Shape::Union(&ATTRIBUTE_VALUE)),
        opt("tags", Shape::Array(&Shape::String)),
    ],
    one_of: &[],
};
static RELATIONSHIP_ATTRIBUTE: ObjectShape = ObjectShape {
    name: "RelationshipAttribute",
    fields: &[
        req("owner", Shape::String),
        req("key", Shape::String),
        opt("isTechnical", Shape::Boolean),
        req("confidentiality", Shape::Enum(&CONFIDENTIALITY)),
        req("value", Shape::Union(&ATTRIBUTE_VALUE)),
    ],
    one_of: &[],
};
/// Attribute values (`GivenName`, `ProprietaryString`, …): any object with an "@type".
static ATTRIBUTE_VALUE: UnionShape = UnionShape {
    tag: "@type",
    variants: &[],
    untagged: Untagged::Missing("attribute value"),
    unknown: UnknownTag::Open(&ANY_OBJECT_SHAPE),
};
static ATTRIBUTE_SUCCEEDED: ObjectShape = ObjectShape {
    name: "AttributeSucceededEventData",
    fields: &[
        req("predecessor", Shape::Union(&LOCAL_ATTRIBUTE)),
        req("successor", Shape::Union(&LOCAL_ATTRIBUTE)),
    ],
    one_of: &[],
};

// ---- files, identity deletion, credentials ----

pub(crate) static FILE: ObjectShape = ObjectShape {
    name: "FileDTO",
    fields: &[
        req("id", Shape::Id(&FILE_ID)),
        req("isOwn", Shape::Boolean),
        req("filename", Shape::String),
        opt("tags", Shape::Array(&Shape::String)),
        req("filesize", Shape::Number),
        req("createdAt", Shape::DateTime),
        req("createdBy", Shape::String),
        req("createdByDevice", Shape::Id(&DEVICE_ID)),
        req("expiresAt", Shape::DateTime),
        req("mimetype", Shape::String),
        opt("title", Shape::String),
        opt("description", Shape::String),
        opt("reference", Shape::Object(&REFERENCE)),
        // v5/v6.
        opt("truncatedReference", Shape::String),
        opt("owner", Shape::String),
        opt("ownershipToken", Shape::String),
        opt("ownershipIsLocked", Shape::True),
    ],
    one_of: &["reference", "truncatedReference"],
};
static IDENTITY_DELETION_PROCESS: ObjectShape = ObjectShape {
    name: "IdentityDeletionProcessDTO",
    fields: &[
        req("id", Shape::Id(&DELETION_PROCESS_ID)),
        req("status", Shape::Enum(&DELETION_PROCESS_STATUS)),
        opt("createdAt", Shape::DateTime),
        opt("createdByDevice", Shape::Id(&DEVICE_ID)),
        opt("gracePeriodEndsAt", Shape::DateTime),
        opt("cancelledAt", Shape::DateTime),
        opt("cancelledByDevice", Shape::Id(&DEVICE_ID)),
    ],
    one_of: &[],
};
static CREDENTIAL_OFFER_PROCESSED: ObjectShape = ObjectShape {
    name: "ShareCredentialOfferRequestItemProcessedByRecipientEventData",
    fields: &[
        req("credentialOfferUrl", Shape::String),
        req("accepted", Shape::Boolean),
        req("peer", Shape::String),
    ],
    one_of: &[],
};

/// The shape a data type is checked against; `None` for events without data.
pub(crate) fn shape_of(data_type: DataType) -> Option<Shape> {
    Some(match data_type {
        DataType::None => return None,
        DataType::Any => Shape::Any,
        DataType::Message => Shape::Object(&MESSAGE),
        DataType::Relationship => Shape::Object(&RELATIONSHIP),
        DataType::RelationshipTemplate => Shape::Object(&TEMPLATE),
        DataType::LocalRequest => Shape::Object(&LOCAL_REQUEST),
        DataType::RequestStatusChanged => Shape::Object(&REQUEST_STATUS_CHANGED),
        DataType::MessageProcessed => Shape::Object(&MESSAGE_PROCESSED),
        DataType::RelationshipTemplateProcessed => Shape::Union(&TEMPLATE_PROCESSED),
        DataType::LocalAttribute => Shape::Union(&LOCAL_ATTRIBUTE),
        DataType::AttributeSucceeded => Shape::Object(&ATTRIBUTE_SUCCEEDED),
        DataType::RelationshipDecomposedBySelf => Shape::Object(&RELATIONSHIP_DECOMPOSED),
        DataType::ShareCredentialOfferProcessed => Shape::Object(&CREDENTIAL_OFFER_PROCESSED),
        DataType::File => Shape::Object(&FILE),
        DataType::IdentityDeletionProcess | DataType::OptionalIdentityDeletionProcess => {
            Shape::Object(&IDENTITY_DELETION_PROCESS)
        }
    })
}
