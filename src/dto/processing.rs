//! Processing results of the Request/Decider modules (spec §3.12).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::message::MessageDto;
use super::open_enum::open_enum;
use super::template::RelationshipTemplateDto;
use super::union::{deserialize_union, serialize_tagged, Build, TaggedUnion};

open_enum! {
    /// Outcome of processing a received Message.
    pub enum MessageProcessedResult {
        /// The Decider decided the Request (v6+).
        RequestAutomaticallyDecided = "RequestAutomaticallyDecided",
        /// The Request needs a manual decision.
        ManualRequestDecisionRequired = "ManualRequestDecisionRequired",
        /// The content is not a Request.
        NoRequest = "NoRequest",
        /// Processing failed.
        Error = "Error",
    }
}

/// `consumption.messageProcessed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageProcessedEventData {
    /// The processed Message (attachments as ids).
    pub message: MessageDto,
    /// The outcome.
    pub result: MessageProcessedResult,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

open_enum! {
    /// Outcome of processing a peer's RelationshipTemplate.
    pub enum RelationshipTemplateProcessedResult {
        /// The Decider decided the Request (v6+).
        RequestAutomaticallyDecided = "RequestAutomaticallyDecided",
        /// The Request needs a manual decision.
        ManualRequestDecisionRequired = "ManualRequestDecisionRequired",
        /// An earlier Request from this template is still open.
        NonCompletedRequestExists = "NonCompletedRequestExists",
        /// A Relationship with the creator already exists.
        RelationshipExists = "RelationshipExists",
        /// The template holds no Request.
        NoRequest = "NoRequest",
        /// Processing failed.
        Error = "Error",
        /// The Request has expired (v6+).
        RequestExpired = "RequestExpired",
    }
}

/// `consumption.relationshipTemplateProcessed`: a union keyed by `"result"`.
#[derive(Debug, Clone, PartialEq)]
pub enum RelationshipTemplateProcessedEventData {
    /// `"RequestAutomaticallyDecided"`, with the Request id.
    RequestAutomaticallyDecided(ProcessedTemplateRequest),
    /// `"ManualRequestDecisionRequired"`, with the Request id.
    ManualRequestDecisionRequired(ProcessedTemplateRequest),
    /// `"NonCompletedRequestExists"`, with the open Request's id.
    NonCompletedRequestExists(ProcessedTemplateRequest),
    /// `"RelationshipExists"`, with the Relationship id.
    RelationshipExists(ProcessedTemplateRelationship),
    /// `"NoRequest"`.
    NoRequest(ProcessedTemplate),
    /// `"Error"`.
    Error(ProcessedTemplate),
    /// `"RequestExpired"`.
    RequestExpired(ProcessedTemplate),
    /// Any other or missing `"result"`; the whole object, unchanged.
    Unknown(Value),
}

impl RelationshipTemplateProcessedEventData {
    /// The `"result"`; `None` only for an `Unknown` object without a string `"result"`.
    pub fn result(&self) -> Option<RelationshipTemplateProcessedResult> {
        use RelationshipTemplateProcessedResult as R;
        Some(match self {
            Self::RequestAutomaticallyDecided(_) => R::RequestAutomaticallyDecided,
            Self::ManualRequestDecisionRequired(_) => R::ManualRequestDecisionRequired,
            Self::NonCompletedRequestExists(_) => R::NonCompletedRequestExists,
            Self::RelationshipExists(_) => R::RelationshipExists,
            Self::NoRequest(_) => R::NoRequest,
            Self::Error(_) => R::Error,
            Self::RequestExpired(_) => R::RequestExpired,
            Self::Unknown(value) => R::from(value.get("result")?.as_str()?),
        })
    }

    /// The processed template; `None` for `Unknown`.
    pub fn template(&self) -> Option<&RelationshipTemplateDto> {
        match self {
            Self::RequestAutomaticallyDecided(data)
            | Self::ManualRequestDecisionRequired(data)
            | Self::NonCompletedRequestExists(data) => Some(&data.template),
            Self::RelationshipExists(data) => Some(&data.template),
            Self::NoRequest(data) | Self::Error(data) | Self::RequestExpired(data) => {
                Some(&data.template)
            }
            Self::Unknown(_) => None,
        }
    }
}

impl TaggedUnion for RelationshipTemplateProcessedEventData {
    const KEY: &'static str = "result";

    fn variant(tag: &str) -> Option<Build<Self>> {
        use RelationshipTemplateProcessedResult as R;
        let build: Build<Self> = match R::from(tag) {
            R::RequestAutomaticallyDecided => {
                |fields| serde_json::from_value(fields).map(Self::RequestAutomaticallyDecided)
            }
            R::ManualRequestDecisionRequired => {
                |fields| serde_json::from_value(fields).map(Self::ManualRequestDecisionRequired)
            }
            R::NonCompletedRequestExists => {
                |fields| serde_json::from_value(fields).map(Self::NonCompletedRequestExists)
            }
            R::RelationshipExists => {
                |fields| serde_json::from_value(fields).map(Self::RelationshipExists)
            }
            R::NoRequest => |fields| serde_json::from_value(fields).map(Self::NoRequest),
            R::Error => |fields| serde_json::from_value(fields).map(Self::Error),
            R::RequestExpired => |fields| serde_json::from_value(fields).map(Self::RequestExpired),
            R::Other(_) => return None,
        };
        Some(build)
    }

    fn fallback(object: Value) -> Result<Self, serde_json::Error> {
        Ok(Self::Unknown(object))
    }
}

impl<'de> Deserialize<'de> for RelationshipTemplateProcessedEventData {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_union(deserializer)
    }
}

impl Serialize for RelationshipTemplateProcessedEventData {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use RelationshipTemplateProcessedResult as R;
        let key = Self::KEY;
        match self {
            Self::RequestAutomaticallyDecided(data) => serialize_tagged(
                key,
                R::RequestAutomaticallyDecided.as_str(),
                data,
                serializer,
            ),
            Self::ManualRequestDecisionRequired(data) => serialize_tagged(
                key,
                R::ManualRequestDecisionRequired.as_str(),
                data,
                serializer,
            ),
            Self::NonCompletedRequestExists(data) => {
                serialize_tagged(key, R::NonCompletedRequestExists.as_str(), data, serializer)
            }
            Self::RelationshipExists(data) => {
                serialize_tagged(key, R::RelationshipExists.as_str(), data, serializer)
            }
            Self::NoRequest(data) => serialize_tagged(key, R::NoRequest.as_str(), data, serializer),
            Self::Error(data) => serialize_tagged(key, R::Error.as_str(), data, serializer),
            Self::RequestExpired(data) => {
                serialize_tagged(key, R::RequestExpired.as_str(), data, serializer)
            }
            Self::Unknown(value) => value.serialize(serializer),
        }
    }
}

/// A processed template whose result names a Request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessedTemplateRequest {
    /// The template.
    pub template: RelationshipTemplateDto,
    /// The Request's id (`"REQ…"`).
    pub request_id: String,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A processed template whose result names a Relationship.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessedTemplateRelationship {
    /// The template.
    pub template: RelationshipTemplateDto,
    /// The existing Relationship's id (`"REL…"`).
    pub relationship_id: String,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A processed template without further ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessedTemplate {
    /// The template.
    pub template: RelationshipTemplateDto,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
