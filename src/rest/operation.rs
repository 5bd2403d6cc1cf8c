//! The Connector operations the client covers: method, path below the API prefix, and whether
//! repeating one is harmless.

/// An HTTP method the client sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// One Connector operation; the JS method of the same name calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Operation {
    /// `POST /Account/Sync`: fetch news from the Backbone (answers 204 in v6 and v7).
    Sync,
    /// `GET /Account/SyncInfo`: when the last sync ran.
    SyncInfo,
    /// `GET /Messages`
    Messages,
    /// `GET /Messages/{id}`
    Message,
    /// `POST /Messages`
    SendMessage,
    /// `GET /Relationships`
    Relationships,
    /// `GET /Relationships/{id}`
    Relationship,
    /// `GET /Requests/Incoming`
    IncomingRequests,
    /// `GET /Requests/Incoming/{id}`
    IncomingRequest,
    /// `GET /Requests/Outgoing`
    OutgoingRequests,
    /// `GET /Requests/Outgoing/{id}`
    OutgoingRequest,
    /// `POST /Requests/Outgoing`
    CreateOutgoingRequest,
    /// `GET /Attributes`
    Attributes,
    /// `GET /Attributes/{id}`
    Attribute,
    /// `GET /Files`
    Files,
    /// `GET /Files/{idOrReference}`
    File,
}

/// Every operation with its JS name, in the order of the JS class.
const OPERATIONS: [(&str, Operation); 16] = [
    ("sync", Operation::Sync),
    ("syncInfo", Operation::SyncInfo),
    ("messages", Operation::Messages),
    ("message", Operation::Message),
    ("sendMessage", Operation::SendMessage),
    ("relationships", Operation::Relationships),
    ("relationship", Operation::Relationship),
    ("incomingRequests", Operation::IncomingRequests),
    ("incomingRequest", Operation::IncomingRequest),
    ("outgoingRequests", Operation::OutgoingRequests),
    ("outgoingRequest", Operation::OutgoingRequest),
    ("createOutgoingRequest", Operation::CreateOutgoingRequest),
    ("attributes", Operation::Attributes),
    ("attribute", Operation::Attribute),
    ("files", Operation::Files),
    ("file", Operation::File),
];

/// How an operation reads: which form of request it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// No id, no query, no body.
    Plain,
    /// A collection queried with Connector query parameters.
    Query,
    /// One entity by id.
    ById,
    /// A JSON body.
    Body,
}

impl Operation {
    /// The operation called `name` in JS (`"messages"`, `"sendMessage"`, …).
    pub fn from_name(name: &str) -> Option<Operation> {
        OPERATIONS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, op)| *op)
    }

    /// The JS name of the operation.
    pub fn name(self) -> &'static str {
        OPERATIONS
            .iter()
            .find(|(_, op)| *op == self)
            .map_or("", |(n, _)| n)
    }

    /// The HTTP method.
    pub fn method(self) -> Method {
        match self {
            Operation::Sync | Operation::SendMessage | Operation::CreateOutgoingRequest => {
                Method::Post
            }
            _ => Method::Get,
        }
    }

    /// The path below the API prefix; an operation by id appends `/{id}`.
    pub fn resource(self) -> &'static str {
        match self {
            Operation::Sync => "/Account/Sync",
            Operation::SyncInfo => "/Account/SyncInfo",
            Operation::Messages | Operation::Message | Operation::SendMessage => "/Messages",
            Operation::Relationships | Operation::Relationship => "/Relationships",
            Operation::IncomingRequests | Operation::IncomingRequest => "/Requests/Incoming",
            Operation::OutgoingRequests
            | Operation::OutgoingRequest
            | Operation::CreateOutgoingRequest => "/Requests/Outgoing",
            Operation::Attributes | Operation::Attribute => "/Attributes",
            Operation::Files | Operation::File => "/Files",
        }
    }

    pub(crate) fn shape(self) -> Shape {
        match self {
            Operation::Sync | Operation::SyncInfo => Shape::Plain,
            Operation::Messages
            | Operation::Relationships
            | Operation::IncomingRequests
            | Operation::OutgoingRequests
            | Operation::Attributes
            | Operation::Files => Shape::Query,
            Operation::Message
            | Operation::Relationship
            | Operation::IncomingRequest
            | Operation::OutgoingRequest
            | Operation::Attribute
            | Operation::File => Shape::ById,
            Operation::SendMessage | Operation::CreateOutgoingRequest => Shape::Body,
        }
    }

    /// Whether sending the request twice does no harm, so a failure that may have reached the
    /// Connector can be retried. Reads are; a sync only fetches news again; sending a message
    /// or creating a request twice would do it twice.
    pub fn idempotent(self) -> bool {
        !matches!(
            self,
            Operation::SendMessage | Operation::CreateOutgoingRequest
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for (name, op) in OPERATIONS {
            assert_eq!(Operation::from_name(name), Some(op));
            assert_eq!(op.name(), name);
        }
        assert_eq!(Operation::from_name("deleteEverything"), None);
        assert_eq!(Operation::from_name("Messages"), None);
    }

    #[test]
    fn writes_are_posts_and_not_idempotent_except_sync() {
        assert_eq!(Operation::Sync.method(), Method::Post);
        assert!(Operation::Sync.idempotent());
        assert_eq!(Operation::SendMessage.method(), Method::Post);
        assert!(!Operation::SendMessage.idempotent());
        assert!(!Operation::CreateOutgoingRequest.idempotent());
        assert!(Operation::Messages.idempotent());
        assert_eq!(Operation::File.method(), Method::Get);
    }
}
