// DTOs carried in the `data` of enmeshed Connector events, as emitted on the wire
// (JSON produced by `JSON.stringify(event.data)`; Runtime 7.5.x / Connector 7.x unless a name says v6).
// Source of truth: shared spec `connector-events.md` §3. Conventions:
//   * every date is an ISO-8601 string (normally UTC with milliseconds, e.g. "2026-03-02T09:15:27.412Z");
//   * optional fields (`?:`) are omitted when unset, never `null`;
//   * ids are 20-character strings with a 3-letter prefix ("MSG…", "REL…", "RLT…", "FIL…", "ATT…", "REQ…", …);
//   * addresses are DID strings ("did:e:<backbone host>:dids:<22 hex>") since v5.
// Content objects discriminated by "@type" whose catalogue is open (request/response/notification
// items, attribute values) are typed open-ended: known fields plus `[k: string]: any`: TypeScript lets an interface (like the official @nmshd/content JSON types) be assigned to an object type only when its index signature is `any`.

// ---------------------------------------------------------------------------------------------
// Shared building blocks
// ---------------------------------------------------------------------------------------------

/** Optional serialization metadata that every `@nmshd/content` JSON object may carry besides "@type". */
export interface ContentJSONMetadata {
    "@context"?: string;
    "@version"?: string;
}

/** Reference to a Backbone object: a truncated reference and a shareable URL. */
export interface ReferenceDTO {
    truncated: string;
    url: string;
}

/** Identity of a peer: its address and its public key (opaque base64 string). */
export interface IdentityDTO {
    address: string;
    publicKey: string;
}

/** Where the password of a password-protected template/token is kept: a named location or a number 50–99. */
export type PasswordLocationIndicator =
    | "RecoveryKit"
    | "Self"
    | "Letter"
    | "RegistrationLetter"
    | "Email"
    | "SMS"
    | "Website"
    | number;

/** Password protection of a RelationshipTemplate or Token. */
export interface PasswordProtectionDTO {
    password: string;
    passwordIsPin?: true;
    passwordLocationIndicator?: PasswordLocationIndicator;
}

// ---------------------------------------------------------------------------------------------
// Requests and Responses (spec §3.2)
// ---------------------------------------------------------------------------------------------

/** A RequestItem ("<Kind>RequestItem"); open-ended: kind-specific fields (query, attribute, …) are `any`. */
export interface RequestItem {
    "@type": string;
    mustBeAccepted: boolean;
    description?: string;
    metadata?: object;
    [k: string]: any;
}

/** A group of RequestItems with a common title/description. */
export interface RequestItemGroup extends ContentJSONMetadata {
    "@type": "RequestItemGroup";
    title?: string;
    description?: string;
    metadata?: object;
    items: RequestItem[];
}

/** A Request (`content["@type"] === "Request"`), sent in a Message or embedded in a RelationshipTemplate. */
export interface Request extends ContentJSONMetadata {
    "@type": "Request";
    /** "REQ…"; absent in requests embedded in templates before they are stored. */
    id?: string;
    title?: string;
    description?: string;
    expiresAt?: string;
    items: (RequestItem | RequestItemGroup)[];
    metadata?: object;
}

/** Result of a whole Response. */
export type ResponseResult = "Accepted" | "Rejected";

/** Result of one ResponseItem; the runtime's enum member `Failed` serializes as "Error". */
export type ResponseItemResult = "Accepted" | "Rejected" | "Error";

/** A ResponseItem ("AcceptResponseItem", "ReadAttributeAcceptResponseItem", "ErrorResponseItem", …); open-ended. */
export interface ResponseItem {
    "@type": string;
    result: ResponseItemResult;
    [k: string]: any;
}

/** A group of ResponseItems answering a RequestItemGroup. */
export interface ResponseItemGroup extends ContentJSONMetadata {
    "@type": "ResponseItemGroup";
    items: ResponseItem[];
}

/** A Response to a Request. */
export interface Response extends ContentJSONMetadata {
    "@type": "Response";
    result: ResponseResult;
    requestId: string;
    items: (ResponseItem | ResponseItemGroup)[];
}

// ---------------------------------------------------------------------------------------------
// Message content (spec §3.2)
// ---------------------------------------------------------------------------------------------

/** Formatting of a Mail body (since Runtime 7.1.0; older Mails have no `bodyFormat` and are plain text). */
export type MailBodyFormat = "PlainText" | "Markdown";

