// Every ConnectorClient call against Prism serving the Connector's own OpenAPI description
// (tests/rest/connector-openapi.yml, 7.4.6; connector-openapi-v6.yml, 6.36.11) in validation
// mode: a request that breaks the spec gets an error answer, so the call fails.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { pkg } from "../js/package.mjs";
import { PORTS, startPrism, recordViolations } from "./servers.mjs";

const { ConnectorClient, ConnectorError } = pkg;
const ADDRESS = "did:e:localhost:dids:0123456789abcdef012345";
const MAIL = { "@type": "Mail", to: [ADDRESS], subject: "Hello", body: "Text" };
const REQUEST_CONTENT = { items: [{ "@type": "ReadAttributeRequestItem", mustBeAccepted: true, query: { "@type": "IdentityAttributeQuery", valueType: "GivenName" } }] };

// Where the spec's own example answer breaks the spec's schema, Prism with --errors refuses to
// answer at all; those calls run on a Prism without --errors instead, and the test checks there
// that the request had no violation and the answer exactly the known one (so a fixed spec shows).
const SPEC_EXAMPLE_BUGS = {
  "v7 syncInfo": ["Response body property result.lastSyncRun must have required property 'syncTime'"],
  "v6 syncInfo": ["Response body property result.lastSyncRun must have required property 'syncTime'"],
  "v6 files": ['Response body property result.0.truncatedReference must match format "byte"'],
  "v6 file": ['Response body property result.truncatedReference must match format "byte"'],
};

const servers = {};
let record;
before(async () => {
  [servers.v7, servers.v6, servers.v7Lenient, servers.v6Lenient] = await Promise.all([
    startPrism(PORTS.prism, "connector-openapi.yml"),
    startPrism(PORTS.prismV6, "connector-openapi-v6.yml"),
    startPrism(PORTS.prismLenient, "connector-openapi.yml", { errors: false }),
    startPrism(PORTS.prismV6Lenient, "connector-openapi-v6.yml", { errors: false }),
  ]);
  record = recordViolations();
});
after(async () => {
  record?.restore();
  await Promise.all(Object.values(servers).map((server) => server.stop()));
});

// Each call with what the spec's examples answer; `id` checks the result is the Connector's.
const calls = [
  ["sync", (c) => c.sync(), (r) => assert.equal(r, undefined)],
  ["syncInfo", (c) => c.syncInfo(), (r) => assert.equal(typeof r.lastSyncRun, "object")],
  ["messages", (c) => c.messages({ createdAt: ">2026-01-01T00:00:00.000Z", "content.@type": "Mail", participant: ADDRESS }), (r) => assert.equal(r[0].id, "MSG_________________")],
  ["message", (c) => c.message("MSGabcdefghij0123456"), (r) => assert.equal(r.id, "MSG_________________")],
  ["sendMessage", (c) => c.sendMessage({ recipients: [ADDRESS], content: MAIL }), (r) => assert.equal(r.id, "MSG_________________")],
  ["relationships", (c) => c.relationships({ status: "Active" }), (r) => assert.equal(r[0].id, "REL_________________")],
  ["relationship", (c) => c.relationship("RELabcdefghij0123456"), (r) => assert.equal(r.id, "REL_________________")],
  ["incomingRequests", (c) => c.incomingRequests({ status: "ManualDecisionRequired" }), (r) => assert.equal(r[0].id, "REQ_________________")],
  ["incomingRequest", (c) => c.incomingRequest("REQabcdefghij0123456"), (r) => assert.equal(r.id, "REQ_________________")],
  ["outgoingRequests", (c) => c.outgoingRequests({ peer: ADDRESS }), (r) => assert.equal(r[0].id, "REQ_________________")],
  ["outgoingRequest", (c) => c.outgoingRequest("REQabcdefghij0123456"), (r) => assert.equal(r.id, "REQ_________________")],
  ["createOutgoingRequest", (c) => c.createOutgoingRequest({ content: REQUEST_CONTENT, peer: ADDRESS }), (r) => assert.equal(r.id, "REQ_________________")],
  ["attributes", (c) => c.attributes({ "content.@type": "IdentityAttribute" }), (r) => assert.equal(r[0].id, "ATT_________________")],
  ["attribute", (c) => c.attribute("ATTabcdefghij0123456"), (r) => assert.equal(r.id, "ATT_________________")],
  ["files", (c) => c.files({ createdAt: ">2026-01-01T00:00:00.000Z", isOwn: true }), (r) => assert.equal(r[0].id, "FIL_________________")],
  ["file", (c) => c.file("FILabcdefghij0123456"), (r) => assert.equal(r.id, "FIL_________________")],
];

