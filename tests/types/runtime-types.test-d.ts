// Checks our DTO declarations (js/types/dtos.d.ts) against the OFFICIAL enmeshed types:
// `@nmshd/runtime-types` 7.0.0 (DTOs; it imports its content types from `@nmshd/content` 7.0.0 and
// `@nmshd/core-types` 7.0.0 without declaring them as dependencies, so they are installed here too),
// and `@nmshd/runtime-types` 6.60.5 (installed as `@nmshd/runtime-types-v6`) for the v6 variants.
// Every official value must be accepted by our type. Differences found are listed in README.md.
//
// Two kinds of check:
//  * `Assignable<Official, Ours>`: plain TypeScript assignability, exactly as a user would assign.
//  * `ShapeAssignable<Official, Ours>`: assignability after turning the official interfaces into
//    anonymous object types (`Plain`), for the v6 types and the negative sanity checks.

import type * as Content from "@nmshd/content";
import type * as Official from "@nmshd/runtime-types";
import type * as OfficialV6 from "@nmshd/runtime-types-v6";
import type * as Ours from "../../js/types/index.js";

type Assert<T extends true> = T;
type IsAny<T> = 0 extends 1 & T ? true : false;
/** true iff every value of `From` is a value of `To`. */
type Assignable<From, To> = [From] extends [To] ? true : false;
/** Deeply turns interfaces into anonymous object types (arrays stay arrays, primitives and enums stay). */
type Plain<T> = T extends readonly (infer U)[] ? Plain<U>[] : T extends object ? { [K in keyof T]: Plain<T[K]> } : T;
/** Assignability of the official shape to ours, ignoring only the interface/index-signature rule. */
type ShapeAssignable<From, To> = Assignable<Plain<From>, To>;

// ----- the official content types must really be resolved (else they would be `any`) ------------

type _resolved = [
    Assert<IsAny<Official.MessageDTO["content"]> extends false ? true : false>,
    Assert<IsAny<Official.RelationshipDTO["creationContent"]> extends false ? true : false>,
    Assert<IsAny<Official.LocalAttributeDTO["content"]> extends false ? true : false>,
    Assert<IsAny<Official.LocalRequestDTO["content"]["items"][number]> extends false ? true : false>,
    Assert<IsAny<Official.PasswordProtectionDTO["passwordLocationIndicator"]> extends false ? true : false>,
];

// ----- v7 DTOs without open-ended content: plain assignability -----------------------------------

const recipient: Ours.RecipientDTO = {} as Official.RecipientDTO;
const file: Ours.FileDTO = {} as Official.FileDTO;
const idp: Ours.IdentityDeletionProcessDTO = {} as Official.IdentityDeletionProcessDTO;
const token: Ours.TokenDTO = {} as Official.TokenDTO;
const identity: Ours.IdentityDTO = {} as Official.IdentityDTO;
const password: Ours.PasswordProtectionDTO = {} as Official.PasswordProtectionDTO;
const peerDeletion: Ours.PeerDeletionInfoDTO = {} as Official.PeerDeletionInfoDTO;
const auditEntry: Ours.RelationshipAuditLogEntryDTO = {} as Official.RelationshipAuditLogEntryDTO;
const auditLog: Ours.RelationshipAuditLogEntryDTO[] = {} as Official.RelationshipAuditLogDTO;
const attrDeletion: Ours.LocalAttributeDeletionInfoDTO = {} as Official.LocalAttributeDeletionInfoDTO;
const requestSource: Ours.LocalRequestSourceDTO = {} as Official.LocalRequestSourceDTO;
const responseSource: Ours.LocalResponseSourceDTO = {} as Official.LocalResponseSourceDTO;
void [recipient, file, idp, token, identity, password, peerDeletion, auditEntry, auditLog, attrDeletion, requestSource, responseSource];

