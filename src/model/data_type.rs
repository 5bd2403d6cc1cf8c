//! `DataType`: which shape an event's `data` has (the `data` column of spec §1.2).

use std::fmt;

/// The type of an event's `data`, as named in the Runtime's TypeScript sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataType {
    /// No data (`runtime.*`, `transport.datawalletSynchronized`).
    None,
    /// `MessageDTO`.
    Message,
    /// `RelationshipDTO`.
    Relationship,
    /// `RelationshipTemplateDTO`.
    RelationshipTemplate,
    /// `LocalRequestDTO`.
    LocalRequest,
    /// `RequestStatusChangedEventData` (`{ request, oldStatus, newStatus }`).
    RequestStatusChanged,
    /// `MessageProcessedEventData` (`{ message, result }`).
    MessageProcessed,
    /// `RelationshipTemplateProcessedEventData` (union keyed by `result`).
    RelationshipTemplateProcessed,
    /// `LocalAttributeDTO`.
    LocalAttribute,
    /// `AttributeSucceededEventData` (`{ predecessor, successor }`).
    AttributeSucceeded,
    /// `RelationshipDecomposedBySelfEventData` (`{ relationshipId }`).
    RelationshipDecomposedBySelf,
    /// `ShareCredentialOfferRequestItemProcessedByRecipientEventData`.
    ShareCredentialOfferProcessed,
    /// `FileDTO`.
    File,
    /// `IdentityDeletionProcessDTO`.
    IdentityDeletionProcess,
    /// `IdentityDeletionProcessDTO` or no data (after a datawallet sync).
    OptionalIdentityDeletionProcess,
    /// Any JSON (events this crate does not know).
    Any,
}

impl DataType {
    /// Every data type, in declaration order.
    pub const ALL: [DataType; 16] = [
        DataType::None,
        DataType::Message,
        DataType::Relationship,
        DataType::RelationshipTemplate,
        DataType::LocalRequest,
        DataType::RequestStatusChanged,
        DataType::MessageProcessed,
        DataType::RelationshipTemplateProcessed,
        DataType::LocalAttribute,
        DataType::AttributeSucceeded,
        DataType::RelationshipDecomposedBySelf,
        DataType::ShareCredentialOfferProcessed,
        DataType::File,
        DataType::IdentityDeletionProcess,
        DataType::OptionalIdentityDeletionProcess,
        DataType::Any,
    ];

    /// The TypeScript name used by the spec, e.g. `"MessageDTO"`; `"none"` and `"any"` for the
    /// two pseudo types.
    pub fn type_name(self) -> &'static str {
        match self {
            DataType::None => "none",
            DataType::Message => "MessageDTO",
            DataType::Relationship => "RelationshipDTO",
            DataType::RelationshipTemplate => "RelationshipTemplateDTO",
            DataType::LocalRequest => "LocalRequestDTO",
            DataType::RequestStatusChanged => "RequestStatusChangedEventData",
            DataType::MessageProcessed => "MessageProcessedEventData",
            DataType::RelationshipTemplateProcessed => "RelationshipTemplateProcessedEventData",
            DataType::LocalAttribute => "LocalAttributeDTO",
            DataType::AttributeSucceeded => "AttributeSucceededEventData",
            DataType::RelationshipDecomposedBySelf => "RelationshipDecomposedBySelfEventData",
            DataType::ShareCredentialOfferProcessed => {
                "ShareCredentialOfferRequestItemProcessedByRecipientEventData"
            }
            DataType::File => "FileDTO",
            DataType::IdentityDeletionProcess => "IdentityDeletionProcessDTO",
            DataType::OptionalIdentityDeletionProcess => "IdentityDeletionProcessDTO | undefined",
            DataType::Any => "any",
        }
    }
}

impl fmt::Display for DataType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.type_name())
    }
}
