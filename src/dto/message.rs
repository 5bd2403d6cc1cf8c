//! `MessageDTO` (spec §3.1).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::content::MessageContent;

/// A Message, sent or received (`transport.message*`, `consumption.mailReceived`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageDto {
    /// Message id (`"MSG…"`).
    pub id: String,
    /// `true` when this Connector sent the Message.
    pub is_own: bool,
    /// The content, discriminated by `"@type"`.
    pub content: MessageContent,
    /// Sender address.
    pub created_by: String,
    /// Sender device (`"DVC…"`).
    pub created_by_device: String,
    /// The recipients.
    pub recipients: Vec<RecipientDto>,
    /// Creation date (ISO 8601).
    pub created_at: String,
    /// Attached File ids (`"FIL…"`).
    pub attachments: Vec<String>,
    /// When the Message was marked read.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub was_read_at: Option<String>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One recipient of a Message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecipientDto {
    /// Recipient address.
    pub address: String,
    /// When the recipient received the Message.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub received_at: Option<String>,
    /// Device that received the Message.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub received_by_device: Option<String>,
    /// Relationship with this recipient (`"REL…"`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub relationship_id: Option<String>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
