//! `RelationshipTemplateDTO.content`: the `"@type"` union and its kinds (spec §3.4).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::request::Request;
use super::type_tag::type_tag;
use super::union::{deserialize_union, Build, TaggedUnion};

/// The content of a RelationshipTemplate, discriminated by `"@type"`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum RelationshipTemplateContentDerivation {
    /// `"RelationshipTemplateContent"`: Requests for new and existing Relationships (boxed: large).
    Relationship(Box<RelationshipTemplateContent>),
    /// `"ArbitraryRelationshipTemplateContent"`: any other content, wrapped.
    Arbitrary(ArbitraryRelationshipTemplateContent),
    /// Any other or missing `"@type"`; the whole object, unchanged.
    Unknown(Value),
}

impl TaggedUnion for RelationshipTemplateContentDerivation {
    const KEY: &'static str = "@type";

    fn variant(tag: &str) -> Option<Build<Self>> {
        let build: Build<Self> = match tag {
            RelationshipTemplateContent::TYPE_NAME => {
                |fields| serde_json::from_value(fields).map(Self::Relationship)
            }
            ArbitraryRelationshipTemplateContent::TYPE_NAME => {
                |fields| serde_json::from_value(fields).map(Self::Arbitrary)
            }
            _ => return None,
        };
        Some(build)
    }

    fn fallback(object: Value) -> Result<Self, serde_json::Error> {
        Ok(Self::Unknown(object))
    }
}

impl<'de> Deserialize<'de> for RelationshipTemplateContentDerivation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_union(deserializer)
    }
}

/// Template content with Requests (`"@type": "RelationshipTemplateContent"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct RelationshipTemplateContent {
    /// Title shown to the user.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    /// Free metadata of the creator.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub metadata: Option<Value>,
    /// The Request to answer when creating a new Relationship.
    pub on_new_relationship: Request,
    /// The Request to answer when a Relationship already exists.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub on_existing_relationship: Option<Request>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
type_tag!(RelationshipTemplateContent, "RelationshipTemplateContent");

/// Non-standard template content (`"@type": "ArbitraryRelationshipTemplateContent"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct ArbitraryRelationshipTemplateContent {
    /// The wrapped value, any JSON.
    pub value: Value,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
type_tag!(
    ArbitraryRelationshipTemplateContent,
    "ArbitraryRelationshipTemplateContent"
);
