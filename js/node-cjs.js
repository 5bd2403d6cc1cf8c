// Node (CommonJS `require`): bundled by esbuild into node.cjs; initialised on require.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const api = require("./api.js");

api.initSync(readFileSync(join(__dirname, "wasm", "enmeshed_events_bg.wasm")));

module.exports = api;
