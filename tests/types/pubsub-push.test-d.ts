// Type tests of the Pub/Sub push endpoint's declarations (js/types/pubsub-push.d.ts).
import { EventRouter, createPubSubPushHandler, handlePubSubPush } from "../../js/types/index.js";
import type { PubSubAuthReason, PubSubPushEnvelope, PubSubPushOptions } from "../../js/types/index.js";
import { MemoryGuardStore } from "../../js/types/consume.js";

const router = new EventRouter();

const handler: (request: Request) => Promise<Response> = createPubSubPushHandler(router, {
    verify: { audience: "https://erp.example.com/push", email: "push@p.iam.gserviceaccount.com", jwksUrl: "https://www.googleapis.com/oauth2/v3/certs" },
    guard: new MemoryGuardStore(),
    onDeadLetter: async (error, envelope: PubSubPushEnvelope) => {
        const code: string = error.code;
        const id: string | undefined = envelope.messageId;
        void code, id;
    },
    onError: (error) => {
        const reason: PubSubAuthReason | undefined = error.reason;
        void reason;
    },
});
void handler;
void handlePubSubPush(new Request("https://x"), router, { verify: (request) => request.headers.has("authorization") });
void createPubSubPushHandler(router, { allowUnauthenticated: true, rejectPoison: true, handlerErrorStatus: 503 });
void createPubSubPushHandler(router, { verify: { audience: ["a", "b"], keys: [{ kty: "RSA", n: "…", e: "AQAB", kid: "k" }], clockSkewSec: 30 } });

// @ts-expect-error an unknown option
const unknown: PubSubPushOptions = { allowUnauthenticated: true, respondEarly: true };
// @ts-expect-error audience is required
void createPubSubPushHandler(router, { verify: { keys: [] } });
// @ts-expect-error a verify callback gets the request, not a token, and answers a boolean
void createPubSubPushHandler(router, { verify: (token: string) => token });
void unknown;
