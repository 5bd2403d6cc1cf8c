//! `Request` content (`"@type": "Request"`) and its items (spec §3.2).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::type_tag::type_tag;
use super::union::{deserialize_union, Build, TaggedUnion};

/// A Request: the content of a request Message, of `LocalRequestDto.content` and of templates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct Request {
    /// Request id (`"REQ…"`); absent in templates before the request is created locally.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<String>,
    /// Title shown to the user.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    /// Description shown to the user.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub description: Option<String>,
    /// Expiry date (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expires_at: Option<String>,
    /// The items, each a single item or a group.
    pub items: Vec<RequestItemOrGroup>,
    /// Free metadata of the sender.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub metadata: Option<Value>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
type_tag!(Request, "Request");

/// One entry of `Request.items`: a `RequestItemGroup` or any single request item.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum RequestItemOrGroup {
    /// `"@type": "RequestItemGroup"`.
    Group(RequestItemGroup),
    /// Any other `"@type"` (`ReadAttributeRequestItem`, `ConsentRequestItem`, ...).
    Item(RequestItem),
}

impl TaggedUnion for RequestItemOrGroup {
    const KEY: &'static str = "@type";

    fn variant(tag: &str) -> Option<Build<Self>> {
        let build: Build<Self> = |fields| serde_json::from_value(fields).map(Self::Group);
        (tag == RequestItemGroup::TYPE_NAME).then_some(build)
    }

    fn fallback(object: Value) -> Result<Self, serde_json::Error> {
        serde_json::from_value(object).map(Self::Item)
    }
}

impl<'de> Deserialize<'de> for RequestItemOrGroup {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_union(deserializer)
    }
}

/// A group of request items (`"@type": "RequestItemGroup"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct RequestItemGroup {
    /// Title of the group.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    /// Description of the group.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub description: Option<String>,
    /// The grouped items.
    pub items: Vec<RequestItem>,
    /// Free metadata of the sender.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub metadata: Option<Value>,
    /// Fields this crate does not model (e.g. the pre-v3 `mustBeAccepted`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
type_tag!(RequestItemGroup, "RequestItemGroup");

/// A single request item of any kind; the kind-specific fields stay in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestItem {
    /// The item kind, e.g. `"ReadAttributeRequestItem"`.
    #[serde(rename = "@type")]
    pub type_name: String,
    /// Whether the recipient must accept this item to accept the Request.
    pub must_be_accepted: bool,
    /// Description shown to the user.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub description: Option<String>,
    /// Free metadata of the sender.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub metadata: Option<Value>,
    /// Kind-specific fields (`query`, `attribute`, `consent`, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