/** A Mail (`content["@type"] === "Mail"`). */
export interface Mail extends ContentJSONMetadata {
    "@type": "Mail";
    /** At least one recipient address. */
    to: string[];
    /** Serialized as `[]` when there is none. */
    cc?: string[];
    subject: string;
    body: string;
    /** Since Runtime 7.1.0 / Connector 7.2.0 (and absent in `@nmshd/content` 7.0.0). */
    bodyFormat?: MailBodyFormat;
}

/** Message content carrying the Response to a Request that came by RelationshipTemplate or Message. */
export interface ResponseWrapper extends ContentJSONMetadata {
    "@type": "ResponseWrapper";
    requestId: string;
    /** "RLT…" or "MSG…". */
    requestSourceReference: string;
    requestSourceType: "RelationshipTemplate" | "Message";
    response: Response;
}

/** One item of a Notification (e.g. "PeerAttributeSucceededNotificationItem"); open-ended. */
export interface NotificationItem {
    /** Present on the wire; not promised by the official types (`NotificationItemJSON` is `{}`). */
    "@type"?: string;
    [k: string]: any;
}

/** A Notification (`content["@type"] === "Notification"`). */
export interface Notification extends ContentJSONMetadata {
    "@type": "Notification";
    /** "NOT…". */
    id: string;
    items: NotificationItem[];
}

/** Any non-standard message content, wrapped by the runtime's mapper. */
export interface ArbitraryMessageContent extends ContentJSONMetadata {
    "@type": "ArbitraryMessageContent";
    value: unknown;
}

/** The content of a Message, discriminated by "@type". */
export type MessageContent = Mail | Request | ResponseWrapper | Notification | ArbitraryMessageContent;

// ---------------------------------------------------------------------------------------------
// Messages (spec §3.1)
// ---------------------------------------------------------------------------------------------

/** One recipient of a Message. */
export interface RecipientDTO {
    address: string;
    receivedAt?: string;
    /** "DVC…". */
    receivedByDevice?: string;
    /** "REL…". */
    relationshipId?: string;
}

/** A Message (data of `transport.message*`, `consumption.mailReceived`; inside `consumption.messageProcessed`). */
export interface MessageDTO {
    /** "MSG…". */
    id: string;
    /** true = sent by this Connector. */
    isOwn: boolean;
    content: MessageContent;
    /** Sender address. */
    createdBy: string;
    /** "DVC…". */
    createdByDevice: string;
    recipients: RecipientDTO[];
    createdAt: string;
    /** File ids ("FIL…"). */
    attachments: string[];
    wasReadAt?: string;
}

// ---------------------------------------------------------------------------------------------
// RelationshipTemplates (spec §3.4)
// ---------------------------------------------------------------------------------------------

/** Structured content of a RelationshipTemplate: the Requests for new and existing relationships. */
export interface RelationshipTemplateContent extends ContentJSONMetadata {
    "@type": "RelationshipTemplateContent";
    title?: string;
    metadata?: object;
    onNewRelationship: Request;
    onExistingRelationship?: Request;
}

/** Non-standard RelationshipTemplate content. */
export interface ArbitraryRelationshipTemplateContent extends ContentJSONMetadata {
    "@type": "ArbitraryRelationshipTemplateContent";
    value: unknown;
}

/** The content of a RelationshipTemplate, discriminated by "@type". */
export type RelationshipTemplateContentDerivation = RelationshipTemplateContent | ArbitraryRelationshipTemplateContent;

/** A RelationshipTemplate (data of `transport.peerRelationshipTemplateLoaded`, `…AllocationsExhausted`). */
export interface RelationshipTemplateDTO {
    /** "RLT…". */
    id: string;
    isOwn: boolean;
    createdBy: string;
    createdByDevice: string;
    createdAt: string;
    forIdentity?: string;
    passwordProtection?: PasswordProtectionDTO;
    content: RelationshipTemplateContentDerivation;
    expiresAt?: string;
    maxNumberOfAllocations?: number;
    reference: ReferenceDTO;
}

/** A v6 RelationshipTemplate (as embedded in {@link RelationshipDTOv6}); v6 still had `truncatedReference`. */
export interface RelationshipTemplateDTOv6 extends RelationshipTemplateDTO {
    truncatedReference: string;
}

// ---------------------------------------------------------------------------------------------
// Relationships (spec §3.3)
// ---------------------------------------------------------------------------------------------

/** Status of a Relationship (v5+). */
export type RelationshipStatus = "Pending" | "Active" | "Rejected" | "Revoked" | "Terminated" | "DeletionProposed";

