// workerd shim: `workerd test` calls test(); the scenario's parameters come in the SCENARIO
// text binding (runtimes.mjs), the fake Connector is reached over the "internet" service that
// allows loopback (workerd-config.sh with WORKERD_NETWORK=local).
import * as pkg from "enmeshed-events";
import { runCatchUpScenario } from "./runtime-scenario.mjs";

export default {
  async test(controller, env) {
    const result = await runCatchUpScenario(pkg, { runtime: "workerd", ...JSON.parse(env.SCENARIO) });
    for (const line of result.lines) console.log(line);
    if (result.failed > 0) throw new Error(`${result.failed} catch-up scenarios failed`);
  },
};
