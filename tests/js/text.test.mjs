// Data text out of wasm memory (js/text.js): non-ASCII data crosses as UTF-16 (transcoded in
// wasm, src/wasm/text.rs), everything else as UTF-8. Both paths must give the same `data`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { pkg, pkgDir } from "./package.mjs";

const { parseDelivery } = pkg;
const encoder = new TextEncoder();
// Keeps a leading U+FEFF, as js/text.js does: data never starts with a byte order mark, but a
// chunk of long data may start with that character, which must stay.
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
const fixtures = new URL("../fixtures/data/", import.meta.url).pathname;

// Every fixture's data, with the event name it belongs to.
const cases = readdirSync(fixtures).flatMap((name) =>
  readdirSync(join(fixtures, name)).map((file) => ({ name, text: readFileSync(join(fixtures, name, file), "utf8") })),
);

// Non-ASCII of every UTF-8 length, astral characters, a BOM inside a string, and escapes JSON.parse
// turns into lone surrogates.
const EXTRA = String.raw`"Grüße, Ж, € 中文 👋🏽🇩🇪 \ufeff inner BOM:﻿, lone: \ud800 \udfff, pair: \ud83d\ude00 ` + "𝄞".repeat(40) + `"`;

/** The data of `body` delivered by AMQP under `routingKey`, as bytes and as a string. */
function dataBoth(routingKey, body) {
  const fromString = parseDelivery({ kind: "amqp", routingKey, body }).data;
  const fromBytes = parseDelivery({ kind: "amqp", routingKey, body: encoder.encode(body) }).data;
  return { fromString, fromBytes };
}

test("every fixture's data is the same from bytes and from a string, ASCII or not, at odd and even addresses", () => {
  assert.ok(cases.length > 100, `only ${cases.length} fixtures`);
  for (const { name, text } of cases) {
    const expected = JSON.parse(text);
    const wrapped = `{"fixture":${text},"extra":${EXTRA}}`;
    const wrappedValue = JSON.parse(wrapped);
    // Routing keys of 4 lengths: the body (and so the data) starts at every address mod 4.
    for (const pad of ["", "x", "xx", "xxx"]) {
      const own = dataBoth(name + pad, text);
      assert.deepEqual(own.fromBytes, expected, name);
      assert.deepEqual(own.fromString, expected, name);
      const nonAscii = dataBoth(`test.unknown${pad}`, wrapped);
      assert.deepEqual(nonAscii.fromBytes, wrappedValue, name);
      assert.deepEqual(nonAscii.fromString, wrappedValue, name);
      // A body with a byte order mark, and the webhook envelope's data (located inside the body).
      assert.deepEqual(dataBoth(`test.unknown${pad}`, "\ufeff" + wrapped).fromBytes, wrappedValue, name);
      const envelope = `{"trigger":"test.unknown","data":${wrapped}}`;
      const webhook = parseDelivery({ kind: "webhook", body: encoder.encode(" ".repeat(pad.length) + envelope) });
      assert.deepEqual(webhook.data, wrappedValue, name);
    }
  }
});

test("lone surrogate escapes stay lone surrogates; astral characters stay pairs", () => {
  const body = String.raw`{"lone":"\ud800","pair":"👋🏽","text":"` + "ü".repeat(100) + `"}`;
  const { fromBytes } = dataBoth("test.unknown", body);
  assert.equal(fromBytes.lone, "\ud800");
  assert.equal(fromBytes.pair, "👋🏽");
  assert.equal(fromBytes.text, "ü".repeat(100));
});

// The module's side, on its own instance: what it transcodes, and what it refuses.
const instance = await import(pathToFileURL(join(pkgDir, "instance.js")).href);
const text = await import(pathToFileURL(join(pkgDir, "text.js")).href);
instance.initSync(readFileSync(join(pkgDir, "wasm/enmeshed_events_bg.wasm")));
const { raw, wasmMemory, guarded } = instance;

/** Writes `bytes` at `offset` of the input buffer; returns its address. */
function put(bytes, offset) {
  const ptr = raw.inputBuffer(offset + bytes.length + 16);
  new Uint8Array(wasmMemory().buffer, ptr, offset + bytes.length).set(bytes, offset);
  return ptr + offset;
}