/** Why a Relationship audit-log entry was written ("DecompositionDueToIdentityDeletion" since v6). */
export type RelationshipAuditLogEntryReason =
    | "Creation"
    | "AcceptanceOfCreation"
    | "RejectionOfCreation"
    | "RevocationOfCreation"
    | "Termination"
    | "ReactivationRequested"
    | "AcceptanceOfReactivation"
    | "RejectionOfReactivation"
    | "RevocationOfReactivation"
    | "Decomposition"
    | "DecompositionDueToIdentityDeletion";

/** One entry of a Relationship's audit log (oldest first). */
export interface RelationshipAuditLogEntryDTO {
    createdAt: string;
    /** Address of the actor. */
    createdBy: string;
    /** Required in v5, optional since v6. */
    createdByDevice?: string;
    reason: RelationshipAuditLogEntryReason;
    /** Absent on "Creation". */
    oldStatus?: RelationshipStatus;
    newStatus: RelationshipStatus;
}

/** Deletion state of the peer of a Relationship. */
export type PeerDeletionStatus = "ToBeDeleted" | "Deleted";

/** Information about the peer's identity deletion. */
export interface PeerDeletionInfoDTO {
    deletionStatus: PeerDeletionStatus;
    /** Since v6. */
    deletionDate: string;
}

/** Creation content of a Relationship created from a template with a Request: the Response. */
export interface RelationshipCreationContent extends ContentJSONMetadata {
    "@type": "RelationshipCreationContent";
    response: Response;
}

/** Non-standard Relationship creation content. */
export interface ArbitraryRelationshipCreationContent extends ContentJSONMetadata {
    "@type": "ArbitraryRelationshipCreationContent";
    value: unknown;
}

/** The creation content of a Relationship, discriminated by "@type". */
export type RelationshipCreationContentDerivation = RelationshipCreationContent | ArbitraryRelationshipCreationContent;

/** A Relationship, v7 shape (data of `transport.relationshipChanged`, `…Reactivation*`, `transport.peer*`, `consumption.relationshipEvent.*`). */
export interface RelationshipDTO {
    /** "REL…". */
    id: string;
    /** "RLT…" (v5/v6 carried the whole template in `template`, see {@link RelationshipDTOv6}). */
    templateId: string;
    status: RelationshipStatus;
    peer: string;
    peerIdentity: IdentityDTO;
    peerDeletionInfo?: PeerDeletionInfoDTO;
    creationContent: RelationshipCreationContentDerivation;
    auditLog: RelationshipAuditLogEntryDTO[];
}

/** A Relationship as emitted by v5/v6 Connectors: the full `template` instead of `templateId`. */
export interface RelationshipDTOv6 extends Omit<RelationshipDTO, "templateId"> {
    template: RelationshipTemplateDTOv6;
}

// ---------------------------------------------------------------------------------------------
// LocalRequests (spec §3.5, §3.6)
// ---------------------------------------------------------------------------------------------

/** Status of a LocalRequest (identical in v5/v6/v7). */
export type LocalRequestStatus =
    | "Draft"
    | "Open"
    | "DecisionRequired"
    | "ManualDecisionRequired"
    | "Decided"
    | "Completed"
    | "Expired";

/** Where a LocalRequest came from / was sent through. */
export interface LocalRequestSourceDTO {
    type: "Message" | "RelationshipTemplate";
    /** "MSG…" or "RLT…". */
    reference: string;
}

/** Where the Response of a LocalRequest came from / was sent through. */
export interface LocalResponseSourceDTO {
    type: "Message" | "Relationship";
    /** "MSG…" or "REL…". */
    reference: string;
}

/** The Response part of a LocalRequest. */
export interface LocalResponseDTO {
    createdAt: string;
    content: Response;
    source?: LocalResponseSourceDTO;
}

/** A LocalRequest (data of `consumption.incomingRequestReceived`, `consumption.outgoingRequest*`). */
export interface LocalRequestDTO {
    /** "REQ…". */
    id: string;
    /** true = outgoing. */
    isOwn: boolean;
    peer: string;
    createdAt: string;
    status: LocalRequestStatus;
    content: Request;
    /** Absent while an outgoing Request is a Draft. */
    source?: LocalRequestSourceDTO;
    response?: LocalResponseDTO;
    /** Since v6; only on incoming Requests decided by the Decider module. */
    wasAutomaticallyDecided?: true;
}

/** Data of `consumption.incomingRequestStatusChanged` / `consumption.outgoingRequestStatusChanged` (`request.status === newStatus`). */
export interface RequestStatusChangedEventData {
    request: LocalRequestDTO;
    oldStatus: LocalRequestStatus;
    newStatus: LocalRequestStatus;
}

// ---------------------------------------------------------------------------------------------
// Attributes (spec §3.7, §3.8)
// ---------------------------------------------------------------------------------------------

