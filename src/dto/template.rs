//! `RelationshipTemplateDTO` (spec §3.4).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::reference::{PasswordProtectionDto, ReferenceDto};
use super::template_content::RelationshipTemplateContentDerivation;

/// A RelationshipTemplate, own or a peer's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RelationshipTemplateDto {
    /// Template id (`"RLT…"`).
    pub id: String,
    /// `true` for own templates.
    pub is_own: bool,
    /// Creator address.
    pub created_by: String,
    /// Creator device.
    pub created_by_device: String,
    /// Creation date (ISO 8601).
    pub created_at: String,
    /// The only identity allowed to use the template.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub for_identity: Option<String>,
    /// Password protection.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub password_protection: Option<PasswordProtectionDto>,
    /// The content, discriminated by `"@type"`.
    pub content: RelationshipTemplateContentDerivation,
    /// Expiry date (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expires_at: Option<String>,
    /// How many peers may use the template.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_number_of_allocations: Option<u64>,
    /// Shareable reference (v6+; v5 only had `truncatedReference` and `secretKey`, kept in `extra`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reference: Option<ReferenceDto>,
    /// Fields this crate does not model (v5/v6 `truncatedReference`, `secretKey`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
