// parseDelivery: one delivery to one checked event, without a router.

import { guarded, raw } from "./instance.js";
import { limitsOf, snapshot } from "./delivery.js";
import { write } from "./input.js";
import { API, eventFrom, setSourceParser } from "./event.js";
import { CATALOGUE } from "./catalogue.js";

/** Parses a snapshot (see delivery.js) with its own limits, leniently unless they say strict. */
export function parseSource(source) {
  const { strict, maxBodyBytes, maxDepth } = source.limits;
  return guarded(() =>
    eventFrom(source, (kind, nameLen, bodyLen, text) => raw.parseDelivery(API, kind, nameLen, bodyLen, text, strict, maxBodyBytes, maxDepth), write(source)),
  );
}
setSourceParser((source) => parseSource({ ...source, limits: { ...source.limits, strict: false } }));

/**
 * Parses one delivery into a `ConnectorEvent`.
 * @throws {EventParseError} with `code` and, where it applies, `path`.
 */
export function parseDelivery(delivery, options = {}) {
  return parseSource(snapshot(delivery, limitsOf(options)));
}

/** Every event name the catalogue knows, with its data type; legacy names with their successors. */
export function eventCatalogue() {
  return CATALOGUE.map(([name, dataType, legacy, successors]) => ({ name, dataType, legacy, successors: [...successors] }));
}
