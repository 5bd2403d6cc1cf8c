// A Cloudflare Worker that receives the enmeshed Connector's events two ways:
// - webhooks: Connector config (modules.webhooks): target url "https://<worker>/hooks/{{trigger}}",
//   authentication { type: "ApiKey", apiKey: <the WEBHOOK_API_KEY secret> }, triggers ["**"];
// - Google Pub/Sub push at /pubsub: a push subscription on the Connector's PubSub topic with
//   authentication (its OIDC token is checked against PUBSUB_AUDIENCE and PUBSUB_SERVICE_ACCOUNT)
//   and the KV namespace GUARD remembering handled events, so a redelivered push runs nothing twice.
// The "workerd" exports condition gives wrangler the entry that imports the .wasm as a module.
import { EventRouter, createPubSubPushHandler, createWebhookHandler } from "enmeshed-events";
import { KvGuardStore } from "enmeshed-events/consume";

const router = new EventRouter()
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
    console.log(`[${event.name}] ${kind}, ${event.problems.length} problems${correlation}`);
  })
  .onError((error) => console.log(`error: ${error.code}: ${error.message}`));

let handler;
let push;

export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname === "/pubsub") {
      push ??= createPubSubPushHandler(router, {
        verify: {
          audience: env.PUBSUB_AUDIENCE,
          email: env.PUBSUB_SERVICE_ACCOUNT,
          jwksUrl: env.PUBSUB_JWKS_URL ?? "https://www.googleapis.com/oauth2/v3/certs",
        },
        guard: env.GUARD === undefined ? undefined : new KvGuardStore(env.GUARD),
        // Acknowledged after this: a push that can never parse would otherwise come back for days.
        onDeadLetter: (error, envelope) => console.log(`dead letter ${envelope.messageId}: ${error.code}: ${error.message}`),
        onError: (error) => console.log(`push refused: ${error.code}${error.reason ? ` (${error.reason})` : ""}`),
      });
      return push(request);
    }
    // `wrangler secret put WEBHOOK_API_KEY`; several keys may be given comma-separated for rotation.
    handler ??= createWebhookHandler(router, { apiKeys: env.WEBHOOK_API_KEY.split(",") });
    return handler(request, ctx);
  },
};
