// A small Connector-shaped fake for the catch-up tests: it holds state (messages,
// relationships, requests, attributes), answers the REST routes the client and catch-up use
// (Connector 7, /api/core/v1, the `{ result }` / `{ error }` envelope, the query syntax of the
// openapi.yml), and emits the events the real Connector would emit for each change, in its
// order (connector-events.md §5.4), to a webhook URL like the Webhooks module: one attempt,
// no retry, a failure only logged. With `check` (openapi.mjs) every answer is checked against
// the Connector's openapi.yml, and one that does not match becomes a 500.
import { createServer } from "node:http";

const PREFIX = "/api/core/v1";
export const ME = "did:e:localhost:dids:0000000000000000000a01";
export const DEVICE = "DVCfakeconnector0001";

// The query parameters each listing accepts (the openapi.yml's `parameters`): others are refused
// with 400 as the Connector's validation does, so a client sending a wrong name is caught.
const QUERY_PARAMETERS = {
  Messages: ["isOwn", "createdBy", "createdByDevice", "createdAt", "recipients.address", "recipients.relationshipId", "participant", "attachments", "content.@type", "content.subject", "content.body", "content.bodyFormat"],
  Relationships: ["templateId", "peer", "status"],
  "Requests/Incoming": ["id", "peer", "createdAt", "status", "wasAutomaticallyDecided", "content.expiresAt", "content.items.@type", "content.items.items.@type", "source.type", "source.reference", "response.createdAt", "response.source.type", "response.source.reference", "response.content.result", "response.content.items.@type", "response.content.items.items.@type"],
  "Requests/Outgoing": ["id", "peer", "createdAt", "status", "content.expiresAt", "content.items.@type", "content.items.items.@type", "source.type", "source.reference", "response.createdAt", "response.source.type", "response.source.reference", "response.content.result", "response.content.items.@type", "response.content.items.items.@type"],
  Attributes: ["@type", "createdAt", "content.@type", "content.tags", "content.owner", "content.key", "content.isTechnical", "content.confidentiality", "content.value.@type", "succeeds", "succeededBy", "sourceReference", "peer", "initialAttributePeer", "deletionInfo.deletionStatus", "deletionInfo.deletionDate"],
};

/** Values at a dotted path; arrays on the way fan out (`recipients.address`). */
function valuesAt(object, path) {
  let values = [object];
  for (const key of path.split(".")) {
    values = values.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v) => v !== null && typeof v === "object").map((v) => v[key]);
  }
  return values.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v) => v !== undefined);
}

/** One filter in the Connector's syntax: `x`, `!x`, `>x`, `>=x`, `<x`, `<=x`, `` (exists), `!` (absent), `~regex`. */
function matchesFilter(item, path, filter) {
  const values = valuesAt(item, path).map(String);
  if (filter === "") return values.length > 0;
  if (filter === "!") return values.length === 0;
  const [, op, operand] = /^(>=|<=|>|<|!|~)?(.*)$/s.exec(filter);
  switch (op) {
    case ">=": return values.some((v) => v >= operand);
    case "<=": return values.some((v) => v <= operand);
    case ">": return values.some((v) => v > operand);
    case "<": return values.some((v) => v < operand);
    case "!": return values.every((v) => v !== operand);
    case "~": return values.some((v) => new RegExp(operand).test(v));
    default: return values.includes(operand);
  }
}

function errorEnvelope(code, message) {
  return {
    error: { id: "ERRfakeconnector0001", code, message, docs: `https://enmeshed.eu/integrate/error-codes#${code}`, time: new Date().toISOString() },
  };
}

export class FakeConnector {
  // Every entity by kind, in creation order.
  messages = [];
  relationships = [];
  incomingRequests = [];
  outgoingRequests = [];
  attributes = [];
  /** Every event emitted, in order, with whether its webhook delivery succeeded. */
  emitted = [];
  /** Every REST request: `{ method, path, query }`. */
  requests = [];
  /** Answers that did not match the openapi.yml (each was replaced by a 500). */
  violations = [];
  /** Changes the body of the next answer to a path before it is checked (tests of the check). */
  corruptNext;
  #check;
  #apiKey;
  #webhookUrl;
  #counter = 0;
  #clock;
  #server;
  #deliveries = new Set();

  /** `check(method, path, status, body) → string[]`: violations of the spec (openapi.mjs). */
  // Browsers on another origin may call (Chromium tests); the real Connector has a CORS option too.
  #cors;
  // The peer answers a Request message by itself after this many ms (undefined: never).
  #autoAnswerMs;

