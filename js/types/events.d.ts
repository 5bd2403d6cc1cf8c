// Event names of the enmeshed Connector and the type of each event's `data` (spec §1.2, §1.3),
// plus compile-time matching of EventEmitter2-style subscription patterns.

import type {
    AttributeListenerTriggeredEventData,
    AttributeSucceededEventData,
    AttributeSucceededEventDataV6,
    FileDTO,
    IdentityDeletionProcessDTO,
    LocalAttributeDTO,
    LocalAttributeDTOv6,
    LocalAttributeListenerDTO,
    LocalRequestDTO,
    MessageDTO,
    MessageProcessedEventData,
    RelationshipDecomposedBySelfEventData,
    RelationshipDTO,
    RelationshipTemplateDTO,
    RelationshipTemplateProcessedEventData,
    RequestStatusChangedEventData,
    ShareCredentialOfferRequestItemProcessedByRecipientEventData,
} from "./dtos.js";

/** Every event name of Connector 7.x (Runtime 7.5.x) mapped to the type of its `data` (`undefined` = no data). */
export interface ConnectorEventMap {
    // ----- transport.* -----
    /** A new Message from a peer was loaded during sync. */
    "transport.messageReceived": MessageDTO;
    /** The Connector sent a Message (`isOwn: true`). */
    "transport.messageSent": MessageDTO;
    /** A Message was marked read/unread (`wasReadAt` set/removed). */
    "transport.messageWasReadAtChanged": MessageDTO;
    /** Defined but never fired (disabled in the Backbone). */
    "transport.messageDelivered": MessageDTO;
    /** A Relationship was created or changed (locally or during sync). */
    "transport.relationshipChanged": RelationshipDTO;
    /** Reactivation of a terminated Relationship was requested by you or the peer. */
    "transport.relationshipReactivationRequested": RelationshipDTO;
    /** Reactivation was accepted/rejected/revoked by you or the peer. */
    "transport.relationshipReactivationCompleted": RelationshipDTO;
    /** You decomposed a Relationship; data is only `{ relationshipId }`. */
    "transport.relationshipDecomposedBySelf": RelationshipDecomposedBySelfEventData;
    /** An own RelationshipTemplate reached `maxNumberOfAllocations`. */
    "transport.relationshipTemplateAllocationsExhausted": RelationshipTemplateDTO;
    /** A peer's RelationshipTemplate was loaded (`isOwn: false`). */
    "transport.peerRelationshipTemplateLoaded": RelationshipTemplateDTO;
    /** The peer started its identity deletion (`peerDeletionInfo.deletionStatus === "ToBeDeleted"`). */
    "transport.peerToBeDeleted": RelationshipDTO;
    /** The peer cancelled its identity deletion (`peerDeletionInfo` absent). */
    "transport.peerDeletionCancelled": RelationshipDTO;
    /** The peer was deleted (`peerDeletionInfo.deletionStatus === "Deleted"`). */
    "transport.peerDeleted": RelationshipDTO;
    /** The own IdentityDeletionProcess changed; `undefined` data only after a datawallet sync. */
    "transport.identityDeletionProcessStatusChanged": IdentityDeletionProcessDTO | undefined;
    /** Ownership of an own File got locked. */
    "transport.fileOwnershipLocked": FileDTO;
    /** Another identity claimed ownership of your File. */
    "transport.fileOwnershipClaimed": FileDTO;
    /** After every sync when the datawallet is enabled; no data. */
    "transport.datawalletSynchronized": undefined;

