import { ConfigError } from "@/lib/errors";
import { launch } from "@/runtime/launcher";

// `npm start`. A bad setting is one line on stderr and exit code 1, never a stack trace.
launch().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(`vigil: ${err.message}`);
  } else {
    console.error(`vigil: could not start: ${err instanceof Error ? err.message : String(err)}`);
  }
  process.exit(1);
});