  constructor({ apiKey, webhookUrl, check, cors = false, autoAnswerMs, start = Date.parse("2026-03-02T09:00:00.000Z") } = {}) {
    this.#check = check;
    this.#cors = cors;
    this.#autoAnswerMs = autoAnswerMs;
    this.#apiKey = apiKey;
    this.#webhookUrl = webhookUrl;
    this.#clock = start;
  }

  /** The fake's clock: moves one second per change, so every change has its own instant. */
  now() {
    return this.#clock;
  }
  #tick() {
    this.#clock += 1000;
    return new Date(this.#clock).toISOString();
  }
  #id(prefix) {
    return `${prefix}${String(++this.#counter).padStart(17, "0")}`;
  }
  setWebhookUrl(url) {
    this.#webhookUrl = url;
  }

  /** Emits one event as the Webhooks module does: one POST, no retry; a failure is only logged. */
  #emit(trigger, data) {
    const record = { trigger, data: structuredClone(data), delivered: false };
    this.emitted.push(record);
    if (this.#webhookUrl === undefined) return;
    const delivery = fetch(this.#webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": this.#apiKey },
      body: JSON.stringify({ trigger, data }),
    }).then(
      async (response) => {
        await response.arrayBuffer();
        record.delivered = response.ok;
      },
      () => {},
    );
    this.#deliveries.add(delivery);
    delivery.finally(() => this.#deliveries.delete(delivery));
  }

  /** Waits until every webhook delivery in flight has finished. */
  async settled() {
    while (this.#deliveries.size > 0) await Promise.allSettled([...this.#deliveries]);
  }

  // ---- changes, each with the events the Connector emits for it ----

  /** A relationship created by a peer from one of our templates: Pending, one audit entry. */
  peerCreatesRelationship(peer) {
    const at = this.#tick();
    const relationship = {
      id: this.#id("REL"), templateId: this.#id("RLT"), status: "Pending", peer,
      peerIdentity: { address: peer, publicKey: "eyJwdWIiOiJmYWtlIn0" },
      creationContent: { "@type": "ArbitraryRelationshipCreationContent", value: {} },
      auditLog: [{ createdAt: at, createdBy: peer, createdByDevice: "DVCpeerdevice0000001", reason: "Creation", newStatus: "Pending" }],
    };
    this.relationships.push(relationship);
    this.#emit("transport.relationshipChanged", relationship);
    return relationship;
  }

  /** An audit-log step (accept, terminate, reactivation …) by us or the peer. */
  changeRelationship(id, reason, newStatus, by = ME) {
    const relationship = this.relationships.find((r) => r.id === id);
    relationship.auditLog.push({ createdAt: this.#tick(), createdBy: by, createdByDevice: by === ME ? DEVICE : "DVCpeerdevice0000001", reason, oldStatus: relationship.status, newStatus });
    relationship.status = newStatus;
    this.#emit("transport.relationshipChanged", relationship);
    if (reason === "ReactivationRequested") this.#emit("transport.relationshipReactivationRequested", relationship);
    if (["AcceptanceOfReactivation", "RejectionOfReactivation", "RevocationOfReactivation"].includes(reason)) {
      this.#emit("transport.relationshipReactivationCompleted", relationship);
    }
    return relationship;
  }

  #message(isOwn, peer, content, relationshipId) {
    const message = {
      id: this.#id("MSG"), isOwn, content,
      createdBy: isOwn ? ME : peer, createdByDevice: isOwn ? DEVICE : "DVCpeerdevice0000001",
      recipients: [{ address: isOwn ? peer : ME, ...(relationshipId ? { relationshipId } : {}) }],
      createdAt: this.#tick(), attachments: [],
    };
    this.messages.push(message);
    return message;
  }

  /** A Mail from a peer arrives (sync): messageReceived, messageProcessed(NoRequest). */
  receiveMail(peer, subject) {
    const message = this.#message(false, peer, { "@type": "Mail", to: [ME], cc: [], subject, body: "…", bodyFormat: "PlainText" });
    this.#emit("transport.messageReceived", message);
    this.#emit("consumption.messageProcessed", { message, result: "NoRequest" });
    return message;
  }

  /** We send a message (REST `POST /Messages`); a Request content opens its Draft request. */
  sendMessage(recipients, content) {
    const message = this.#message(true, recipients[0], content);
    message.recipients = recipients.map((address) => ({ address }));
    this.#emit("transport.messageSent", message);
    const draft = content?.["@type"] === "Request" ? this.outgoingRequests.find((r) => r.id === content.id && r.status === "Draft") : undefined;
    if (draft !== undefined) {
      draft.status = "Open";
      draft.source = { type: "Message", reference: message.id };
      this.#emit("consumption.outgoingRequestStatusChanged", { request: draft, oldStatus: "Draft", newStatus: "Open" });
      if (this.#autoAnswerMs !== undefined) setTimeout(() => this.peerAnswers(draft.id), this.#autoAnswerMs);
    }
    return message;
  }

  /** A Request from a peer arrives and the Decider leaves it to a human (ManualDecisionRequired). */
  receiveRequest(peer, { decide = false } = {}) {
    const id = this.#id("REQ");
    const content = { "@type": "Request", id, items: [{ "@type": "ConsentRequestItem", mustBeAccepted: true, consent: "I agree" }] };
    const message = this.#message(false, peer, content);
    this.#emit("transport.messageReceived", message);
    const request = { id, isOwn: false, peer, createdAt: message.createdAt, status: "Open", content, source: { type: "Message", reference: message.id } };
    this.incomingRequests.push(request);
    this.#emit("consumption.incomingRequestReceived", request);
    const step = (newStatus) => {
      const oldStatus = request.status;
      request.status = newStatus;
      this.#emit("consumption.incomingRequestStatusChanged", { request, oldStatus, newStatus });
    };
    step("DecisionRequired");
    step("ManualDecisionRequired");
    this.#emit("consumption.messageProcessed", { message, result: "ManualRequestDecisionRequired" });
    if (decide) step("Decided");
    return request;
  }

  /** `POST /Requests/Outgoing`: a Draft. */
  createOutgoingRequest(peer, content) {
    const id = this.#id("REQ");
    const request = { id, isOwn: true, peer, createdAt: this.#tick(), status: "Draft", content: { ...content, "@type": "Request", id } };
    this.outgoingRequests.push(request);
    this.#emit("consumption.outgoingRequestCreated", request);
    return request;
  }

  /** The peer answers an Open outgoing request with a ResponseWrapper message. */
  peerAnswers(requestId, result = "Accepted") {
    const request = this.outgoingRequests.find((r) => r.id === requestId);
    const response = { "@type": "Response", result, requestId, items: request.content.items.map(() => ({ "@type": "AcceptResponseItem", result: "Accepted" })) };
    const message = this.#message(false, request.peer, {
      "@type": "ResponseWrapper", requestId, requestSourceReference: request.source.reference, requestSourceType: "Message", response,
    });
    this.#emit("transport.messageReceived", message);
    request.response = { createdAt: message.createdAt, content: response, source: { type: "Message", reference: message.id } };
    request.status = "Completed";
    this.#emit("consumption.outgoingRequestStatusChanged", { request, oldStatus: "Open", newStatus: "Completed" });
    this.#emit("consumption.messageProcessed", { message, result: "NoRequest" });
    return request;
  }

  /** An own identity attribute created (REST `POST /Attributes`). */
  createAttribute(valueType, value) {
    const attribute = {
      "@type": "OwnIdentityAttribute", id: this.#id("ATT"), createdAt: this.#tick(),
      content: { "@type": "IdentityAttribute", owner: ME, value: { "@type": valueType, value } }, isDefault: true, numberOfForwards: 0,
    };
    this.attributes.push(attribute);
    this.#emit("consumption.attributeCreated", attribute);
    return attribute;
  }

  /** An own identity attribute succeeded (REST `POST /Attributes/{id}/Succeed`). */
  succeedAttribute(predecessorId, value) {
    const predecessor = this.attributes.find((a) => a.id === predecessorId);
    const successor = {
      "@type": "OwnIdentityAttribute", id: this.#id("ATT"), createdAt: this.#tick(), succeeds: predecessor.id,
      content: { ...predecessor.content, value: { ...predecessor.content.value, value } }, isDefault: true, numberOfForwards: 0,
    };
    predecessor.succeededBy = successor.id;
    delete predecessor.isDefault;
    this.attributes.push(successor);
    this.#emit("consumption.attributeSucceeded", { predecessor, successor });
    return successor;
  }

  /** An attribute deleted: the event fires, the attribute is gone from every listing. */
  deleteAttribute(id) {
    const index = this.attributes.findIndex((a) => a.id === id);
    const [attribute] = this.attributes.splice(index, 1);
    this.#tick();
    this.#emit("consumption.attributeDeleted", attribute);
  }

  // ---- REST ----

  listen(port, host = "127.0.0.1") {
    this.#server = createServer((request, response) => this.#handle(request, response));
    this.#server.keepAliveTimeout = 1000;
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(port, host, () => resolve(`http://${host}:${port}`));
    });
  }

  async close() {
    await this.settled();
    await new Promise((resolve) => {
      this.#server?.close(() => resolve());
      this.#server?.closeAllConnections();
    });
  }

  async #handle(request, response) {
    const cors = this.#cors ? { "access-control-allow-origin": "*", "access-control-allow-headers": "x-api-key, content-type, x-correlation-id", "access-control-allow-methods": "GET, POST" } : {};
    if (request.method === "OPTIONS" && this.#cors) return response.writeHead(204, cors).end();
    const send = (status, body) => {
      const text = body === undefined ? "" : JSON.stringify(body);
      response.writeHead(status, {
        ...cors,
        ...(body === undefined ? {} : { "content-type": "application/json; charset=utf-8" }),
        "x-response-duration-ms": "1",
        "x-response-time": new Date().toISOString(),
      });
      response.end(text);
    };
    try {
      const url = new URL(request.url, "http://fake");
      const chunks = [];
      for await (const chunk of request) chunks.push(chunk);
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
      this.requests.push({ method: request.method, path: url.pathname, query: [...url.searchParams] });
      if (request.headers["x-api-key"] !== this.#apiKey) return send(401, errorEnvelope("error.connector.unauthorized", "Unauthorized."));
      if (!url.pathname.startsWith(`${PREFIX}/`)) return send(404, errorEnvelope("error.connector.http.routeDoesNotExist", "The requested route does not exist."));
      const route = url.pathname.slice(PREFIX.length + 1);
      const [status, result] = this.#route(request.method, route, url.searchParams, body);
      let answer = result === undefined ? undefined : status >= 400 ? result : { result };
      if (this.corruptNext?.path === url.pathname) {
        answer = this.corruptNext.change(structuredClone(answer));
        this.corruptNext = undefined;
      }
      // An answer the real Connector could not give fails loudly instead of passing for one.
      const violations = this.#check?.(request.method, url.pathname, status, answer) ?? [];
      if (violations.length > 0) {
        this.violations.push(...violations);
        return send(500, errorEnvelope("error.fake.openapiViolation", violations.join("; ")));
      }
      send(status, answer);
    } catch (error) {
      send(500, errorEnvelope("error.connector.unexpected", String(error?.message ?? error)));
    }
  }

  #route(method, route, params, body) {
    const collections = {
      Messages: this.messages,
      Relationships: this.relationships,
      "Requests/Incoming": this.incomingRequests,
      "Requests/Outgoing": this.outgoingRequests,
      Attributes: this.attributes,
    };
    if (method === "POST" && route === "Account/Sync") return [204, undefined];
    if (method === "POST" && route === "Messages") return [201, this.sendMessage(body.recipients, body.content)];
    if (method === "POST" && route === "Requests/Outgoing") return [201, this.createOutgoingRequest(body.peer, body.content)];
    if (method === "GET" && collections[route] !== undefined) {
      const allowed = QUERY_PARAMETERS[route];
      for (const name of params.keys()) {
        if (!allowed.includes(name)) return [400, errorEnvelope("error.runtime.validation.invalidPropertyValue", `the query parameter ${name} is not allowed`)];
      }
      const items = collections[route].filter((item) =>
        [...new Set(params.keys())].every((name) => {
          const filters = params.getAll(name);
          // Several values: "in" (or, with `!`, "not in").
          return filters.length === 1 ? matchesFilter(item, name, filters[0]) : filters.some((f) => matchesFilter(item, name, f));
        }),
      );
      return [200, items];
    }
    const single = /^(Messages|Relationships|Requests\/Incoming|Requests\/Outgoing|Attributes)\/([A-Za-z0-9]{20})$/.exec(route);
    if (method === "GET" && single !== null) {
      const item = collections[single[1]].find((entry) => entry.id === single[2]);
      if (item === undefined) return [404, errorEnvelope("error.runtime.recordNotFound", `${single[1]} not found. Make sure the ID exists and the record is not expired.`)];
      return [200, item];
    }
    return [404, errorEnvelope("error.connector.http.routeDoesNotExist", "The requested route does not exist.")];
  }
}