    // ----- consumption.* -----
    /** A LocalAttribute was created. */
    "consumption.attributeCreated": LocalAttributeDTO;
    /** A LocalAttribute was deleted. */
    "consumption.attributeDeleted": LocalAttributeDTO;
    /** An attribute was succeeded: `{ predecessor, successor }`. */
    "consumption.attributeSucceeded": AttributeSucceededEventData;
    /** Forwarding details (sharing records) of an attribute were added or removed. */
    "consumption.attributeForwardingDetailsChanged": LocalAttributeDTO;
    /** An attribute was marked as viewed. */
    "consumption.attributeWasViewedAtChanged": LocalAttributeDTO;
    /** The owner/emitter deleted an attribute you received (`deletionInfo.deletionStatus === "DeletedByEmitter"`). */
    "consumption.ownAttributeDeletedByOwner": LocalAttributeDTO;
    /** The peer deleted a relationship attribute. */
    "consumption.peerRelationshipAttributeDeletedByPeer": LocalAttributeDTO;
    /** A peer you forwarded an attribute to deleted its copy. */
    "consumption.forwardedAttributeDeletedByPeer": LocalAttributeDTO;
    /** An incoming Request was stored (`isOwn: false`, status "Open"). */
    "consumption.incomingRequestReceived": LocalRequestDTO;
    /** The status of an incoming Request changed. */
    "consumption.incomingRequestStatusChanged": RequestStatusChangedEventData;
    /** An outgoing Request was created (`isOwn: true`, status "Draft"). */
    "consumption.outgoingRequestCreated": LocalRequestDTO;
    /** An outgoing Request was created and immediately completed from a Response that came via a template. */
    "consumption.outgoingRequestCreatedAndCompleted": LocalRequestDTO;
    /** Published in addition to the previous one when the Response came with a new Relationship. */
    "consumption.outgoingRequestFromRelationshipCreationCreatedAndCompleted": LocalRequestDTO;
    /** The status of an outgoing Request changed. */
    "consumption.outgoingRequestStatusChanged": RequestStatusChangedEventData;
    /** A received Message was processed by the Request/Decider modules. */
    "consumption.messageProcessed": MessageProcessedEventData;
    /** A loaded peer RelationshipTemplate was processed by the Request/Decider modules. */
    "consumption.relationshipTemplateProcessed": RelationshipTemplateProcessedEventData;
    /** The peer's response to a ShareCredentialOfferRequestItem was applied (since Runtime 7.5.0). */
    "consumption.shareCredentialOfferRequestItemProcessedByRecipient": ShareCredentialOfferRequestItemProcessedByRecipientEventData;
    /** A received Message has Mail content (only with the runtime's MessageModule enabled). */
    "consumption.mailReceived": MessageDTO;

    // ----- runtime.* (no data) -----
    /** Start of `Runtime.init()` (not seen by external systems). */
    "runtime.initializing": undefined;
    /** After the runtime's modules were loaded (not seen by external systems). */
    "runtime.modulesLoaded": undefined;
    /** After the runtime's modules were initialized (not seen by external systems). */
    "runtime.modulesInitialized": undefined;
    /** End of `Runtime.init()` (not seen by external systems). */
    "runtime.initialized": undefined;
    /** After all modules started: once per Connector start (brokers send `{}`, webhooks no `data`). */
    "runtime.modulesStarted": undefined;

    /** `consumption.relationshipEvent.<relationshipId>`, published by the MessageModule after `mailReceived`. */
    [name: `consumption.relationshipEvent.${string}`]: RelationshipDTO;
}

/** Every known (Connector 7.x) event name, including the `consumption.relationshipEvent.${string}` family. */
export type KnownEventName = Extract<keyof ConnectorEventMap, string>;

/** Event names that v3–v6 Connectors emitted and v7 no longer does, mapped to their (v6) data types. */
export interface LegacyConnectorEventMap {
    /** Renamed in v5 → `consumption.outgoingRequestFromRelationshipCreationCreatedAndCompleted`. */
    "consumption.outgoingRequestFromRelationshipCreationChangeCreatedAndCompleted": LocalRequestDTO;
    /** Removed in v7 → `consumption.attributeSucceeded`. */
    "consumption.repositoryAttributeSucceeded": AttributeSucceededEventDataV6;
    /** Removed in v7 → `consumption.attributeSucceeded`. */
    "consumption.ownSharedAttributeSucceeded": AttributeSucceededEventDataV6;
    /** Removed in v7 → `consumption.attributeSucceeded`. */
    "consumption.peerSharedAttributeSucceeded": AttributeSucceededEventDataV6;
    /** v4–v6 (deprecated in v6), removed in v7 → `consumption.attributeSucceeded`. */
    "consumption.thirdPartyOwnedRelationshipAttributeSucceeded": AttributeSucceededEventDataV6;
    /** v6 only, removed in v7 → `consumption.attributeSucceeded`. */
    "consumption.thirdPartyRelationshipAttributeSucceeded": AttributeSucceededEventDataV6;
    /** v4–v6, removed in v7 → `consumption.ownAttributeDeletedByOwner`. */
    "consumption.ownSharedAttributeDeletedByOwner": LocalAttributeDTOv6;
    /** v4–v6, removed in v7 → `consumption.peerRelationshipAttributeDeletedByPeer` or `…forwardedAttributeDeletedByPeer`. */
    "consumption.peerSharedAttributeDeletedByPeer": LocalAttributeDTOv6;
    /** v4–v6 (deprecated in v6), removed in v7 → `consumption.forwardedAttributeDeletedByPeer` / `…peerRelationshipAttributeDeletedByPeer`. */
    "consumption.thirdPartyOwnedRelationshipAttributeDeletedByPeer": LocalAttributeDTOv6;
    /** v6 only, removed in v7 → `consumption.forwardedAttributeDeletedByPeer` / `…peerRelationshipAttributeDeletedByPeer`. */
    "consumption.thirdPartyRelationshipAttributeDeletedByPeer": LocalAttributeDTOv6;
    /** Attribute listener feature, removed in v7 (no successor). */
    "consumption.attributeListenerCreated": LocalAttributeListenerDTO;
    /** Attribute listener feature, removed in v7 (no successor). */
    "consumption.attributeListenerTriggered": AttributeListenerTriggeredEventData;
}

