//! The Connector's DTOs, declared once (spec §3; Runtime 7.5.x, plus the v5/v6 shapes still
//! sent by Connectors in the field).
//!
//! These tables drive validation (`validate.rs`), the JSON Schema (`json_schema.rs`) and the
//! package's TypeScript declarations (`typescript.rs` writes `js/types/dtos.d.ts`): a field's
//! presence and optionality are decided here and nowhere else. Checked against the official
//! `@nmshd/runtime-types` 7.0.0: a field the current DTO requires but older Connectors did not
//! send is `req(…).since(v)` (required in the TypeScript, checked when present), a field only
//! older Connectors send is `.until(6)` (accepted, left out of the current TypeScript).

use super::schema::ts_doc;
use super::schema::ANY_OBJECT_SHAPE;
use super::schema::{
    opt, req, Decl, EnumShape, IdKind, ObjectShape, Shape, TsObject, TsTag, UnionShape, UnknownTag,
    Untagged, TS,
};
use super::DataType;

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
    name: "RelationshipStatus",
    doc: ts_doc("Status of a Relationship (v5+)."),
    legacy: &["Terminating"],
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
    name: "RelationshipAuditLogEntryReason",
    doc: ts_doc("Why a Relationship audit-log entry was written (\"DecompositionDueToIdentityDeletion\" since v6)."),
    legacy: &[],
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
    name: "LocalRequestStatus",
    doc: ts_doc("Status of a LocalRequest (identical in v5/v6/v7)."),
    legacy: &[],
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
    name: "MessageProcessedResult",
    doc: ts_doc("Outcome of processing a received Message by the Request/Decider modules."),
    legacy: &[],
    values: &[
        "RequestAutomaticallyDecided",
        "ManualRequestDecisionRequired",
        "NoRequest",
        "Error",
    ],
};
static ACCEPTED_OR_REJECTED: EnumShape = EnumShape {
    name: "ResponseResult",
    doc: ts_doc("Result of a whole Response."),
    legacy: &[],
    values: &["Accepted", "Rejected"],
};
// The enum member is called `Failed`, but its value on the wire is "Error".
static RESPONSE_ITEM_RESULT: EnumShape = EnumShape {
    name: "ResponseItemResult",
    doc: ts_doc(
        "Result of one ResponseItem; the runtime's enum member `Failed` serializes as \"Error\".",
    ),
    legacy: &[],
    values: &["Accepted", "Rejected", "Error"],
};
static BODY_FORMAT: EnumShape = EnumShape {
    name: "MailBodyFormat",
    doc: ts_doc("Formatting of a Mail body (since Runtime 7.1.0; older Mails have no `bodyFormat` and are plain text)."),
    legacy: &[],
    values: &["PlainText", "Markdown"],
};
static REQUEST_SOURCE_TYPE: EnumShape = EnumShape {
    name: "",
    doc: "",
    legacy: &[],
    values: &["Message", "RelationshipTemplate"],
};
static RESPONSE_SOURCE_TYPE: EnumShape = EnumShape {
    name: "",
    doc: "",
    legacy: &[],
    values: &["Message", "Relationship"],
};
static WRAPPER_SOURCE_TYPE: EnumShape = EnumShape {
    name: "",
    doc: "",
    legacy: &[],
    values: &["RelationshipTemplate", "Message"],
};
static PEER_DELETION_STATUS: EnumShape = EnumShape {
    name: "PeerDeletionStatus",
    doc: ts_doc("Deletion state of the peer of a Relationship."),
    legacy: &[],
    values: &["ToBeDeleted", "Deleted"],
};
static CONFIDENTIALITY: EnumShape = EnumShape {
    name: "RelationshipAttributeConfidentiality",
    doc: ts_doc("Who may see a RelationshipAttribute beyond its Relationship."),
    legacy: &[],
    values: &["public", "protected", "private"],
};
static PASSWORD_LOCATION: EnumShape = EnumShape {
    name: "PasswordLocationIndicator",
    doc: ts_doc("Where the password of a password-protected template/token is kept: a named location or a number 50–99."),
    legacy: &[],
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
    name: "LocalAttributeDeletionStatus",
    doc: ts_doc("Deletion status of a v7 LocalAttribute (emitted side: DeletionRequestSent/Rejected, ToBeDeletedByRecipient, DeletedByRecipient; received side: ToBeDeleted, DeletedByEmitter)."),
    legacy: &[],
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
    name: "LocalAttributeDeletionStatusV6",
    doc: ts_doc("Deletion status of a v5/v6 LocalAttribute."),
    legacy: &[],
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
    name: "IdentityDeletionProcessStatus",
    doc: ts_doc("Status of the own IdentityDeletionProcess (v7; v6 used \"Approved\" instead of \"Active\")."),
    legacy: &["Approved", "WaitingForApproval", "Rejected"],
    values: &[
        "Active",
        "Cancelled",
        "Approved",
        "WaitingForApproval",
        "Rejected",
    ],
};

static LOCAL_ATTRIBUTE_TYPE: EnumShape = EnumShape {
    name: "LocalAttributeType",
    doc: ts_doc("Kind of a v7 LocalAttribute."),
    values: &[
        "OwnIdentityAttribute",
        "PeerIdentityAttribute",
        "OwnRelationshipAttribute",
        "PeerRelationshipAttribute",
        "ThirdPartyRelationshipAttribute",
    ],
    legacy: &[],
};

