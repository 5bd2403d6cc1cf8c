//! Catch-up: which events a Connector's REST listings prove happened since a point in time.
//!
//! Events are for speed; the REST API fills the gaps. After an outage of the receiver or of the
//! delivery path, the caller lists what changed since a watermark (the queries come from
//! [`catch_up_queries`]) and [`reconcile`] turns the listings into the events the Connector
//! emitted for those changes, each with the same name and identifying data the live event had
//! (so its `event_key` is the same and a guard store suppresses what was delivered live).
//! Only the current state of an entity can be listed: intermediate statuses and deletions are
//! not reconstructable, and [`RECONSTRUCTABLE`] names exactly what is.
//!
//! Time comes in from the caller as the Connector's own ISO-8601 UTC text (`…Z`), compared as
//! text like the Connector's `DateFilter` does.

mod raw;
mod reconcile;
mod select;
#[cfg(test)]
mod tests;

use std::fmt;

pub use reconcile::reconcile;
pub use select::{catch_up_queries, selected_events};

/// One REST listing the catch-up reads (the Connector's `GET` collection routes).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Listing {
    /// `GET /api/core/v1/Messages`
    Messages,
    /// `GET /api/core/v1/Relationships` (no time filter exists: every relationship is listed)
    Relationships,
    /// `GET /api/core/v1/Requests/Incoming`
    IncomingRequests,
    /// `GET /api/core/v1/Requests/Outgoing`
    OutgoingRequests,
    /// `GET /api/core/v1/Attributes`
    Attributes,
}

impl Listing {
    /// Every listing, in declaration (`Ord`) order.
    pub const ALL: [Listing; 5] = [
        Listing::Messages,
        Listing::Relationships,
        Listing::IncomingRequests,
        Listing::OutgoingRequests,
        Listing::Attributes,
    ];

    /// The listing's name as the JS client method calls it (`messages`, `relationships`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Listing::Messages => "messages",
            Listing::Relationships => "relationships",
            Listing::IncomingRequests => "incomingRequests",
            Listing::OutgoingRequests => "outgoingRequests",
            Listing::Attributes => "attributes",
        }
    }
}

/// One event the REST API can reconstruct, and from what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reconstructable {
    /// The event name.
    pub event: &'static str,
    /// The listing it is reconstructed from.
    pub listing: Listing,
    /// What proves it happened, and what the synthesized data holds (for documentation; left
    /// out of the wasm build, where nothing reads it and its text would cost 1.3 KB).
    #[cfg(not(target_arch = "wasm32"))]
    pub rule: &'static str,
}

/// Every event catch-up can reconstruct, in the order events of one instant are dispatched.
pub const RECONSTRUCTABLE: &[Reconstructable] = &[
    Reconstructable {
        event: "transport.relationshipChanged",
        listing: Listing::Relationships,
        #[cfg(not(target_arch = "wasm32"))]
        rule: "the relationship's last audit-log entry is at or after the watermark; data: the current RelationshipDTO (one event for its current state, not one per entry)",
    },
    Reconstructable {
        event: "transport.relationshipReactivationRequested",
        listing: Listing::Relationships,
        #[cfg(not(target_arch = "wasm32"))]
        rule: "as relationshipChanged, when the last audit-log entry's reason is ReactivationRequested",
    },
    Reconstructable {
        event: "transport.relationshipReactivationCompleted",
        listing: Listing::Relationships,
        #[cfg(not(target_arch = "wasm32"))]
        rule: "as relationshipChanged, when the last audit-log entry's reason is AcceptanceOfReactivation, RejectionOfReactivation or RevocationOfReactivation",
    },
    Reconstructable {
        event: "transport.messageReceived",
        listing: Listing::Messages,
        #[cfg(not(target_arch = "wasm32"))]
        rule: "a message with isOwn false created at or after the watermark; data: its MessageDTO",
    },
    Reconstructable {
        event: "transport.messageSent",
        listing: Listing::Messages,
        #[cfg(not(target_arch = "wasm32"))]
        rule: "a message with isOwn true created at or after the watermark; data: its MessageDTO",
    },
    Reconstructable {
        event: "consumption.attributeCreated",
        listing: Listing::Attributes,
        #[cfg(not(target_arch = "wasm32"))]
        rule: "an attribute created at or after the watermark that succeeds none; data: its current LocalAttributeDTO",
    },
    Reconstructable {
        event: "consumption.attributeSucceeded",
        listing: Listing::Attributes,
        #[cfg(not(target_arch = "wasm32"))]
        rule: "an attribute created at or after the watermark with `succeeds`; data: { predecessor, successor } as they are now",
    },
    Reconstructable {
        event: "consumption.incomingRequestStatusChanged",
        listing: Listing::IncomingRequests,
        #[cfg(not(target_arch = "wasm32"))]
        rule: "an incoming request created at or after the watermark whose status is ManualDecisionRequired now; data: { request, oldStatus: DecisionRequired, newStatus: ManualDecisionRequired }",
    },
    Reconstructable {
        event: "consumption.outgoingRequestStatusChanged",
        listing: Listing::OutgoingRequests,
        #[cfg(not(target_arch = "wasm32"))]
        rule: "an outgoing request sent by message whose response was created at or after the watermark (status Completed); data: { request, oldStatus: Open, newStatus: Completed }",
    },
    Reconstructable {
        event: "consumption.outgoingRequestCreatedAndCompleted",
        listing: Listing::OutgoingRequests,
        #[cfg(not(target_arch = "wasm32"))]
        rule: "an outgoing request from a relationship template whose response was created at or after the watermark; data: its LocalRequestDTO",
    },
    Reconstructable {
        event: "consumption.outgoingRequestFromRelationshipCreationCreatedAndCompleted",
        listing: Listing::OutgoingRequests,
        #[cfg(not(target_arch = "wasm32"))]
        rule: "as outgoingRequestCreatedAndCompleted, when the response came with a new relationship (response.source.type Relationship)",
    },
];

