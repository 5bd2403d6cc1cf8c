// Today's UTF-8 decode against the forced UTF-16 path (js/text.js) in workerd, timed from
// outside (workerd's clock stands still inside a request): `node bench/text-workerd.mjs [port]`
// (default 25252), on pkg/.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generate, CLASSES } from "./corpus.mjs";
import { decoderSets } from "./text-core.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const port = Number(process.argv[2] ?? 25252);
const dir = mkdtempSync(join(tmpdir(), "text-workerd-"));
execFileSync("bash", [join(root, "tests/runtimes/workerd-config.sh"), join(root, "pkg"), dir, join(root, "bench/text-workerd-worker.mjs"), `127.0.0.1:${port}`]);
const workerd = spawn(join(root, "tools/node_modules/.bin/workerd"), ["serve", join(dir, "config.capnp")], { stdio: "inherit" });
const base = `http://127.0.0.1:${port}`;
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  for (let i = 0; ; i++) {
    try {
      await fetch(`${base}/run?mode=utf8&reps=0`);
      break;
    } catch {
      if (i > 100) throw new Error("workerd did not start");
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  for (const set of decoderSets(generate, CLASSES)) {
    const { same, ua, reads } = await (await fetch(`${base}/load`, { method: "POST", body: JSON.stringify(set.strings) })).json();
    console.error(`userAgent ${ua}, clock reads before a tick ${reads}`);
    if (!same) throw new Error(`${set.label}: the paths differ`);
    const bytes = set.strings.reduce((n, s) => n + new TextEncoder().encode(s).length, 0);
    const reps = Math.max(1, Math.round(4e6 / bytes));
    const times = { utf8: [], ours: [], forced: [] };
    for (let round = 0; round < 9; round++) {
      for (const mode of ["utf8", "ours", "forced"]) {
        const t0 = performance.now();
        await (await fetch(`${base}/run?mode=${mode}&reps=${reps}`)).text();
        if (round >= 2) times[mode].push(((performance.now() - t0) * 1000) / (reps * set.strings.length));
      }
    }
    const [u, o, f] = [median(times.utf8), median(times.ours), median(times.forced)];
    console.log(`${set.label.padEnd(12)} ${Math.round(bytes / set.strings.length).toString().padStart(7)} B  utf8 ${u.toFixed(2).padStart(8)} µs  forced UTF-16 ${f.toFixed(2).padStart(8)} µs  ${(u / f).toFixed(2)}x  ours ${o.toFixed(2).padStart(8)} µs  ${(u / o).toFixed(2)}x`);
  }
} finally {
  workerd.kill();
  rmSync(dir, { recursive: true, force: true });
}
