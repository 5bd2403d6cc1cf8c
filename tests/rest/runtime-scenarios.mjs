// The ConnectorClient scenarios every runtime runs (runtimes.mjs: workerd, Deno, Bun,
// edge-runtime, Chromium; Node runs the full suites). Plain ES2022, no runtime APIs beyond fetch,
// AbortSignal and setTimeout. `urls`: { prism } (Prism, validating, v7 spec), { hang } (a server
// that never answers), { dead } (nothing listening).
export async function restScenarios({ ConnectorClient, ConnectorError }, urls) {
  const lines = [];
  let passed = 0;
  let failed = 0;
  const check = (condition, what) => {
    if (!condition) throw new Error(what);
  };
  const rejection = (promise) => promise.then(() => { throw new Error("resolved, expected a ConnectorError"); }, (error) => error);
  const scenarios = {
    "messages with a query, unwrapped from { result }": async (c) => {
      const messages = await c.messages({ createdAt: ">2026-01-01T00:00:00.000Z", "content.@type": "Mail" });
      check(messages[0].id === "MSG_________________", `got ${JSON.stringify(messages).slice(0, 80)}`);
    },
    "message by id": async (c) => check((await c.message("MSGabcdefghij0123456")).id === "MSG_________________", "message id"),
    "sync answers 204: undefined": async (c) => check((await c.sync()) === undefined, "sync result"),
    "sendMessage": async (c) => {
      const address = "did:e:localhost:dids:0123456789abcdef012345";
      const message = await c.sendMessage({ recipients: [address], content: { "@type": "Mail", to: [address], subject: "s", body: "b" } });
      check(message.id === "MSG_________________", "sent message id");
    },
    "401 is a typed ConnectorError, not retried, with the correlation id": async () => {
      const c = new ConnectorClient({ baseUrl: urls.prism, apiKey: "k", apiKeyHeader: "X-Wrong" });
      const error = await rejection(c.files(undefined, { correlationId: "corr-rt" }));
      check(error instanceof ConnectorError && error.status === 401 && error.attempts === 1 && error.correlationId === "corr-rt", `${error?.status} ${error?.attempts} ${error?.message}`);
    },
    "nothing listening: network_error after the retries": async () => {
      const c = new ConnectorClient({ baseUrl: urls.dead, apiKey: "k", retry: { maxAttempts: 2, baseDelayMs: 1 } });
      const error = await rejection(c.relationships());
      check(error instanceof ConnectorError && error.code === "network_error" && error.attempts === 2, `${error?.code} ${error?.attempts} ${error?.message}`);
    },
    "no answer: timeout": async () => {
      const c = new ConnectorClient({ baseUrl: urls.hang, apiKey: "k", timeoutMs: 300, retry: { maxAttempts: 1 } });
      const error = await rejection(c.attributes());
      check(error instanceof ConnectorError && error.code === "timeout", `${error?.code} ${error?.message}`);
    },
    "AbortSignal: aborted": async () => {
      const c = new ConnectorClient({ baseUrl: urls.hang, apiKey: "k" });
      const controller = new AbortController();
      const call = rejection(c.incomingRequests(undefined, { signal: controller.signal }));
      setTimeout(() => controller.abort(), 50);
      const error = await call;
      check(error instanceof ConnectorError && error.code === "aborted", `${error?.code} ${error?.message}`);
    },
  };
  const client = new ConnectorClient({ baseUrl: urls.prism, apiKey: "secret" });
  for (const [name, run] of Object.entries(scenarios)) {
    try {
      await run(client);
      passed++;
      lines.push(`  ok    ${name}`);
    } catch (error) {
      failed++;
      lines.push(`  FAIL  ${name} | ${error?.stack ?? error}`);
    }
  }
  return { passed, failed, lines };
}