// ---- messages ----

pub(crate) static MESSAGE: ObjectShape = ObjectShape {
    name: "MessageDTO",
    fields: &[
        req("id", Shape::Id(&MESSAGE_ID)).doc("\"MSG…\"."),
        req("isOwn", Shape::Boolean).doc("true = sent by this Connector."),
        req("content", Shape::Union(&MESSAGE_CONTENT)),
        req("createdBy", Shape::String).doc("Sender address."),
        req("createdByDevice", Shape::Id(&DEVICE_ID)).doc("\"DVC…\"."),
        req("recipients", Shape::Array(&Shape::Object(&RECIPIENT))),
        req("createdAt", Shape::DateTime),
        req("attachments", Shape::Array(&Shape::Id(&FILE_ID))).doc("File ids (\"FIL…\")."),
        opt("wasReadAt", Shape::DateTime),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("A Message (data of `transport.message*`, `consumption.mailReceived`; inside `consumption.messageProcessed`)."),
        ..TS
    },
};
static RECIPIENT: ObjectShape = ObjectShape {
    name: "RecipientDTO",
    fields: &[
        req("address", Shape::String),
        opt("receivedAt", Shape::DateTime),
        opt("receivedByDevice", Shape::Id(&DEVICE_ID)).doc("\"DVC…\"."),
        opt("relationshipId", Shape::Id(&RELATIONSHIP_ID)).doc("\"REL…\"."),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("One recipient of a Message."),
        ..TS
    },
};
static MESSAGE_CONTENT: UnionShape = UnionShape {
    name: "MessageContent",
    doc: ts_doc("The content of a Message, discriminated by \"@type\"."),
    tag: "@type",
    variants: &[
        ("Mail", &MAIL),
        ("Request", &REQUEST),
        ("ResponseWrapper", &RESPONSE_WRAPPER),
        ("Notification", &NOTIFICATION),
        ("ArbitraryMessageContent", &ARBITRARY_MESSAGE_CONTENT),
    ],
    untagged: Untagged::Missing("message content"),
    unknown: UnknownTag::Open(&ANY_OBJECT_SHAPE),
};
static MAIL: ObjectShape = ObjectShape {
    name: "Mail",
    fields: &[
        req("to", Shape::Array(&Shape::String)).doc("At least one recipient address."),
        opt("cc", Shape::Array(&Shape::String)).doc("Serialized as `[]` when there is none."),
        req("subject", Shape::String),
        req("body", Shape::String),
        opt("bodyFormat", Shape::Enum(&BODY_FORMAT))
            .doc("Since Runtime 7.1.0 / Connector 7.2.0 (and absent in `@nmshd/content` 7.0.0)."),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("A Mail (`content[\"@type\"] === \"Mail\"`)."),
        tag: TsTag::Literal("Mail"),
        metadata: true,
        ..TS
    },
};
static NOTIFICATION: ObjectShape = ObjectShape {
    name: "Notification",
    fields: &[
        req("id", Shape::Id(&NOTIFICATION_ID)).doc("\"NOT…\"."),
        req("items", Shape::Array(&Shape::Object(&NOTIFICATION_ITEM))),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("A Notification (`content[\"@type\"] === \"Notification\"`)."),
        tag: TsTag::Literal("Notification"),
        metadata: true,
        ..TS
    },
};
static NOTIFICATION_ITEM: ObjectShape = ObjectShape {
    name: "NotificationItem",
    fields: &[],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("One item of a Notification (e.g. \"PeerAttributeSucceededNotificationItem\"); open-ended. Its \"@type\" is present on the wire but not promised by the official types (`NotificationItemJSON` is `{}`)."),
        tag: TsTag::OptionalString,
        open: true,
        ..TS
    },
};
static ARBITRARY_MESSAGE_CONTENT: ObjectShape = ObjectShape {
    name: "arbitrary content",
    fields: &[req("value", Shape::Any)],
    one_of: &[],
    ts: TsObject {
        name: "ArbitraryMessageContent",
        doc: ts_doc("Any non-standard message content, wrapped by the runtime's mapper."),
        tag: TsTag::Literal("ArbitraryMessageContent"),
        metadata: true,
        ..TS
    },
};
static ARBITRARY_TEMPLATE_CONTENT: ObjectShape = ObjectShape {
    name: "arbitrary content",
    fields: &[req("value", Shape::Any)],
    one_of: &[],
    ts: TsObject {
        name: "ArbitraryRelationshipTemplateContent",
        doc: ts_doc("Non-standard RelationshipTemplate content."),
        tag: TsTag::Literal("ArbitraryRelationshipTemplateContent"),
        metadata: true,
        ..TS
    },
};
static ARBITRARY_CREATION_CONTENT: ObjectShape = ObjectShape {
    name: "arbitrary content",
    fields: &[req("value", Shape::Any)],
    one_of: &[],
    ts: TsObject {
        name: "ArbitraryRelationshipCreationContent",
        doc: ts_doc("Non-standard Relationship creation content."),
        tag: TsTag::Literal("ArbitraryRelationshipCreationContent"),
        metadata: true,
        ..TS
    },
};