/** The value of an attribute ("GivenName", "EMailAddress", "ProprietaryString", …); open-ended. */
export interface AttributeValue {
    "@type": string;
    [k: string]: any;
}

/** An IdentityAttribute: a fact about its owner. */
export interface IdentityAttribute extends ContentJSONMetadata {
    "@type": "IdentityAttribute";
    owner: string;
    value: AttributeValue;
    tags?: string[];
}

/** Who may see a RelationshipAttribute beyond its Relationship. */
export type RelationshipAttributeConfidentiality = "public" | "protected" | "private";

/** A RelationshipAttribute: a fact that only exists within one Relationship. */
export interface RelationshipAttribute extends ContentJSONMetadata {
    "@type": "RelationshipAttribute";
    owner: string;
    key: string;
    isTechnical?: boolean;
    confidentiality: RelationshipAttributeConfidentiality;
    value: AttributeValue;
}

/** Kind of a v7 LocalAttribute. */
export type LocalAttributeType =
    | "OwnIdentityAttribute"
    | "PeerIdentityAttribute"
    | "OwnRelationshipAttribute"
    | "PeerRelationshipAttribute"
    | "ThirdPartyRelationshipAttribute";

/** Deletion status of a v7 LocalAttribute (emitted side: DeletionRequestSent/Rejected, ToBeDeletedByRecipient, DeletedByRecipient; received side: ToBeDeleted, DeletedByEmitter). */
export type LocalAttributeDeletionStatus =
    | "DeletionRequestSent"
    | "DeletionRequestRejected"
    | "ToBeDeleted"
    | "ToBeDeletedByRecipient"
    | "DeletedByRecipient"
    | "DeletedByEmitter";

/** Deletion information of a v7 LocalAttribute. */
export interface LocalAttributeDeletionInfoDTO {
    deletionStatus: LocalAttributeDeletionStatus;
    deletionDate: string;
}

/** A LocalAttribute, v7 shape (data of `consumption.attribute*`, `…DeletedBy…`). */
export interface LocalAttributeDTO {
    "@type": LocalAttributeType;
    /** "ATT…". */
    id: string;
    createdAt: string;
    content: IdentityAttribute | RelationshipAttribute;
    succeeds?: string;
    succeededBy?: string;
    wasViewedAt?: string;
    /** OwnIdentityAttribute only. */
    isDefault?: true;
    /** Set for Peer*, Own/PeerRelationship and ThirdParty attributes. */
    peer?: string;
    /** "REQ…" or "NOT…"; same kinds as `peer`. */
    sourceReference?: string;
    deletionInfo?: LocalAttributeDeletionInfoDTO;
    /** ThirdPartyRelationshipAttribute only. */
    initialAttributePeer?: string;
    /** OwnIdentity / OwnRelationship / PeerRelationship attributes. */
    numberOfForwards?: number;
}

/** Deletion status of a v5/v6 LocalAttribute. */
export type LocalAttributeDeletionStatusV6 =
    | "DeletionRequestSent"
    | "DeletionRequestRejected"
    | "ToBeDeleted"
    | "ToBeDeletedByPeer"
    | "DeletedByPeer"
    | "DeletedByOwner";

/** Deletion information of a v5/v6 LocalAttribute. */
export interface LocalAttributeDeletionInfoDTOv6 {
    deletionStatus: LocalAttributeDeletionStatusV6;
    deletionDate: string;
}

/** Sharing information of a v5/v6 LocalAttribute copy. */
export interface LocalAttributeShareInfoDTOv6 {
    requestReference?: string;
    notificationReference?: string;
    peer: string;
    sourceAttribute?: string;
    /** v6 only. */
    thirdPartyAddress?: string;
}

/** A LocalAttribute as emitted by v5/v6 Connectors (no "@type"; `shareInfo` instead of `peer`/`sourceReference`). */
export interface LocalAttributeDTOv6 {
    id: string;
    parentId?: string;
    createdAt: string;
    content: IdentityAttribute | RelationshipAttribute;
    succeeds?: string;
    succeededBy?: string;
    shareInfo?: LocalAttributeShareInfoDTOv6;
    deletionInfo?: LocalAttributeDeletionInfoDTOv6;
    isDefault?: true;
    /** v6 only. */
    wasViewedAt?: string;
}

/** Data of `consumption.attributeSucceeded`: the old and the new version of the attribute. */
export interface AttributeSucceededEventData {
    predecessor: LocalAttributeDTO;
    successor: LocalAttributeDTO;
}

