// A Cloudflare Worker that receives the enmeshed Connector's events two ways and, on a Cron
// Trigger, catches up on what they missed from the Connector's REST API:
// - webhooks: Connector config (modules.webhooks): target url "https://<worker>/hooks/{{trigger}}",
//   authentication { type: "ApiKey", apiKey: <the WEBHOOK_API_KEY secret> }, triggers ["**"];
// - Google Pub/Sub push at /pubsub: a push subscription on the Connector's PubSub topic with
//   authentication (its OIDC token is checked against PUBSUB_AUDIENCE and PUBSUB_SERVICE_ACCOUNT),
//   so a redelivered push runs nothing twice (the guard).
// Catch-up (wrangler.toml: a cron, the EVENTS KV namespace, CONNECTOR_BASE_URL; the
// CONNECTOR_API_KEY secret) lists what changed since the last run and dispatches the events the
// webhooks did not deliver through the same router, marked `source: "catch-up"`; the KV guard
// remembers what was delivered, so nothing runs twice.
// The "workerd" exports condition gives wrangler the entry that imports the .wasm as a module.
import {
  ConnectorClient,
  EventRouter,
  KvGuardStore,
  MemoryGuardStore,
  catchUp,
  createPubSubPushHandler,
  createWebhookHandler,
  markDelivered,
} from "enmeshed-events";

function createRouter(guard) {
  return new EventRouter()
    .on("transport.messageReceived", ({ data }) => {
      const what = data.content["@type"] === "Mail" ? `Mail "${data.content.subject}"` : `a ${data.content["@type"]}`;
      console.log(`message ${data.id} from ${data.createdBy}: ${what}`);
    })
    .on("consumption.incomingRequestReceived", ({ data }) => {
      console.log(`incoming request ${data.id} (${data.status}) with ${data.content.items.length} items from ${data.peer}`);
    })
    .on("consumption.incomingRequestStatusChanged", ({ data }) => {
      console.log(`incoming request ${data.request.id}: ${data.oldStatus} → ${data.newStatus}`);
    })
    .on("consumption.messageProcessed", ({ data }) => console.log(`message ${data.message.id} processed: ${data.result}`))
    .on("transport.relationshipChanged", ({ data }) => {
      const last = data.auditLog[data.auditLog.length - 1];
      console.log(`relationship ${data.id} with ${data.peer} is ${data.status} (${last.reason})`);
    })
    .on("consumption.outgoingRequestCreatedAndCompleted", ({ data }) => {
      console.log(`outgoing request ${data.id} (${data.source.type} ${data.source.reference}) ${data.status}: ${data.response.content.result}`);
    })
    .onAny((event) => {
      const kind = event.known ? "known" : event.legacy ? `legacy, now ${event.successors?.join(" / ")}` : "unknown";
      const correlation = event.correlationId ? `, correlation ${event.correlationId.slice(0, 8)}…` : "";
      console.log(`[${event.name}] ${kind}, ${event.problems.length} problems${correlation}, from ${event.source}`);
    })
    // Last: what the webhooks delivered is remembered, so catch-up skips it.
    .onAny(markDelivered(guard))
    .onError((error) => console.log(`error: ${error.code}: ${error.message}`));
}

// One router per isolate; the guard lives in KV (shared by every isolate), or in memory without it.
let app;
function appFor(env) {
  if (app === undefined) {
    const guard = env.EVENTS ? new KvGuardStore(env.EVENTS) : new MemoryGuardStore();
    app = { guard, router: createRouter(guard) };
  }
  return app;
}

// The watermark: where the last catch-up got to (CATCHUP_SINCE, if set, is where the first starts).
function watermarkStore(env) {
  return {
    get: async () => (await env.EVENTS?.get("catch-up:watermark")) ?? env.CATCHUP_SINCE,
    set: (value) => env.EVENTS?.put("catch-up:watermark", value),
  };
}

let handler;
let push;

export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname === "/pubsub") {
      const { router, guard } = appFor(env);
      push ??= createPubSubPushHandler(router, {
        verify: {
          audience: env.PUBSUB_AUDIENCE,
          email: env.PUBSUB_SERVICE_ACCOUNT,
          jwksUrl: env.PUBSUB_JWKS_URL ?? "https://www.googleapis.com/oauth2/v3/certs",
        },
        guard,
        // Acknowledged after this: a push that can never parse would otherwise come back for days.
        onDeadLetter: (error, envelope) => console.log(`dead letter ${envelope.messageId}: ${error.code}: ${error.message}`),
        onError: (error) => console.log(`push refused: ${error.code}${error.reason ? ` (${error.reason})` : ""}`),
      });
      return push(request);
    }
    // `wrangler secret put WEBHOOK_API_KEY`; several keys may be given comma-separated for rotation.
    handler ??= createWebhookHandler(appFor(env).router, { apiKeys: env.WEBHOOK_API_KEY.split(",") });
    return handler(request, ctx);
  },

  // The Cron Trigger: every run lists what changed since the last one (with a few minutes of
  // overlap) and dispatches what the webhooks missed.
  scheduled(controller, env, ctx) {
    const { router, guard } = appFor(env);
    const client = new ConnectorClient({ baseUrl: env.CONNECTOR_BASE_URL, apiKey: env.CONNECTOR_API_KEY });
    const run = catchUp(router, client, { store: watermarkStore(env), guard }).then(
      (result) => console.log(`catch-up: ${result.dispatched} dispatched, ${result.skipped} already delivered, ${result.failed.length} failed; watermark ${result.watermark}`),
      (error) => console.log(`catch-up failed: ${error.code}: ${error.message}`),
    );
    ctx.waitUntil(run);
  },
};