// ---- requests and responses ----

static REQUEST: ObjectShape = ObjectShape {
    name: "Request",
    fields: &[
        opt("id", Shape::Id(&REQUEST_ID)).doc("\"REQ…\"; absent in requests embedded in templates before they are stored."),
        opt("title", Shape::String),
        opt("description", Shape::String),
        opt("expiresAt", Shape::DateTime),
        req("items", Shape::Array(&Shape::Union(&REQUEST_ITEM))),
        opt("metadata", Shape::AnyObject),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("A Request (`content[\"@type\"] === \"Request\"`), sent in a Message or embedded in a RelationshipTemplate."),
        tag: TsTag::Literal("Request"),
        metadata: true,
        ..TS
    },
};
static REQUEST_ITEM: UnionShape = UnionShape {
    name: "",
    doc: "",
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
    ts: TsObject {
        doc: ts_doc("A RequestItem (\"<Kind>RequestItem\"); open-ended: kind-specific fields (query, attribute, …) are `any`."),
        tag: TsTag::String,
        open: true,
        ..TS
    },
};
static REQUEST_ITEM_GROUP: ObjectShape = ObjectShape {
    name: "RequestItemGroup",
    fields: &[
        req("items", Shape::Array(&Shape::Union(&REQUEST_ITEM))).ts("RequestItem[]"),
        opt("title", Shape::String),
        opt("description", Shape::String),
        opt("metadata", Shape::AnyObject),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("A group of RequestItems with a common title/description."),
        tag: TsTag::Literal("RequestItemGroup"),
        metadata: true,
        ..TS
    },
};
static RESPONSE: ObjectShape = ObjectShape {
    name: "Response",
    fields: &[
        req("result", Shape::Enum(&ACCEPTED_OR_REJECTED)),
        req("requestId", Shape::Id(&REQUEST_ID)),
        req("items", Shape::Array(&Shape::Union(&RESPONSE_ITEM))),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("A Response to a Request."),
        tag: TsTag::Literal("Response"),
        metadata: true,
        ..TS
    },
};
static RESPONSE_ITEM: UnionShape = UnionShape {
    name: "",
    doc: "",
    tag: "@type",
    variants: &[("ResponseItemGroup", &RESPONSE_ITEM_GROUP)],
    untagged: Untagged::Missing("response item"),
    unknown: UnknownTag::Open(&RESPONSE_ITEM_COMMON),
};
static RESPONSE_ITEM_COMMON: ObjectShape = ObjectShape {
    name: "ResponseItem",
    fields: &[req("result", Shape::Enum(&RESPONSE_ITEM_RESULT))],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("A ResponseItem (\"AcceptResponseItem\", \"ReadAttributeAcceptResponseItem\", \"ErrorResponseItem\", …); open-ended."),
        tag: TsTag::String,
        open: true,
        ..TS
    },
};
static RESPONSE_ITEM_GROUP: ObjectShape = ObjectShape {
    name: "ResponseItemGroup",
    fields: &[req("items", Shape::Array(&Shape::Union(&RESPONSE_ITEM))).ts("ResponseItem[]")],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("A group of ResponseItems answering a RequestItemGroup."),
        tag: TsTag::Literal("ResponseItemGroup"),
        metadata: true,
        ..TS
    },
};
static RESPONSE_WRAPPER: ObjectShape = ObjectShape {
    name: "ResponseWrapper",
    fields: &[
        req("requestId", Shape::Id(&REQUEST_ID)),
        req("requestSourceReference", Shape::String).doc("\"RLT…\" or \"MSG…\"."),
        req("requestSourceType", Shape::Enum(&WRAPPER_SOURCE_TYPE)),
        req("response", Shape::Object(&RESPONSE)),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("Message content carrying the Response to a Request that came by RelationshipTemplate or Message."),
        tag: TsTag::Literal("ResponseWrapper"),
        metadata: true,
        ..TS
    },
};
pub(crate) static LOCAL_REQUEST: ObjectShape = ObjectShape {
    name: "LocalRequestDTO",
    fields: &[
        req("id", Shape::Id(&REQUEST_ID)).doc("\"REQ…\"."),
        req("isOwn", Shape::Boolean).doc("true = outgoing."),
        req("peer", Shape::String),
        req("createdAt", Shape::DateTime),
        req("status", Shape::Enum(&LOCAL_REQUEST_STATUS)),
        req("content", Shape::Object(&REQUEST)),
        opt("source", Shape::Object(&REQUEST_SOURCE)).doc("Absent while an outgoing Request is a Draft."),
        opt("response", Shape::Object(&LOCAL_RESPONSE)),
        opt("wasAutomaticallyDecided", Shape::True).since(6).doc("Since v6; only on incoming Requests decided by the Decider module."),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("A LocalRequest (data of `consumption.incomingRequestReceived`, `consumption.outgoingRequest*`)."),
        ..TS
    },
};
static REQUEST_SOURCE: ObjectShape = ObjectShape {
    name: "LocalRequestSourceDTO",
    fields: &[
        req("type", Shape::Enum(&REQUEST_SOURCE_TYPE)),
        req("reference", Shape::String).doc("\"MSG…\" or \"RLT…\"."),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("Where a LocalRequest came from / was sent through."),
        ..TS
    },
};
static LOCAL_RESPONSE: ObjectShape = ObjectShape {
    name: "LocalResponseDTO",
    fields: &[
        req("createdAt", Shape::DateTime),
        req("content", Shape::Object(&RESPONSE)),
        opt("source", Shape::Object(&RESPONSE_SOURCE)),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("The Response part of a LocalRequest."),
        ..TS
    },
};
static RESPONSE_SOURCE: ObjectShape = ObjectShape {
    name: "LocalResponseSourceDTO",
    fields: &[
        req("type", Shape::Enum(&RESPONSE_SOURCE_TYPE)),
        req("reference", Shape::String).doc("\"MSG…\" or \"REL…\"."),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("Where the Response of a LocalRequest came from / was sent through."),
        ..TS
    },
};
static REQUEST_STATUS_CHANGED: ObjectShape = ObjectShape {
    name: "RequestStatusChangedEventData",
    fields: &[
        req("request", Shape::Object(&LOCAL_REQUEST)),
        req("oldStatus", Shape::Enum(&LOCAL_REQUEST_STATUS)),
        req("newStatus", Shape::Enum(&LOCAL_REQUEST_STATUS)),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("Data of `consumption.incomingRequestStatusChanged` / `consumption.outgoingRequestStatusChanged` (`request.status === newStatus`)."),
        ..TS
    },
};
static MESSAGE_PROCESSED: ObjectShape = ObjectShape {
    name: "MessageProcessedEventData",
    fields: &[
        req("message", Shape::Object(&MESSAGE)),
        req("result", Shape::Enum(&MESSAGE_PROCESSED_RESULT)),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("Data of `consumption.messageProcessed`."),
        ..TS
    },
};

