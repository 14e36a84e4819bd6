import { systemCtx } from "@/lib/context";
import { closeDb } from "@/lib/db";
import { loadDemo } from "@/lib/demo/load-demo";
import { ConfigError } from "@/lib/errors";
import { openDatabase } from "@/lib/runtime/database";
import { dataDir, env, useDatabase } from "@/lib/env";
import { applyMigrations } from "@/lib/runtime/migrate";
import { formatUsd } from "@/lib/money";

// `npm run demo:load`: adds the demo platform to DATABASE_URL, or to the embedded database (when
// Vigil is not running on it). Loading again replaces the demo's own rows only.
async function main() {
  const database = await openDatabase({ url: env().DATABASE_URL, dataDir: dataDir(), embeddedPort: env().VIGIL_PG_PORT });
  try {
    useDatabase(database.url, database.mode);
    await applyMigrations(database.url);
    const result = await loadDemo(systemCtx("demo-load"));
    console.log(`Loaded the demo platform into the ${database.description}: ${result.services} services, ${result.costLines} cost lines (${formatUsd(result.billedCost)} billed), ${result.window.from} to ${result.window.to}.`);
  } finally {
    await closeDb();
    await database.stop();
  }
}

main().catch((err: unknown) => {
  console.error(`vigil: ${err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
