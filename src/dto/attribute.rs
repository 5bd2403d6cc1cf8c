//! `LocalAttributeDTO`, v7 and v5/v6 shapes in one struct (spec §3.7).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::attribute_content::AttributeContent;
use super::open_enum::open_enum;

open_enum! {
    /// The v7 `"@type"` of a LocalAttribute.
    pub enum AttributeKind {
        /// An IdentityAttribute about yourself.
        OwnIdentityAttribute = "OwnIdentityAttribute",
        /// An IdentityAttribute a peer shared with you.
        PeerIdentityAttribute = "PeerIdentityAttribute",
        /// A RelationshipAttribute you own.
        OwnRelationshipAttribute = "OwnRelationshipAttribute",
        /// A RelationshipAttribute the peer owns.
        PeerRelationshipAttribute = "PeerRelationshipAttribute",
        /// A RelationshipAttribute of another Relationship, forwarded to you.
        ThirdPartyRelationshipAttribute = "ThirdPartyRelationshipAttribute",
    }
}

open_enum! {
    /// Deletion state of a LocalAttribute (v7 values first, then the v5/v6 ones).
    pub enum AttributeDeletionStatus {
        /// You asked the peer to delete its copy.
        DeletionRequestSent = "DeletionRequestSent",
        /// The peer refused to delete its copy.
        DeletionRequestRejected = "DeletionRequestRejected",
        /// Your copy will be deleted at `deletionDate`.
        ToBeDeleted = "ToBeDeleted",
        /// The recipient will delete its copy (v7).
        ToBeDeletedByRecipient = "ToBeDeletedByRecipient",
        /// The recipient deleted its copy (v7).
        DeletedByRecipient = "DeletedByRecipient",
        /// The emitter deleted the attribute (v7).
        DeletedByEmitter = "DeletedByEmitter",
        /// The peer will delete its copy (v5/v6).
        ToBeDeletedByPeer = "ToBeDeletedByPeer",
        /// The peer deleted its copy (v5/v6).
        DeletedByPeer = "DeletedByPeer",
        /// The owner deleted the attribute (v5/v6).
        DeletedByOwner = "DeletedByOwner",
    }
}

/// A LocalAttribute (`consumption.attribute*`, `…DeletedBy…`).
///
/// v7 objects carry `"@type"` ([`AttributeKind`]), `peer` and `sourceReference`; v5/v6 objects
/// have no `"@type"` and use `shareInfo` and `parentId` instead. Both shapes read and write back
/// unchanged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalAttributeDto {
    /// The kind (v7); `None` for v5/v6 objects.
    #[serde(rename = "@type", skip_serializing_if = "Option::is_none", default)]
    pub type_name: Option<AttributeKind>,
    /// Attribute id (`"ATT…"`).
    pub id: String,
    /// Creation date (ISO 8601).
    pub created_at: String,
    /// The IdentityAttribute or RelationshipAttribute.
    pub content: AttributeContent,
    /// Id of the attribute this one succeeds.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub succeeds: Option<String>,
    /// Id of the attribute that succeeds this one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub succeeded_by: Option<String>,
    /// When the user viewed it (v6+).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub was_viewed_at: Option<String>,
    /// `true` for the default among own IdentityAttributes of a value type.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub is_default: Option<bool>,
    /// Peer address (v7; kinds other than `OwnIdentityAttribute`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub peer: Option<String>,
    /// Request or Notification that brought it (v7, `"REQ…"` or `"NOT…"`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source_reference: Option<String>,
    /// Deletion state.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub deletion_info: Option<LocalAttributeDeletionInfoDto>,
    /// Original peer of a `ThirdPartyRelationshipAttribute` (v7).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub initial_attribute_peer: Option<String>,
    /// How often it was forwarded (v7).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub number_of_forwards: Option<u64>,
    /// Parent attribute of a complex value's component (v5/v6).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub parent_id: Option<String>,
    /// With whom and how it was shared (v5/v6).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub share_info: Option<LocalAttributeShareInfoDto>,
    /// Fields this crate does not model (v6 `validFrom`/`validTo`, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl LocalAttributeDto {
    /// The peer of either shape: `peer` (v7) or `shareInfo.peer` (v5/v6).
    pub fn effective_peer(&self) -> Option<&str> {
        self.peer
            .as_deref()
            .or_else(|| self.share_info.as_ref().map(|info| info.peer.as_str()))
    }
}

/// Deletion state of a LocalAttribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalAttributeDeletionInfoDto {
    /// The state.
    pub deletion_status: AttributeDeletionStatus,
    /// When it was or will be deleted (ISO 8601).
    pub deletion_date: String,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// v5/v6 sharing record of a LocalAttribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalAttributeShareInfoDto {
    /// Request that shared it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub request_reference: Option<String>,
    /// Notification that shared it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub notification_reference: Option<String>,
    /// Peer address.
    pub peer: String,
    /// Id of the own attribute this copy was made from.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source_attribute: Option<String>,
    /// Third party of a forwarded RelationshipAttribute (v6).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub third_party_address: Option<String>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