// ---- relationships and templates ----

pub(crate) static RELATIONSHIP: ObjectShape = ObjectShape {
    name: "RelationshipDTO",
    fields: &[
        req("id", Shape::Id(&RELATIONSHIP_ID)).doc("\"REL…\"."),
        req("templateId", Shape::Id(&TEMPLATE_ID))
            .since(7)
            .doc("\"RLT…\" (v5/v6 carried the whole template in `template`, see {@link RelationshipDTOv6})."),
        // v5/v6 carried the whole template instead of its id.
        req("template", Shape::Object(&TEMPLATE)).until(6),
        req("status", Shape::Enum(&RELATIONSHIP_STATUS)),
        req("peer", Shape::String),
        req("peerIdentity", Shape::Object(&PEER_IDENTITY)),
        opt("peerDeletionInfo", Shape::Object(&PEER_DELETION_INFO)),
        req("creationContent", Shape::Union(&CREATION_CONTENT)).since(5),
        req("auditLog", Shape::Array(&Shape::Object(&AUDIT_LOG_ENTRY))).since(5),
    ],
    one_of: &["templateId", "template"],
    ts: TsObject {
        doc: ts_doc("A Relationship, v7 shape (data of `transport.relationshipChanged`, `…Reactivation*`, `transport.peer*`, `consumption.relationshipEvent.*`)."),
        v6: ("RelationshipDTOv6", "A Relationship as emitted by v5/v6 Connectors: the full `template` instead of `templateId`."),
        ..TS
    },
};
static PEER_IDENTITY: ObjectShape = ObjectShape {
    name: "IdentityDTO",
    fields: &[
        req("address", Shape::String),
        req("publicKey", Shape::String),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("Identity of a peer: its address and its public key (opaque base64 string)."),
        ..TS
    },
};
static PEER_DELETION_INFO: ObjectShape = ObjectShape {
    name: "PeerDeletionInfoDTO",
    // deletionDate exists since v6.
    fields: &[
        req("deletionStatus", Shape::Enum(&PEER_DELETION_STATUS)),
        req("deletionDate", Shape::DateTime)
            .since(6)
            .doc("Since v6."),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("Information about the peer's identity deletion."),
        ..TS
    },
};
static CREATION_CONTENT: UnionShape = UnionShape {
    name: "RelationshipCreationContentDerivation",
    doc: ts_doc("The creation content of a Relationship, discriminated by \"@type\"."),
    tag: "@type",
    variants: &[
        (
            "RelationshipCreationContent",
            &RELATIONSHIP_CREATION_CONTENT,
        ),
        (
            "ArbitraryRelationshipCreationContent",
            &ARBITRARY_CREATION_CONTENT,
        ),
    ],
    untagged: Untagged::Missing("creation content"),
    unknown: UnknownTag::Open(&ANY_OBJECT_SHAPE),
};
static RELATIONSHIP_CREATION_CONTENT: ObjectShape = ObjectShape {
    name: "RelationshipCreationContent",
    fields: &[req("response", Shape::Object(&RESPONSE))],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("Creation content of a Relationship created from a template with a Request: the Response."),
        tag: TsTag::Literal("RelationshipCreationContent"),
        metadata: true,
        ..TS
    },
};
static AUDIT_LOG_ENTRY: ObjectShape = ObjectShape {
    name: "RelationshipAuditLogEntryDTO",
    fields: &[
        req("createdAt", Shape::DateTime),
        req("createdBy", Shape::String).doc("Address of the actor."),
        opt("createdByDevice", Shape::Id(&DEVICE_ID)).doc("Required in v5, optional since v6."),
        req("reason", Shape::Enum(&AUDIT_REASON)),
        opt("oldStatus", Shape::Enum(&RELATIONSHIP_STATUS)).doc("Absent on \"Creation\"."),
        req("newStatus", Shape::Enum(&RELATIONSHIP_STATUS)),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("One entry of a Relationship's audit log (oldest first)."),
        ..TS
    },
};
pub(crate) static TEMPLATE: ObjectShape = ObjectShape {
    name: "RelationshipTemplateDTO",
    fields: &[
        req("id", Shape::Id(&TEMPLATE_ID)).doc("\"RLT…\"."),
        req("isOwn", Shape::Boolean),
        req("createdBy", Shape::String),
        req("createdByDevice", Shape::Id(&DEVICE_ID)),
        req("createdAt", Shape::DateTime),
        opt("forIdentity", Shape::String),
        opt("passwordProtection", Shape::Object(&PASSWORD_PROTECTION)),
        req("content", Shape::Union(&TEMPLATE_CONTENT)),
        opt("expiresAt", Shape::DateTime),
        opt("maxNumberOfAllocations", Shape::Number),
        req("reference", Shape::Object(&REFERENCE)).since(6),
        req("truncatedReference", Shape::String).until(6),
    ],
    one_of: &["reference", "truncatedReference"],
    ts: TsObject {
        doc: ts_doc("A RelationshipTemplate (data of `transport.peerRelationshipTemplateLoaded`, `…AllocationsExhausted`)."),
        v6: ("RelationshipTemplateDTOv6", "A v6 RelationshipTemplate (as embedded in {@link RelationshipDTOv6}); v6 still had `truncatedReference`."),
        ..TS
    },
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
    ts: TsObject {
        doc: ts_doc("Password protection of a RelationshipTemplate or Token."),
        ..TS
    },
};
static TEMPLATE_CONTENT: UnionShape = UnionShape {
    name: "RelationshipTemplateContentDerivation",
    doc: ts_doc("The content of a RelationshipTemplate, discriminated by \"@type\"."),
    tag: "@type",
    variants: &[
        (
            "RelationshipTemplateContent",
            &RELATIONSHIP_TEMPLATE_CONTENT,
        ),
        (
            "ArbitraryRelationshipTemplateContent",
            &ARBITRARY_TEMPLATE_CONTENT,
        ),
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
    ts: TsObject {
        doc: ts_doc("Structured content of a RelationshipTemplate: the Requests for new and existing relationships."),
        tag: TsTag::Literal("RelationshipTemplateContent"),
        metadata: true,
        ..TS
    },
};
static REFERENCE: ObjectShape = ObjectShape {
    name: "ReferenceDTO",
    fields: &[req("truncated", Shape::String), req("url", Shape::String)],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("Reference to a Backbone object: a truncated reference and a shareable URL."),
        ..TS
    },
};
static TEMPLATE_PROCESSED: UnionShape = UnionShape {
    name: "RelationshipTemplateProcessedEventData",
    doc: ts_doc("Data of `consumption.relationshipTemplateProcessed`, discriminated on `result`."),
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
        allowed: &TEMPLATE_PROCESSED_RESULT,
    },
};
static TEMPLATE_PROCESSED_RESULT: EnumShape = EnumShape {
    name: "RelationshipTemplateProcessedResult",
    doc: ts_doc(
        "Outcome of processing a loaded peer RelationshipTemplate by the Request/Decider modules.",
    ),
    values: &[
        "RequestAutomaticallyDecided",
        "ManualRequestDecisionRequired",
        "NonCompletedRequestExists",
        "RelationshipExists",
        "NoRequest",
        "Error",
        "RequestExpired",
    ],
    legacy: &[],
};
static TEMPLATE_PROCESSED_WITH_REQUEST: ObjectShape = ObjectShape {
    name: "RelationshipTemplateProcessedEventData",
    fields: &[
        req("template", Shape::Object(&TEMPLATE)),
        req("requestId", Shape::Id(&REQUEST_ID)),
    ],
    one_of: &[],
    ts: TS,
};
static TEMPLATE_PROCESSED_WITH_RELATIONSHIP: ObjectShape = ObjectShape {
    name: "RelationshipTemplateProcessedEventData",
    fields: &[
        req("template", Shape::Object(&TEMPLATE)),
        req("relationshipId", Shape::Id(&RELATIONSHIP_ID)),
    ],
    one_of: &[],
    ts: TS,
};
static TEMPLATE_PROCESSED_PLAIN: ObjectShape = ObjectShape {
    name: "RelationshipTemplateProcessedEventData",
    fields: &[req("template", Shape::Object(&TEMPLATE))],
    one_of: &[],
    ts: TS,
};
static RELATIONSHIP_DECOMPOSED: ObjectShape = ObjectShape {
    name: "RelationshipDecomposedBySelfEventData",
    fields: &[req("relationshipId", Shape::Id(&RELATIONSHIP_ID))],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("Data of `transport.relationshipDecomposedBySelf` (only the id; the Relationship is gone)."),
        ..TS
    },
};

