// The REST client the catch-up tests use: the package's ConnectorClient (interfaces §5). While
// the package has none (before the rest branch is merged), a stand-in with the same methods,
// marked by `standIn: true` so the tests can say which one ran.
export function connectorClient(pkg, options) {
  if (typeof pkg.ConnectorClient === "function") return new pkg.ConnectorClient(options);
  return new StandInClient(options);
}

class StandInClient {
  standIn = true;
  #base;
  #apiKey;
  constructor({ baseUrl, apiKey }) {
    this.#base = `${baseUrl.replace(/\/$/, "")}/api/core/v1`;
    this.#apiKey = apiKey;
  }
  async #call(method, path, { query, body, signal } = {}) {
    const url = new URL(this.#base + path);
    for (const [name, value] of Object.entries(query ?? {})) for (const v of [value].flat()) url.searchParams.append(name, v);
    const response = await fetch(url, {
      method,
      signal,
      headers: { "x-api-key": this.#apiKey, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    const envelope = text ? JSON.parse(text) : {};
    if (!response.ok) throw Object.assign(new Error(envelope.error?.message ?? `HTTP ${response.status}`), { status: response.status, code: envelope.error?.code });
    return envelope.result;
  }
  messages(query, o) { return this.#call("GET", "/Messages", { query, ...o }); }
  message(id, o) { return this.#call("GET", `/Messages/${id}`, o); }
  sendMessage(body, o) { return this.#call("POST", "/Messages", { body, ...o }); }
  relationships(query, o) { return this.#call("GET", "/Relationships", { query, ...o }); }
  incomingRequests(query, o) { return this.#call("GET", "/Requests/Incoming", { query, ...o }); }
  outgoingRequests(query, o) { return this.#call("GET", "/Requests/Outgoing", { query, ...o }); }
  outgoingRequest(id, o) { return this.#call("GET", `/Requests/Outgoing/${id}`, o); }
  createOutgoingRequest(body, o) { return this.#call("POST", "/Requests/Outgoing", { body, ...o }); }
  attributes(query, o) { return this.#call("GET", "/Attributes", { query, ...o }); }
  attribute(id, o) { return this.#call("GET", `/Attributes/${id}`, o); }
}
