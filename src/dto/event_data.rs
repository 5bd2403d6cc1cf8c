//! `EventData`: an event's `data`, typed by its [`DataType`].

use serde::Serialize;
use serde_json::Value;

use super::attribute::LocalAttributeDto;
use super::event_payloads::{
    AttributeSucceededEventData, RelationshipDecomposedBySelfEventData,
    RequestStatusChangedEventData, ShareCredentialOfferRequestItemProcessedByRecipientEventData,
};
use super::file::FileDto;
use super::identity_deletion::IdentityDeletionProcessDto;
use super::local_request::LocalRequestDto;
use super::message::MessageDto;
use super::processing::{MessageProcessedEventData, RelationshipTemplateProcessedEventData};
use super::relationship::RelationshipDto;
use super::template::RelationshipTemplateDto;
use crate::model::DataType;

/// The typed `data` of one event. DTOs are boxed to keep the enum small.
///
/// Serializes as the inner JSON; `None` serializes as `null` (a webhook omits `data`, a broker
/// sends `{}`: the caller picks).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum EventData {
    /// No data.
    None,
    /// `MessageDTO`.
    Message(Box<MessageDto>),
    /// `RelationshipDTO`.
    Relationship(Box<RelationshipDto>),
    /// `RelationshipTemplateDTO`.
    RelationshipTemplate(Box<RelationshipTemplateDto>),
    /// `LocalRequestDTO`.
    LocalRequest(Box<LocalRequestDto>),
    /// `RequestStatusChangedEventData`.
    RequestStatusChanged(Box<RequestStatusChangedEventData>),
    /// `MessageProcessedEventData`.
    MessageProcessed(Box<MessageProcessedEventData>),
    /// `RelationshipTemplateProcessedEventData`.
    RelationshipTemplateProcessed(Box<RelationshipTemplateProcessedEventData>),
    /// `LocalAttributeDTO`.
    LocalAttribute(Box<LocalAttributeDto>),
    /// `AttributeSucceededEventData`.
    AttributeSucceeded(Box<AttributeSucceededEventData>),
    /// `RelationshipDecomposedBySelfEventData`.
    RelationshipDecomposedBySelf(Box<RelationshipDecomposedBySelfEventData>),
    /// `ShareCredentialOfferRequestItemProcessedByRecipientEventData`.
    ShareCredentialOfferProcessed(
        Box<ShareCredentialOfferRequestItemProcessedByRecipientEventData>,
    ),
    /// `FileDTO`.
    File(Box<FileDto>),
    /// `IdentityDeletionProcessDTO`.
    IdentityDeletionProcess(Box<IdentityDeletionProcessDto>),
    /// Data of an unknown event, or unexpected data of a data-less event; unchanged.
    Unknown(Value),
}

impl EventData {
    /// Reads `value` as the given data type. Pass `Value::Null` when `data` is absent.
    ///
    /// * `DataType::None`: `null` or `{}` give `EventData::None`; anything else is kept as `Unknown`.
    /// * `DataType::OptionalIdentityDeletionProcess`: `null` gives `EventData::None`.
    /// * `DataType::Any`: `null` gives `EventData::None`, anything else `Unknown`.
    ///
    /// # Errors
    ///
    /// Fails when `value` does not fit the data type: not an object, a required field missing,
    /// a field of the wrong JSON type (e.g. `"isOwn": "yes"`), or a known `"@type"`/`"result"`
    /// whose fields do not fit. Unknown fields, unknown `"@type"`s and unknown enum strings never
    /// fail.
    pub fn from_json(data_type: DataType, value: Value) -> Result<EventData, serde_json::Error> {
        use serde_json::from_value as read;
        Ok(match data_type {
            DataType::None if is_empty(&value) => EventData::None,
            DataType::None => EventData::Unknown(value),
            DataType::Message => EventData::Message(read(value)?),
            DataType::Relationship => EventData::Relationship(read(value)?),
            DataType::RelationshipTemplate => EventData::RelationshipTemplate(read(value)?),
            DataType::LocalRequest => EventData::LocalRequest(read(value)?),
            DataType::RequestStatusChanged => EventData::RequestStatusChanged(read(value)?),
            DataType::MessageProcessed => EventData::MessageProcessed(read(value)?),
            DataType::RelationshipTemplateProcessed => {
                EventData::RelationshipTemplateProcessed(read(value)?)
            }
            DataType::LocalAttribute => EventData::LocalAttribute(read(value)?),
            DataType::AttributeSucceeded => EventData::AttributeSucceeded(read(value)?),
            DataType::RelationshipDecomposedBySelf => {
                EventData::RelationshipDecomposedBySelf(read(value)?)
            }
            DataType::ShareCredentialOfferProcessed => {
                EventData::ShareCredentialOfferProcessed(read(value)?)
            }
            DataType::File => EventData::File(read(value)?),
            DataType::OptionalIdentityDeletionProcess | DataType::Any if value.is_null() => {
                EventData::None
            }
            DataType::IdentityDeletionProcess | DataType::OptionalIdentityDeletionProcess => {
                EventData::IdentityDeletionProcess(read(value)?)
            }
            DataType::Any => EventData::Unknown(value),
        })
    }

    /// The data type of this value (`Unknown` reports `Any`).
    pub fn data_type(&self) -> DataType {
        match self {
            EventData::None => DataType::None,
            EventData::Message(_) => DataType::Message,
            EventData::Relationship(_) => DataType::Relationship,
            EventData::RelationshipTemplate(_) => DataType::RelationshipTemplate,
            EventData::LocalRequest(_) => DataType::LocalRequest,
            EventData::RequestStatusChanged(_) => DataType::RequestStatusChanged,
            EventData::MessageProcessed(_) => DataType::MessageProcessed,
            EventData::RelationshipTemplateProcessed(_) => DataType::RelationshipTemplateProcessed,
            EventData::LocalAttribute(_) => DataType::LocalAttribute,
            EventData::AttributeSucceeded(_) => DataType::AttributeSucceeded,
            EventData::RelationshipDecomposedBySelf(_) => DataType::RelationshipDecomposedBySelf,
            EventData::ShareCredentialOfferProcessed(_) => DataType::ShareCredentialOfferProcessed,
            EventData::File(_) => DataType::File,
            EventData::IdentityDeletionProcess(_) => DataType::IdentityDeletionProcess,
            EventData::Unknown(_) => DataType::Any,
        }
    }
}

/// `null` or `{}`: what data-less events carry.
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Object(object) => object.is_empty(),
        _ => false,
    }
}