// string enums of the official package → our unions of literals
type _enums = [
    Assert<Assignable<Official.RelationshipStatus, Ours.RelationshipStatus>>,
    Assert<Assignable<Official.RelationshipAuditLogEntryReason, Ours.RelationshipAuditLogEntryReason>>,
    Assert<Assignable<Official.PeerDeletionStatus, Ours.PeerDeletionStatus>>,
    Assert<Assignable<Official.LocalRequestStatus, Ours.LocalRequestStatus>>,
    Assert<Assignable<Official.IdentityDeletionProcessStatus, Ours.IdentityDeletionProcessStatus>>,
    Assert<Assignable<Official.LocalAttributeDeletionStatus, Ours.LocalAttributeDeletionStatus>>,
    Assert<Assignable<Official.LocalAttributeDTO["@type"], Ours.LocalAttributeType>>,
    Assert<Assignable<Content.ResponseResult, Ours.ResponseResult>>,
    Assert<Assignable<Content.ResponseItemResult, Ours.ResponseItemResult>>,
    Assert<Assignable<Content.RelationshipAttributeConfidentiality, Ours.RelationshipAttributeConfidentiality>>,
    // and every literal of ours is a value the official enum has (same value sets)
    Assert<Assignable<Ours.RelationshipStatus, `${Official.RelationshipStatus}`>>,
    Assert<Assignable<Ours.RelationshipAuditLogEntryReason, `${Official.RelationshipAuditLogEntryReason}`>>,
    Assert<Assignable<Ours.LocalRequestStatus, `${Official.LocalRequestStatus}`>>,
    Assert<Assignable<Ours.IdentityDeletionProcessStatus, `${Official.IdentityDeletionProcessStatus}`>>,
    Assert<Assignable<Ours.LocalAttributeDeletionStatus, Official.LocalAttributeDeletionStatus>>,
    Assert<Assignable<Ours.ResponseItemResult, `${Content.ResponseItemResult}`>>,
    Assert<Assignable<Ours.RelationshipAttributeConfidentiality, `${Content.RelationshipAttributeConfidentiality}`>>,
];

// closed message/creation/template content types: plain assignability
const mail: Ours.Mail = {} as Content.MailJSON;
const arbitraryMessage: Ours.ArbitraryMessageContent = {} as Content.ArbitraryMessageContentJSON;
const arbitraryCreation: Ours.ArbitraryRelationshipCreationContent = {} as Content.ArbitraryRelationshipCreationContentJSON;
const arbitraryTemplate: Ours.ArbitraryRelationshipTemplateContent = {} as Content.ArbitraryRelationshipTemplateContentJSON;
void [mail, arbitraryMessage, arbitraryCreation, arbitraryTemplate];

// ----- v7 DTOs whose content contains open-ended items/values ------------------------------------
// Our open-ended items carry `[k: string]: any`: the one index signature an interface-typed
// official value (e.g. ReadAttributeRequestItemJSON) is assignable to. So these assign directly,
// exactly as a user writes it:
const message: Ours.MessageDTO = {} as Official.MessageDTO;
const relationship: Ours.RelationshipDTO = {} as Official.RelationshipDTO;
const template: Ours.RelationshipTemplateDTO = {} as Official.RelationshipTemplateDTO;
const localRequest: Ours.LocalRequestDTO = {} as Official.LocalRequestDTO;
const localAttribute: Ours.LocalAttributeDTO = {} as Official.LocalAttributeDTO;
void [message, relationship, template, localRequest, localAttribute];

type _v7 = [
    Assert<Assignable<Official.MessageDTO, Ours.MessageDTO>>,
    Assert<Assignable<Official.MessageContentDerivation, Ours.MessageContent>>,
    Assert<Assignable<Official.RelationshipDTO, Ours.RelationshipDTO>>,
    Assert<Assignable<Official.RelationshipCreationContentDerivation, Ours.RelationshipCreationContentDerivation>>,
    Assert<Assignable<Official.RelationshipTemplateDTO, Ours.RelationshipTemplateDTO>>,
    Assert<Assignable<Official.RelationshipTemplateContentDerivation, Ours.RelationshipTemplateContentDerivation>>,
    Assert<Assignable<Official.LocalRequestDTO, Ours.LocalRequestDTO>>,
    Assert<Assignable<Official.LocalResponseDTO, Ours.LocalResponseDTO>>,
    Assert<Assignable<Official.LocalAttributeDTO, Ours.LocalAttributeDTO>>,
    // content pieces one by one (pinpoints a future difference)
    Assert<Assignable<Content.RequestJSON, Ours.Request>>,
    Assert<Assignable<Content.RequestItemJSONDerivations, Ours.RequestItem>>,
    Assert<Assignable<Content.RequestItemGroupJSON, Ours.RequestItemGroup>>,
    Assert<Assignable<Content.ResponseJSON, Ours.Response>>,
    Assert<Assignable<Content.ResponseItemJSONDerivations, Ours.ResponseItem>>,
    Assert<Assignable<Content.ResponseItemGroupJSON, Ours.ResponseItemGroup>>,
    Assert<Assignable<Content.ResponseWrapperJSON, Ours.ResponseWrapper>>,
    Assert<Assignable<Content.NotificationJSON, Ours.Notification>>,
    Assert<Assignable<Content.RelationshipCreationContentJSON, Ours.RelationshipCreationContent>>,
    Assert<Assignable<Content.RelationshipTemplateContentJSON, Ours.RelationshipTemplateContent>>,
    Assert<Assignable<Content.IdentityAttributeJSON, Ours.IdentityAttribute>>,
    Assert<Assignable<Content.RelationshipAttributeJSON, Ours.RelationshipAttribute>>,
    Assert<Assignable<Content.AttributeValues.Identity.Json, Ours.AttributeValue>>,
    Assert<Assignable<Content.AttributeValues.Relationship.Json, Ours.AttributeValue>>,
];

