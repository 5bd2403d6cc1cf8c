// Data text out of wasm memory. Node's TextDecoder builds a string from UTF-16 several times
// faster than from non-ASCII UTF-8 (mail-like text: ~0.15 GB/s), so there the module transcodes
// such data (src/wasm/text.rs) and it is decoded as UTF-16; ASCII data stays UTF-8 (decoded
// fast, and into a one-byte string, which JSON.parse reads faster). Deno and Bun decode UTF-8
// fast and UTF-16 slower (the UTF-16 path is 2.5-4x slower there), and so does Chromium, so
// which path pays is measured once, on the first data long enough (see utf16Faster).

import { raw, generation, memoryBuffer, memoryBytes } from "./instance.js";

// Data never starts with a byte order mark (the module skips a body's), but a chunk of it may
// start with U+FEFF, which must stay: neither decoder drops one.
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
const utf16 = utf16Decoder();
// Below this many bytes the extra call into wasm costs more than the faster decoding saves
// (bench/text.mjs, Node 20: 0.3-0.4 µs either way up to 64 bytes, 1.2-1.3x faster from 128).
const MIN_UTF16_BYTES = 64;
// Longer data is transcoded and decoded in chunks of at most this many bytes, so the output
// buffer (2 bytes a unit, kept for reuse like the input buffer) stays at most 2 MiB whatever
// the body limit, and a large body still decodes at the UTF-16 path's speed.
const CHUNK_BYTES = 1024 * 1024;
// `utf16Data`'s answer when it wrote nothing (ASCII, or not transcodable).
const NOT_TRANSCODED = 0xffffffff;

let output = { generation: -1, ptr: 0, capacity: 0 };
// Whether the UTF-16 path pays here: undefined until the first data that could take it.
let utf16Pays;

function utf16Decoder() {
  try {
    return new TextDecoder("utf-16le", { ignoreBOM: true });
  } catch {
    return undefined;
  }
}

/**
 * The string of the `length` bytes of validated data at `address` in the input buffer (what
 * `makeEvent` was given). Call only inside `guarded`, before anything overwrites the buffer.
 */
export function dataString(address, length) {
  if (length < MIN_UTF16_BYTES || !(utf16Pays ??= utf16Faster())) return utf8String(address, length);
  if (length <= CHUNK_BYTES) return utf16String(address, length) ?? utf8String(address, length);
  const end = address + length;
  let text = "";
  for (let start = address; start < end; ) {
    let stop = Math.min(start + CHUNK_BYTES, end);
    // Cut only before a character: back off over continuation bytes (0b10xxxxxx). The view is
    // taken each time, as transcoding the first chunk may have grown wasm memory.
    const bytes = memoryBytes();
    while (stop < end && (bytes[stop] & 0xc0) === 0x80) stop--;
    text += utf16String(start, stop - start) ?? utf8String(start, stop - start);
    start = stop;
  }
  return text;
}

/** The same string through a UTF-8 decoder. */
function utf8String(address, length) {
  // Node and Bun: one Buffer over all of wasm memory decodes a range without a view per event
  // (making the view cost about as much as decoding a small body). Elsewhere, TextDecoder.
  const buffer = memoryBuffer();
  if (buffer === undefined) return utf8.decode(memoryBytes().subarray(address, address + length));
  return buffer.toString("utf8", address, address + length);
}

/** The same string through UTF-16, or undefined if the module did not transcode the bytes. */
export function utf16String(address, length) {
  if (output.generation !== generation) output = { generation, ptr: 0, capacity: 0 };
  if (output.capacity < length) {
    // Null when the module could not make it that long: then UTF-8 it is.
    const ptr = raw.utf16Buffer(length);
    if (ptr === 0) return undefined;
    output.ptr = ptr;
    output.capacity = length;
  }
  const units = raw.utf16Data(address, length);
  if (units === NOT_TRANSCODED) return undefined;
  return utf16.decode(new Uint16Array(memoryBytes().buffer, output.ptr, units));
}

/**
 * True if this runtime decodes mail-like text from UTF-16 at least 2.5 times as fast as from
 * UTF-8 (what leaves room for the transcoding in wasm, which costs about as much as the UTF-16
 * decode). Runs once, about 0.5 ms in Node: the best of 3 batches of 4 decodes of 4 KB each
 * way (Node 20: 4x; Deno 2.9, Bun 1.4: 0.4-0.8x; Chromium 156: below 1).
 */
function utf16Faster() {
  if (utf16 === undefined || typeof performance === "undefined") return false;
  // A clock too coarse to time this, or standing still: workerd (Cloudflare Workers), where the
  // UTF-16 path measured 1.3x faster from outside (bench/text-workerd.mjs), takes UTF-16;
  // anything else (a page without cross-origin isolation, Chromium: 0.6-0.9x) keeps UTF-8.
  if (clockStep() > 0.02) return globalThis.navigator?.userAgent === "Cloudflare-Workers";
  const sample = "Grüße – Здравствуйте, 您好！ ok ".repeat(80);
  const bytes = new TextEncoder().encode(sample);
  const units = new Uint16Array(sample.length);
  for (let i = 0; i < sample.length; i++) units[i] = sample.charCodeAt(i);
  let utf8Time = Infinity;
  let utf16Time = Infinity;
  for (let trial = 0; trial < 3; trial++) {
    let start = performance.now();
    for (let i = 0; i < 4; i++) utf8.decode(bytes);
    utf8Time = Math.min(utf8Time, performance.now() - start);
    start = performance.now();
    for (let i = 0; i < 4; i++) utf16.decode(units);
    utf16Time = Math.min(utf16Time, performance.now() - start);
  }
  return utf16Time * 2.5 < utf8Time;
}

/** The clock's step in ms (from one tick to the next), or Infinity if it does not move. */
function clockStep() {
  let reads = 0;
  const first = performance.now();
  let tick = first;
  while (tick === first) {
    if (++reads > 20000) return Infinity;
    tick = performance.now();
  }
  let next = tick;
  while (next === tick) {
    if (++reads > 40000) return Infinity;
    next = performance.now();
  }
  return next - tick;
}
