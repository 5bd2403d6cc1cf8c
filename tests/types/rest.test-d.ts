// Compile-time tests of the ConnectorClient typing (js/types/rest.d.ts). Never executed.
// Every `// @ts-expect-error` line must really be an error (tsc reports unused ones).

import { ConnectorClient, ConnectorError, type FileDTO, type MessageDTO, type LocalRequestDTO } from "../../js/types/index.js";

const client = new ConnectorClient({ baseUrl: "http://localhost:8080", apiKey: "k", apiVersion: "v6", retry: { maxAttempts: 1 } });
// @ts-expect-error baseUrl is required
new ConnectorClient({ apiKey: "k" });
// @ts-expect-error only v7 and v6 exist
new ConnectorClient({ baseUrl: "http://h", apiVersion: "v5" });

async function uses(signal: AbortSignal) {
    const messages: MessageDTO[] = await client.messages({ createdAt: ">2026-01-01T00:00:00.000Z", "content.@type": ["Mail", "Request"] });
    const message: MessageDTO = await client.message(messages[0].id, { signal, correlationId: "c", timeoutMs: 5_000 });
    const file: FileDTO = await client.file("FIL");
    const request: LocalRequestDTO = await client.createOutgoingRequest({ content: { items: [] }, peer: "did:e:a" });
    const none: void = await client.sync();
    // @ts-expect-error query values are strings, numbers, booleans or arrays of them
    await client.messages({ createdAt: { gt: 1 } });
    // @ts-expect-error sendMessage needs recipients
    await client.sendMessage({ content: {} });
    return [message, file, request, none];
}

function handle(error: unknown) {
    if (error instanceof ConnectorError) {
        const status: number = error.status;
        const code: string = error.code;
        const id: string | undefined = error.connectorError?.id;
        const attempts: number = error.attempts;
        return [status, code, id, attempts];
    }
    return [];
}

export { uses, handle };