// ---- attributes ----

pub(crate) static LOCAL_ATTRIBUTE: UnionShape = UnionShape {
    name: "",
    doc: "",
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
        req("id", Shape::Id(&ATTRIBUTE_ID)).doc("\"ATT…\"."),
        req("createdAt", Shape::DateTime),
        req("content", Shape::Union(&ATTRIBUTE_CONTENT)),
        opt("succeeds", Shape::Id(&ATTRIBUTE_ID)),
        opt("succeededBy", Shape::Id(&ATTRIBUTE_ID)),
        opt("wasViewedAt", Shape::DateTime),
        opt("isDefault", Shape::True).doc("OwnIdentityAttribute only."),
        opt("peer", Shape::String)
            .doc("Set for Peer*, Own/PeerRelationship and ThirdParty attributes."),
        opt("sourceReference", Shape::String).doc("\"REQ…\" or \"NOT…\"; same kinds as `peer`."),
        opt("deletionInfo", Shape::Object(&ATTRIBUTE_DELETION_INFO_V7)),
        opt("initialAttributePeer", Shape::String).doc("ThirdPartyRelationshipAttribute only."),
        opt("numberOfForwards", Shape::Number)
            .doc("OwnIdentity / OwnRelationship / PeerRelationship attributes."),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc(
            "A LocalAttribute, v7 shape (data of `consumption.attribute*`, `…DeletedBy…`).",
        ),
        tag: TsTag::Enum(&LOCAL_ATTRIBUTE_TYPE),
        ..TS
    },
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
        opt("wasViewedAt", Shape::DateTime).since(6).doc("v6 only."),
    ],
    one_of: &[],
    ts: TsObject {
        name: "LocalAttributeDTOv6",
        doc: ts_doc("A LocalAttribute as emitted by v5/v6 Connectors (no \"@type\"; `shareInfo` instead of `peer`/`sourceReference`)."),
        ..TS
    },
};
static SHARE_INFO_V6: ObjectShape = ObjectShape {
    name: "LocalAttributeShareInfoDTO",
    fields: &[
        opt("requestReference", Shape::String),
        opt("notificationReference", Shape::String),
        req("peer", Shape::String),
        opt("sourceAttribute", Shape::Id(&ATTRIBUTE_ID)),
        opt("thirdPartyAddress", Shape::String)
            .since(6)
            .doc("v6 only."),
    ],
    one_of: &[],
    ts: TsObject {
        name: "LocalAttributeShareInfoDTOv6",
        doc: ts_doc("Sharing information of a v5/v6 LocalAttribute copy."),
        ..TS
    },
};
static ATTRIBUTE_DELETION_INFO_V7: ObjectShape = ObjectShape {
    name: "LocalAttributeDeletionInfoDTO",
    fields: &[
        req("deletionStatus", Shape::Enum(&ATTRIBUTE_DELETION_STATUS_V7)),
        req("deletionDate", Shape::DateTime),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("Deletion information of a v7 LocalAttribute."),
        ..TS
    },
};
static ATTRIBUTE_DELETION_INFO_V6: ObjectShape = ObjectShape {
    name: "LocalAttributeDeletionInfoDTO (v6)",
    fields: &[
        req("deletionStatus", Shape::Enum(&ATTRIBUTE_DELETION_STATUS_V6)),
        req("deletionDate", Shape::DateTime),
    ],
    one_of: &[],
    ts: TsObject {
        name: "LocalAttributeDeletionInfoDTOv6",
        doc: ts_doc("Deletion information of a v5/v6 LocalAttribute."),
        ..TS
    },
};
static ATTRIBUTE_CONTENT: UnionShape = UnionShape {
    name: "",
    doc: "",
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
    ts: TsObject {
        doc: ts_doc("An IdentityAttribute: a fact about its owner."),
        tag: TsTag::Literal("IdentityAttribute"),
        metadata: true,
        ..TS
    },
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
    ts: TsObject {
        doc: ts_doc("A RelationshipAttribute: a fact that only exists within one Relationship."),
        tag: TsTag::Literal("RelationshipAttribute"),
        metadata: true,
        ..TS
    },
};
/// Attribute values (`GivenName`, `ProprietaryString`, …): any object with an "@type".
static ATTRIBUTE_VALUE: UnionShape = UnionShape {
    name: "",
    doc: "",
    tag: "@type",
    variants: &[],
    untagged: Untagged::Missing("attribute value"),
    unknown: UnknownTag::Open(&ATTRIBUTE_VALUE_OBJECT),
};
static ATTRIBUTE_VALUE_OBJECT: ObjectShape = ObjectShape {
    name: "AttributeValue",
    fields: &[],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("The value of an attribute (\"GivenName\", \"EMailAddress\", \"ProprietaryString\", …); open-ended."),
        tag: TsTag::String,
        open: true,
        ..TS
    },
};
static ATTRIBUTE_SUCCEEDED: ObjectShape = ObjectShape {
    name: "AttributeSucceededEventData",
    fields: &[
        req("predecessor", Shape::Union(&LOCAL_ATTRIBUTE)),
        req("successor", Shape::Union(&LOCAL_ATTRIBUTE)),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("Data of `consumption.attributeSucceeded`: the old and the new version of the attribute."),
        v6: ("AttributeSucceededEventDataV6", "Data of the v4–v6 `…AttributeSucceeded` events (same shape as {@link AttributeSucceededEventData}, v6 DTOs)."),
        ..TS
    },
};

