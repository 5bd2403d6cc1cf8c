// Compile-time tests of the public API typing (js/types). Never executed: `tsc --noEmit` only.
// Every `// @ts-expect-error` line must really be an error (tsc reports unused ones).

import init, {
    brokerSubscriptions,
    type Broker,
    EventParseError,
    EventRouter,
    HandlerError,
    HandlerTimeoutError,
    instanceStats,
    type InstanceStats,
    initSync,
    parseDelivery,
    type AttributeSucceededEventData,
    type ConnectorEvent,
    type ConnectorEventMap,
    type ConnectorEventMapWithLegacy,
    type DataFor,
    type Delivery,
    type DeliveryKind,
    type DispatchReport,
    type ErrorCode,
    type EventsMatching,
    type FileDTO,
    type IdentityDeletionProcessDTO,
    type IsWildcardPattern,
    type KnownEventName,
    type LegacyEventName,
    type LocalAttributeDTO,
    type LocalAttributeDTOv6,
    type LocalRequestDTO,
    type MessageDTO,
    type MessageProcessedEventData,
    type NameFor,
    type RelationshipDecomposedBySelfEventData,
    type RelationshipDTO,
    type RelationshipTemplateDTO,
    type RelationshipTemplateProcessedEventData,
    type RequestStatusChangedEventData,
    type Segments,
    type ShareCredentialOfferRequestItemProcessedByRecipientEventData,
} from "../../js/types/index.js";

// ----- helpers -------------------------------------------------------------------------------

/** true iff A and B are the same type (not merely mutually assignable). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only when T is `true`. */
type Assert<T extends true> = T;
/** Compiles only when the argument's type is exactly T. */
declare function expectType<T>(): <U>(value: U & (Equals<T, U> extends true ? unknown : never)) => void;

const router = new EventRouter();

// ----- a literal known name ------------------------------------------------------------------

router.on("transport.messageReceived", (e) => {
    expectType<MessageDTO>()(e.data);
    expectType<"transport.messageReceived">()(e.name);
    type _data = Assert<Equals<typeof e.data, MessageDTO>>;

    // the content union narrows on "@type"
    const content = e.data.content;
    if (content["@type"] === "Mail") {
        const subject: string = content.subject;
        const to: string[] = content.to;
        void subject, to;
    } else if (content["@type"] === "Request") {
        for (const item of content.items) {
            // "@type" is an open string on items, so narrow a group away with `in`
            if ("mustBeAccepted" in item) {
                const must: boolean = item.mustBeAccepted;
                // kind-specific fields are open-ended (`any`, so official interface types assign)
                const query: { "@type": string } = item.query;
                void query;
                void must;
            }
        }
    }

    // @ts-expect-error -- the subject is in `content` (a Mail), not on the MessageDTO
    void e.data.subject;

    // @ts-expect-error -- a MessageDTO is not a FileDTO
    const file: FileDTO = e.data;
    void file;

    // events are read-only
    // @ts-expect-error -- `name` is readonly
    e.name = "transport.messageSent";
});

router.on("consumption.incomingRequestStatusChanged", (e) => {
    expectType<RequestStatusChangedEventData>()(e.data);
    expectType<LocalRequestDTO>()(e.data.request);
});

router.on("consumption.relationshipTemplateProcessed", (e) => {
    expectType<RelationshipTemplateProcessedEventData>()(e.data);
    // discriminated on `result`
    if (e.data.result === "RelationshipExists") {
        const id: string = e.data.relationshipId;
        void id;
    } else if (e.data.result === "ManualRequestDecisionRequired") {
        const id: string = e.data.requestId;
        void id;
    }
    // @ts-expect-error -- `requestId` exists only on some variants
    void e.data.requestId;
});

router.on("transport.relationshipDecomposedBySelf", (e) => {
    expectType<RelationshipDecomposedBySelfEventData>()(e.data);
});

router.on("transport.identityDeletionProcessStatusChanged", (e) => {
    expectType<IdentityDeletionProcessDTO | undefined>()(e.data);
});

router.on("transport.datawalletSynchronized", (e) => {
    expectType<undefined>()(e.data);
});

router.once("consumption.messageProcessed", async (e) => {
    expectType<MessageProcessedEventData>()(e.data);
    expectType<"RequestAutomaticallyDecided" | "ManualRequestDecisionRequired" | "NoRequest" | "Error">()(e.data.result);
});

