//! Attribute content: `IdentityAttribute` / `RelationshipAttribute` and attribute values (spec §3.7).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::open_enum::open_enum;
use super::type_tag::type_tag;
use super::union::{deserialize_union, Build, TaggedUnion};

/// `LocalAttributeDto.content`, discriminated by `"@type"`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum AttributeContent {
    /// `"IdentityAttribute"`.
    Identity(IdentityAttribute),
    /// `"RelationshipAttribute"`.
    Relationship(RelationshipAttribute),
    /// Any other or missing `"@type"`; the whole object, unchanged.
    Unknown(Value),
}

impl TaggedUnion for AttributeContent {
    const KEY: &'static str = "@type";

    fn variant(tag: &str) -> Option<Build<Self>> {
        let build: Build<Self> = match tag {
            IdentityAttribute::TYPE_NAME => {
                |fields| serde_json::from_value(fields).map(Self::Identity)
            }
            RelationshipAttribute::TYPE_NAME => {
                |fields| serde_json::from_value(fields).map(Self::Relationship)
            }
            _ => return None,
        };
        Some(build)
    }

    fn fallback(object: Value) -> Result<Self, serde_json::Error> {
        Ok(Self::Unknown(object))
    }
}

impl<'de> Deserialize<'de> for AttributeContent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_union(deserializer)
    }
}

open_enum! {
    /// Who may see a RelationshipAttribute.
    pub enum Confidentiality {
        /// Anyone.
        Public = "public",
        /// Shared on request.
        Protected = "protected",
        /// Only the Relationship's two identities.
        Private = "private",
    }
}

/// An attribute about an identity (`"@type": "IdentityAttribute"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct IdentityAttribute {
    /// Owner address.
    pub owner: String,
    /// The value.
    pub value: AttributeValue,
    /// Tags.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tags: Option<Vec<String>>,
    /// Fields this crate does not model (v6 `validFrom`/`validTo`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
type_tag!(IdentityAttribute, "IdentityAttribute");

/// An attribute that exists within one Relationship (`"@type": "RelationshipAttribute"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct RelationshipAttribute {
    /// Owner address.
    pub owner: String,
    /// Key, unique per owner and Relationship.
    pub key: String,
    /// `true` when not meant to be shown to the user.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub is_technical: Option<bool>,
    /// Who may see it.
    pub confidentiality: Confidentiality,
    /// The value.
    pub value: AttributeValue,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
type_tag!(RelationshipAttribute, "RelationshipAttribute");

/// An attribute value of any kind (`"GivenName"`, `"StreetAddress"`, `"ProprietaryString"`, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributeValue {
    /// The value kind.
    #[serde(rename = "@type")]
    pub type_name: String,
    /// Kind-specific fields (`value`, `street`, `title`, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AttributeValue {
    /// The `value` field that simple kinds (`GivenName`, `EMailAddress`, ...) have.
    pub fn value(&self) -> Option<&Value> {
        self.extra.get("value")
    }
}
