import path from "node:path";
import { ConfigError } from "@/lib/errors";
import { buildApp, isBuildCurrent } from "@/runtime/build";
import { fromRoot } from "@/runtime/paths";

// `npm run build`: builds the web app unless the last build is of the same sources.
if (isBuildCurrent()) {
  console.log("Web app build is current.");
} else {
  const log = fromRoot(".next-build.log");
  console.log(`Building the web app (log: ${path.relative(process.cwd(), log)})...`);
  const started = Date.now();
  try {
    await buildApp(log);
    console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } catch (err) {
    console.error(`vigil: ${err instanceof ConfigError ? err.message : String(err)}`);
    process.exit(1);
  }
}
