// Data text out of wasm memory. V8 builds a string from UTF-16 several times faster than from
// non-ASCII UTF-8 (mail-like text: ~0.15 GB/s), so the module transcodes such data
// (src/wasm/text.rs) and it is decoded as UTF-16; ASCII data stays UTF-8 (decoded fast, and
// into a one-byte string, which JSON.parse reads faster). Runtimes without a UTF-16 decoder
// keep the UTF-8 one for everything.

import { raw, generation, wasmMemory } from "./instance.js";

const utf8 = new TextDecoder();
const utf16 = utf16Decoder();
// Below this many bytes the extra call into wasm costs more than the faster decoding saves
// (bench/text.mjs, Node 20: 0.3-0.4 µs either way up to 64 bytes, 1.2-1.3x faster from 128).
const MIN_UTF16_BYTES = 64;
// `utf16Data`'s answer when it wrote nothing (ASCII, or not transcodable).
const NOT_TRANSCODED = 0xffffffff;

let output = { generation: -1, ptr: 0, capacity: 0 };

function utf16Decoder() {
  try {
    return new TextDecoder("utf-16le");
  } catch {
    return undefined;
  }
}

/**
 * The string of the `length` bytes of validated data at `address` in the input buffer (what
 * `makeEvent` was given). Call only inside `guarded`, before anything overwrites the buffer.
 */
export function dataString(address, length) {
  if (utf16 !== undefined && length >= MIN_UTF16_BYTES) {
    const text = utf16String(address, length);
    if (text !== undefined) return text;
  }
  return utf8.decode(new Uint8Array(wasmMemory().buffer, address, length));
}

/** The same string through UTF-16, or undefined if the module did not transcode the bytes. */
export function utf16String(address, length) {
  if (output.generation !== generation) output = { generation, ptr: 0, capacity: 0 };
  if (output.capacity < length) {
    output.ptr = raw.utf16Buffer(length);
    output.capacity = length;
  }
  const units = raw.utf16Data(address, length);
  if (units === NOT_TRANSCODED) return undefined;
  return utf16.decode(new Uint16Array(wasmMemory().buffer, output.ptr, units));
}
