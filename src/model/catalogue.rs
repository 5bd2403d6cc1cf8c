//! Every event name a Connector on Runtime 7.5.x emits, the data each carries, and the names
//! that earlier Runtimes used (spec §1.2, §1.3).

use crate::dto::DataType;

/// A current event name and the data it carries.
#[derive(Debug, PartialEq, Eq)]
pub struct EventSpec {
    /// The name, e.g. `transport.messageReceived`; for the relationship-event family the prefix
    /// with `<relationshipId>`.
    pub name: &'static str,
    /// What `data` holds.
    pub data: DataType,
}

/// A name removed or renamed in an earlier Runtime major version.
#[derive(Debug, PartialEq, Eq)]
pub struct LegacySpec {
    pub name: &'static str,
    pub data: DataType,
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

/// Current events, sorted by name for binary search.
pub static EVENTS: &[EventSpec] = &[
    EventSpec {
        name: "consumption.attributeCreated",
        data: DataType::LocalAttribute,
    },
    EventSpec {
        name: "consumption.attributeDeleted",
        data: DataType::LocalAttribute,
    },
    EventSpec {
        name: "consumption.attributeForwardingDetailsChanged",
        data: DataType::LocalAttribute,
    },
    EventSpec {
        name: "consumption.attributeSucceeded",
        data: DataType::AttributeSucceeded,
    },
    EventSpec {
        name: "consumption.attributeWasViewedAtChanged",
        data: DataType::LocalAttribute,
    },
    EventSpec {
        name: "consumption.forwardedAttributeDeletedByPeer",
        data: DataType::LocalAttribute,
    },
    EventSpec {
        name: "consumption.incomingRequestReceived",
        data: DataType::LocalRequest,
    },
    EventSpec {
        name: "consumption.incomingRequestStatusChanged",
        data: DataType::RequestStatusChanged,
    },
    EventSpec {
        name: "consumption.mailReceived",
        data: DataType::Message,
    },
    EventSpec {
        name: "consumption.messageProcessed",
        data: DataType::MessageProcessed,
    },
    EventSpec {
        name: "consumption.outgoingRequestCreated",
        data: DataType::LocalRequest,
    },
    EventSpec {
        name: "consumption.outgoingRequestCreatedAndCompleted",
        data: DataType::LocalRequest,
    },
    EventSpec {
        name: "consumption.outgoingRequestFromRelationshipCreationCreatedAndCompleted",
        data: DataType::LocalRequest,
    },
    EventSpec {
        name: "consumption.outgoingRequestStatusChanged",
        data: DataType::RequestStatusChanged,
    },
    EventSpec {
        name: "consumption.ownAttributeDeletedByOwner",
        data: DataType::LocalAttribute,
    },
    EventSpec {
        name: "consumption.peerRelationshipAttributeDeletedByPeer",
        data: DataType::LocalAttribute,
    },
    EventSpec {
        name: "consumption.relationshipTemplateProcessed",
        data: DataType::RelationshipTemplateProcessed,
    },
    EventSpec {
        name: "consumption.shareCredentialOfferRequestItemProcessedByRecipient",
        data: DataType::ShareCredentialOfferProcessed,
    },
    // Published during `Runtime.init()`, before modules subscribe: known, though they do not
    // reach a stock Connector's delivery modules. Only modulesStarted does.
    EventSpec {
        name: "runtime.initialized",
        data: DataType::None,
    },
    EventSpec {
        name: "runtime.initializing",
        data: DataType::None,
    },
    EventSpec {
        name: "runtime.modulesInitialized",
        data: DataType::None,
    },
    EventSpec {
        name: "runtime.modulesLoaded",
        data: DataType::None,
    },
    EventSpec {
        name: "runtime.modulesStarted",
        data: DataType::None,
    },
    EventSpec {
        name: "transport.datawalletSynchronized",
        data: DataType::None,
    },
    EventSpec {
        name: "transport.fileOwnershipClaimed",
        data: DataType::File,
    },
    EventSpec {
        name: "transport.fileOwnershipLocked",
        data: DataType::File,
    },
    EventSpec {
        name: "transport.identityDeletionProcessStatusChanged",
        data: DataType::OptionalIdentityDeletionProcess,
    },
    EventSpec {
        name: "transport.messageDelivered",
        data: DataType::Message,
    },
    EventSpec {
        name: "transport.messageReceived",
        data: DataType::Message,
    },
    EventSpec {
        name: "transport.messageSent",
        data: DataType::Message,
    },
    EventSpec {
        name: "transport.messageWasReadAtChanged",
        data: DataType::Message,
    },
    EventSpec {
        name: "transport.peerDeleted",
        data: DataType::Relationship,
    },
    EventSpec {
        name: "transport.peerDeletionCancelled",
        data: DataType::Relationship,
    },
    EventSpec {
        name: "transport.peerRelationshipTemplateLoaded",
        data: DataType::RelationshipTemplate,
    },
    EventSpec {
        name: "transport.peerToBeDeleted",
        data: DataType::Relationship,
    },
    EventSpec {
        name: "transport.relationshipChanged",
        data: DataType::Relationship,
    },
    EventSpec {
        name: "transport.relationshipDecomposedBySelf",
        data: DataType::RelationshipDecomposedBySelf,
    },
    EventSpec {
        name: "transport.relationshipReactivationCompleted",
        data: DataType::Relationship,
    },
    EventSpec {
        name: "transport.relationshipReactivationRequested",
        data: DataType::Relationship,
    },
    EventSpec {
        name: "transport.relationshipTemplateAllocationsExhausted",
        data: DataType::RelationshipTemplate,
    },
];

/// `consumption.relationshipEvent.<relationshipId>`, published by the Runtime's MessageModule.
pub static RELATIONSHIP_EVENT: EventSpec = EventSpec {
    name: "consumption.relationshipEvent.<relationshipId>",
    data: DataType::Relationship,
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
    },
    LegacySpec {
        name: "consumption.attributeListenerTriggered",
        data: DataType::Any,
        successors: &[],
        removed_in: "7",
    },
    LegacySpec {
        name: "consumption.outgoingRequestFromRelationshipCreationChangeCreatedAndCompleted",
        data: DataType::LocalRequest,
        successors: &["consumption.outgoingRequestFromRelationshipCreationCreatedAndCompleted"],
        removed_in: "5",
    },
    LegacySpec {
        name: "consumption.ownSharedAttributeDeletedByOwner",
        data: DataType::LocalAttribute,
        successors: &["consumption.ownAttributeDeletedByOwner"],
        removed_in: "7",
    },
    LegacySpec {
        name: "consumption.ownSharedAttributeSucceeded",
        data: DataType::AttributeSucceeded,
        successors: &["consumption.attributeSucceeded"],
        removed_in: "7",
    },
    LegacySpec {
        name: "consumption.peerSharedAttributeDeletedByPeer",
        data: DataType::LocalAttribute,
        successors: ATTRIBUTE_DELETED_SUCCESSORS,
        removed_in: "7",
    },
    LegacySpec {
        name: "consumption.peerSharedAttributeSucceeded",
        data: DataType::AttributeSucceeded,
        successors: &["consumption.attributeSucceeded"],
        removed_in: "7",
    },
    LegacySpec {
        name: "consumption.repositoryAttributeSucceeded",
        data: DataType::AttributeSucceeded,
        successors: &["consumption.attributeSucceeded"],
        removed_in: "7",
    },
    LegacySpec {
        name: "consumption.thirdPartyOwnedRelationshipAttributeDeletedByPeer",
        data: DataType::LocalAttribute,
        successors: ATTRIBUTE_DELETED_SUCCESSORS,
        removed_in: "7",
    },
    LegacySpec {
        name: "consumption.thirdPartyOwnedRelationshipAttributeSucceeded",
        data: DataType::AttributeSucceeded,
        successors: &["consumption.attributeSucceeded"],
        removed_in: "7",
    },
    LegacySpec {
        name: "consumption.thirdPartyRelationshipAttributeDeletedByPeer",
        data: DataType::LocalAttribute,
        successors: ATTRIBUTE_DELETED_SUCCESSORS,
        removed_in: "7",
    },
    LegacySpec {
        name: "consumption.thirdPartyRelationshipAttributeSucceeded",
        data: DataType::AttributeSucceeded,
        successors: &["consumption.attributeSucceeded"],
        removed_in: "7",
    },
];

/// Looks a name up: current, legacy, or unknown.
pub fn lookup(name: &str) -> EventKind {
    if let Ok(index) = EVENTS.binary_search_by(|spec| spec.name.cmp(name)) {
        return EventKind::Known(&EVENTS[index]);
    }
    if name.len() > RELATIONSHIP_EVENT_PREFIX.len() && name.starts_with(RELATIONSHIP_EVENT_PREFIX) {
        return EventKind::Known(&RELATIONSHIP_EVENT);
    }
    match LEGACY_EVENTS.binary_search_by(|spec| spec.name.cmp(name)) {
        Ok(index) => EventKind::Legacy(&LEGACY_EVENTS[index]),
        Err(_) => EventKind::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_for_binary_search() {
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
