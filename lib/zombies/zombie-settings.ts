import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { pool, sqlTransaction } from "../db";
import { parseInput } from "../validation";
import { defaultThresholds, type Thresholds, thresholdsSchema } from "./thresholds";

// The zombie rules' thresholds and protections: lib/zombies/thresholds.ts' documented defaults with
// the overrides an admin or FinOps stored over them. A stored override that no longer parses (an
// older Vigil's) falls back to the defaults with the reason, rather than stopping every scan.

export async function readThresholds(): Promise<{ thresholds: Thresholds; problem: string | null }> {
  const { rows } = await pool().query<{ overrides: unknown }>("SELECT overrides FROM zombie_settings WHERE id = 1");
  if (!rows[0]) return { thresholds: defaultThresholds, problem: null };
  const parsed = thresholdsSchema.safeParse(rows[0].overrides);
  if (parsed.success) return { thresholds: parsed.data, problem: null };
  const issue = parsed.error.issues[0];
  return {
    thresholds: defaultThresholds,
    problem: `stored zombie settings ignored: ${issue.path.join(".")}: ${issue.message}`,
  };
}

export async function getZombieSettings(ctx: Ctx) {
  authorize(ctx, "read");
  const { rows } = await pool().query<{ overrides: unknown }>("SELECT overrides FROM zombie_settings WHERE id = 1");
  const { thresholds, problem } = await readThresholds();
  return { defaults: defaultThresholds, overrides: rows[0]?.overrides ?? {}, effective: thresholds, problem };
}

/** Replaces the overrides (an empty object restores the defaults); audited with before and after. */
export async function updateZombieSettings(ctx: Ctx, overrides: unknown) {
  authorize(ctx, "costs:manage");
  parseInput(thresholdsSchema, overrides);
  return sqlTransaction(async (client) => {
    const before = await client.query<{ overrides: unknown }>(
      "SELECT overrides FROM zombie_settings WHERE id = 1 FOR UPDATE",
    );
    await client.query(
      `INSERT INTO zombie_settings (id, overrides, updated_by) VALUES (1, $1::jsonb, $2)
       ON CONFLICT (id) DO UPDATE SET overrides = excluded.overrides, updated_by = excluded.updated_by, updated_at = now()`,
      [JSON.stringify(overrides), ctx.actor.label],
    );
    await recordAudit(client, ctx, {
      action: "zombie.settings_change",
      target: { type: "zombie_settings", id: "1" },
      summary: { before: before.rows[0]?.overrides ?? {}, after: overrides },
    });
    return { overrides, effective: thresholdsSchema.parse(overrides) };
  });
}
