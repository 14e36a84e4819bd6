import { recordAudit } from "@/lib/audit/record-audit";
import type { Ctx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";

// A valid teardown whose findings are no longer all open and unprotected (decided on their own
// page, cleared by the scan, gone, protected since) can not be approved as it stands: superseded,
// so the next generation proposes what is left.

const STALE = `
  SELECT p.id FROM agent_proposal p
  WHERE p.kind = 'teardown' AND p.status = 'valid' AND EXISTS (
    SELECT 1 FROM jsonb_array_elements_text(p.body->'findingIds') fid
    LEFT JOIN zombie_finding f ON f.id::text = fid
    WHERE f.id IS NULL OR f.status NOT IN ('new', 'notified', 'snoozed') OR f.cleared_at IS NOT NULL
       OR f.gone_at IS NOT NULL OR f.protected)
  FOR UPDATE OF p SKIP LOCKED`;

/** Marks stale valid teardowns superseded; their ids. */
export async function supersedeStale(ctx: Ctx): Promise<string[]> {
  return sqlTransaction(async (client) => {
    const ids = (await client.query<{ id: string }>(STALE)).rows.map((row) => row.id);
    if (!ids.length) return ids;
    await client.query("UPDATE agent_proposal SET status = 'superseded' WHERE id = ANY($1::uuid[])", [ids]);
    for (const id of ids)
      await recordAudit(client, ctx, {
        action: "proposal.supersede",
        target: { type: "proposal", id },
        summary: { why: "its findings are no longer all open" },
      });
    return ids;
  });
}