/** Data of the v4–v6 `…AttributeSucceeded` events (same shape as {@link AttributeSucceededEventData}, v6 DTOs). */
export interface AttributeSucceededEventDataV6 {
    predecessor: LocalAttributeDTOv6;
    successor: LocalAttributeDTOv6;
}

/** A v4–v6 attribute listener (data of `consumption.attributeListenerCreated`, removed in v7). */
export interface LocalAttributeListenerDTO {
    id: string;
    /** An IdentityAttributeQuery or ThirdPartyRelationshipAttributeQuery JSON object. */
    query: { "@type": string; [k: string]: any };
    peer: string;
}

/** Data of the v4–v6 `consumption.attributeListenerTriggered` event (removed in v7). */
export interface AttributeListenerTriggeredEventData {
    attributeListener: LocalAttributeListenerDTO;
    attribute: LocalAttributeDTOv6;
    request: LocalRequestDTO;
}

// ---------------------------------------------------------------------------------------------
// Files, identity deletion, tokens (spec §3.9–§3.11)
// ---------------------------------------------------------------------------------------------

/** A File (data of `transport.fileOwnershipLocked`, `transport.fileOwnershipClaimed`). */
export interface FileDTO {
    /** "FIL…". */
    id: string;
    isOwn: boolean;
    filename: string;
    tags?: string[];
    filesize: number;
    createdAt: string;
    createdBy: string;
    createdByDevice: string;
    expiresAt: string;
    mimetype: string;
    /** Required in v5/v6, optional in v7. */
    title?: string;
    description?: string;
    reference: ReferenceDTO;
    /** Since v6. */
    owner: string;
    ownershipToken?: string;
    ownershipIsLocked?: true;
}

/** Status of the own IdentityDeletionProcess (v7; v6 used "Approved" instead of "Active"). */
export type IdentityDeletionProcessStatus = "Active" | "Cancelled";

/** The own IdentityDeletionProcess (data of `transport.identityDeletionProcessStatusChanged`). */
export interface IdentityDeletionProcessDTO {
    /** "IDP…". */
    id: string;
    status: IdentityDeletionProcessStatus;
    createdAt?: string;
    createdByDevice?: string;
    gracePeriodEndsAt?: string;
    cancelledAt?: string;
    cancelledByDevice?: string;
}

/** A Token (no event carries it; listed for completeness). */
export interface TokenDTO {
    /** "TOK…". */
    id: string;
    isOwn: boolean;
    createdBy: string;
    createdByDevice: string;
    content: unknown;
    createdAt: string;
    expiresAt: string;
    forIdentity?: string;
    passwordProtection?: PasswordProtectionDTO;
    reference: ReferenceDTO;
    isEphemeral: boolean;
}

// ---------------------------------------------------------------------------------------------
// Other event payloads (spec §3.12)
// ---------------------------------------------------------------------------------------------

/** Outcome of processing a received Message by the Request/Decider modules. */
export type MessageProcessedResult = "RequestAutomaticallyDecided" | "ManualRequestDecisionRequired" | "NoRequest" | "Error";

/** Data of `consumption.messageProcessed`. */
export interface MessageProcessedEventData {
    message: MessageDTO;
    result: MessageProcessedResult;
}

/** Outcome of processing a loaded peer RelationshipTemplate by the Request/Decider modules. */
export type RelationshipTemplateProcessedResult = RelationshipTemplateProcessedEventData["result"];

/** Data of `consumption.relationshipTemplateProcessed`, discriminated on `result`. */
export type RelationshipTemplateProcessedEventData =
    | { template: RelationshipTemplateDTO; result: "RequestAutomaticallyDecided"; requestId: string }
    | { template: RelationshipTemplateDTO; result: "ManualRequestDecisionRequired"; requestId: string }
    | { template: RelationshipTemplateDTO; result: "NonCompletedRequestExists"; requestId: string }
    | { template: RelationshipTemplateDTO; result: "RelationshipExists"; relationshipId: string }
    | { template: RelationshipTemplateDTO; result: "NoRequest" }
    | { template: RelationshipTemplateDTO; result: "Error" }
    | { template: RelationshipTemplateDTO; result: "RequestExpired" };

/** Data of `transport.relationshipDecomposedBySelf` (only the id; the Relationship is gone). */
export interface RelationshipDecomposedBySelfEventData {
    relationshipId: string;
}

/** Data of `consumption.shareCredentialOfferRequestItemProcessedByRecipient` (since Runtime 7.5.0). */
export interface ShareCredentialOfferRequestItemProcessedByRecipientEventData {
    credentialOfferUrl: string;
    accepted: boolean;
    peer: string;
}
