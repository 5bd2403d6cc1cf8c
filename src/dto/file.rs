//! `FileDTO` (spec §3.9).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::reference::ReferenceDto;

/// A File (`transport.fileOwnershipLocked`, `transport.fileOwnershipClaimed`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileDto {
    /// File id (`"FIL…"`).
    pub id: String,
    /// `true` for own Files.
    pub is_own: bool,
    /// File name.
    pub filename: String,
    /// Tags.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tags: Option<Vec<String>>,
    /// Size in bytes.
    pub filesize: u64,
    /// Creation date (ISO 8601).
    pub created_at: String,
    /// Creator address.
    pub created_by: String,
    /// Creator device.
    pub created_by_device: String,
    /// Expiry date (ISO 8601).
    pub expires_at: String,
    /// MIME type.
    pub mimetype: String,
    /// Title (required in v5/v6, optional in v7).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub description: Option<String>,
    /// Shareable reference (v6+; v5 had `truncatedReference` and `secretKey`, kept in `extra`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reference: Option<ReferenceDto>,
    /// Owner address (since v6).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub owner: Option<String>,
    /// Token proving ownership (since v6).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ownership_token: Option<String>,
    /// `true` when the ownership is locked (since v6).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ownership_is_locked: Option<bool>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
