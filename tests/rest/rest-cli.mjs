// The ConnectorClient in Deno and Bun: imports the package by name (a node_modules folder that
// links to it), runs the scenarios. Usage: <runtime> rest-cli.mjs NAME PRISM_URL HANG_URL DEAD_URL
import * as pkg from "enmeshed-events";
import { restScenarios } from "./rest-scenarios.mjs";

const [name, prism, hang, dead] = (globalThis.Deno?.args ?? process.argv.slice(2));
const result = await restScenarios(pkg, { prism, hang, dead });
for (const line of result.lines) console.log(line);
console.log(`${name}: ${result.passed} passed, ${result.failed} failed`);
if (result.failed > 0) (globalThis.Deno?.exit ?? process.exit)(1);
