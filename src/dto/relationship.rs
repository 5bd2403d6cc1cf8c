//! `RelationshipDTO` and its audit log (spec §3.3).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::open_enum::open_enum;
use super::relationship_content::RelationshipCreationContentDerivation;
use super::template::RelationshipTemplateDto;

open_enum! {
    /// Status of a Relationship.
    pub enum RelationshipStatus {
        /// Created, waiting for the template owner's decision.
        Pending = "Pending",
        /// Accepted.
        Active = "Active",
        /// Rejected by the template owner.
        Rejected = "Rejected",
        /// Revoked by its creator.
        Revoked = "Revoked",
        /// Terminated (can be reactivated).
        Terminated = "Terminated",
        /// One side decomposed it; the other side should too.
        DeletionProposed = "DeletionProposed",
        /// v4 only: termination requested.
        Terminating = "Terminating",
    }
}

open_enum! {
    /// Why an audit log entry was written.
    pub enum RelationshipAuditLogEntryReason {
        /// The Relationship was created.
        Creation = "Creation",
        /// The creation was accepted.
        AcceptanceOfCreation = "AcceptanceOfCreation",
        /// The creation was rejected.
        RejectionOfCreation = "RejectionOfCreation",
        /// The creation was revoked.
        RevocationOfCreation = "RevocationOfCreation",
        /// The Relationship was terminated.
        Termination = "Termination",
        /// Reactivation was requested.
        ReactivationRequested = "ReactivationRequested",
        /// The reactivation was accepted.
        AcceptanceOfReactivation = "AcceptanceOfReactivation",
        /// The reactivation was rejected.
        RejectionOfReactivation = "RejectionOfReactivation",
        /// The reactivation was revoked.
        RevocationOfReactivation = "RevocationOfReactivation",
        /// One side decomposed the Relationship.
        Decomposition = "Decomposition",
        /// Decomposed because an identity was deleted (since v6).
        DecompositionDueToIdentityDeletion = "DecompositionDueToIdentityDeletion",
    }
}

open_enum! {
    /// Deletion state of the peer identity.
    pub enum PeerDeletionStatus {
        /// The peer started its deletion (grace period running).
        ToBeDeleted = "ToBeDeleted",
        /// The peer is deleted.
        Deleted = "Deleted",
    }
}

/// A Relationship (`transport.relationshipChanged`, `transport.peer*`, ...).
///
/// Covers v7 (`templateId`), v5/v6 (`template`, full object) and v4 (no `auditLog` or
/// `creationContent`; its `changes` land in `extra`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RelationshipDto {
    /// Relationship id (`"REL…"`).
    pub id: String,
    /// Id of the template it was created from (v7).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub template_id: Option<String>,
    /// The whole template (v4 to v6, replaced by `templateId` in v7).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub template: Option<Box<RelationshipTemplateDto>>,
    /// Current status.
    pub status: RelationshipStatus,
    /// Peer address.
    pub peer: String,
    /// Peer identity.
    pub peer_identity: IdentityDto,
    /// Set while the peer is being deleted or after it was.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub peer_deletion_info: Option<PeerDeletionInfoDto>,
    /// Content sent by the creator (v5+).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub creation_content: Option<RelationshipCreationContentDerivation>,
    /// State changes, oldest first (v5+).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub audit_log: Option<Vec<RelationshipAuditLogEntryDto>>,
    /// Fields this crate does not model (e.g. v4 `changes`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl RelationshipDto {
    /// The template id: `templateId` (v7) or `template.id` (v5/v6).
    pub fn template_id(&self) -> Option<&str> {
        self.template_id.as_deref().or_else(|| {
            self.template
                .as_deref()
                .map(|template| template.id.as_str())
        })
    }
}

/// An identity: address and public key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityDto {
    /// Identity address.
    pub address: String,
    /// Public key, an opaque base64 string.
    pub public_key: String,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Deletion state of the peer of a Relationship.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeerDeletionInfoDto {
    /// To be deleted or deleted.
    pub deletion_status: PeerDeletionStatus,
    /// End of the grace period or deletion date (since v6).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub deletion_date: Option<String>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One state change of a Relationship.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RelationshipAuditLogEntryDto {
    /// When it happened (ISO 8601).
    pub created_at: String,
    /// Address of the actor.
    pub created_by: String,
    /// Device of the actor (required in v5, optional since v6).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub created_by_device: Option<String>,
    /// Why the entry was written.
    pub reason: RelationshipAuditLogEntryReason,
    /// Status before; absent on `Creation`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub old_status: Option<RelationshipStatus>,
    /// Status after.
    pub new_status: RelationshipStatus,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
