//! `Response` content (`"@type": "Response"`) and its items (spec §3.2).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::open_enum::open_enum;
use super::type_tag::type_tag;
use super::union::{deserialize_union, Build, TaggedUnion};

open_enum! {
    /// Overall result of a Response.
    pub enum ResponseResult {
        /// The Request was accepted.
        Accepted = "Accepted",
        /// The Request was rejected.
        Rejected = "Rejected",
    }
}

open_enum! {
    /// Result of one response item.
    pub enum ResponseItemResult {
        /// The item was accepted.
        Accepted = "Accepted",
        /// The item was rejected.
        Rejected = "Rejected",
        /// Processing failed; the wire value is `"Error"` (the TS member is named `Failed`).
        Error = "Error",
    }
}

/// The answer to a Request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct Response {
    /// Accepted or rejected.
    pub result: ResponseResult,
    /// Id of the answered Request.
    pub request_id: String,
    /// One entry per request item or group, in order.
    pub items: Vec<ResponseItemOrGroup>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
type_tag!(Response, "Response");

/// One entry of `Response.items`: a `ResponseItemGroup` or any single response item.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ResponseItemOrGroup {
    /// `"@type": "ResponseItemGroup"`.
    Group(ResponseItemGroup),
    /// Any other `"@type"` (`AcceptResponseItem`, `ReadAttributeAcceptResponseItem`, ...).
    Item(ResponseItem),
}

impl TaggedUnion for ResponseItemOrGroup {
    const KEY: &'static str = "@type";

    fn variant(tag: &str) -> Option<Build<Self>> {
        let build: Build<Self> = |fields| serde_json::from_value(fields).map(Self::Group);
        (tag == ResponseItemGroup::TYPE_NAME).then_some(build)
    }

    fn fallback(object: Value) -> Result<Self, serde_json::Error> {
        serde_json::from_value(object).map(Self::Item)
    }
}

impl<'de> Deserialize<'de> for ResponseItemOrGroup {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_union(deserializer)
    }
}

/// A group of response items (`"@type": "ResponseItemGroup"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct ResponseItemGroup {
    /// The grouped items.
    pub items: Vec<ResponseItem>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
type_tag!(ResponseItemGroup, "ResponseItemGroup");

/// A single response item of any kind; the kind-specific fields stay in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseItem {
    /// The item kind, e.g. `"ReadAttributeAcceptResponseItem"`.
    #[serde(rename = "@type")]
    pub type_name: String,
    /// Accepted, rejected or error.
    pub result: ResponseItemResult,
    /// Kind-specific fields (`attributeId`, `attribute`, `code`, `message`, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