// ----- wildcard patterns ---------------------------------------------------------------------

type TransportName =
    | "transport.messageReceived"
    | "transport.messageSent"
    | "transport.messageWasReadAtChanged"
    | "transport.messageDelivered"
    | "transport.relationshipChanged"
    | "transport.relationshipReactivationRequested"
    | "transport.relationshipReactivationCompleted"
    | "transport.relationshipDecomposedBySelf"
    | "transport.relationshipTemplateAllocationsExhausted"
    | "transport.peerRelationshipTemplateLoaded"
    | "transport.peerToBeDeleted"
    | "transport.peerDeletionCancelled"
    | "transport.peerDeleted"
    | "transport.identityDeletionProcessStatusChanged"
    | "transport.fileOwnershipLocked"
    | "transport.fileOwnershipClaimed"
    | "transport.datawalletSynchronized";

type TransportData =
    | MessageDTO
    | RelationshipDTO
    | RelationshipDecomposedBySelfEventData
    | RelationshipTemplateDTO
    | IdentityDeletionProcessDTO
    | FileDTO
    | undefined;

router.on("transport.*", (e) => {
    expectType<TransportName>()(e.name);
    expectType<TransportData>()(e.data);
});

type _transport = [
    Assert<Equals<EventsMatching<"transport.*">, TransportName>>,
    Assert<Equals<EventsMatching<"transport.**">, TransportName>>,
    Assert<Equals<DataFor<"transport.*">, TransportData>>,
    Assert<Equals<NameFor<"transport.*">, TransportName>>,
];

router.on("**", (e) => {
    expectType<KnownEventName>()(e.name);
    expectType<ConnectorEventMap[KnownEventName]>()(e.data);
});

type _all = [
    Assert<Equals<EventsMatching<"**">, KnownEventName>>,
    Assert<Equals<DataFor<"**">, ConnectorEventMap[KnownEventName]>>,
    // 17 transport + 18 consumption + 5 runtime names + the relationshipEvent family
    Assert<Equals<UnionSize<KnownEventName>, 41>>,
];

/** Number of members of a union (small unions only). */
type UnionSize<U, Acc extends unknown[] = []> = [U] extends [never]
    ? Acc["length"]
    : LastOf<U> extends infer L
      ? UnionSize<Exclude<U, L>, [...Acc, L]>
      : never;
type LastOf<U> = (
    (U extends unknown ? (x: () => U) => void : never) extends (x: infer I) => void ? I : never
) extends () => infer R
    ? R
    : never;

// `*` is exactly one segment; `**` any number (including none), as in EventEmitter2
type _segments = [
    Assert<Equals<Segments<"a.b.c">, ["a", "b", "c"]>>,
    Assert<Equals<EventsMatching<"*.messageReceived">, "transport.messageReceived">>,
    Assert<Equals<EventsMatching<"**.messageReceived">, "transport.messageReceived">>,
    Assert<Equals<EventsMatching<"transport.messageReceived.**">, "transport.messageReceived">>,
    Assert<Equals<EventsMatching<"transport.**.messageReceived">, "transport.messageReceived">>,
    Assert<Equals<EventsMatching<"*">, never>>,
    Assert<Equals<EventsMatching<"*.*.*">, `consumption.relationshipEvent.${string}`>>,
    Assert<Equals<EventsMatching<"*.relationshipEvent.**">, `consumption.relationshipEvent.${string}`>>,
    // a literal segment in a wildcard pattern does not match the id placeholder
    Assert<Equals<EventsMatching<"*.relationshipEvent.RELexample0000000001">, never>>,
    Assert<Equals<EventsMatching<"consumption.*RequestStatusChanged">, never>>,
    Assert<Equals<EventsMatching<"consumption.*Request*">, never>>,
    Assert<Equals<EventsMatching<"runtime.*">, "runtime.initializing" | "runtime.modulesLoaded" | "runtime.modulesInitialized" | "runtime.initialized" | "runtime.modulesStarted">>,
    Assert<Equals<DataFor<"runtime.*">, undefined>>,
    Assert<Equals<DataFor<"consumption.*RequestStatusChanged">, unknown>>,
    Assert<Equals<NameFor<"consumption.*RequestStatusChanged">, "consumption.*RequestStatusChanged">>,
    Assert<Equals<IsWildcardPattern<"consumption.*RequestStatusChanged">, false>>,
    Assert<Equals<IsWildcardPattern<"consumption.**">, true>>,
];