for (const apiVersion of ["v7", "v6"]) {
  for (const [name, call, check] of calls) {
    const knownBug = SPEC_EXAMPLE_BUGS[`${apiVersion} ${name}`];
    test(`${apiVersion} ${name}: the request passes the Connector's spec and the result is unwrapped`, async () => {
      const server = servers[knownBug ? `${apiVersion}Lenient` : apiVersion];
      const client = new ConnectorClient({ baseUrl: server.url, apiKey: "secret", apiVersion });
      const seenBefore = record.seen.length;
      check(await call(client));
      const sent = record.seen.slice(seenBefore);
      assert.equal(sent.length, 1, "one request, no retry");
      assert.match(sent[0].url, apiVersion === "v7" ? /:\d+\/api\/core\/v1\// : /:\d+\/api\/v2\//);
      assert.deepEqual(sent[0].violations.filter((v) => v.location[0] !== "response"), []);
      assert.deepEqual(sent[0].violations.map((v) => v.message), knownBug ?? []);
      if (knownBug) {
        // With --errors, Prism refuses to answer at all (a 500 that is not the Connector's).
        const strict = new ConnectorClient({ baseUrl: servers[apiVersion].url, apiKey: "secret", apiVersion, retry: { maxAttempts: 1 } });
        await assert.rejects(call(strict), (e) => e instanceof ConnectorError && e.status === 500 && e.code === "invalid_response");
      }
    });
  }
}

test("the validating server does catch bad requests: a wrong key header, a body missing a field", async () => {
  const wrongHeader = new ConnectorClient({ baseUrl: servers.v7.url, apiKey: "secret", apiKeyHeader: "X-Other-Key" });
  await assert.rejects(wrongHeader.messages(), (e) => e instanceof ConnectorError && e.status === 401 && e.attempts === 1);
  assert.deepEqual(record.requestViolations().map((v) => v.message), ["Invalid security scheme used"]);
  const noKey = new ConnectorClient({ baseUrl: servers.v7.url });
  await assert.rejects(noKey.files(), (e) => e.status === 401);
  const client = new ConnectorClient({ baseUrl: servers.v7.url, apiKey: "secret" });
  // (Prism 5.14.2 does not check POST /Messages bodies against their anyOf schema; the outgoing
  // request's body it does check. sendMessage's body is asserted in client.test.mjs.) A missing
  // `peer`, which the spec requires, the client refuses itself.
  await assert.rejects(client.createOutgoingRequest({ content: REQUEST_CONTENT }), (e) => e.code === "invalid_argument" && e.attempts === 0);
  await assert.rejects(client.createOutgoingRequest({ content: { items: "not a list" }, peer: ADDRESS }), (e) => e.status === 422 && e.code === "invalid_response" && e.attempts === 1);
  const violations = record.requestViolations();
  assert.ok(violations.some((v) => v.url.endsWith("/api/core/v1/Requests/Outgoing") && /items/.test(v.message)), JSON.stringify(violations));
  // Forget these deliberate violations so the other tests' check stays exact.
  record.seen.length = 0;
});

// What the Authorization header carries is asserted in client.test.mjs (headers on the wire);
// Prism can show only that no API key went along.
test("a bearer-token client sends no API key: the spec's only scheme is the key, so Prism answers 401", async () => {
  const seenBefore = record.seen.length;
  const bearer = new ConnectorClient({ baseUrl: servers.v7.url, bearerToken: "token" });
  await assert.rejects(bearer.messages(), (e) => e.status === 401);
  assert.equal(record.seen.length, seenBefore + 1);
  record.seen.length = 0;
});
