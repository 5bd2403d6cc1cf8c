// Reading a body stream up to a limit and within a time (the router's dispatchResponse and the
// webhook endpoint), releasing the stream on every early exit.

import { EventParseError, describeThrown } from "./errors.js";

/** What `readBody` answers for a body over the limit (the stream released by `atLimit`). */
export const TOO_LARGE = Symbol("too large");
const TIMEOUT = Symbol("timeout");

/** The bytes of a chunk a stream yielded, or undefined when it is not bytes. */
export function bytesOf(value) {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return undefined;
}

/** Cancels a reader; never throws. */
export function cancelReader(reader, reason) {
  try {
    reader.cancel(reason).catch(() => {});
  } catch {
    // Already released.
  }
}

function concat(chunks, size) {
  if (chunks.length === 1) return chunks[0];
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/**
 * The bytes of `stream` (null: none), or TOO_LARGE as soon as more than `limit` arrived, after
 * `atLimit(reader)` released the rest (by default it is cancelled; the endpoint drains it).
 * @throws {EventParseError} `unreadable_body` when the stream fails or yields no bytes,
 *   `body_timeout` when it has not ended within `timeoutMs` (the stream is then cancelled)
 */
export async function readBody(stream, limit, timeoutMs, atLimit = (reader) => cancelReader(reader, "too large")) {
  if (stream === null || stream === undefined) return new Uint8Array(0);
  let reader;
  try {
    reader = stream.getReader();
  } catch (cause) {
    throw new EventParseError("unreadable_body", `the body could not be read: ${describeThrown(cause)}`, "body", undefined, { cause });
  }
  let timer;
  const timedOut = new Promise((resolve) => {
    // setTimeout fires at once past 2^31 - 1 ms; that long is no limit at all.
    if (timeoutMs !== undefined && timeoutMs < 2 ** 31) timer = setTimeout(resolve, timeoutMs, TIMEOUT);
  });
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      let next;
      try {
        next = await Promise.race([reader.read(), timedOut]);
      } catch (cause) {
        cancelReader(reader, cause);
        throw new EventParseError("unreadable_body", `the body could not be read: ${describeThrown(cause)}`, "body", undefined, { cause });
      }
      if (next === TIMEOUT) {
        cancelReader(reader, "timeout");
        throw new EventParseError("body_timeout", `the body did not arrive within ${timeoutMs} ms`, "body");
      }
      if (next.done) break;
      const chunk = bytesOf(next.value);
      if (chunk === undefined) {
        cancelReader(reader, "not bytes");
        throw new EventParseError("unreadable_body", "the body stream yielded something other than bytes", "body");
      }
      size += chunk.byteLength;
      if (size > limit) {
        clearTimeout(timer);
        await atLimit(reader);
        return TOO_LARGE;
      }
      chunks.push(chunk);
    }
  } finally {
    clearTimeout(timer);
  }
  return concat(chunks, size);
}