// Our event-data composites built from official DTOs (the official 7.0.0 package has no event types).
type _eventData = [
    Assert<Assignable<{ predecessor: Official.LocalAttributeDTO; successor: Official.LocalAttributeDTO }, Ours.AttributeSucceededEventData>>,
    Assert<
        Assignable<
            { request: Official.LocalRequestDTO; oldStatus: Official.LocalRequestStatus; newStatus: Official.LocalRequestStatus },
            Ours.RequestStatusChangedEventData
        >
    >,
    Assert<Assignable<{ message: Official.MessageDTO; result: "NoRequest" }, Ours.MessageProcessedEventData>>,
    Assert<
        Assignable<
            { template: Official.RelationshipTemplateDTO; result: "RelationshipExists"; relationshipId: string },
            Ours.RelationshipTemplateProcessedEventData
        >
    >,
];

// ----- v6 variants against @nmshd/runtime-types 6.60.5 ------------------------------------------

type _v6 = [
    Assert<ShapeAssignable<OfficialV6.RelationshipDTO, Ours.RelationshipDTOv6>>,
    Assert<ShapeAssignable<OfficialV6.RelationshipTemplateDTO, Ours.RelationshipTemplateDTOv6>>,
    Assert<ShapeAssignable<OfficialV6.LocalAttributeDTO, Ours.LocalAttributeDTOv6>>,
    Assert<ShapeAssignable<OfficialV6.LocalAttributeListenerDTO, Ours.LocalAttributeListenerDTO>>,
    Assert<Assignable<OfficialV6.LocalAttributeDeletionStatus, Ours.LocalAttributeDeletionStatusV6>>,
    Assert<Assignable<Ours.LocalAttributeDeletionStatusV6, `${OfficialV6.LocalAttributeDeletionStatus}`>>,
    // v6 and v7 differ where the spec says they do
    Assert<Assignable<OfficialV6.RelationshipDTO, Ours.RelationshipDTO> extends false ? true : false>,
    Assert<Assignable<Plain<OfficialV6.LocalAttributeDTO>, Ours.LocalAttributeDTO> extends false ? true : false>,
];
const shareInfoV6: Ours.LocalAttributeShareInfoDTOv6 = {} as OfficialV6.LocalAttributeShareInfoDTO;
void shareInfoV6;

// ----- the checks above are not vacuous: wrong targets are rejected ------------------------------

type _sanity = [
    Assert<IsAny<Plain<Official.MessageDTO>> extends false ? true : false>,
    Assert<ShapeAssignable<Official.MessageDTO, Ours.FileDTO> extends false ? true : false>,
    Assert<ShapeAssignable<Official.LocalRequestDTO, Ours.LocalRequestDTO & { status: "Open" }> extends false ? true : false>,
    Assert<ShapeAssignable<Content.RequestItemJSONDerivations, Ours.RequestItem & { title: string }> extends false ? true : false>,
    Assert<ShapeAssignable<Official.MessageDTO, Omit<Ours.MessageDTO, "attachments"> & { attachments: number[] }> extends false ? true : false>,
    Assert<Assignable<Official.FileDTO, Ours.FileDTO & { title: string }> extends false ? true : false>,
];
