//! Every event name a Connector on Runtime 7.5.x emits, the data each carries, and the names
//! that earlier Runtimes used (spec §1.2, §1.3).

use super::schema::ts_doc;
use super::DataType;

/// A current event name and the data it carries.
#[derive(Debug, PartialEq, Eq)]
pub struct EventSpec {
    /// The name, e.g. `transport.messageReceived`; for the relationship-event family the prefix
    /// with `<relationshipId>`.
    pub name: &'static str,
    /// What `data` holds.
    pub data: DataType,
    /// When the Connector publishes it (the doc comment of its entry in the TypeScript event map).
    pub doc: &'static str,
}

/// A name removed or renamed in an earlier Runtime major version.
#[derive(Debug, PartialEq, Eq)]
pub struct LegacySpec {
    /// The name as the earlier Runtime sent it, e.g. `consumption.attributeListenerCreated`.
    pub name: &'static str,
    /// What `data` is checked against; [`DataType::Any`] where no current type fits it.
    pub data: DataType,
    /// What became of it (the doc comment of its entry in the TypeScript legacy event map).
    pub doc: &'static str,
    /// The TypeScript type of its data as the Runtime that sent it declared it (v6 DTOs).
    pub ts_data: &'static str,
    /// The current names that replaced it: one for a rename, several where the Runtime split
    /// the event by attribute kind, none where the feature was removed.
    pub successors: &'static [&'static str],
    /// The Runtime major version that no longer emits it.
    pub removed_in: &'static str,
}

