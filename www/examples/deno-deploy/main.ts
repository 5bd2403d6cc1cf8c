// Deno Deploy (or `deno run --allow-net --allow-env --allow-read main.ts`): receives the enmeshed
// Connector's webhooks. The "deno" exports condition initialises the wasm on import.
// Set WEBHOOK_API_KEY in the project's environment variables.
import { EventRouter, createWebhookHandler } from "npm:enmeshed-events@^0.1.0";

const router = new EventRouter()
  .on("transport.messageReceived", ({ data }) => console.log(`message ${data.id} from ${data.createdBy}`))
  .on("consumption.incomingRequestStatusChanged", ({ data }) => console.log(`request ${data.request.id}: ${data.oldStatus} → ${data.newStatus}`))
  .on("transport.relationshipChanged", ({ data }) => console.log(`relationship ${data.id} is ${data.status}`))
  .onError((error) => console.error(`${error.code}: ${error.message}`));

const apiKeys = (Deno.env.get("WEBHOOK_API_KEY") ?? "").split(",").filter(Boolean);
const handler = createWebhookHandler(router, { apiKeys });

Deno.serve((request) => handler(request));
