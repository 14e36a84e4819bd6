import { loadUnallocated } from "@/lib/agent/load-unallocated";
import type { AttributionProposal } from "@/lib/agent/schemas";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Ctx } from "@/lib/context";
import { pool, sqlTransaction } from "@/lib/db";

// A valid teardown whose findings are no longer all open and unprotected (decided on their own
// page, cleared by the scan, gone, protected since) can not be approved as it stands: superseded,
// so the next generation proposes what is left. So is a valid attribution that no longer matches any
// unallocated spend (another mapping took it).

const STALE = `
  SELECT p.id FROM agent_proposal p
  WHERE p.kind = 'teardown' AND p.status = 'valid' AND EXISTS (
    SELECT 1 FROM jsonb_array_elements_text(p.body->'findingIds') fid
    LEFT JOIN zombie_finding f ON f.id::text = fid
    WHERE f.id IS NULL OR f.status NOT IN ('new', 'notified', 'snoozed') OR f.cleared_at IS NOT NULL
       OR f.gone_at IS NOT NULL OR f.protected)
  FOR UPDATE OF p SKIP LOCKED`;

async function spentAttributions(asOf: Date): Promise<string[]> {
  const { rows } = await pool().query<{ id: string; body: AttributionProposal }>(
    "SELECT id, body FROM agent_proposal WHERE kind = 'attribution' AND status = 'valid' LIMIT 500",
  );
  const spent: string[] = [];
  for (const row of rows) if ((await loadUnallocated(row.body.mapping, asOf)).rows === 0) spent.push(row.id);
  return spent;
}

/** Marks stale valid teardowns and attributions superseded; their ids. */
export async function supersedeStale(ctx: Ctx, asOf: Date): Promise<string[]> {
  const attributions = await spentAttributions(asOf);
  return sqlTransaction(async (client) => {
    const teardowns = (await client.query<{ id: string }>(STALE)).rows.map((row) => row.id);
    const { rows } = await client.query<{ id: string }>(
      "SELECT id FROM agent_proposal WHERE id = ANY($1::uuid[]) AND status = 'valid' FOR UPDATE SKIP LOCKED",
      [attributions],
    );
    const ids = [...teardowns, ...rows.map((row) => row.id)];
    if (!ids.length) return ids;
    await client.query("UPDATE agent_proposal SET status = 'superseded' WHERE id = ANY($1::uuid[])", [ids]);
    for (const id of ids)
      await recordAudit(client, ctx, {
        action: "proposal.supersede",
        target: { type: "proposal", id },
        summary: {
          why: teardowns.includes(id) ? "its findings are no longer all open" : "no unallocated spend left to map",
        },
      });
    return ids;
  });
}
