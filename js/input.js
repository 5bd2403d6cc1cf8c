// The input buffer (src/wasm/input.rs): a delivery's name and body are written straight into
// one reused buffer in wasm memory, strings with TextEncoder.encodeInto, bytes with
// Uint8Array.set. Sizes are checked BEFORE anything is copied or the buffer grows: a body over
// the limit is measured, refused with `too_large`, and never enters wasm memory.

import { API } from "./event.js";
import { raw, generation, memoryBytes } from "./instance.js";
import { DEFAULT_MAX_BODY_BYTES, KIND } from "./delivery.js";

const encoder = new TextEncoder();
let input = { generation: -1, ptr: 0, capacity: 0, view: null };

/**
 * A view of at least `needed` bytes of the input buffer. Call only inside `guarded`. The module
 * is asked only when the buffer must grow (only `inputBuffer` moves it); the view is rebuilt
 * when wasm memory grew (the old view is then detached: its length is 0).
 */
function inputView(needed) {
  if (input.generation !== generation) input = { generation, ptr: 0, capacity: 0, view: null };
  if (input.capacity < needed) {
    input.ptr = raw.inputBuffer(needed);
    input.capacity = needed;
    input.view = null;
  }
  if (input.view === null || input.view.byteLength !== input.capacity) {
    input.view = memoryBytes().subarray(input.ptr, input.ptr + input.capacity);
  }
  return input.view;
}

/** The exact UTF-8 length of a string, without encoding it. */
export function utf8Length(text) {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next < 0xe000) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** The decoded size of base64 text of `length` characters (padding ignored: an upper bound). */
function base64Bytes(length) {
  return Math.floor((length * 3) / 4);
}

/** The `too_large` error for a body measured here (its message made in Rust, like all others). */
export function tooLarge(size, limit) {
  return raw.tooLarge(API, size, limit);
}

/**
 * Writes the snapshot's name and body into the input buffer; returns the raw exports' layout
 * arguments `[kind, nameLen, bodyLen, bodyIsText]`. Call only inside `guarded`.
 * @throws {EventParseError} `too_large`, decided before anything is copied
 */
export function write(source) {
  const { kind, name, body } = source;
  const configured = source.limits.maxBodyBytes;
  const limit = Number.isNaN(configured) ? DEFAULT_MAX_BODY_BYTES : configured;
  const text = typeof body === "string";
  // Pulled Pub/Sub data is base64 text: its limit applies to the decoded bytes.
  const base64 = text && kind === KIND.pubsubMessage;
  const units = text ? body.length : body.byteLength;
  const size = base64 ? base64Bytes(units) : units;
  // A string has at least as many UTF-8 bytes as UTF-16 units: measured, not copied.
  if (size > limit) throw tooLarge(text && !base64 ? utf8Length(body) : size, limit);
  // At most the limit is reserved (a string's UTF-8 may be up to 3 bytes a unit): whatever
  // does not fit is over the limit.
  // (Base64 is ASCII, and its length is already bounded by the check above.)
  const room = text ? (base64 ? units * 3 : Math.min(units * 3, limit)) : units;
  const nameRoom = name === undefined ? 0 : name.length * 3;
  const view = inputView(nameRoom + room);
  let nameLen = 0xffffffff;
  let offset = 0;
  if (name !== undefined) {
    nameLen = encoder.encodeInto(name, view).written;
    offset = nameLen;
  }
  let bodyLen;
  if (text) {
    const { read, written } = encoder.encodeInto(body, view.subarray(offset, offset + room));
    if (read < units) throw tooLarge(base64 ? size : utf8Length(body), limit);
    bodyLen = written;
  } else {
    view.set(body, offset);
    bodyLen = units;
  }
  return [kind, nameLen, bodyLen, text];
}

/** Writes only a name (the routing key, topic or channel), for a decision from the name alone. */
export function writeName(kind, name) {
  const view = inputView(name.length * 3);
  return encoder.encodeInto(name, view).written;
}