// ---- files, identity deletion, credentials ----

pub(crate) static FILE: ObjectShape = ObjectShape {
    name: "FileDTO",
    fields: &[
        req("id", Shape::Id(&FILE_ID)).doc("\"FIL…\"."),
        req("isOwn", Shape::Boolean),
        req("filename", Shape::String),
        opt("tags", Shape::Array(&Shape::String)),
        req("filesize", Shape::Number),
        req("createdAt", Shape::DateTime),
        req("createdBy", Shape::String),
        req("createdByDevice", Shape::Id(&DEVICE_ID)),
        req("expiresAt", Shape::DateTime),
        req("mimetype", Shape::String),
        opt("title", Shape::String).doc("Required in v5/v6, optional in v7."),
        opt("description", Shape::String),
        req("reference", Shape::Object(&REFERENCE)).since(6),
        req("truncatedReference", Shape::String).until(6),
        req("owner", Shape::String).since(6).doc("Since v6."),
        opt("ownershipToken", Shape::String).since(6),
        opt("ownershipIsLocked", Shape::True).since(6),
    ],
    one_of: &["reference", "truncatedReference"],
    ts: TsObject {
        doc: ts_doc(
            "A File (data of `transport.fileOwnershipLocked`, `transport.fileOwnershipClaimed`).",
        ),
        ..TS
    },
};
static IDENTITY_DELETION_PROCESS: ObjectShape = ObjectShape {
    name: "IdentityDeletionProcessDTO",
    fields: &[
        req("id", Shape::Id(&DELETION_PROCESS_ID)).doc("\"IDP…\"."),
        req("status", Shape::Enum(&DELETION_PROCESS_STATUS)),
        opt("createdAt", Shape::DateTime),
        opt("createdByDevice", Shape::Id(&DEVICE_ID)),
        opt("gracePeriodEndsAt", Shape::DateTime),
        opt("cancelledAt", Shape::DateTime),
        opt("cancelledByDevice", Shape::Id(&DEVICE_ID)),
        opt("approvedAt", Shape::DateTime).until(6),
        opt("approvedByDevice", Shape::Id(&DEVICE_ID)).until(6),
        opt("approvalPeriodEndsAt", Shape::DateTime).until(5),
        opt("rejectedAt", Shape::DateTime).until(5),
        opt("rejectedByDevice", Shape::Id(&DEVICE_ID)).until(5),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("The own IdentityDeletionProcess (data of `transport.identityDeletionProcessStatusChanged`)."),
        ..TS
    },
};
static CREDENTIAL_OFFER_PROCESSED: ObjectShape = ObjectShape {
    name: "ShareCredentialOfferRequestItemProcessedByRecipientEventData",
    fields: &[
        req("credentialOfferUrl", Shape::String),
        req("accepted", Shape::Boolean),
        req("peer", Shape::String),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("Data of `consumption.shareCredentialOfferRequestItemProcessedByRecipient` (since Runtime 7.5.0)."),
        ..TS
    },
};

