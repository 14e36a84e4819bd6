import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { COST_ALLOCATION_LOCK } from "../advisory-locks";
import { authorize, type Ctx } from "../context";
import { field } from "../copy-text";
import { sqlTransaction } from "../db";
import { env } from "../env";
import { withSpan } from "../telemetry";
import { readCostUnits, readTeams, readUsage } from "./allocation-inputs";
import { type AllocationRow, allocateUnit } from "./allocation-rules";
import { type AllocateResult } from "./schemas";
import { UNALLOCATED } from "./reserved-keys";

const COPY_ALLOCATION_SQL =
  "COPY cost_allocation (day, provider_name, service_name, resource_id, feature, team, environment, app_service, method, billed_cost, effective_cost, weight, computed_at) FROM STDIN";

/**
 * Rebuilds cost_allocation for the UTC days in [from, to), in one transaction, so readers see a day
 * either before or after, never half done.
 */
export async function allocateCosts(ctx: Ctx, window: { from: string; to: string }): Promise<AllocateResult> {
  authorize(ctx, "costs:manage");
  return allocateDays(window);
}

/**
 * allocateCosts without the permission check, for an import's own allocation when it commits (the
 * importer may only ingest). Allocations take turns and read their inputs only once it is theirs,
 * so one that started after an import committed always sees its lines, and none writes a day from
 * older lines after a newer allocation of it.
 */
export async function allocateDays(window: { from: string; to: string }): Promise<AllocateResult> {
  const basis = env().VIGIL_COST_SPLIT_BY;
  return withSpan("allocateCosts", { "vigil.from": window.from, "vigil.to": window.to }, () =>
    sqlTransaction(async (client) => {
      await client.query("SELECT pg_advisory_xact_lock($1)", [COST_ALLOCATION_LOCK]);
      const covered = await coveredImports(client, window);
      const from = new Date(`${window.from}T00:00:00Z`);
      const to = new Date(`${window.to}T00:00:00Z`);
      const [units, usage, teams] = [
        await readCostUnits(client, from, to),
        await readUsage(client, from, to, basis),
        await readTeams(client),
      ];
      const rows = units.flatMap((unit) => allocateUnit(unit, usage, teams, basis));
      await client.query("DELETE FROM cost_allocation WHERE day >= $1::date AND day < $2::date", [
        window.from,
        window.to,
      ]);
      if (rows.length) await copyRows(client, rows, new Date().toISOString());
      await client.query(
        "UPDATE billing_import SET allocated_at = clock_timestamp(), allocation_error = NULL WHERE id = ANY($1::uuid[])",
        [covered],
      );
      const byMethod = { tag: 0, telemetry: 0, unallocated: 0 };
      for (const row of rows) byMethod[row.method] += 1;
      const lines = units.reduce((sum, unit) => sum + unit.lines, 0);
      return { from: window.from, to: window.to, lines, rows: rows.length, byMethod };
    }),
  );
}

/**
 * The imports whose days this run covers and that committed before it reads, so their lines are in
 * it; rows an import is replacing right now are skipped, not waited for.
 */
async function coveredImports(client: pg.PoolClient, window: { from: string; to: string }): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM billing_import
     WHERE status = 'succeeded' AND allocated_at IS NULL AND allocation_from >= $1::date AND allocation_to <= $2::date
     FOR UPDATE SKIP LOCKED`,
    [window.from, window.to],
  );
  return rows.map((row) => row.id);
}

async function copyRows(client: pg.PoolClient, rows: AllocationRow[], computedAt: string): Promise<void> {
  const text = rows.map((row) => copyLine(row, computedAt)).join("");
  await pipeline(Readable.from([text]), client.query(copyFrom(COPY_ALLOCATION_SQL)));
}

function copyLine({ unit, feature, team, method, billed, effective, weight }: AllocationRow, computedAt: string) {
  const columns = [
    unit.day,
    field(unit.provider_name),
    field(unit.service_name),
    field(unit.resource_id),
    field(feature),
    field(team),
    field(unit.env ?? UNALLOCATED),
    field(unit.app_service ?? UNALLOCATED),
    method,
    billed,
    effective,
    weight ? field(JSON.stringify(weight)) : "\\N",
    computedAt,
  ];
  return `${columns.join("\t")}\n`;
}
