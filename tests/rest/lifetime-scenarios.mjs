// One scenario per process (tests/rest/lifetime.test.mjs runs them): each needs a fresh wasm
// instance, and the bugs they guard against ended the process. Prints one JSON line of
// findings. Servers listen on ports the OS picks. argv: scenario, package dir.
import { createServer } from "node:http";
import { once } from "node:events";
import { pathToFileURL } from "node:url";

const [scenario, dir] = process.argv.slice(2);
const { ConnectorClient, ConnectorError, parseDelivery, instanceStats } = await import(pathToFileURL(`${dir}/node.mjs`).href);

const problems = [];
process.on("unhandledRejection", (reason) => problems.push(`unhandledRejection: ${reason?.message ?? reason}`));
process.on("uncaughtException", (error) => problems.push(`uncaughtException: ${error?.message ?? error}`));
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
const outcome = (promise) =>
  promise.then(
    (value) => ({ ok: true, value }),
    (error) => ({ ok: false, name: error?.constructor?.name, code: error?.code, status: error?.status, attempts: error?.attempts, maybeSent: error?.maybeSent, message: error?.message }),
  );
const sync = () => parseDelivery({ kind: "amqp", routingKey: "transport.messageReceived", body: "{}" });

async function serve(handler, host = "127.0.0.1") {
  const requests = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method, url: req.url, key: req.headers["x-api-key"], authorization: req.headers.authorization });
    handler(req, res, requests.length);
  });
  server.listen(0, host);
  await once(server, "listening");
  return { url: `http://${host}:${server.address().port}`, requests, close: () => (server.closeAllConnections(), server.close()) };
}
const json = (res, status, body, headers = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
};

const scenarios = {
  // 1a: a large answer grows wasm memory past the compaction size (16 MB); a sync call right after
  // the await used to compact while the finished call's teardown still had a microtask queued.
  async bigAnswerThenSyncCall() {
    const server = await serve((req, res) => json(res, 200, `{"result":"${"x".repeat(20 * 1048576)}"}`));
    const client = new ConnectorClient({ baseUrl: server.url });
    const result = await client.messages();
    let parsed;
    try {
      parsed = sync().name;
    } catch (error) {
      parsed = error.code;
    }
    await tick(50);
    const afterwards = await outcome(client.messages({}, { timeoutMs: 5000 }));
    await tick(50);
    server.close();
    return { length: result.length, parsed, afterwardsOk: afterwards.ok, compactions: instanceStats().compactions, memoryBytes: instanceStats().memoryBytes };
  },
  // 1b: a trap a few promise steps after an injected retry sleep resolved (trap-hook build).
  async trapAfterRetrySleep() {
    const results = [];
    for (const depth of [0, 1, 2, 3]) {
      let resolveRetry;
      let retrySleep;
      const server = await serve((req, res, n) => (n === 1 ? json(res, 500, "") : json(res, 200, { result: [] })));
      const clock = {
        now: () => Date.now(),
        sleep(ms, signal) {
          if (ms === 30000) return new Promise((resolve) => signal?.addEventListener("abort", resolve));
          retrySleep = new Promise((resolve) => (resolveRetry = resolve));
          return retrySleep;
        },
      };
      const client = new ConnectorClient({ baseUrl: server.url, clock, random: () => 0 });
      const call = outcome(client.messages());
      while (!resolveRetry) await tick(5);
      let chain = retrySleep;
      for (let i = 0; i < depth; i++) chain = chain.then(() => {});
      const trapped = chain.then(() => {
        try {
          parseDelivery({ kind: "amqp", routingKey: "enmeshed.test.trap", body: "{}" });
        } catch (error) {
          return error.code;
        }
      });
      resolveRetry();
      const settled = await call;
      results.push({ depth, trap: await trapped, call: settled.ok ? "resolved" : settled.code });
      await tick(20);
      const next = await outcome(client.messages());
      results.push({ depth, next: next.ok ? "resolved" : next.code });
      server.close();
    }
    return { results, traps: instanceStats().traps };
  },
  // 1c: a panic inside the REST future, polled from the executor's microtask (trap-hook build:
  // the id `enmeshed.test.trap` traps after the answer arrived).
  async panicInsideTheFuture() {
    const server = await serve((req, res) => (req.url.includes("slow") ? setTimeout(() => json(res, 200, { result: {} }), 300) : json(res, 200, { result: {} })));
    const client = new ConnectorClient({ baseUrl: server.url });
    const bystander = outcome(client.message("slow"));
    const trapping = await outcome(client.message("enmeshed.test.trap"));
    const other = await bystander;
    const next = await outcome(client.message("MSGnext"));
    await tick(20);
    server.close();
    return { trapping, other, next: next.ok, traps: instanceStats().traps };
  },
  // 1d: a client whose constructor's call compacts the instance (a 20 MB key grows memory).
  async constructorCompacts() {
    const server = await serve((req, res) => json(res, 200, { result: [] }));
    const before = instanceStats().compactions;
    const client = new ConnectorClient({ baseUrl: server.url, apiKey: "k".repeat(20 * 1048576) });
    const compacted = instanceStats().compactions - before;
    // Node's server refuses the huge header (431): what matters is a typed answer, not a
    // stale-object Error from the replaced instance.
    const first = await outcome(client.messages());
    server.close();
    return { compacted, first };
  },
  // 2a: a redirect is refused, not followed: the key never reaches the other origin and a
  // write does not turn into a GET.
  async redirect() {
    const other = await serve((req, res) => json(res, 200, { result: [{ id: "MSGlisted" }] }), "localhost");
    const server = await serve((req, res) => {
      res.writeHead(302, { location: `${other.url}${req.url}` });
      res.end();
    });
    const keyed = new ConnectorClient({ baseUrl: server.url, apiKey: "SECRET-KEY" });
    const send = await outcome(keyed.sendMessage({ recipients: ["did:e:x"], content: { "@type": "Mail" } }));
    const list = await outcome(keyed.messages());
    const bearer = await outcome(new ConnectorClient({ baseUrl: server.url, bearerToken: "SECRET-TOKEN" }).syncInfo());
    await tick(50);
    other.close();
    server.close();
    return { send, list, bearer, otherOriginSaw: other.requests.length, redirectorSaw: server.requests.length };
  },
  // 4b: an answer larger than maxResponseBytes, declared (Content-Length) or not (chunked).
  async tooLarge() {
    const big = `{"result":"${"x".repeat(2 * 1048576)}"}`;
    const server = await serve((req, res) => {
      if (req.url.includes("chunked")) {
        res.writeHead(200, { "content-type": "application/json" });
        for (let i = 0; i < big.length; i += 65536) res.write(big.slice(i, i + 65536));
        res.end();
      } else {
        json(res, 200, big);
      }
    });
    const client = new ConnectorClient({ baseUrl: server.url, maxResponseBytes: 1048576 });
    const declared = await outcome(client.message("declared"));
    const chunked = await outcome(client.message("chunked"));
    const fits = await outcome(new ConnectorClient({ baseUrl: server.url, maxResponseBytes: 4 * 1048576 }).message("declared"));
    server.close();
    return { declared, chunked, fits: fits.ok && fits.value.length, requests: server.requests.length };
  },
};

const findings = await scenarios[scenario]();
await tick(20);
console.log(JSON.stringify({ ...findings, problems }));
