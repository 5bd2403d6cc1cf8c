// Compile-time tests of waitFor and catch-up typing (never executed: `tsc --noEmit` only).
import {
    CatchUpError,
    EventRouter,
    MemoryGuardStore,
    MemoryWatermarkStore,
    WaitAbortedError,
    WaitTimeoutError,
    catchUp,
    createCatchUp,
    markDelivered,
    type CatchUpClient,
    ConnectorClient,
    type CatchUpResult,
} from "../../js/types/index.js";

declare const client: CatchUpClient;
// The package's REST client is a catch-up client.
const restClient: CatchUpClient = new ConnectorClient({ baseUrl: "https://connector.example.com", apiKey: "k" });
void restClient;

async function useWaitFor() {
    const router = new EventRouter();
    const event = await router.waitFor("consumption.outgoingRequestStatusChanged", (e) => e.data.request.id === "REQ1" && e.data.newStatus === "Completed", { timeout: 5_000 });
    const status: string = event.data.newStatus;
    void status;
    const any = await router.waitFor("transport.*", { signal: AbortSignal.timeout(100) });
    const name: string = any.name;
    void name;
    // @ts-expect-error the timeout is a number of milliseconds
    void router.waitFor("transport.*", { timeout: "5s" });
    const timeoutCode: "wait_timeout" = new WaitTimeoutError().code;
    const abortCode: "wait_aborted" = new WaitAbortedError().code;
    void timeoutCode;
    void abortCode;
}
void useWaitFor;

async function useCatchUp() {
    const router = new EventRouter();
    const guard = new MemoryGuardStore();
    router.onAny(markDelivered(guard));
    const result: CatchUpResult = await catchUp(router, client, { since: "2026-03-02T09:00:00.000Z", store: new MemoryWatermarkStore(), guard, events: ["transport.*"] });
    const dispatched: number = result.dispatched;
    void dispatched;
    const runner = createCatchUp(router, client, { lookbackMs: 60_000, onError: (error) => console.log(error) });
    const { stop } = runner.every(60_000);
    stop();
    await runner.stop();
    runner.trigger();
    // @ts-expect-error events are names or patterns
    void catchUp(router, client, { events: "transport.*" });
    try {
        await runner.run();
    } catch (error) {
        if (error instanceof CatchUpError) {
            const code: "not_reconstructable" | "invalid_pattern" | "invalid_watermark" | "invalid_listing" | "invalid_store" | "aborted" = error.code;
            void code;
        }
    }
}
void useCatchUp;