test("utf16String equals the UTF-8 decode for every fixture and every lane offset; ASCII is left to UTF-8", () => {
  const samples = cases.map((c) => c.text).concat([EXTRA, "\ufeff" + EXTRA, "é", "👋", "x".repeat(15) + "€", JSON.stringify(cases[0].text)]);
  for (const sample of samples) {
    for (const variant of [sample, sample + EXTRA]) {
      const bytes = encoder.encode(variant);
      for (let offset = 0; offset < 17; offset++) {
        const address = guarded(() => put(bytes, offset));
        const expected = utf8.decode(bytes);
        const ascii = bytes.every((b) => b < 0x80);
        const ours = guarded(() => text.utf16String(address, bytes.length));
        assert.equal(ours, ascii ? undefined : expected);
        assert.equal(guarded(() => text.dataString(address, bytes.length)), expected);
      }
    }
  }
});

test("utf16Data transcodes only UTF-8 inside the input buffer", () => {
  const bytes = encoder.encode("Grüße 👋🏽");
  const address = guarded(() => put(bytes, 3));
  assert.equal(guarded(() => text.utf16String(address, bytes.length)), "Grüße 👋🏽");
  // Outside the buffer: before it, across its end, at address 0.
  const capacity = bytes.length + 3 + 16;
  const start = address - 3;
  assert.equal(guarded(() => text.utf16String(start - 1, 4)), undefined);
  assert.equal(guarded(() => text.utf16String(start + capacity - 2, 4)), undefined);
  assert.equal(guarded(() => text.utf16String(0, 8)), undefined);
  // Not UTF-8 (a cut character, a lone continuation byte): refused, and dataString falls back.
  assert.equal(guarded(() => text.utf16String(address, 3)), undefined);
  assert.equal(guarded(() => text.utf16String(address + 3, 4)), undefined);
  assert.equal(guarded(() => text.dataString(address, 3)), "Gr\ufffd");
});

test("data over the 1 MiB chunk decodes exactly, whatever character a chunk is cut at", () => {
  // 2-, 3- and 4-byte characters and U+FEFF (which a decoder could drop at a chunk's start), so
  // with four paddings some cut falls inside a character and some chunk starts with U+FEFF.
  const unit = "é\ufeff€😀";
  const long = unit.repeat(Math.ceil((2.5 * 1024 * 1024) / encoder.encode(unit).length));
  for (const pad of ["", "a", "ab", "abc"]) {
    const value = { id: "x", s: pad + long, tail: "Grüße" };
    const body = JSON.stringify(value);
    const bytes = encoder.encode(body);
    assert.ok(bytes.length > 2 * 1024 * 1024);
    const event = parseDelivery({ kind: "amqp", routingKey: "test.unknown", body: bytes });
    assert.deepEqual(event.data, value, `padding ${pad.length}`);
    // And straight through dataString, at an odd address.
    const address = guarded(() => put(bytes, pad.length + 1));
    assert.equal(guarded(() => text.dataString(address, bytes.length)), body, `padding ${pad.length}`);
  }
});

test("utf16Buffer refuses what it cannot make instead of trapping, and the path keeps working", () => {
  // A trap inside it left its buffer borrowed: every later call trapped, and utf16Data
  // refused everything, for the rest of the instance's life. (Called directly, so js/text.js's
  // remembered output pointer is not used after this: the output is read here.)
  for (const capacity of [2 ** 32 - 1, 2 ** 31, 2 ** 28, -1]) {
    assert.doesNotThrow(() => raw.utf16Buffer(capacity), String(capacity));
  }
  const bytes = encoder.encode("Grüße 👋🏽 ".repeat(20));
  const address = guarded(() => put(bytes, 5));
  const output = raw.utf16Buffer(bytes.length);
  assert.notEqual(output, 0);
  const units = raw.utf16Data(address, bytes.length);
  assert.notEqual(units, 0xffffffff);
  const decoded = new TextDecoder("utf-16le").decode(new Uint16Array(wasmMemory().buffer, output, units));
  assert.equal(decoded, utf8.decode(bytes));
});
