import { authorize, type Ctx } from "../context";
import { pool } from "../db";

// Open drift counted by workspace, kind and cause, and the code changes still pending: the
// Drift page's overview, from the same records the list shows.

export interface DriftSummary {
  open: number;
  byWorkspace: { key: string; count: number }[];
  byKind: { key: string; count: number }[];
  byCause: { key: string; count: number }[];
  pending: { workspace: string; address: string; actions: string[]; replace: boolean; firstSeen: string }[];
}

const GROUPS = `SELECT 'workspace' AS grouping, workspace AS key, count(*)::int AS count FROM drift_record WHERE resolved_at IS NULL GROUP BY 2
  UNION ALL SELECT 'kind', kind, count(*)::int FROM drift_record WHERE resolved_at IS NULL GROUP BY 2
  UNION ALL SELECT 'cause', cause, count(*)::int FROM drift_record WHERE resolved_at IS NULL GROUP BY 2
  ORDER BY 1, 3 DESC, 2 LIMIT 300`;

export async function summarizeDrift(ctx: Ctx): Promise<DriftSummary> {
  authorize(ctx, "read");
  const [groups, pending] = await Promise.all([
    pool().query<{ grouping: string; key: string; count: number }>(GROUPS),
    pool().query<{ workspace: string; address: string; actions: string[]; replace: boolean; first_seen_at: Date }>(
      `SELECT workspace, address, actions, replace, first_seen_at FROM drift_planned WHERE resolved_at IS NULL
        ORDER BY first_seen_at, workspace, address LIMIT 20`,
    ),
  ]);
  const of = (grouping: string) =>
    groups.rows.filter((row) => row.grouping === grouping).map(({ key, count }) => ({ key, count }));
  const byKind = of("kind");
  return {
    open: byKind.reduce((sum, row) => sum + row.count, 0),
    byWorkspace: of("workspace"),
    byKind,
    byCause: of("cause"),
    pending: pending.rows.map((row) => ({
      workspace: row.workspace,
      address: row.address,
      actions: row.actions,
      replace: row.replace,
      firstSeen: row.first_seen_at.toISOString(),
    })),
  };
}
