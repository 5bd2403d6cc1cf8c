// The event inspector: deliveries pasted or streamed in are parsed and routed by the package
// (built into pkg/ at the repository root, which is what the server serves), and every event or
// error is listed with its kind, problems and the handlers that ran.
import init, { EventRouter } from "../../pkg/index.js";

const $ = (id) => document.getElementById(id);
const PATTERNS = ["transport.**", "consumption.**", "runtime.*", "transport.messageReceived"];
const STREAM_DELAY_MS = Number(new URLSearchParams(location.search).get("delay") ?? 150);

const MQTT_MODULE = new URLSearchParams(location.search).get("mqtt") ?? "./vendor/mqtt.esm.js";

const state = { entries: [], counts: new Map(), selected: null, streaming: false, live: null };
let router; // built once the WebAssembly module is initialised (see the end of this file)

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((child) => child !== undefined && child !== null));
  return node;
}

function kindOf(event) {
  return event.known ? "known" : event.legacy ? "legacy" : "unknown";
}

// ---- turning the textarea into deliveries ----

/** A delivery object from one item: a delivery object ({kind|url, body}) or a bare body. */
function toDelivery(item, kind, name) {
  if (item && typeof item === "object" && !Array.isArray(item) && "body" in item && ("kind" in item || "url" in item)) {
    const body = typeof item.body === "string" ? item.body : JSON.stringify(item.body);
    return { kind: "webhook", ...item, body };
  }
  const body = typeof item === "string" ? item : JSON.stringify(item);
  switch (kind) {
    case "amqp": return { kind, routingKey: name, body };
    case "mqtt": return { kind, topic: name, body };
    case "redis": return { kind, channel: name, body };
    default: return { kind, body };
  }
}

/** One JSON document (an array means several), else one delivery per non-empty line. */
export function splitDeliveries(text, kind = "webhook", name = "") {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  let whole;
  try {
    whole = JSON.parse(trimmed);
  } catch {
    return trimmed.split(/\r?\n/).filter((line) => line.trim() !== "").map((line) => toDelivery(line, kind, name));
  }
  if (Array.isArray(whole)) return whole.map((item) => toDelivery(item, kind, name));
  return [toDelivery(whole.body !== undefined && (whole.kind || whole.url) ? whole : trimmed, kind, name)];
}

// ---- dispatching and recording ----

async function dispatch(delivery, note) {
  const entry = { delivery, note };
  try {
    const report = await router.dispatch(delivery);
    entry.event = report.event;
    entry.handlers = report.ran.map((run) => run.pattern);
    state.counts.set(report.event.name, (state.counts.get(report.event.name) ?? 0) + 1);
  } catch (error) {
    entry.error = error;
    if (error.event) entry.event = error.event; // a HandlerError still carries its event
  }
  state.entries.push(entry);
  render(entry);
  return entry;
}

async function dispatchAll(deliveries) {
  for (const delivery of deliveries) await dispatch(delivery);
  setStatus(`${state.entries.length} deliveries so far`);
}

async function streamSample() {
  if (state.streaming) return;
  state.streaming = true;
  $("stream").disabled = true;
  try {
    const response = await fetch("sample-sequence.json");
    if (!response.ok) throw new Error(`sample-sequence.json: HTTP ${response.status}`);
    const { deliveries } = await response.json();
    for (const [i, item] of deliveries.entries()) {
      setStatus(`streaming ${i + 1}/${deliveries.length}: ${item.note}`);
      await dispatch(toDelivery(item, "webhook", ""), item.note);
      await new Promise((resolve) => setTimeout(resolve, STREAM_DELAY_MS));
    }
    setStatus(`streamed ${deliveries.length} deliveries of the sample sequence`);
  } catch (error) {
    setStatus(`could not stream the sample: ${error.message}`, true);
  } finally {
    state.streaming = false;
    $("stream").disabled = false;
  }
}

// ---- live: an MQTT broker's WebSocket listener ----

