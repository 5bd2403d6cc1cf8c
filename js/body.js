// Reading a body stream up to a limit and within a time, cancelling it on every early exit.

import { EventParseError, describeThrown } from "./errors.js";

/** What `readBody` answers for a body over the limit (the stream is cancelled by then). */
export const TOO_LARGE = Symbol("too large");

function bytesOf(value) {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return undefined;
}

function cancel(reader, reason) {
  try {
    reader.cancel(reason).catch(() => {});
  } catch {
    // Nothing left to release.
  }
}

/**
 * The bytes of `stream` (null: none), or TOO_LARGE as soon as more than `limit` arrived.
 * @throws {EventParseError} `unreadable_body` when the stream fails or yields no bytes,
 *   `body_timeout` when it has not ended within `timeoutMs`
 */
export async function readBody(stream, limit, timeoutMs) {
  if (stream === null || stream === undefined) return new Uint8Array(0);
  let reader;
  try {
    reader = stream.getReader();
  } catch (cause) {
    throw new EventParseError("unreadable_body", `the body could not be read: ${describeThrown(cause)}`, "body", undefined, { cause });
  }
  let timer;
  const timedOut = new Promise((resolve) => {
    if (timeoutMs !== undefined && Number.isFinite(timeoutMs)) timer = setTimeout(resolve, timeoutMs, TIMEOUT);
  });
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      let next;
      try {
        next = await Promise.race([reader.read(), timedOut]);
      } catch (cause) {
        cancel(reader, cause);
        throw new EventParseError("unreadable_body", `the body could not be read: ${describeThrown(cause)}`, "body", undefined, { cause });
      }
      if (next === TIMEOUT) {
        cancel(reader, "timeout");
        throw new EventParseError("body_timeout", `the body did not arrive within ${timeoutMs} ms`, "body");
      }
      if (next.done) break;
      const chunk = bytesOf(next.value);
      if (chunk === undefined) {
        cancel(reader, "not bytes");
        throw new EventParseError("unreadable_body", "the body stream yielded something other than bytes", "body");
      }
      size += chunk.byteLength;
      if (size > limit) {
        cancel(reader, "too large");
        return TOO_LARGE;
      }
      chunks.push(chunk);
    }
  } finally {
    clearTimeout(timer);
  }
  if (chunks.length === 1) return chunks[0];
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

const TIMEOUT = Symbol("timeout");
