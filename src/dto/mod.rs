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
//! Everything here but the [`DataType`] re-export needs the cargo feature `dto` (on by default
//! for now). It is a second reading of the DTOs next to the validator's tables; the test
//! `tests/dto_corpus.rs` holds the two to agreeing on the whole fixture corpus.

#[cfg(feature = "dto")]
mod open_enum;
#[cfg(feature = "dto")]
mod type_tag;
#[cfg(feature = "dto")]
mod union;

#[cfg(feature = "dto")]
mod attribute;
#[cfg(feature = "dto")]
mod attribute_content;
#[cfg(feature = "dto")]
mod content;
#[cfg(feature = "dto")]
mod event_data;
#[cfg(feature = "dto")]
mod event_payloads;
#[cfg(feature = "dto")]
mod file;
#[cfg(feature = "dto")]
mod identity_deletion;
#[cfg(feature = "dto")]
mod local_request;
#[cfg(feature = "dto")]
mod message;
#[cfg(feature = "dto")]
mod processing;
#[cfg(feature = "dto")]
mod reference;
#[cfg(feature = "dto")]
mod relationship;
#[cfg(feature = "dto")]
mod relationship_content;
#[cfg(feature = "dto")]
mod request;
#[cfg(feature = "dto")]
mod response;
#[cfg(feature = "dto")]
mod template;
#[cfg(feature = "dto")]
mod template_content;

/// Re-exported from the crate root, where it lives since the validator's tables use it.
pub use crate::model::DataType;
#[cfg(feature = "dto")]
pub use attribute::{
    AttributeDeletionStatus, AttributeKind, LocalAttributeDeletionInfoDto, LocalAttributeDto,
    LocalAttributeShareInfoDto,
};
#[cfg(feature = "dto")]
pub use attribute_content::{
    AttributeContent, AttributeValue, Confidentiality, IdentityAttribute, RelationshipAttribute,
};
#[cfg(feature = "dto")]
pub use content::{
    ArbitraryMessageContent, BodyFormat, Mail, MessageContent, Notification, NotificationItem,
    ResponseWrapper,
};
#[cfg(feature = "dto")]
pub use event_data::EventData;
#[cfg(feature = "dto")]
pub use event_payloads::{
    AttributeSucceededEventData, RelationshipDecomposedBySelfEventData,
    RequestStatusChangedEventData, ShareCredentialOfferRequestItemProcessedByRecipientEventData,
};
#[cfg(feature = "dto")]
pub use file::FileDto;
#[cfg(feature = "dto")]
pub use identity_deletion::{IdentityDeletionProcessDto, IdentityDeletionProcessStatus};
#[cfg(feature = "dto")]
pub use local_request::{
    LocalRequestDto, LocalRequestSourceDto, LocalRequestStatus, LocalResponseDto,
    LocalResponseSourceDto, RequestSourceType, ResponseSourceType,
};
#[cfg(feature = "dto")]
pub use message::{MessageDto, RecipientDto};
#[cfg(feature = "dto")]
pub use processing::{
    MessageProcessedEventData, MessageProcessedResult, ProcessedTemplate,
    ProcessedTemplateRelationship, ProcessedTemplateRequest,
    RelationshipTemplateProcessedEventData, RelationshipTemplateProcessedResult,
};
#[cfg(feature = "dto")]
pub use reference::{
    PasswordLocation, PasswordLocationIndicator, PasswordProtectionDto, ReferenceDto,
};
#[cfg(feature = "dto")]
pub use relationship::{
    IdentityDto, PeerDeletionInfoDto, PeerDeletionStatus, RelationshipAuditLogEntryDto,
    RelationshipAuditLogEntryReason, RelationshipDto, RelationshipStatus,
};
#[cfg(feature = "dto")]
pub use relationship_content::{
    ArbitraryRelationshipCreationContent, RelationshipCreationContent,
    RelationshipCreationContentDerivation,
};
#[cfg(feature = "dto")]
pub use request::{Request, RequestItem, RequestItemGroup, RequestItemOrGroup};
#[cfg(feature = "dto")]
pub use response::{
    Response, ResponseItem, ResponseItemGroup, ResponseItemOrGroup, ResponseItemResult,
    ResponseResult,
};
#[cfg(feature = "dto")]
pub use template::RelationshipTemplateDto;
#[cfg(feature = "dto")]
pub use template_content::{
    ArbitraryRelationshipTemplateContent, RelationshipTemplateContent,
    RelationshipTemplateContentDerivation,
};