async function toggleLive() {
  if (state.live) {
    state.live.end(true);
    state.live = null;
    $("live").textContent = "Connect";
    return setStatus("live view stopped");
  }
  const url = $("live-url").value.trim();
  const filter = $("live-filter").value.trim() || "#";
  if (!/^wss?:\/\//.test(url)) return setStatus("live: give the broker's ws:// or wss:// URL", true);
  let mqtt;
  try {
    mqtt = (await import(new URL(MQTT_MODULE, location.href).href)).default;
  } catch (error) {
    return setStatus(`live: could not load mqtt.js from ${MQTT_MODULE} (${error.message})`, true);
  }
  const client = mqtt.connect(url, { reconnectPeriod: 2000 });
  state.live = client;
  $("live").textContent = "Disconnect";
  let received = 0;
  client.on("connect", () => {
    client.subscribe(filter, { qos: 0 }, (error) => {
      setStatus(error ? `live: subscribing to ${filter} failed: ${error.message}` : `live: subscribed to ${filter} at ${url}`, Boolean(error));
    });
  });
  client.on("error", (error) => setStatus(`live: ${error.message}`, true));
  // One at a time, in arrival order, so the table reads like the broker's stream.
  let queue = Promise.resolve();
  client.on("message", (topic, payload) => {
    queue = queue.then(async () => {
      await dispatch({ kind: "mqtt", topic, body: new Uint8Array(payload) }, `live ${topic}`);
      setStatus(`live: ${++received} events from ${url}`);
    });
  });
}

// ---- rendering ----

function setStatus(text, bad = false) {
  $("status").textContent = text;
  $("status").classList.toggle("bad", bad);
}

function render(entry) {
  const index = state.entries.length;
  const { event, error } = entry;
  const problems = event ? event.problems.length : 0;
  const badge = error && !event ? "error" : kindOf(event);
  const row = element("tr", { className: error ? "error" : "" },
    element("td", { textContent: String(index) }),
    element("td", { className: "name", textContent: event ? event.name : `${error.code}: ${error.message}` }),
    element("td", { textContent: event ? event.source : entry.delivery.kind ?? "?" }),
    element("td", {}, element("span", { className: `badge ${badge}`, textContent: badge })),
    element("td", { className: `problems${problems ? " some" : ""}`, textContent: event ? String(problems) : "–" }),
    element("td", { className: "handlers", textContent: entry.handlers ? entry.handlers.join(" ") || "none" : error?.code === "handler_failed" ? "failed" : "" }));
  row.dataset.index = String(index);
  row.addEventListener("click", () => select(index));
  $("rows").append(row);
  $("empty").hidden = true;
  renderCounters();
  if (state.selected === null || state.selected === index - 1) select(index);
}

function renderCounters() {
  const withProblems = state.entries.filter((e) => e.event && e.event.problems.length > 0).length;
  $("count-events").textContent = String(state.entries.filter((e) => e.event).length);
  $("count-problems").textContent = String(withProblems);
  $("count-errors").textContent = String(state.entries.filter((e) => e.error).length);
  const items = [...state.counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, n]) => element("li", {}, element("span", { className: "name", textContent: name }), element("span", { className: "n", textContent: String(n) })));
  $("counters").replaceChildren(...items);
}

function select(index) {
  state.selected = index;
  for (const row of $("rows").children) row.classList.toggle("selected", row.dataset.index === String(index));
  const { event, error, note, handlers } = state.entries[index - 1];
  const body = [];
  if (error) {
    const where = error.path ? ` at ${error.path}` : "";
    body.push(element("div", { className: "error-box", textContent: `${error.name} ${error.code}${where}: ${error.message}` }));
  }
  if (event) {
    const facts = [["name", event.name], ["kind", kindOf(event) + (event.successors?.length ? ` → ${event.successors.join(", ")}` : "")],
      ["source", event.source], ["data type", event.dataType], ["correlation id", event.correlationId], ["handlers", handlers?.join(", ")], ["note", note]];
    body.push(element("dl", {}, ...facts.filter(([, v]) => v).flatMap(([k, v]) => [element("dt", { textContent: k }), element("dd", { textContent: v })])));
    body.push(element("h2", { textContent: `problems (${event.problems.length})` }));
    if (event.problems.length) {
      body.push(element("ul", { className: "problem-list" }, ...event.problems.map((p) =>
        element("li", {}, element("code", { textContent: p.code }), ` ${p.path}: ${p.message}`))));
    }
    body.push(element("h2", { textContent: "data" }));
    body.push(element("pre", { textContent: event.data === undefined ? "(no data)" : JSON.stringify(event.data, null, 2) }));
  }
  $("detail-title").textContent = event ? `#${index} ${event.name}` : `#${index} error`;
  $("detail-body").replaceChildren(...body);
}

function clear() {
  state.entries = [];
  state.counts.clear();
  state.selected = null;
  $("rows").replaceChildren();
  $("counters").replaceChildren();
  $("empty").hidden = false;
  $("detail-title").textContent = "Details";
  $("detail-body").replaceChildren(element("p", { className: "hint", textContent: "Select an event to see its parsed data and problems." }));
  renderCounters();
  setStatus("ready");
}

// ---- wiring ----

$("kind").addEventListener("change", () => {
  const broker = ["amqp", "mqtt", "redis"].includes($("kind").value);
  $("name").disabled = !broker;
});
$("dispatch").addEventListener("click", () => {
  const deliveries = splitDeliveries($("deliveries").value, $("kind").value, $("name").value.trim());
  if (deliveries.length === 0) return setStatus("nothing to parse: paste a delivery first", true);
  dispatchAll(deliveries);
});
$("stream").addEventListener("click", streamSample);
$("clear").addEventListener("click", clear);
$("live").addEventListener("click", toggleLive);

try {
  await init();
  router = new EventRouter();
  for (const pattern of PATTERNS) router.on(pattern, () => {});
  $("dispatch").disabled = false;
  $("stream").disabled = false;
  $("live").disabled = false;
  setStatus("ready");
} catch (error) {
  setStatus(`the WebAssembly module failed to load: ${error.message}`, true);
}