// ---- declared for TypeScript only (no event data is checked against them) ----

static CONTENT_JSON_METADATA: ObjectShape = ObjectShape {
    name: "ContentJSONMetadata",
    fields: &[opt("@context", Shape::String), opt("@version", Shape::String)],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("Optional serialization metadata that every `@nmshd/content` JSON object may carry besides \"@type\"."),
        ..TS
    },
};
static TOKEN: ObjectShape = ObjectShape {
    name: "TokenDTO",
    fields: &[
        req("id", Shape::String).doc("\"TOK…\"."),
        req("isOwn", Shape::Boolean),
        req("createdBy", Shape::String),
        req("createdByDevice", Shape::Id(&DEVICE_ID)),
        req("content", Shape::Any),
        req("createdAt", Shape::DateTime),
        req("expiresAt", Shape::DateTime),
        opt("forIdentity", Shape::String),
        opt("passwordProtection", Shape::Object(&PASSWORD_PROTECTION)),
        req("reference", Shape::Object(&REFERENCE)),
        req("isEphemeral", Shape::Boolean),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("A Token (no event carries it; listed for completeness)."),
        ..TS
    },
};
static ATTRIBUTE_LISTENER: ObjectShape = ObjectShape {
    name: "LocalAttributeListenerDTO",
    fields: &[
        req("id", Shape::String),
        req("query", Shape::AnyObject)
            .doc("An IdentityAttributeQuery or ThirdPartyRelationshipAttributeQuery JSON object.")
            .ts("{ \"@type\": string; [k: string]: any }"),
        req("peer", Shape::String),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc("A v4–v6 attribute listener (data of `consumption.attributeListenerCreated`, removed in v7)."),
        ..TS
    },
};
static ATTRIBUTE_LISTENER_TRIGGERED: ObjectShape = ObjectShape {
    name: "AttributeListenerTriggeredEventData",
    fields: &[
        req("attributeListener", Shape::Object(&ATTRIBUTE_LISTENER)),
        req("attribute", Shape::Object(&LOCAL_ATTRIBUTE_V6)),
        req("request", Shape::Object(&LOCAL_REQUEST)),
    ],
    one_of: &[],
    ts: TsObject {
        doc: ts_doc(
            "Data of the v4–v6 `consumption.attributeListenerTriggered` event (removed in v7).",
        ),
        ..TS
    },
};

