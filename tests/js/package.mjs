// Where the tests find the built package: $PKG_DIR, or pkg/ at the repository root.
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

export const pkgDir = resolve(process.env.PKG_DIR ?? new URL("../../pkg", import.meta.url).pathname);
export const pkg = await import(pathToFileURL(`${pkgDir}/node.mjs`).href);
