// The catch-up scenario every runtime runs (workerd, Chromium, Node): plain ESM, no runtime
// API. The fake Connector (runtimes.mjs) holds state whose events were never delivered; here the
// package's ConnectorClient and catchUp recover them, and waitFor awaits the answer to a Request
// that catch-up finds. `expected` is the sorted list of keys catch-up must dispatch.

function check(condition, message) {
  if (!condition) throw new Error(message);
}

export async function runCatchUpScenario(pkg, { runtime, baseUrl, apiKey, expected, peer, since }) {
  const lines = [];
  let passed = 0;
  let failed = 0;
  const step = async (name, body) => {
    try {
      await body();
      passed++;
      lines.push(`  ok    ${runtime} | ${name}`);
    } catch (error) {
      failed++;
      lines.push(`  FAIL  ${runtime} | ${name}: ${error?.stack ?? error}`);
    }
  };
  const { ConnectorClient, EventRouter, createCatchUp, MemoryWatermarkStore } = pkg;
  const client = new ConnectorClient({ baseUrl, apiKey, retry: { maxAttempts: 1 } });
  const seen = [];
  const router = new EventRouter().onAny((event) => {
    seen.push(event);
  });
  const store = new MemoryWatermarkStore();
  // One runner: its default guard (in memory) is shared by its runs.
  const runner = createCatchUp(router, client, { store });

  await step("catch-up recovers every missed reconstructable event exactly once", async () => {
    const result = await runner.run({ since });
    const keys = seen.map((e) => e.key).sort();
    check(JSON.stringify(keys) === JSON.stringify(expected), `keys ${JSON.stringify(keys)} != expected ${JSON.stringify(expected)}`);
    check(seen.every((e) => e.source === "catch-up"), "every event is marked catch-up");
    check(result.dispatched === expected.length && result.failed.length === 0, `result ${JSON.stringify({ ...result, failed: result.failed.length })}`);
    check(typeof store.get() === "string", "the watermark was stored");
  });

  await step("a second catch-up dispatches nothing", async () => {
    const before = seen.length;
    const result = await runner.run();
    check(result.dispatched === 0 && seen.length === before, `dispatched ${result.dispatched}`);
    check(result.skipped > 0, "what the lookback window lists again is skipped as done");
  });

  await step("send a Request, then await its answer (found by catch-up) or time out", async () => {
    const request = await client.createOutgoingRequest({
      peer,
      content: { items: [{ "@type": "ReadAttributeRequestItem", mustBeAccepted: true, query: { "@type": "IdentityAttributeQuery", valueType: "EMailAddress" } }] },
    });
    const answered = router.waitFor("consumption.outgoingRequestStatusChanged", (e) => e.data.request.id === request.id && e.data.newStatus === "Completed", { timeout: 5000 });
    await client.sendMessage({ recipients: [peer], content: request.content });
    // No webhook reaches this runtime: poll with catch-up until the answer is found.
    let event;
    answered.then((e) => (event = e), () => {});
    for (let i = 0; i < 50 && event === undefined; i++) {
      await runner.run({ events: ["consumption.outgoingRequestStatusChanged"] });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const found = await answered;
    check(found.data.request.response.content.result === "Accepted", "the answer is there");
    check(found.source === "catch-up", `source ${found.source}`);
    let timedOut;
    await router.waitFor("transport.messageReceived", () => false, { timeout: 10 }).catch((e) => (timedOut = e));
    check(timedOut?.code === "wait_timeout", `timeout ${timedOut?.code}`);
  });

  lines.push(`${runtime}: ${passed} passed, ${failed} failed`);
  return { passed, failed, lines };
}