// `consumption.*` has exactly two segments: it does not reach the relationshipEvent family
type ConsumptionData = DataFor<"consumption.*">;
type _consumption = [
    Assert<Equals<Extract<EventsMatching<"consumption.*">, `consumption.relationshipEvent.${string}`>, never>>,
    Assert<Equals<Extract<EventsMatching<"consumption.**">, `consumption.relationshipEvent.${string}`>, `consumption.relationshipEvent.${string}`>>,
    Assert<Equals<ConsumptionData, LocalAttributeDTO | AttributeSucceededEventData | LocalRequestDTO | RequestStatusChangedEventData | MessageProcessedEventData | RelationshipTemplateProcessedEventData | ShareCredentialOfferRequestItemProcessedByRecipientEventData | MessageDTO>>,
];

// ----- the consumption.relationshipEvent.<id> family --------------------------------------------

router.on("consumption.relationshipEvent.RELexample0000000001", (e) => {
    expectType<RelationshipDTO>()(e.data);
    expectType<"consumption.relationshipEvent.RELexample0000000001">()(e.name);
});

router.on("consumption.relationshipEvent.*", (e) => {
    expectType<RelationshipDTO>()(e.data);
    expectType<`consumption.relationshipEvent.${string}`>()(e.name);
});

// ----- unknown names and patterns ------------------------------------------------------------

router.on("acme.custom", (e) => {
    expectType<unknown>()(e.data);
    expectType<"acme.custom">()(e.name);
    // @ts-expect-error -- unknown data must be narrowed first
    void e.data.anything;
});

router.on("acme.*", (e) => {
    expectType<unknown>()(e.data);
    expectType<string>()(e.name);
});

// a segment that only contains `*` is literal (EventEmitter2): no known name matches
router.on("consumption.*RequestStatusChanged", (e) => {
    expectType<unknown>()(e.data);
    expectType<"consumption.*RequestStatusChanged">()(e.name);
});

// a pattern that is only known as `string`
declare const somePattern: string;
router.on(somePattern, (e) => {
    expectType<unknown>()(e.data);
    expectType<string>()(e.name);
});

// legacy names are unknown to the default map …
router.on("consumption.repositoryAttributeSucceeded", (e) => {
    expectType<unknown>()(e.data);
});
// … and typed with the map that includes them
const legacyRouter = new EventRouter<ConnectorEventMapWithLegacy>();
legacyRouter.on("consumption.ownSharedAttributeDeletedByOwner", (e) => {
    expectType<LocalAttributeDTOv6>()(e.data);
});
legacyRouter.on("transport.messageSent", (e) => {
    expectType<MessageDTO>()(e.data);
});
type _legacy = Assert<Equals<Extract<LegacyEventName, KnownEventName>, never>>;

// a custom map
interface AcmeEvents {
    "acme.orderCreated": { orderId: string };
    "acme.orderCancelled": { orderId: string; reason: string };
}
const acmeRouter = new EventRouter<AcmeEvents>();
acmeRouter.on("acme.*", (e) => {
    expectType<"acme.orderCreated" | "acme.orderCancelled">()(e.name);
    expectType<{ orderId: string } | { orderId: string; reason: string }>()(e.data);
});

// a handler written for any event can be reused for a specific pattern
const logEvent = (e: ConnectorEvent): void => void e.name;
router.on("transport.messageReceived", logEvent).once("consumption.*", logEvent).off("transport.messageReceived", logEvent);

// ----- negatives ------------------------------------------------------------------------------

// @ts-expect-error -- a pattern is a string
router.on(42, () => {});

// @ts-expect-error -- handlers get the typed event: MessageDTO data is not FileDTO data
router.on("transport.messageReceived", (e: ConnectorEvent<"transport.messageReceived", FileDTO>) => {});

// @ts-expect-error -- an AMQP delivery needs its routing key
void router.dispatch({ kind: "amqp", body: "{}" });

// @ts-expect-error -- unknown delivery kind
void router.dispatch({ kind: "kafka", body: "{}" });

