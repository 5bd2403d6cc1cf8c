//! Typed serde model of the Connector's event data objects (spec §3).
//!
//! Every struct keeps fields it does not model in `extra`, every `"@type"` union has an
//! `Unknown(serde_json::Value)` fallback holding the whole object, and every string enum has an
//! `Other(String)` fallback, so data from newer Connectors still parses and serializes back to
//! the same JSON. Older shapes (v5/v6 `RelationshipDTO.template`, v5/v6 `LocalAttributeDTO`,
//! v5/v6 deletion statuses) parse into the same types. Dates stay strings.
//!
//! Entry point for event payloads: [`EventData::from_json`] with a [`DataType`].
//!
//! The whole module needs the cargo feature `dto` (off by default). It is a second reading of
//! the DTOs next to the validator's tables; the test `tests/dto_corpus.rs` holds the two to
//! agreeing on the whole fixture corpus.

mod open_enum;
mod type_tag;
mod union;

mod attribute;
mod attribute_content;
mod content;
mod event_data;
mod event_payloads;
mod file;
mod identity_deletion;
mod local_request;
mod message;
mod processing;
mod reference;
mod relationship;
mod relationship_content;
mod request;
mod response;
mod template;
mod template_content;

/// Re-exported from the crate root, where it lives since the validator's tables use it.
pub use crate::model::DataType;
pub use attribute::{
    AttributeDeletionStatus, AttributeKind, LocalAttributeDeletionInfoDto, LocalAttributeDto,
    LocalAttributeShareInfoDto,
};
pub use attribute_content::{
    AttributeContent, AttributeValue, Confidentiality, IdentityAttribute, RelationshipAttribute,
};
pub use content::{
    ArbitraryMessageContent, BodyFormat, Mail, MessageContent, Notification, NotificationItem,
    ResponseWrapper,
};
pub use event_data::EventData;
pub use event_payloads::{
    AttributeSucceededEventData, RelationshipDecomposedBySelfEventData,
    RequestStatusChangedEventData, ShareCredentialOfferRequestItemProcessedByRecipientEventData,
};
pub use file::FileDto;
pub use identity_deletion::{IdentityDeletionProcessDto, IdentityDeletionProcessStatus};
pub use local_request::{
    LocalRequestDto, LocalRequestSourceDto, LocalRequestStatus, LocalResponseDto,
    LocalResponseSourceDto, RequestSourceType, ResponseSourceType,
};
pub use message::{MessageDto, RecipientDto};
pub use processing::{
    MessageProcessedEventData, MessageProcessedResult, ProcessedTemplate,
    ProcessedTemplateRelationship, ProcessedTemplateRequest,
    RelationshipTemplateProcessedEventData, RelationshipTemplateProcessedResult,
};
pub use reference::{
    PasswordLocation, PasswordLocationIndicator, PasswordProtectionDto, ReferenceDto,
};
pub use relationship::{
    IdentityDto, PeerDeletionInfoDto, PeerDeletionStatus, RelationshipAuditLogEntryDto,
    RelationshipAuditLogEntryReason, RelationshipDto, RelationshipStatus,
};
pub use relationship_content::{
    ArbitraryRelationshipCreationContent, RelationshipCreationContent,
    RelationshipCreationContentDerivation,
};
pub use request::{Request, RequestItem, RequestItemGroup, RequestItemOrGroup};
pub use response::{
    Response, ResponseItem, ResponseItemGroup, ResponseItemOrGroup, ResponseItemResult,
    ResponseResult,
};
pub use template::RelationshipTemplateDto;
pub use template_content::{
    ArbitraryRelationshipTemplateContent, RelationshipTemplateContent,
    RelationshipTemplateContentDerivation,
};
