// A Cloudflare Worker that receives the enmeshed Connector's webhooks.
// Connector config (modules.webhooks): target url "https://<worker>/hooks/{{trigger}}",
// authentication { type: "ApiKey", apiKey: <the WEBHOOK_API_KEY secret> }, triggers ["**"].
// The "workerd" exports condition gives wrangler the entry that imports the .wasm as a module.
import { EventRouter, createWebhookHandler } from "enmeshed-events";

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

export default {
  fetch(request, env, ctx) {
    // `wrangler secret put WEBHOOK_API_KEY`; several keys may be given comma-separated for rotation.
    handler ??= createWebhookHandler(router, { apiKeys: env.WEBHOOK_API_KEY.split(",") });
    return handler(request, ctx);
  },
};
