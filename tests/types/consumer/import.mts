// An ESM consumer: `import` resolves to node.mjs and index.d.ts.
import { EventRouter } from "enmeshed-events";
new EventRouter().on("transport.*", (e) => { void e.data; });
