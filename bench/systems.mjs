// The four systems under test, each set up for one workload. Every system exposes
// `dispatch(delivery) → Promise` and counts the handler calls it made (checked by bench.mjs,
// so a system that skips work is caught).
//
// Workloads:
//   "all"  every event is handled: an exact-name handler, a one-segment wildcard
//          (`transport.*` / `consumption.*`) and `**` — three handlers per event;
//   "few"  a broker stream bound with `**` (every event arrives), handlers for five names (FEW).

import { Webhooks } from "@octokit/webhooks";
import Ajv from "ajv";

const decoder = new TextDecoder();

/** The handlers, the same functions for every system; they read what a real handler reads. */
export function makeHandlers() {
  const counts = { exact: 0, namespace: 0, any: 0, sink: 0 };
  return {
    counts,
    // Reads the data (for our events this triggers the lazy JSON.parse) and one field.
    exact: (name, data) => {
      counts.exact++;
      counts.sink += data && typeof data === "object" ? Object.keys(data).length : 0;
    },
    namespace: (name) => {
      counts.namespace++;
      counts.sink += name.length;
    },
    any: () => {
      counts.any++;
    },
  };
}

/** Which of the three "all" patterns match `name` (exact always; `ns.*` when two segments). */
function allPatterns(names) {
  const patterns = [];
  for (const name of names) patterns.push(["exact", name]);
  patterns.push(["namespace", "transport.*"], ["namespace", "consumption.*"], ["any", "**"]);
  return patterns;
}

function matches(pattern, name) {
  if (pattern === "**") return true;
  if (pattern.endsWith(".*")) {
    const prefix = pattern.slice(0, -1);
    return name.startsWith(prefix) && !name.slice(prefix.length).includes(".");
  }
  return pattern === name;
}

function registrations(workload, names, few) {
  return workload === "all" ? allPatterns(names) : few.map((name) => ["exact", name]);
}

// ---- this library ----

export function ours(pkg, workload, names, few) {
  const h = makeHandlers();
  const router = new pkg.EventRouter();
  const fns = {
    exact: (event) => h.exact(event.name, event.data),
    namespace: (event) => h.namespace(event.name),
    any: (event) => h.any(event.name),
  };
  for (const [kind, pattern] of registrations(workload, names, few)) router.on(pattern, fns[kind]);
  return { name: "ours", counts: h.counts, dispatch: (delivery) => router.dispatch(delivery), router };
}

// ---- the floor and the ajv router share the parse and the routing table ----

function nameAndData(delivery) {
  const body = delivery.body;
  const parsed = JSON.parse(typeof body === "string" ? body : decoder.decode(body));
  return delivery.kind === "webhook" ? [parsed.trigger, parsed.data] : [delivery.routingKey, parsed];
}

function routingTable(workload, names, few, h) {
  const regs = registrations(workload, names, few);
  const table = new Map();
  const fns = {
    exact: (event) => h.exact(event.name, event.data),
    namespace: (event) => h.namespace(event.name),
    any: (event) => h.any(event.name),
  };
  // Resolved on first sight of a name, then one Map lookup per event.
  return (name) => {
    let handlers = table.get(name);
    if (handlers === undefined) {
      handlers = regs.filter(([, pattern]) => matches(pattern, name)).map(([kind]) => fns[kind]);
      table.set(name, handlers);
    }
    return handlers;
  };
}

export function floor(workload, names, few) {
  const h = makeHandlers();
  const lookup = routingTable(workload, names, few, h);
  return {
    name: "floor",
    counts: h.counts,
    dispatch(delivery) {
      const [name, data] = nameAndData(delivery);
      const handlers = lookup(name);
      const event = { name, data };
      for (let i = 0; i < handlers.length; i++) handlers[i](event);
      return Promise.resolve(handlers.length);
    },
  };
}

/**
 * A careful JS consumer of a broker stream: it looks the routing key up before parsing and
 * parses only what a handler wants (a webhook carries its name inside the body, so it is parsed
 * first, as the floor does). The peer issue 9 names for the `**` stream.
 */
