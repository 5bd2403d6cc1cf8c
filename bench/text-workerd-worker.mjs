// The worker of bench/text-workerd.mjs: decodes the loaded texts `reps` times one way per
// request (workerd's clock stands still inside a request, so the client times the requests).
import wasm from "./wasm/enmeshed_events_bg.wasm";
import * as instance from "./instance.js";
import { dataString, utf16String } from "./text.js";

instance.initSync(wasm);
const { raw, wasmMemory, guarded } = instance;
const encoder = new TextEncoder();
const utf8 = new TextDecoder();
let items = [];
const view = (i) => new Uint8Array(wasmMemory().buffer, i.address, i.length);

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/load") {
      const bytes = (await request.json()).map((s) => encoder.encode(s));
      const total = bytes.reduce((n, b) => n + b.length + 1, 0);
      items = guarded(() => {
        const ptr = raw.inputBuffer(total);
        let at = 0;
        return bytes.map((b) => {
          new Uint8Array(wasmMemory().buffer, ptr + at, b.length).set(b);
          const item = { address: ptr + at, length: b.length };
          at += b.length + 1;
          return item;
        });
      });
      const same = guarded(() => items.every((i) => (utf16String(i.address, i.length) ?? utf8.decode(view(i))) === utf8.decode(view(i))));
      let t = performance.now(), reads = 0;
      while (performance.now() === t && reads < 50000) reads++;
      return Response.json({ same, ua: globalThis.navigator?.userAgent, reads });
    }
    const mode = url.searchParams.get("mode");
    const reps = Number(url.searchParams.get("reps"));
    guarded(() => {
      for (let r = 0; r < reps; r++) {
        for (const i of items) {
          if (mode === "forced") utf16String(i.address, i.length) ?? utf8.decode(view(i));
          else if (mode === "ours") dataString(i.address, i.length);
          else utf8.decode(view(i));
        }
      }
    });
    return new Response("ok");
  },
};
