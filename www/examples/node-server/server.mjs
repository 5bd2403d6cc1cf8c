// A plain Node (>= 20) server that receives the enmeshed Connector's webhooks:
// WEBHOOK_API_KEY=… PORT=8787 node server.mjs   (listens on 127.0.0.1 unless HOST is set)
// node:http has no fetch Request/Response, so `toRequest` and `send` convert, streaming the body
// so that the handler's maxBodyBytes limit applies while reading (no @whatwg-node or adapter needed).
import { createServer } from "node:http";
import { Readable } from "node:stream";
import { EventRouter, createWebhookHandler } from "enmeshed-events";

const router = new EventRouter()
  .on("transport.messageReceived", ({ data }) => console.log(`message ${data.id} from ${data.createdBy}`))
  .on("consumption.incomingRequestStatusChanged", ({ data }) => console.log(`request ${data.request.id}: ${data.oldStatus} → ${data.newStatus}`))
  .on("transport.relationshipChanged", ({ data }) => console.log(`relationship ${data.id} is ${data.status}`))
  .onError((error) => console.error(`${error.code}: ${error.message}`));

const handler = createWebhookHandler(router, { apiKeys: (process.env.WEBHOOK_API_KEY ?? "").split(",").filter(Boolean) });

function toRequest(req) {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url, `http://${req.headers.host ?? "localhost"}`), {
    method: req.method,
    headers,
    ...(hasBody ? { body: bodyStream(req), duplex: "half" } : {}),
  });
}

// The request body as a web stream, read as the handler pulls. When the handler cancels it (a
// refused or oversized request), the rest is drained and dropped. (Readable.toWeb throws an
// uncaught "Controller is already closed" there on Node 20.)
function bodyStream(req) {
  let cancelled = false;
  return new ReadableStream({
    start(controller) {
      req.pause();
      req.on("data", (chunk) => {
        if (cancelled) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if (controller.desiredSize <= 0) req.pause();
      });
      req.on("end", () => cancelled || controller.close());
      req.on("error", (error) => cancelled || controller.error(error));
    },
    pull() {
      req.resume();
    },
    cancel() {
      cancelled = true;
      req.resume();
    },
  });
}

async function send(res, response) {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

const server = createServer(async (req, res) => {
  try {
    await send(res, await handler(toRequest(req)));
  } catch (error) {
    console.error(error);
    res.writeHead(500).end();
  }
});
server.listen(Number(process.env.PORT ?? 8787), process.env.HOST ?? "127.0.0.1", () => {
  const { address, port } = server.address();
  console.log(`listening on http://${address}:${port}`);
});