/// The query of one listing: its parameters in the Connector's query syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingQuery {
    /// Which listing.
    pub listing: Listing,
    /// Query parameters, e.g. `("createdAt", ">=2026-03-02T09:15:27.412Z")`.
    pub query: Vec<(&'static str, String)>,
}

/// What [`reconcile`] reads: the listings the caller fetched (as the JSON text of each
/// envelope's `result`, an array), the selected events and the lower time bound.
#[derive(Debug, Clone, Default)]
pub struct CatchUpInput<'a> {
    /// The event names to reconstruct (see [`selected_events`]).
    pub events: Vec<&'static str>,
    /// Events at or after this instant are reconstructed (ISO-8601 UTC text); `None`: all.
    pub from: Option<&'a str>,
    /// `GET /Messages` result.
    pub messages: Option<&'a str>,
    /// `GET /Relationships` result.
    pub relationships: Option<&'a str>,
    /// `GET /Requests/Incoming` result.
    pub incoming_requests: Option<&'a str>,
    /// `GET /Requests/Outgoing` result.
    pub outgoing_requests: Option<&'a str>,
    /// `GET /Attributes` result.
    pub attributes: Option<&'a str>,
    /// Attributes fetched one by one because [`CatchUpPlan::missing_predecessors`] named them.
    pub predecessors: Option<&'a str>,
}

/// One synthesized event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synthesized {
    /// The event name.
    pub name: &'static str,
    /// The data as JSON text.
    pub data: String,
    /// When it happened, by the Connector's clock (the timestamp that proved it).
    pub at: String,
    /// The entity it is about (message, relationship, request or attribute id).
    pub subject: String,
    /// Its identity, [`crate::event_key`]: the key the live event had.
    pub key: String,
}

/// A listing item that could not be read; it is reported, never silently dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemProblem {
    /// Where, e.g. `messages[3].createdAt`.
    pub path: String,
    /// What was wrong.
    pub message: String,
}

/// What [`reconcile`] decided.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatchUpPlan {
    /// The events to dispatch, oldest first (ties: [`RECONSTRUCTABLE`] order, then subject).
    pub events: Vec<Synthesized>,
    /// The latest `at` among the events, if any: the watermark once all of them are done.
    pub latest: Option<String>,
    /// Predecessors of succeeded attributes that the listings did not hold: fetch them and
    /// reconcile again with [`CatchUpInput::predecessors`]; until then their
    /// `attributeSucceeded` events are left out.
    pub missing_predecessors: Vec<String>,
    /// Listing items that could not be read.
    pub problems: Vec<ItemProblem>,
}

/// Why catch-up refused its input.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatchUpError {
    /// An event name or pattern that selects nothing the REST API can reconstruct.
    NotReconstructable {
        /// The name or pattern as given.
        event: String,
    },
    /// A pattern the Connector could not use.
    InvalidPattern {
        /// What the pattern parser said.
        message: String,
    },
    /// `from` is not an ISO-8601 UTC date-time text (`YYYY-MM-DDTHH:MM:SS(.sss)Z`).
    InvalidWatermark {
        /// The text as given (at most 64 characters of it).
        found: String,
    },
    /// A listing that is not a JSON array.
    InvalidListing {
        /// The listing (`messages`, …).
        listing: &'static str,
        /// What was wrong.
        reason: String,
    },
}

impl CatchUpError {
    /// A stable code: `not_reconstructable`, `invalid_pattern`, `invalid_watermark`, `invalid_listing`.
    pub fn code(&self) -> &'static str {
        match self {
            CatchUpError::NotReconstructable { .. } => "not_reconstructable",
            CatchUpError::InvalidPattern { .. } => "invalid_pattern",
            CatchUpError::InvalidWatermark { .. } => "invalid_watermark",
            CatchUpError::InvalidListing { .. } => "invalid_listing",
        }
    }
}

impl fmt::Display for CatchUpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatchUpError::NotReconstructable { event } => {
                let names: Vec<&str> = RECONSTRUCTABLE.iter().map(|r| r.event).collect();
                write!(
                    f,
                    "{event:?} cannot be reconstructed from the Connector's REST API; reconstructable events: {}",
                    names.join(", ")
                )
            }
            CatchUpError::InvalidPattern { message } => f.write_str(message),
            CatchUpError::InvalidWatermark { found } => write!(
                f,
                "watermark {found:?}: expected an ISO-8601 UTC date-time such as 2026-03-02T09:15:27.412Z"
            ),
            CatchUpError::InvalidListing { listing, reason } => {
                write!(f, "the {listing} listing is not usable: {reason}")
            }
        }
    }
}

impl std::error::Error for CatchUpError {}