// @ts-expect-error -- "nope" is not an ErrorCode
const badCode: EventParseError["code"] = "nope";
void badCode;

declare const parseError: EventParseError;
// @ts-expect-error -- code is readonly
parseError.code = "internal";

// ----- the rest of the public API ------------------------------------------------------------

const deliveries: Delivery[] = [
    { kind: "webhook", body: '{"trigger":"runtime.modulesStarted"}', correlationId: "c0ffee" },
    { kind: "amqp", routingKey: "transport.messageReceived", body: new Uint8Array() },
    { kind: "mqtt", topic: "transport/messageReceived", body: new ArrayBuffer(2) },
    { kind: "redis", channel: "transport.messageReceived", body: "{}" },
    { kind: "pubsub", body: "{}" },
    { kind: "pubsub", message: { data: "e30=", attributes: { namespace: "runtime.modulesStarted" } } },
];
type _kinds = Assert<Equals<DeliveryKind, "webhook" | "amqp" | "mqtt" | "redis" | "pubsub" | "catch-up">>;

const parsed = parseDelivery(deliveries[0]!, { strict: true, maxBodyBytes: 1 << 20, maxDepth: 64 });
expectType<ConnectorEvent<string, unknown>>()(parsed);
expectType<DeliveryKind>()(parsed.source);
expectType<string>()(parsed.key);

// ----- router additions (interfaces §2) ------------------------------------------------------
declare const additions: EventRouter;
expectType<ConnectorEvent<string, unknown>>()(additions.parse(deliveries[1]!));
expectType<Promise<DispatchReport>>()(additions.dispatchEvent(parsed, { handlerTimeoutMs: 5 }));
expectType<string[]>()(additions.patterns());
// @ts-expect-error -- dispatchEvent takes an event, not a delivery
void additions.dispatchEvent(deliveries[1]!);
expectType<{ bindingKeys: string[] }>()(brokerSubscriptions(additions.patterns(), "amqp"));
expectType<{ topicFilters: string[] }>()(brokerSubscriptions(["a.*"], "mqtt"));
expectType<{ patterns: string[]; channels: string[] }>()(brokerSubscriptions(["a.*"], "redis"));
expectType<{ filter: string }>()(brokerSubscriptions(["a.*"], "pubsub"));
// @ts-expect-error -- not a broker
brokerSubscriptions(["a.*"], "kafka");
const someBroker: Broker = "mqtt";
void brokerSubscriptions(["a.*"], someBroker);
expectType<string | undefined>()(parsed.subject);
// @ts-expect-error -- key is readonly
parsed.key = "x";

async function useRouter(): Promise<void> {
    const r = new EventRouter({ sequential: true, strict: false })
        .onAny((e) => {
            expectType<ConnectorEvent>()(e);
        })
        .onError((err) => {
            if (err instanceof HandlerError) {
                expectType<DispatchReport>()(err.report);
                const errors: unknown[] = err.errors;
                void errors;
            } else {
                expectType<ErrorCode>()(err.code);
            }
        });
    const report = await r.dispatch({ kind: "redis", channel: "x.y", body: "{}" });
    expectType<DispatchReport>()(report);
    const failedPatterns: string[] = report.failed.map((run) => run.pattern);
    void failedPatterns;
    await r.dispatchResponse(new Response("{}"), { kind: "webhook", correlationId: "abc" });
    r.off("transport.*", () => {});
    await init();
    await init(new URL("file:///enmeshed_events_bg.wasm"));
    initSync(new Uint8Array());
}
void useRouter;

// Issue 8: timeouts, dispatch options, instance figures, the new error codes.
{
    const timed = new EventRouter({ handlerTimeoutMs: 5_000, bodyTimeoutMs: 1_000 });
    void timed.dispatch({ kind: "amqp", routingKey: "a.b", body: "{}" }, { handlerTimeoutMs: 100 });
    // @ts-expect-error a timeout is a number of milliseconds
    new EventRouter({ handlerTimeoutMs: "5s" });
    const stats: InstanceStats = instanceStats();
    const traps: number = stats.traps;
    void traps;
    const code: ErrorCode = "body_timeout";
    void code;
    const timeout = new HandlerTimeoutError();
    const timeoutCode: "handler_timeout" = timeout.code;
    void timeoutCode;
}