export function careful(workload, names, few) {
  const h = makeHandlers();
  const lookup = routingTable(workload, names, few, h);
  return {
    name: "careful",
    counts: h.counts,
    dispatch(delivery) {
      let name, handlers, data;
      if (delivery.kind === "webhook") {
        [name, data] = nameAndData(delivery);
        handlers = lookup(name);
      } else {
        name = delivery.routingKey;
        handlers = lookup(name);
        if (handlers.length === 0) return Promise.resolve(0);
        const body = delivery.body;
        data = JSON.parse(typeof body === "string" ? body : decoder.decode(body));
      }
      const event = { name, data };
      for (let i = 0; i < handlers.length; i++) handlers[i](event);
      return Promise.resolve(handlers.length);
    },
  };
}

/**
 * ajv validators of every catalogue event's data, compiled from the Rust-generated schemas
 * (one per event name; events with the same data type share one compiled validator).
 */
export function compileSchemas(schemas, AjvClass = Ajv) {
  const ajv = new AjvClass({ strict: false, allErrors: false });
  const validators = new Map();
  const byText = new Map();
  for (const [name, schema] of Object.entries(schemas)) {
    const text = JSON.stringify(schema);
    if (!byText.has(text)) byText.set(text, ajv.compile(schema));
    validators.set(name, byText.get(text));
  }
  return validators;
}

const RELATIONSHIP_EVENT = "consumption.relationshipEvent.";

export function ajvRouter(workload, names, few, validators) {
  const h = makeHandlers();
  const lookup = routingTable(workload, names, few, h);
  const family = validators.get(`${RELATIONSHIP_EVENT}<relationshipId>`);
  let invalid = 0;
  return {
    name: "ajv",
    counts: h.counts,
    get invalid() {
      return invalid;
    },
    dispatch(delivery) {
      const [name, data] = nameAndData(delivery);
      const handlers = lookup(name);
      // Like ours: unhandled events are not validated; invalid data is reported, not dropped.
      if (handlers.length === 0) return Promise.resolve(0);
      const validate = validators.get(name) ?? (name.startsWith(RELATIONSHIP_EVENT) ? family : undefined);
      let problems = [];
      if (validate !== undefined && data !== undefined && !validate(data)) {
        problems = validate.errors;
        invalid++;
      }
      const event = { name, data, problems };
      for (let i = 0; i < handlers.length; i++) handlers[i](event);
      return Promise.resolve(handlers.length);
    },
  };
}

// ---- @octokit/webhooks ----

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * `webhooks.receive({ id, name, payload })` dispatches by `name` (and `name.action`). Each
 * Connector event name is used as the octokit event name; octokit has no segment wildcards,
 * so `transport.*` is registered on every transport name of the corpus, `**` with `onAny`.
 * Unknown (non-GitHub) names only make `on` log a warning, silenced here.
 */
export function octokit(workload, names, few) {
  const h = makeHandlers();
  const webhooks = new Webhooks({ secret: "bench", log: silent });
  const fns = {
    exact: (event) => h.exact(event.name, event.payload),
    namespace: (event) => h.namespace(event.name),
    any: (event) => h.any(event.name),
  };
  for (const [kind, pattern] of registrations(workload, names, few)) {
    if (pattern === "**") webhooks.onAny(fns[kind]);
    else if (pattern.endsWith(".*")) {
      for (const name of names) if (matches(pattern, name)) webhooks.on(name, fns[kind]);
    } else webhooks.on(pattern, fns[kind]);
  }
  let id = 0;
  return {
    name: "octokit",
    counts: h.counts,
    dispatch(delivery) {
      const [name, payload] = nameAndData(delivery);
      return webhooks.receive({ id: String(++id), name, payload });
    },
  };
}

/** How many handler calls `workload` must make for `deliveries` (for the sanity check). */
export function expectedCalls(workload, deliveries, few) {
  let calls = 0;
  for (const { name } of deliveries) {
    if (workload === "few") calls += few.includes(name) ? 1 : 0;
    else calls += 1 + (name.split(".").length === 2 ? 1 : 0) + 1;
  }
  return calls;
}
