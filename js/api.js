// The package's public API: one barrel over modules with one job each.
//
//   instance.js  initialisation, the guard around every wasm call, replacement after a trap
//   errors.js    EventParseError, HandlerError, HandlerTimeoutError, WaitTimeoutError, WaitAbortedError, CatchUpError
//   delivery.js  delivery objects read once into snapshots; options
//   input.js     the input buffer in wasm memory, with limits checked before copying
//   event.js     ConnectorEvent and the factories the wasm shell builds with
//   parse.js     parseDelivery, eventCatalogue
//   router.js    EventRouter
//   subscriptions.js  brokerSubscriptions
//   body.js      reading a body stream within a limit and a time
//   endpoint.js  what the HTTP endpoints share (options, body reading, timeouts, answers)
//   webhook.js   the webhook endpoint
//   oidc.js      verifying the OIDC tokens of authenticated Pub/Sub push, with WebCrypto
//   pubsub-push.js  the Pub/Sub push endpoint
//   rest.js      ConnectorClient, the Connector REST client
//   catchup.js   catch-up: missed events reconstructed from the REST API (src/catchup)

export { default, initSync, instanceStats } from "./instance.js";
export { CatchUpError, ConnectorError, EventParseError, HandlerError, HandlerTimeoutError, WaitAbortedError, WaitTimeoutError } from "./errors.js";
export { ConnectorEvent } from "./event.js";
export { parseDelivery, eventCatalogue } from "./parse.js";
export { EventRouter } from "./router.js";
export { brokerSubscriptions } from "./subscriptions.js";
export * from "./webhook.js";
export { createPubSubPushHandler, handlePubSubPush } from "./pubsub-push.js";
export { ConnectorClient } from "./rest.js";
export { catchUp, createCatchUp, markDelivered, MemoryWatermarkStore } from "./catchup.js";
// The guard stores catch-up shares with the live path (also in "enmeshed-events/consume").
export { MemoryGuardStore, KvGuardStore, RedisGuardStore } from "./guard.js";
