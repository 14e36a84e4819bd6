import { allocateDays } from "../attribution/allocate-costs";
import { pool } from "../db";
import type { ImportAllocation } from "./schemas";

// An import's figures show on every cost view as soon as it commits: its days are allocated right
// away, whatever their age. A failed allocation leaves the lines imported; its error is logged and
// kept on the import for admins, and the worker's allocate-costs job tries again.

const MAX_ERROR_CHARS = 2000;
/** How long an import's own allocation may take before the worker does it in its stead. */
const OWN_ALLOCATION_GRACE_SECONDS = 120;

/** Allocates the days of a committed import; never throws, since its lines are in either way. */
export async function allocateImport(importId: string, days: { from: string; to: string }): Promise<ImportAllocation> {
  try {
    await allocateDays(days);
    const { rows } = await pool().query<{ at: Date | null }>(
      "SELECT allocated_at AS at FROM billing_import WHERE id = $1",
      [importId],
    );
    return { ...days, status: "allocated", allocatedAt: rows[0]?.at?.toISOString() ?? null };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(
      `billing import ${importId}: allocating ${days.from} to ${days.to} failed (retried by the worker)`,
      err,
    );
    await pool()
      .query("UPDATE billing_import SET allocation_error = $2 WHERE id = $1", [
        importId,
        message.slice(0, MAX_ERROR_CHARS) || "allocation failed",
      ])
      .catch(() => {});
    return { ...days, status: "failed", allocatedAt: null };
  }
}

/**
 * The worker's retry: allocates the imports, committed over `graceSeconds` ago, whose own
 * allocation failed or never ran (the process stopped after the commit). Returns the ones that
 * failed again.
 */
export async function allocatePendingImports(
  graceSeconds = OWN_ALLOCATION_GRACE_SECONDS,
): Promise<{ allocated: string[]; failed: string[] }> {
  const { rows } = await pool().query<{ id: string; from: string; to: string }>(
    `SELECT id, allocation_from::text AS from, allocation_to::text AS to FROM billing_import
     WHERE status = 'succeeded' AND allocated_at IS NULL AND allocation_from IS NOT NULL
       AND created_at < now() - make_interval(secs => $1)
     ORDER BY created_at LIMIT 100`,
    [graceSeconds],
  );
  const result = { allocated: [] as string[], failed: [] as string[] };
  const done: { from: string; to: string }[] = [];
  for (const row of rows) {
    // An allocation covers every pending import within its days, not only the one it ran for.
    if (done.some((days) => days.from <= row.from && row.to <= days.to)) continue;
    const outcome = await allocateImport(row.id, { from: row.from, to: row.to });
    result[outcome.status === "allocated" ? "allocated" : "failed"].push(row.id);
    if (outcome.status === "allocated") done.push(outcome);
  }
  return result;
}
