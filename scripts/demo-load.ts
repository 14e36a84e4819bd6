import { allocateCosts } from "@/lib/attribution/allocate-costs";
import { systemCtx } from "@/lib/context";
import { closeDb } from "@/lib/db";
import { loadDemo } from "@/lib/demo/load-demo";
import { loadDemoTraces } from "@/lib/demo/demo-traces";
import { loadDemoZombies } from "@/lib/demo/demo-zombies";
import { ConfigError } from "@/lib/errors";
import { formatUsd } from "@/lib/decimal";
import { openMigratedDatabase } from "@/runtime/database";

// `npm run demo:load`: adds the demo platform to DATABASE_URL, or to the embedded database (when
// Vigil is not running on it). Loading again replaces the demo's own rows only.
async function main() {
  const database = await openMigratedDatabase();
  try {
    const result = await loadDemo(systemCtx("demo-load"));
    const traces = await loadDemoTraces(systemCtx("demo-load"));
    await allocateCosts(systemCtx("demo-load"), result.window);
    const zombies = await loadDemoZombies(systemCtx("demo-load"));
    console.log(
      `Loaded the demo platform into the ${database.description}: ${result.services} services, ${result.costLines} cost lines (${formatUsd(result.billedCost)} billed), ${result.terraformResources} Terraform resources, ${result.window.from} to ${result.window.to}; ${traces.spans} spans over the last ${traces.hours} hours; ${zombies.scan.found} zombie findings in a sandbox account.`,
    );
  } finally {
    await closeDb();
    await database.stop();
  }
}

main().catch((err: unknown) => {
  console.error(
    `vigil: ${err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
});
