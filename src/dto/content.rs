//! Message content: the `"@type"` union `MessageContent` and its kinds (spec §3.2).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::local_request::RequestSourceType;
use super::open_enum::open_enum;
use super::request::Request;
use super::response::Response;
use super::type_tag::type_tag;
use super::union::{deserialize_union, Build, TaggedUnion};

/// `MessageDto.content`, discriminated by `"@type"`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum MessageContent {
    /// `"Mail"`: a human-readable mail.
    Mail(Mail),
    /// `"Request"`: a Request sent by Message.
    Request(Request),
    /// `"ResponseWrapper"`: a Response to a Request from a Message or a RelationshipTemplate.
    ResponseWrapper(ResponseWrapper),
    /// `"Notification"`: notification items (attribute successions, deletions, ...).
    Notification(Notification),
    /// `"ArbitraryMessageContent"`: any non-standard content, wrapped.
    Arbitrary(ArbitraryMessageContent),
    /// Any other or missing `"@type"`; the whole object, unchanged.
    Unknown(Value),
}

impl TaggedUnion for MessageContent {
    const KEY: &'static str = "@type";

    fn variant(tag: &str) -> Option<Build<Self>> {
        let build: Build<Self> = match tag {
            Mail::TYPE_NAME => |fields| serde_json::from_value(fields).map(Self::Mail),
            Request::TYPE_NAME => |fields| serde_json::from_value(fields).map(Self::Request),
            ResponseWrapper::TYPE_NAME => {
                |fields| serde_json::from_value(fields).map(Self::ResponseWrapper)
            }
            Notification::TYPE_NAME => {
                |fields| serde_json::from_value(fields).map(Self::Notification)
            }
            ArbitraryMessageContent::TYPE_NAME => {
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

impl<'de> Deserialize<'de> for MessageContent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_union(deserializer)
    }
}

open_enum! {
    /// How `Mail.body` is formatted (since Runtime 7.1.0).
    pub enum BodyFormat {
        /// Plain text (the default).
        PlainText = "PlainText",
        /// Markdown.
        Markdown = "Markdown",
    }
}

/// A mail (`"@type": "Mail"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct Mail {
    /// Recipient addresses (at least one).
    pub to: Vec<String>,
    /// CC addresses (the Runtime writes `[]` when there are none).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cc: Option<Vec<String>>,
    /// Subject (at most 300 characters).
    pub subject: String,
    /// Body (at most 50000 characters).
    pub body: String,
    /// Body format; absent in Mails from before Runtime 7.1.0.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub body_format: Option<BodyFormat>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
type_tag!(Mail, "Mail");

/// A Response sent back by Message (`"@type": "ResponseWrapper"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct ResponseWrapper {
    /// Id of the answered Request.
    pub request_id: String,
    /// Id of the Message or RelationshipTemplate that carried the Request.
    pub request_source_reference: String,
    /// Kind of that source.
    pub request_source_type: RequestSourceType,
    /// The Response.
    pub response: Response,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
type_tag!(ResponseWrapper, "ResponseWrapper");

/// A Notification (`"@type": "Notification"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct Notification {
    /// Notification id (`"NOT…"`).
    pub id: String,
    /// The notification items.
    pub items: Vec<NotificationItem>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
type_tag!(Notification, "Notification");

/// One notification item of any kind; the kind-specific fields stay in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotificationItem {
    /// The item kind, e.g. `"PeerAttributeSucceededNotificationItem"`.
    #[serde(rename = "@type")]
    pub type_name: String,
    /// Kind-specific fields.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Non-standard message content (`"@type": "ArbitraryMessageContent"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct ArbitraryMessageContent {
    /// The wrapped value, any JSON.
    pub value: Value,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
type_tag!(ArbitraryMessageContent, "ArbitraryMessageContent");