/// What `js/types/dtos.d.ts` declares, in order.
pub(crate) static TS_DECLARATIONS: &[Decl] = &[
    Decl::Section("Shared building blocks"),
    Decl::Object(&CONTENT_JSON_METADATA),
    Decl::Object(&REFERENCE),
    Decl::Object(&PEER_IDENTITY),
    Decl::EnumOrNumber(&PASSWORD_LOCATION),
    Decl::Object(&PASSWORD_PROTECTION),
    Decl::Section("Requests and Responses (spec §3.2)"),
    Decl::Object(&REQUEST_ITEM_COMMON),
    Decl::Object(&REQUEST_ITEM_GROUP),
    Decl::Object(&REQUEST),
    Decl::Enum(&ACCEPTED_OR_REJECTED),
    Decl::Enum(&RESPONSE_ITEM_RESULT),
    Decl::Object(&RESPONSE_ITEM_COMMON),
    Decl::Object(&RESPONSE_ITEM_GROUP),
    Decl::Object(&RESPONSE),
    Decl::Section("Message content (spec §3.2)"),
    Decl::Enum(&BODY_FORMAT),
    Decl::Object(&MAIL),
    Decl::Object(&RESPONSE_WRAPPER),
    Decl::Object(&NOTIFICATION_ITEM),
    Decl::Object(&NOTIFICATION),
    Decl::Object(&ARBITRARY_MESSAGE_CONTENT),
    Decl::Union(&MESSAGE_CONTENT),
    Decl::Section("Messages (spec §3.1)"),
    Decl::Object(&RECIPIENT),
    Decl::Object(&MESSAGE),
    Decl::Section("RelationshipTemplates (spec §3.4)"),
    Decl::Object(&RELATIONSHIP_TEMPLATE_CONTENT),
    Decl::Object(&ARBITRARY_TEMPLATE_CONTENT),
    Decl::Union(&TEMPLATE_CONTENT),
    Decl::Object(&TEMPLATE),
    Decl::Section("Relationships (spec §3.3)"),
    Decl::Enum(&RELATIONSHIP_STATUS),
    Decl::Enum(&AUDIT_REASON),
    Decl::Object(&AUDIT_LOG_ENTRY),
    Decl::Enum(&PEER_DELETION_STATUS),
    Decl::Object(&PEER_DELETION_INFO),
    Decl::Object(&RELATIONSHIP_CREATION_CONTENT),
    Decl::Object(&ARBITRARY_CREATION_CONTENT),
    Decl::Union(&CREATION_CONTENT),
    Decl::Object(&RELATIONSHIP),
    Decl::Section("LocalRequests (spec §3.5, §3.6)"),
    Decl::Enum(&LOCAL_REQUEST_STATUS),
    Decl::Object(&REQUEST_SOURCE),
    Decl::Object(&RESPONSE_SOURCE),
    Decl::Object(&LOCAL_RESPONSE),
    Decl::Object(&LOCAL_REQUEST),
    Decl::Object(&REQUEST_STATUS_CHANGED),
    Decl::Section("Attributes (spec §3.7, §3.8)"),
    Decl::Object(&ATTRIBUTE_VALUE_OBJECT),
    Decl::Object(&IDENTITY_ATTRIBUTE),
    Decl::Enum(&CONFIDENTIALITY),
    Decl::Object(&RELATIONSHIP_ATTRIBUTE),
    Decl::Enum(&LOCAL_ATTRIBUTE_TYPE),
    Decl::Enum(&ATTRIBUTE_DELETION_STATUS_V7),
    Decl::Object(&ATTRIBUTE_DELETION_INFO_V7),
    Decl::Object(&LOCAL_ATTRIBUTE_V7),
    Decl::Enum(&ATTRIBUTE_DELETION_STATUS_V6),
    Decl::Object(&ATTRIBUTE_DELETION_INFO_V6),
    Decl::Object(&SHARE_INFO_V6),
    Decl::Object(&LOCAL_ATTRIBUTE_V6),
    Decl::Object(&ATTRIBUTE_SUCCEEDED),
    Decl::Object(&ATTRIBUTE_LISTENER),
    Decl::Object(&ATTRIBUTE_LISTENER_TRIGGERED),
    Decl::Section("Files, identity deletion, tokens (spec §3.9–§3.11)"),
    Decl::Object(&FILE),
    Decl::Enum(&DELETION_PROCESS_STATUS),
    Decl::Object(&IDENTITY_DELETION_PROCESS),
    Decl::Object(&TOKEN),
    Decl::Section("Other event payloads (spec §3.12)"),
    Decl::Enum(&MESSAGE_PROCESSED_RESULT),
    Decl::Object(&MESSAGE_PROCESSED),
    Decl::Enum(&TEMPLATE_PROCESSED_RESULT),
    Decl::Union(&TEMPLATE_PROCESSED),
    Decl::Object(&RELATIONSHIP_DECOMPOSED),
    Decl::Object(&CREDENTIAL_OFFER_PROCESSED),
];

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