/** Every legacy (pre-v7) event name. */
export type LegacyEventName = Extract<keyof LegacyConnectorEventMap, string>;

/** Current and legacy names together; use as `new EventRouter<ConnectorEventMapWithLegacy>()` to type legacy names too. */
export type ConnectorEventMapWithLegacy = ConnectorEventMap & LegacyConnectorEventMap;

// ---------------------------------------------------------------------------------------------
// Pattern typing (EventEmitter2 wildcards: a whole segment `*` = exactly one segment,
// a whole segment `**` = any number of segments, including none). A segment that merely contains
// `*` (e.g. `*RequestStatusChanged`) is not a wildcard: EventEmitter2 compares it literally, so it
// matches no known name.
// A known name's bare `${string}` segment (the relationship id of `consumption.relationshipEvent.${string}`)
// is matched by `*` and `**` only: in a wildcard pattern a literal segment does not match it, so
// `**.messageReceived` gives `transport.messageReceived` alone, not also the relationship with that id.
// (A pattern without wildcards, e.g. `consumption.relationshipEvent.REL…`, is looked up directly.)
// ---------------------------------------------------------------------------------------------

/** The string keys of an event map `M`. */
export type EventNameOf<M> = Extract<keyof M, string>;

/** Splits a dot-separated name or pattern into its segments (`"a.b.c"` → `["a", "b", "c"]`). */
export type Segments<S extends string> = S extends `${infer Head}.${infer Tail}` ? [Head, ...Segments<Tail>] : [S];

/** true when the segments of pattern `P` match the segments of name `N` under EventEmitter2 rules. */
type SegmentsMatch<P extends string[], N extends string[]> = P extends [
    infer PH extends string,
    ...infer PT extends string[],
]
    ? PH extends "**"
        ? SegmentsMatch<PT, N> extends true
            ? true
            : N extends [string, ...infer NT extends string[]]
              ? SegmentsMatch<P, NT>
              : false
        : N extends [infer NH extends string, ...infer NT extends string[]]
          ? PH extends "*"
              ? SegmentsMatch<PT, NT>
              : string extends NH
                ? false // a literal never matches a bare `${string}` segment (an id placeholder), see above
                : PH extends NH
                  ? SegmentsMatch<PT, NT>
                  : false
          : false
    : N extends []
      ? true
      : false;

/** true when some segment of `P` is a whole `*` or `**`. */
export type IsWildcardPattern<P extends string> = [Extract<Segments<P>[number], "*" | "**">] extends [never] ? false : true;

/** The names of `Names` matched by the already split pattern `PS` (distributes over `Names`). */
type NamesMatchingSegments<PS extends string[], Names extends string> = Names extends unknown
    ? SegmentsMatch<PS, Segments<Names>> extends true
        ? Names
        : never
    : never;

/**
 * The union of the known event names (keys of `M`) that pattern `P` matches; `never` if none.
 * E.g. `EventsMatching<"transport.*">` = every `transport.…` name, `EventsMatching<"**">` = every name.
 */
export type EventsMatching<P extends string, M = ConnectorEventMap> = P extends unknown
    ? NamesMatchingSegments<Segments<P>, EventNameOf<M>>
    : never;

/** `M[K]` for every `K` of the union (distributes). */
type DataOfNames<M, K> = K extends keyof M ? M[K] : never;

/**
 * The event name a handler for pattern `P` sees: `P` itself for a pattern without wildcards
 * (known or not), the matching known names for a wildcard pattern, `string` when a wildcard
 * pattern matches no known name (or when `P` is just `string`).
 */
export type NameFor<P extends string, M = ConnectorEventMap> = string extends P
    ? string
    : P extends unknown
      ? IsWildcardPattern<P> extends true
          ? [EventsMatching<P, M>] extends [never]
              ? string
              : EventsMatching<P, M>
          : P
      : never;

/**
 * The `data` type a handler for pattern `P` sees: `M[P]` for a known name, the union of the data
 * types of all matching names for a wildcard pattern, `unknown` for an unknown name or a wildcard
 * pattern that matches no known name (or when `P` is just `string`).
 */
export type DataFor<P extends string, M = ConnectorEventMap> = string extends P
    ? unknown
    : P extends unknown
      ? IsWildcardPattern<P> extends true
          ? [EventsMatching<P, M>] extends [never]
              ? unknown
              : DataOfNames<M, EventsMatching<P, M>>
          : P extends keyof M
            ? M[P]
            : unknown
      : never;

// Keep the helper types above that are not marked `export` private to this module.
export {};
