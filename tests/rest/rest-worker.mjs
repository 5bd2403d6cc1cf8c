// The ConnectorClient in workerd: `workerd test` runs test(), with the URLs as text bindings.
// The config lets this worker reach 127.0.0.1 (a network service allowing "local").
import * as pkg from "enmeshed-events";
import { restScenarios } from "./rest-scenarios.mjs";

export default {
  async test(controller, env) {
    const result = await restScenarios(pkg, { prism: env.PRISM, hang: env.HANG, dead: env.DEAD });
    for (const line of result.lines) console.log(line);
    console.log(`workerd: ${result.passed} passed, ${result.failed} failed`);
    if (result.failed > 0) throw new Error(`${result.failed} scenarios failed`);
  },
};
