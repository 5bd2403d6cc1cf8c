// brokerSubscriptions: what to subscribe to at a broker for a router's patterns (computed in
// the Rust core, src/route/subscription.rs).

import { guarded, raw } from "./instance.js";
import { describe } from "./delivery.js";

function invalid(message, code) {
  const error = new TypeError(message);
  error.code = code;
  return error;
}

/**
 * The subscriptions at `broker` ("amqp", "mqtt", "redis" or "pubsub") that carry every event
 * `patterns` match: `{ bindingKeys }`, `{ topicFilters }`, `{ patterns, channels }` or
 * `{ filter }`. They may carry more (the router checks each delivery again).
 * @throws {TypeError} with `code` "invalid_pattern" or "invalid_broker".
 */
export function brokerSubscriptions(patterns, broker) {
  if (typeof broker !== "string") {
    throw invalid(`broker: expected "amqp", "mqtt", "redis" or "pubsub", found ${describe(broker)}`, "invalid_broker");
  }
  if (!Array.isArray(patterns)) throw invalid(`patterns: expected an array of strings, found ${describe(patterns)}`, "invalid_pattern");
  const texts = Array.from(patterns, (pattern, index) => {
    if (typeof pattern !== "string") throw invalid(`patterns[${index}]: expected a string, found ${describe(pattern)}`, "invalid_pattern");
    return pattern;
  });
  return guarded(() => raw.brokerSubscriptions(texts, broker));
}
