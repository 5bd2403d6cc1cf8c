// A Vercel Edge Function at /api/enmeshed that receives the enmeshed Connector's webhooks.
// The "edge-light" exports condition loads the .wasm as a compiled module (`?module`).
// Set WEBHOOK_API_KEY in the project's environment variables.
import { EventRouter, createWebhookHandler } from "enmeshed-events";

export const config = { runtime: "edge" };

const router = new EventRouter()
  .on("transport.messageReceived", ({ data }) => console.log(`message ${data.id} from ${data.createdBy}`))
  .on("consumption.incomingRequestStatusChanged", ({ data }) => console.log(`request ${data.request.id}: ${data.oldStatus} → ${data.newStatus}`))
  .on("transport.relationshipChanged", ({ data }) => console.log(`relationship ${data.id} is ${data.status}`))
  .onError((error) => console.error(`${error.code}: ${error.message}`));

// respondEarly: answer 202 as soon as the delivery parsed and let handlers that are still
// running finish through context.waitUntil (these synchronous ones are done by then: 200).
const apiKeys = (process.env.WEBHOOK_API_KEY ?? "").split(",").filter(Boolean);
const handler = createWebhookHandler(router, { apiKeys, respondEarly: true });

export default function (request, context) {
  return handler(request, context);
}
