// Checks an answer of the fake Connector against the Connector's own openapi.yml (the copy the
// REST client's tests keep, tests/rest/connector-openapi.yml): the status must be one the route
// declares, and the JSON body must match that status's schema (OpenAPI 3.0 schemas compiled
// with ajv; `nullable` is ajv's own keyword).
//
// Why in process and not Prism's proxy: Prism 5.14's proxy passed answers with missing required
// fields and wrong enum values for every schema that uses the spec's custom formats (`Address`,
// `MessageID`, …), checking only the few without them. Here each custom format is defined (ids:
// prefix + 17 characters; addresses: the did:e form), so nothing is skipped silently.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("./node_modules/", import.meta.url));
const Ajv = require("ajv").default;
const addFormats = require("ajv-formats").default;
const YAML = require("yaml");

const SPEC = new URL("../rest/connector-openapi.yml", import.meta.url);

// The custom formats of the spec. An id is its three-letter prefix and 17 characters; the
// address is the did:e form (connector-events.md §3).
const ID_PREFIX = { MessageID: "MSG", RelationshipID: "REL", RelationshipTemplateID: "RLT", FileID: "FIL", TokenID: "TOK", DeviceID: "DVC", AttributeID: "ATT", RequestID: "REQ", NotificationID: "NOT", IdentityDeletionProcessID: "IDP", AnnouncementID: "ANC", ChallengeID: "CHL" };
const ADDRESS = /^did:e:((([A-Za-z0-9]+(-[A-Za-z0-9]+)*)\.)+[a-z]{2,}|localhost):dids:[0-9a-f]{22}$/;

/** Every `format` value in the spec. */
function formatsOf(value, found = new Set()) {
  if (Array.isArray(value)) for (const v of value) formatsOf(v, found);
  else if (value !== null && typeof value === "object") {
    if (typeof value.format === "string") found.add(value.format);
    for (const v of Object.values(value)) formatsOf(v, found);
  }
  return found;
}

/**
 * Rewrites local `#/components/…` references to the spec document registered under `spec`, and
 * OpenAPI 3.0's `nullable` beside `allOf`/`$ref` (no `type`, which ajv refuses) into JSON
 * Schema: `nullable: true` → `anyOf: [schema, null]`, `nullable: false` dropped.
 */
function rebase(value) {
  if (Array.isArray(value)) return value.map(rebase);
  if (value === null || typeof value !== "object") return value;
  const out = {};
  for (const [key, v] of Object.entries(value)) out[key] = key === "$ref" && typeof v === "string" && v.startsWith("#/") ? `spec${v}` : rebase(v);
  if ("nullable" in out && !("type" in out)) {
    const { nullable, ...rest } = out;
    return nullable === true ? { anyOf: [rest, { type: "null" }] } : rest;
  }
  return out;
}

/**
 * Where the openapi.yml (Connector 7.4.6) says other than what the Connector sends, the check
 * follows the Connector, narrowly, and says so here:
 * - A Message's `content` may be a Request: the spec refers to the `Request` schema, which is
 *   the LocalRequestDTO (id, isOwn, peer, status, …); a message carries the Request content
 *   itself (`{ "@type": "Request", id, items }`, connector-events.md §3.2), the spec's
 *   `RequestContent`.
 * - An Attribute (LocalAttributeDTO, Runtime 7) has `"@type"` (OwnIdentityAttribute, …,
 *   connector-events.md §3.7); the spec's `Attribute` lacks it and forbids other properties.
 */
function errata(spec) {
  spec.components.schemas.Attribute.properties["@type"] = {
    type: "string",
    enum: ["OwnIdentityAttribute", "PeerIdentityAttribute", "OwnRelationshipAttribute", "PeerRelationshipAttribute", "ThirdPartyRelationshipAttribute"],
  };
  const content = spec.components.schemas.Message.properties.content;
  content.anyOf = content.anyOf.map((s) => (s.$ref === "#/components/schemas/Request" ? { $ref: "#/components/schemas/RequestContent" } : s));
  return spec;
}

export function loadValidator() {
  const spec = errata(YAML.parse(readFileSync(SPEC, "utf8")));
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  const unknown = [];
  for (const format of formatsOf(spec)) {
    if (ajv.formats[format] !== undefined) continue;
    if (ID_PREFIX[format] !== undefined) ajv.addFormat(format, new RegExp(`^${ID_PREFIX[format]}[A-Za-z0-9]{17}$`));
    else if (format === "Address") ajv.addFormat(format, ADDRESS);
    // The response-duration header's `type: string, format: number`: digits.
    else if (format === "number") ajv.addFormat(format, /^[0-9]+(\.[0-9]+)?$/);
    else {
      unknown.push(format);
      ajv.addFormat(format, true);
    }
  }
  ajv.addSchema({ $id: "spec", components: rebase(spec.components) });
  const routes = Object.entries(spec.paths).map(([template, operations]) => ({
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
    literal: !template.includes("{"),
    operations,
  }));
  const compiled = new Map();

  /** The violations of one answer: [] when it matches the spec. */
  function check(method, path, status, body) {
    // A literal route wins over a template (`/Attributes/Own/Identity` over `/Attributes/{id}`).
    const route = routes.filter((r) => r.pattern.test(path)).sort((a, b) => b.literal - a.literal)[0];
    const operation = route?.operations[method.toLowerCase()];
    if (operation === undefined) return [`${method} ${path}: no such operation in the spec`];
    const response = operation.responses[status] ?? operation.responses[String(status)];
    if (response === undefined) return [`${method} ${path}: status ${status} is not declared (declared: ${Object.keys(operation.responses).join(", ")})`];
    const resolved = response.$ref ? spec.components.responses[response.$ref.split("/").pop()] : response;
    const schema = resolved.content?.["application/json"]?.schema;
    if (schema === undefined) return body === undefined ? [] : [`${method} ${path} ${status}: the spec declares no body`];
    const key = `${method} ${route.pattern} ${status}`;
    if (!compiled.has(key)) compiled.set(key, ajv.compile(rebase(schema)));
    const validate = compiled.get(key);
    return validate(body) ? [] : validate.errors.map((e) => `${method} ${path} ${status}: ${e.instancePath || "/"} ${e.message}`);
  }
  return { check, unknownFormats: unknown };
}
