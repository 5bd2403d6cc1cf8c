//! `LocalRequestDTO` (spec §3.5).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::open_enum::open_enum;
use super::request::Request;
use super::response::Response;

open_enum! {
    /// Lifecycle status of a local Request (identical in v5, v6 and v7).
    pub enum LocalRequestStatus {
        /// Outgoing, not sent yet.
        Draft = "Draft",
        /// Outgoing sent, or incoming received.
        Open = "Open",
        /// Incoming, prerequisites checked, a decision is needed.
        DecisionRequired = "DecisionRequired",
        /// Incoming, the Decider could not decide: a person must.
        ManualDecisionRequired = "ManualDecisionRequired",
        /// Incoming, accepted or rejected; the Response is not sent yet.
        Decided = "Decided",
        /// The Response was sent (incoming) or received (outgoing).
        Completed = "Completed",
        /// `expiresAt` passed before completion.
        Expired = "Expired",
    }
}

open_enum! {
    /// What carried a Request.
    pub enum RequestSourceType {
        /// A Message.
        Message = "Message",
        /// A RelationshipTemplate.
        RelationshipTemplate = "RelationshipTemplate",
    }
}

open_enum! {
    /// What carried a Response.
    pub enum ResponseSourceType {
        /// A Message (`ResponseWrapper`).
        Message = "Message",
        /// The creation content of a Relationship.
        Relationship = "Relationship",
    }
}

/// A Request as stored by the Connector, incoming or outgoing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalRequestDto {
    /// Request id (`"REQ…"`).
    pub id: String,
    /// `true` for outgoing Requests.
    pub is_own: bool,
    /// Peer address.
    pub peer: String,
    /// Creation date (ISO 8601).
    pub created_at: String,
    /// Current status.
    pub status: LocalRequestStatus,
    /// The Request itself.
    pub content: Request,
    /// Where the Request came from or went through; absent while an outgoing Request is a draft.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<LocalRequestSourceDto>,
    /// The Response, once there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub response: Option<LocalResponseDto>,
    /// `true` when the Decider decided an incoming Request (since v6).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub was_automatically_decided: Option<bool>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The Message or RelationshipTemplate that carried a Request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalRequestSourceDto {
    /// Kind of the source.
    #[serde(rename = "type")]
    pub source_type: RequestSourceType,
    /// Its id (`"MSG…"` or `"RLT…"`).
    pub reference: String,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The Response stored with a local Request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalResponseDto {
    /// When the Response was created (ISO 8601).
    pub created_at: String,
    /// The Response itself.
    pub content: Response,
    /// The Message or Relationship that carried it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<LocalResponseSourceDto>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The Message or Relationship that carried a Response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalResponseSourceDto {
    /// Kind of the source.
    #[serde(rename = "type")]
    pub source_type: ResponseSourceType,
    /// Its id (`"MSG…"` or `"REL…"`).
    pub reference: String,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
