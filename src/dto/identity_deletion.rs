//! `IdentityDeletionProcessDTO`, v5 to v7 (spec §3.10).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::open_enum::open_enum;

open_enum! {
    /// Status of an identity deletion process (v7 values first, then v5/v6 ones).
    pub enum IdentityDeletionProcessStatus {
        /// Running: the grace period has started (v7).
        Active = "Active",
        /// Cancelled.
        Cancelled = "Cancelled",
        /// Approved: the grace period has started (v5/v6).
        Approved = "Approved",
        /// Started by the Backbone, waiting for approval (v5).
        WaitingForApproval = "WaitingForApproval",
        /// Approval refused (v5).
        Rejected = "Rejected",
    }
}

/// The own identity's deletion process (`transport.identityDeletionProcessStatusChanged`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityDeletionProcessDto {
    /// Process id (`"IDP…"`).
    pub id: String,
    /// Current status.
    pub status: IdentityDeletionProcessStatus,
    /// Start date (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub created_at: Option<String>,
    /// Device that started it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub created_by_device: Option<String>,
    /// End of the grace period; deletion happens after it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub grace_period_ends_at: Option<String>,
    /// Cancellation date.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cancelled_at: Option<String>,
    /// Device that cancelled it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cancelled_by_device: Option<String>,
    /// Approval date (v5/v6).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub approved_at: Option<String>,
    /// Device that approved it (v5/v6).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub approved_by_device: Option<String>,
    /// End of the approval period (v5).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub approval_period_ends_at: Option<String>,
    /// Rejection date (v5).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rejected_at: Option<String>,
    /// Device that rejected it (v5).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rejected_by_device: Option<String>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
