// A tiny static server for the browser shims (node only, 127.0.0.1, a free port the OS picks).
// `serve({ "/prefix/": dir, ... }, extraRoutes)` resolves to { url, close }. Paths that leave
// their folder are refused; extraRoutes[path](request, response) handles dynamic paths.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".wasm": "application/wasm", ".png": "image/png", ".svg": "image/svg+xml", ".ts": "text/plain; charset=utf-8" };

export function serve(mounts, extraRoutes = {}) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://127.0.0.1").pathname);
    if (extraRoutes[path]) return extraRoutes[path](request, response);
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (!path.startsWith(prefix)) continue;
      let file = normalize(join(dir, path.slice(prefix.length)));
      if (file !== normalize(dir) && !file.startsWith(normalize(dir + sep))) break;
      if (path.endsWith("/")) file = join(file, "index.html");
      try {
        const body = await readFile(file);
        response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
        return response.end(body);
      } catch {
        break;
      }
    }
    response.writeHead(404, { "content-type": "text/plain" }).end("not found");
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(done); }) });
    });
  });
}

/** The browser flags every test here launches Debian's chromium with (no network beyond loopback). */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
