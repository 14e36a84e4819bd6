import { childProcessEnv } from "@/lib/env";
import { ConfigError } from "@/lib/errors";
import { fromRoot, PROJECT_ROOT } from "./paths";
import { runCommand } from "./run-command";

interface MigrateResult {
  applied: number;
}

/** Applies pending migrations with the ordinary `prisma migrate deploy` (see scripts/prisma.sh). */
export async function applyMigrations(databaseUrl: string): Promise<MigrateResult> {
  const { code, output } = await runCommand(
    "bash",
    [fromRoot("scripts", "prisma.sh"), "migrate", "deploy"],
    childProcessEnv({ DATABASE_URL: databaseUrl }),
    PROJECT_ROOT,
  );
  if (code !== 0) {
    const reason =
      output.split("\n").find((line) => /^Error|error:/i.test(line.trim())) ?? `prisma exited with ${code}`;
    // The app's role owns no tables, so a migration run as it fails on its first CREATE or ALTER.
    const hint = /permission denied|must be owner/i.test(output)
      ? " (migrations run as the owner of the tables: set VIGIL_MIGRATION_DATABASE_URL)"
      : "";
    throw new ConfigError(`Could not apply database migrations: ${reason.trim()}${hint}`);
  }
  const applied =
    output.match(/The following migration\(s\) have been applied:[\s\S]*/)?.[0].match(/migration\.sql/g)?.length ?? 0;
  return { applied };
}
