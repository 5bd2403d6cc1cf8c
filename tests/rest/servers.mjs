// What the REST client tests run against: Prism serving the Connector's own OpenAPI files
// (validating every request), a scripted server for the answers Prism cannot give, and a
// clock the tests drive. Ports 24010-24019 (the rest helper's range).
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { once } from "node:events";

const here = new URL(".", import.meta.url).pathname;
// Each test file has its own ports, so node --test may run the files side by side.
export const PORTS = {
  prism: 24010, prismV6: 24011, prismLenient: 24012, prismV6Lenient: 24015, // spec.test.mjs
  scripted: 24013, // client.test.mjs
  trapScripted: 24018, // trap.test.mjs
  runtimesPrism: 24016, runtimesScripted: 24017, browserPage: 24014, // runtimes.test.mjs
  nothing: 24019, // never listened on: connection refused
};

/**
 * Starts Prism on `port` for `spec` (a file in tests/rest). `errors: true` turns every request
 * or response that violates the spec into an error answer (422/401/500 with `sl-violations`).
 */
export async function startPrism(port, spec, { errors = true } = {}) {
  const args = ["mock", "-p", String(port), "-h", "127.0.0.1", ...(errors ? ["--errors"] : []), `${here}${spec}`];
  const child = spawn(`${here}node_modules/.bin/prism`, args, { stdio: ["ignore", "pipe", "pipe"] });
  // Never outlive the test process, even when it is killed mid-run.
  const killChild = () => child.kill();
  process.once("exit", killChild);
  let log = "";
  const ready = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      log += chunk;
      if (log.includes("Prism is listening")) resolve();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`prism exited (${code}) before listening:\n${log}`)));
  });
  const timer = setTimeout(() => child.kill(), 60_000);
  try {
    await ready;
  } finally {
    clearTimeout(timer);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      process.off("exit", killChild);
      if (child.exitCode === null) {
        child.kill();
        await once(child, "exit");
      }
    },
  };
}

/**
 * A server that answers from a script: each request takes the next step, the last one repeats.
 * A step is `{ status, body, headers }`, `"hang"` (never answers) or `"drop"` (closes the
 * socket). Records every request (method, url, headers, body) and whether it was aborted.
 */
export async function startScripted(port = PORTS.scripted) {
  let script = [];
  const requests = [];
  const server = createServer(async (req, res) => {
    // Browsers (Chromium runtime test) ask first: answer any cross-origin request.
    res.setHeader("access-control-allow-origin", "*");
    if (req.method === "OPTIONS") {
      res.writeHead(204, { "access-control-allow-headers": "*", "access-control-allow-methods": "GET, POST" });
      return res.end();
    }
    let body = "";
    for await (const chunk of req) body += chunk;
    const record = { method: req.method, url: req.url, headers: req.headers, body, aborted: false };
    requests.push(record);
    res.on("close", () => {
      if (!res.writableFinished) record.aborted = true;
    });
    const step = script.length > 1 ? script.shift() : script[0];
    if (step === "hang") return;
    if (step === "drop" || step === undefined) return req.socket.destroy();
    res.writeHead(step.status, { "content-type": "application/json", ...step.headers });
    res.end(typeof step.body === "string" ? step.body : JSON.stringify(step.body));
  });
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Resolves once `count` requests have arrived since the last `answer`. */
    async received(count) {
      while (requests.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    answer(...steps) {
      script = steps;
      requests.length = 0;
    },
    async stop() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

/** The Connector's error envelope for `status` with `code`. */
export function connectorError(code, message = `${code} happened`) {
  return { error: { id: "ERR" + code.length, code, message, docs: `https://enmeshed.eu/integrate/error-codes#${code}`, time: "2026-12-01T12:00:00.000Z" } };
}

/**
 * A clock the test drives: `sleep(ms, signal)` waits until `advance` passes its time, its
 * signal aborts, or `release` lets every sleep go; `sleeps` lists every wait asked for.
 */
export function fakeClock(start = Date.UTC(2026, 11, 1, 12)) {
  let now = start;
  let waiting = [];
  const sleeps = [];
  const waiters = [];
  const clock = {
    sleeps,
    now: () => now,
    sleep(ms, signal) {
      sleeps.push(ms);
      for (const waiter of waiters.splice(0)) waiter();
      return new Promise((resolve) => {
        const entry = { at: now + ms, resolve };
        waiting.push(entry);
        // The client aborts a sleep it no longer waits for (the answer came first).
        signal?.addEventListener("abort", () => {
          waiting = waiting.filter((w) => w !== entry);
          resolve();
        });
      });
    },
    /** Moves time on by `ms`, ending every sleep due by then. */
    advance(ms) {
      now += ms;
      const due = waiting.filter((w) => w.at <= now);
      waiting = waiting.filter((w) => w.at > now);
      for (const w of due) w.resolve();
    },
    /** Resolves once `count` sleeps in all have been asked for. */
    async sleepsAsked(count) {
      while (sleeps.length < count) await new Promise((resolve) => waiters.push(resolve));
    },
    /** Ends every sleep (so no Rust callback waits on the clock after a test). */
    release() {
      for (const w of waiting.splice(0)) w.resolve();
    },
  };
  return clock;
}

/**
 * Wraps the global fetch (which the client's gloo-net calls) to keep Prism's `sl-violations`
 * header of every answer: a request that broke the spec shows there (any location but "response").
 */
export function recordViolations() {
  const realFetch = globalThis.fetch;
  const seen = [];
  globalThis.fetch = async (input, init) => {
    const response = await realFetch(input, init);
    const header = response.headers.get("sl-violations");
    const request = input instanceof Request ? input : new Request(input, init);
    let violations = header ? JSON.parse(header) : [];
    // With --errors, a refused request's violations come in the problem+json body instead.
    if (!header && response.headers.get("content-type")?.includes("problem+json")) {
      violations = (await response.clone().json()).validation ?? [];
    }
    seen.push({ method: request.method, url: request.url, status: response.status, violations });
    return response;
  };
  return {
    seen,
    requestViolations: () => seen.flatMap((s) => s.violations.filter((v) => v.location?.[0] !== "response").map((v) => ({ ...v, url: s.url }))),
    restore() {
      globalThis.fetch = realFetch;
    },
  };
}
