//! Small event-data objects that wrap DTOs (spec §3.6, §3.8, §3.12).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::attribute::LocalAttributeDto;
use super::local_request::{LocalRequestDto, LocalRequestStatus};

/// `consumption.incomingRequestStatusChanged` / `consumption.outgoingRequestStatusChanged`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestStatusChangedEventData {
    /// The Request after the change (`request.status == newStatus`).
    pub request: LocalRequestDto,
    /// Status before.
    pub old_status: LocalRequestStatus,
    /// Status after.
    pub new_status: LocalRequestStatus,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `consumption.attributeSucceeded` (and the v4 to v6 `*AttributeSucceeded` events).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttributeSucceededEventData {
    /// The old attribute (now with `succeededBy`).
    pub predecessor: LocalAttributeDto,
    /// The new attribute (with `succeeds`).
    pub successor: LocalAttributeDto,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `transport.relationshipDecomposedBySelf`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RelationshipDecomposedBySelfEventData {
    /// The decomposed Relationship (`"REL…"`).
    pub relationship_id: String,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `consumption.shareCredentialOfferRequestItemProcessedByRecipient` (Runtime 7.5.0+).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShareCredentialOfferRequestItemProcessedByRecipientEventData {
    /// The OpenID4VC credential offer URL.
    pub credential_offer_url: String,
    /// Whether the peer accepted the offer.
    pub accepted: bool,
    /// Peer address.
    pub peer: String,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