/// What the catalogue knows about an event name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// A current event (including `consumption.relationshipEvent.<id>`).
    Known(&'static EventSpec),
    /// A name from an earlier Runtime.
    Legacy(&'static LegacySpec),
    /// A name we have never heard of; its data is passed on untouched.
    Unknown,
}

impl EventKind {
    /// The data type the event carries; [`DataType::Any`] for unknown names.
    pub fn data_type(self) -> DataType {
        match self {
            EventKind::Known(spec) => spec.data,
            EventKind::Legacy(spec) => spec.data,
            EventKind::Unknown => DataType::Any,
        }
    }
}

/// The prefix of the `MessageModule`'s per-relationship events.
pub const RELATIONSHIP_EVENT_PREFIX: &str = "consumption.relationshipEvent.";

/// Current events, sorted by name (the catalogue's order).
pub static EVENTS: &[EventSpec] = &[
    EventSpec {
        name: "consumption.attributeCreated",
        data: DataType::LocalAttribute,
        doc: ts_doc("A LocalAttribute was created."),
    },
    EventSpec {
        name: "consumption.attributeDeleted",
        data: DataType::LocalAttribute,
        doc: ts_doc("A LocalAttribute was deleted."),
    },
    EventSpec {
        name: "consumption.attributeForwardingDetailsChanged",
        data: DataType::LocalAttribute,
        doc: ts_doc("Forwarding details (sharing records) of an attribute were added or removed."),
    },
    EventSpec {
        name: "consumption.attributeSucceeded",
        data: DataType::AttributeSucceeded,
        doc: ts_doc("An attribute was succeeded: `{ predecessor, successor }`."),
    },
    EventSpec {
        name: "consumption.attributeWasViewedAtChanged",
        data: DataType::LocalAttribute,
        doc: ts_doc("An attribute was marked as viewed."),
    },
    EventSpec {
        name: "consumption.forwardedAttributeDeletedByPeer",
        data: DataType::LocalAttribute,
        doc: ts_doc("A peer you forwarded an attribute to deleted its copy."),
    },
    EventSpec {
        name: "consumption.incomingRequestReceived",
        data: DataType::LocalRequest,
        doc: ts_doc("An incoming Request was stored (`isOwn: false`, status \"Open\")."),
    },
    EventSpec {
        name: "consumption.incomingRequestStatusChanged",
        data: DataType::RequestStatusChanged,
        doc: ts_doc("The status of an incoming Request changed."),
    },
    EventSpec {
        name: "consumption.mailReceived",
        data: DataType::Message,
        doc: ts_doc("A received Message has Mail content (only with the runtime's MessageModule enabled)."),
    },
    EventSpec {
        name: "consumption.messageProcessed",
        data: DataType::MessageProcessed,
        doc: ts_doc("A received Message was processed by the Request/Decider modules."),
    },
    EventSpec {
        name: "consumption.outgoingRequestCreated",
        data: DataType::LocalRequest,
        doc: ts_doc("An outgoing Request was created (`isOwn: true`, status \"Draft\")."),
    },
    EventSpec {
        name: "consumption.outgoingRequestCreatedAndCompleted",
        data: DataType::LocalRequest,
        doc: ts_doc("An outgoing Request was created and immediately completed from a Response that came via a template."),
    },
    EventSpec {
        name: "consumption.outgoingRequestFromRelationshipCreationCreatedAndCompleted",
        data: DataType::LocalRequest,
        doc: ts_doc("Published in addition to the previous one when the Response came with a new Relationship."),
    },
    EventSpec {
        name: "consumption.outgoingRequestStatusChanged",
        data: DataType::RequestStatusChanged,
        doc: ts_doc("The status of an outgoing Request changed."),
    },
    EventSpec {
        name: "consumption.ownAttributeDeletedByOwner",
        data: DataType::LocalAttribute,
        doc: ts_doc("The owner/emitter deleted an attribute you received (`deletionInfo.deletionStatus === \"DeletedByEmitter\"`)."),
    },
    EventSpec {
        name: "consumption.peerRelationshipAttributeDeletedByPeer",
        data: DataType::LocalAttribute,
        doc: ts_doc("The peer deleted a relationship attribute."),
    },
    EventSpec {
        name: "consumption.relationshipTemplateProcessed",
        data: DataType::RelationshipTemplateProcessed,
        doc: ts_doc("A loaded peer RelationshipTemplate was processed by the Request/Decider modules."),
    },
    EventSpec {
        name: "consumption.shareCredentialOfferRequestItemProcessedByRecipient",
        data: DataType::ShareCredentialOfferProcessed,
        doc: ts_doc("The peer's response to a ShareCredentialOfferRequestItem was applied (since Runtime 7.5.0)."),
    },
    // Published during `Runtime.init()`, before modules subscribe: known, though they do not
    // reach a stock Connector's delivery modules. Only modulesStarted does.
    EventSpec {
        name: "runtime.initialized",
        data: DataType::None,
        doc: ts_doc("End of `Runtime.init()` (not seen by external systems)."),
    },
    EventSpec {
        name: "runtime.initializing",
        data: DataType::None,
        doc: ts_doc("Start of `Runtime.init()` (not seen by external systems)."),
    },
    EventSpec {
        name: "runtime.modulesInitialized",
        data: DataType::None,
        doc: ts_doc("After the runtime's modules were initialized (not seen by external systems)."),
    },
    EventSpec {
        name: "runtime.modulesLoaded",
        data: DataType::None,
        doc: ts_doc("After the runtime's modules were loaded (not seen by external systems)."),
    },
    EventSpec {
        name: "runtime.modulesStarted",
        data: DataType::None,
        doc: ts_doc("After all modules started: once per Connector start (brokers send `{}`, webhooks no `data`)."),
    },
    EventSpec {
        name: "transport.datawalletSynchronized",
        data: DataType::None,
        doc: ts_doc("After every sync when the datawallet is enabled; no data."),
    },
    EventSpec {
        name: "transport.fileOwnershipClaimed",
        data: DataType::File,
        doc: ts_doc("Another identity claimed ownership of your File."),
    },
    EventSpec {
        name: "transport.fileOwnershipLocked",
        data: DataType::File,
        doc: ts_doc("Ownership of an own File got locked."),
    },
    EventSpec {
        name: "transport.identityDeletionProcessStatusChanged",
        data: DataType::OptionalIdentityDeletionProcess,
        doc: ts_doc("The own IdentityDeletionProcess changed; `undefined` data only after a datawallet sync."),
    },
    EventSpec {
        name: "transport.messageDelivered",
        data: DataType::Message,
        doc: ts_doc("Defined but never fired (disabled in the Backbone)."),
    },
    EventSpec {
        name: "transport.messageReceived",
        data: DataType::Message,
        doc: ts_doc("A new Message from a peer was loaded during sync."),
    },
    EventSpec {
        name: "transport.messageSent",
        data: DataType::Message,
        doc: ts_doc("The Connector sent a Message (`isOwn: true`)."),
    },
    EventSpec {
        name: "transport.messageWasReadAtChanged",
        data: DataType::Message,
        doc: ts_doc("A Message was marked read/unread (`wasReadAt` set/removed)."),
    },
    EventSpec {
        name: "transport.peerDeleted",
        data: DataType::Relationship,
        doc: ts_doc("The peer was deleted (`peerDeletionInfo.deletionStatus === \"Deleted\"`)."),
    },
    EventSpec {
        name: "transport.peerDeletionCancelled",
        data: DataType::Relationship,
        doc: ts_doc("The peer cancelled its identity deletion (`peerDeletionInfo` absent)."),
    },
    EventSpec {
        name: "transport.peerRelationshipTemplateLoaded",
        data: DataType::RelationshipTemplate,
        doc: ts_doc("A peer's RelationshipTemplate was loaded (`isOwn: false`)."),
    },
    EventSpec {
        name: "transport.peerToBeDeleted",
        data: DataType::Relationship,
        doc: ts_doc("The peer started its identity deletion (`peerDeletionInfo.deletionStatus === \"ToBeDeleted\"`)."),
    },
    EventSpec {
        name: "transport.relationshipChanged",
        data: DataType::Relationship,
        doc: ts_doc("A Relationship was created or changed (locally or during sync)."),
    },
    EventSpec {
        name: "transport.relationshipDecomposedBySelf",
        data: DataType::RelationshipDecomposedBySelf,
        doc: ts_doc("You decomposed a Relationship; data is only `{ relationshipId }`."),
    },
    EventSpec {
        name: "transport.relationshipReactivationCompleted",
        data: DataType::Relationship,
        doc: ts_doc("Reactivation was accepted/rejected/revoked by you or the peer."),
    },
    EventSpec {
        name: "transport.relationshipReactivationRequested",
        data: DataType::Relationship,
        doc: ts_doc("Reactivation of a terminated Relationship was requested by you or the peer."),
    },
    EventSpec {
        name: "transport.relationshipTemplateAllocationsExhausted",
        data: DataType::RelationshipTemplate,
        doc: ts_doc("An own RelationshipTemplate reached `maxNumberOfAllocations`."),
    },
];

/// `consumption.relationshipEvent.<relationshipId>`, published by the Runtime's MessageModule.
pub static RELATIONSHIP_EVENT: EventSpec = EventSpec {
    name: "consumption.relationshipEvent.<relationshipId>",
    data: DataType::Relationship,
    doc: ts_doc("`consumption.relationshipEvent.<relationshipId>`, published by the MessageModule after `mailReceived`."),
};

const ATTRIBUTE_DELETED_SUCCESSORS: &[&str] = &[
    "consumption.peerRelationshipAttributeDeletedByPeer",
    "consumption.forwardedAttributeDeletedByPeer",
];

/// Names earlier Runtimes emitted, sorted by name. The v6→v7 mapping is inferred from the
/// NotificationItem renames (spec §1.3): the migration guide does not list event renames.
pub static LEGACY_EVENTS: &[LegacySpec] = &[
    LegacySpec {
        name: "consumption.attributeListenerCreated",
        data: DataType::Any,
        successors: &[],
        removed_in: "7",
        doc: ts_doc("Attribute listener feature, removed in v7 (no successor)."),
        ts_data: "LocalAttributeListenerDTO",
    },
    LegacySpec {
        name: "consumption.attributeListenerTriggered",
        data: DataType::Any,
        successors: &[],
        removed_in: "7",
        doc: ts_doc("Attribute listener feature, removed in v7 (no successor)."),
        ts_data: "AttributeListenerTriggeredEventData",
    },
    LegacySpec {
        name: "consumption.outgoingRequestFromRelationshipCreationChangeCreatedAndCompleted",
        data: DataType::LocalRequest,
        successors: &["consumption.outgoingRequestFromRelationshipCreationCreatedAndCompleted"],
        removed_in: "5",
        doc: ts_doc("Renamed in v5 → `consumption.outgoingRequestFromRelationshipCreationCreatedAndCompleted`."),
        ts_data: "LocalRequestDTO",
    },
    LegacySpec {
        name: "consumption.ownSharedAttributeDeletedByOwner",
        data: DataType::LocalAttribute,
        successors: &["consumption.ownAttributeDeletedByOwner"],
        removed_in: "7",
        doc: ts_doc("v4–v6, removed in v7 → `consumption.ownAttributeDeletedByOwner`."),
        ts_data: "LocalAttributeDTOv6",
    },
    LegacySpec {
        name: "consumption.ownSharedAttributeSucceeded",
        data: DataType::AttributeSucceeded,
        successors: &["consumption.attributeSucceeded"],
        removed_in: "7",
        doc: ts_doc("Removed in v7 → `consumption.attributeSucceeded`."),
        ts_data: "AttributeSucceededEventDataV6",
    },
    LegacySpec {
        name: "consumption.peerSharedAttributeDeletedByPeer",
        data: DataType::LocalAttribute,
        successors: ATTRIBUTE_DELETED_SUCCESSORS,
        removed_in: "7",
        doc: ts_doc("v4–v6, removed in v7 → `consumption.peerRelationshipAttributeDeletedByPeer` or `…forwardedAttributeDeletedByPeer`."),
        ts_data: "LocalAttributeDTOv6",
    },
    LegacySpec {
        name: "consumption.peerSharedAttributeSucceeded",
        data: DataType::AttributeSucceeded,
        successors: &["consumption.attributeSucceeded"],
        removed_in: "7",
        doc: ts_doc("Removed in v7 → `consumption.attributeSucceeded`."),
        ts_data: "AttributeSucceededEventDataV6",
    },
    LegacySpec {
        name: "consumption.repositoryAttributeSucceeded",
        data: DataType::AttributeSucceeded,
        successors: &["consumption.attributeSucceeded"],
        removed_in: "7",
        doc: ts_doc("Removed in v7 → `consumption.attributeSucceeded`."),
        ts_data: "AttributeSucceededEventDataV6",
    },
    LegacySpec {
        name: "consumption.thirdPartyOwnedRelationshipAttributeDeletedByPeer",
        data: DataType::LocalAttribute,
        successors: ATTRIBUTE_DELETED_SUCCESSORS,
        removed_in: "7",
        doc: ts_doc("v4–v6 (deprecated in v6), removed in v7 → `consumption.forwardedAttributeDeletedByPeer` / `…peerRelationshipAttributeDeletedByPeer`."),
        ts_data: "LocalAttributeDTOv6",
    },
    LegacySpec {
        name: "consumption.thirdPartyOwnedRelationshipAttributeSucceeded",
        data: DataType::AttributeSucceeded,
        successors: &["consumption.attributeSucceeded"],
        removed_in: "7",
        doc: ts_doc("v4–v6 (deprecated in v6), removed in v7 → `consumption.attributeSucceeded`."),
        ts_data: "AttributeSucceededEventDataV6",
    },
    LegacySpec {
        name: "consumption.thirdPartyRelationshipAttributeDeletedByPeer",
        data: DataType::LocalAttribute,
        successors: ATTRIBUTE_DELETED_SUCCESSORS,
        removed_in: "7",
        doc: ts_doc("v6 only, removed in v7 → `consumption.forwardedAttributeDeletedByPeer` / `…peerRelationshipAttributeDeletedByPeer`."),
        ts_data: "LocalAttributeDTOv6",
    },
    LegacySpec {
        name: "consumption.thirdPartyRelationshipAttributeSucceeded",
        data: DataType::AttributeSucceeded,
        successors: &["consumption.attributeSucceeded"],
        removed_in: "7",
        doc: ts_doc("v6 only, removed in v7 → `consumption.attributeSucceeded`."),
        ts_data: "AttributeSucceededEventDataV6",
    },
];

/// Looks a name up: current, legacy, or unknown.
pub fn lookup(name: &str) -> EventKind {
    // Every dispatch looks its name up: compared with the few catalogue names of the same
    // length (at most five), not with the six or so of a binary search.
    let same_length = by_length().get(name.len()).map_or(&[][..], Vec::as_slice);
    let mut legacy = None;
    for &kind in same_length {
        match kind {
            EventKind::Known(spec) if spec.name == name => return kind,
            EventKind::Legacy(spec) if spec.name == name => legacy = Some(kind),
            _ => {}
        }
    }
    // The family before legacy names, as ever (no legacy name has its prefix).
    if name.len() > RELATIONSHIP_EVENT_PREFIX.len() && name.starts_with(RELATIONSHIP_EVENT_PREFIX) {
        return EventKind::Known(&RELATIONSHIP_EVENT);
    }
    legacy.unwrap_or(EventKind::Unknown)
}

/// The catalogue's current and legacy names by length, built on first use.
fn by_length() -> &'static [Vec<EventKind>] {
    static TABLE: std::sync::OnceLock<Vec<Vec<EventKind>>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Vec<Vec<EventKind>> = Vec::new();
        let current = EVENTS
            .iter()
            .map(|spec| (spec.name, EventKind::Known(spec)));
        let legacy = LEGACY_EVENTS
            .iter()
            .map(|spec| (spec.name, EventKind::Legacy(spec)));
        for (name, kind) in current.chain(legacy) {
            if table.len() <= name.len() {
                table.resize(name.len() + 1, Vec::new());
            }
            table[name.len()].push(kind);
        }
        table
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_name_is_found_and_others_are_not() {
        for spec in EVENTS {
            assert_eq!(lookup(spec.name), EventKind::Known(spec), "{}", spec.name);
        }
        for spec in LEGACY_EVENTS {
            assert_eq!(lookup(spec.name), EventKind::Legacy(spec), "{}", spec.name);
            assert!(!spec.name.starts_with(RELATIONSHIP_EVENT_PREFIX));
        }
        for name in [
            "",
            "transport.messageReceive",
            "transport.messageReceivedX",
            "Transport.messageReceived",
            "transport",
        ] {
            assert_eq!(lookup(name), EventKind::Unknown, "{name}");
        }
        let long = "x".repeat(10_000);
        assert_eq!(lookup(&long), EventKind::Unknown);
    }

    #[test]
    fn tables_are_sorted_by_name() {
        assert!(EVENTS.windows(2).all(|w| w[0].name < w[1].name));
        assert!(LEGACY_EVENTS.windows(2).all(|w| w[0].name < w[1].name));
    }

    #[test]
    fn every_successor_is_a_current_event() {
        for legacy in LEGACY_EVENTS {
            for successor in legacy.successors {
                assert!(
                    matches!(lookup(successor), EventKind::Known(_)),
                    "{successor}"
                );
            }
        }
    }

    #[test]
    fn looks_up_current_family_legacy_and_unknown_names() {
        assert_eq!(
            lookup("transport.messageReceived").data_type(),
            DataType::Message
        );
        assert_eq!(
            lookup("consumption.relationshipEvent.RELexample0000000001"),
            EventKind::Known(&RELATIONSHIP_EVENT)
        );
        assert_eq!(lookup("consumption.relationshipEvent."), EventKind::Unknown);
        let EventKind::Legacy(spec) = lookup("consumption.repositoryAttributeSucceeded") else {
            panic!()
        };
        assert_eq!(spec.successors, ["consumption.attributeSucceeded"]);
        assert_eq!(lookup("transport.somethingNew"), EventKind::Unknown);
    }
}
