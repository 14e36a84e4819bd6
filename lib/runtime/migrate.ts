import { childProcessEnv } from "../env";
import { ConfigError } from "../errors";
import { fromRoot, PROJECT_ROOT } from "./paths";
import { runCommand } from "./run-command";

export interface MigrateResult {
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
    const reason = output.split("\n").find((line) => /^Error|error:/i.test(line.trim())) ?? `prisma exited with ${code}`;
    throw new ConfigError(`Could not apply database migrations: ${reason.trim()}`);
  }
  const applied = output.match(/The following migration\(s\) have been applied:[\s\S]*/)?.[0].match(/migration\.sql/g)?.length ?? 0;
  return { applied };
}
