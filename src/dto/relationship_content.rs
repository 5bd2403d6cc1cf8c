//! `RelationshipDTO.creationContent`: the `"@type"` union and its kinds (spec §3.3).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::response::Response;
use super::type_tag::type_tag;
use super::union::{deserialize_union, Build, TaggedUnion};

/// The creation content of a Relationship, discriminated by `"@type"`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum RelationshipCreationContentDerivation {
    /// `"RelationshipCreationContent"`: the Response to the template's Request.
    Relationship(RelationshipCreationContent),
    /// `"ArbitraryRelationshipCreationContent"`: any other content, wrapped.
    Arbitrary(ArbitraryRelationshipCreationContent),
    /// Any other or missing `"@type"`; the whole object, unchanged.
    Unknown(Value),
}

impl TaggedUnion for RelationshipCreationContentDerivation {
    const KEY: &'static str = "@type";

    fn variant(tag: &str) -> Option<Build<Self>> {
        let build: Build<Self> = match tag {
            RelationshipCreationContent::TYPE_NAME => {
                |fields| serde_json::from_value(fields).map(Self::Relationship)
            }
            ArbitraryRelationshipCreationContent::TYPE_NAME => {
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

impl<'de> Deserialize<'de> for RelationshipCreationContentDerivation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_union(deserializer)
    }
}

/// Creation content answering the template's Request (`"@type": "RelationshipCreationContent"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct RelationshipCreationContent {
    /// The Response to `onNewRelationship`.
    pub response: Response,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
type_tag!(RelationshipCreationContent, "RelationshipCreationContent");

/// Non-standard creation content (`"@type": "ArbitraryRelationshipCreationContent"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct ArbitraryRelationshipCreationContent {
    /// The wrapped value, any JSON.
    pub value: Value,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
type_tag!(
    ArbitraryRelationshipCreationContent,
    "ArbitraryRelationshipCreationContent"
);
