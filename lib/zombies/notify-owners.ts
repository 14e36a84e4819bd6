import type { Ctx } from "../context";
import { pool } from "../db";
import { sumMoney } from "../decimal";
import { publicUrl } from "../env";
import { notify } from "../notifications/notify";

// Owners hear about new findings through the notification channels (lib/notifications): one
// notice per team and scan, with a link to their findings and the date a decision is due.
// A finding moves to "notified" only once its notice is queued.

export const OWNER_RESPONSE_DAYS = 7;

interface NewRow {
  id: string;
  team: string | null;
  currency: string | null;
  monthly_savings: string | null;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function savingsLine(rows: NewRow[]): string {
  const byCurrency = groupBy(
    rows.filter((row) => row.currency && row.monthly_savings),
    (row) => row.currency!,
  );
  // Display only: the exact sums are on the Zombies page.
  const parts = [...byCurrency].map(
    ([currency, list]) => `${currency} ${Number(sumMoney(list.map((row) => row.monthly_savings!))).toFixed(2)}`,
  );
  return parts.length ? `About ${parts.join(" + ")} a month.` : "No billed cost found yet.";
}

/** Notifies each team with new, unprotected findings; the teams whose notice could not be queued, with why. */
export async function notifyOwners(ctx: Ctx, now: Date): Promise<{ notified: number; failed: string[] }> {
  const { rows } = await pool().query<NewRow>(
    `SELECT id, team, trim(currency) AS currency, monthly_savings::text AS monthly_savings FROM zombie_finding
     WHERE status = 'new' AND cleared_at IS NULL AND NOT protected ORDER BY team, id LIMIT 50000`,
  );
  const byTeam = groupBy(rows, (row) => row.team ?? "");
  const deadline = new Date(now.getTime() + OWNER_RESPONSE_DAYS * 86_400_000);
  const failed: string[] = [];
  let notified = 0;
  for (const [team, findings] of byTeam) {
    const query = team ? `?team=${encodeURIComponent(team)}` : "";
    try {
      const sent = await notify(ctx, {
        key: `zombies:${team || "unowned"}:${now.toISOString().slice(0, 10)}`,
        state: "firing",
        severity: "info",
        title: `${findings.length} idle resource(s) proposed for teardown${team ? ` (team ${team})` : " (no owner)"}`,
        summary: `${savingsLine(findings)} Approve, reject or snooze them by ${deadline.toISOString().slice(0, 10)}.`,
        service: null,
        team: team || null,
        url: `${publicUrl()}/zombies${query}`,
        labels: { source: "zombies", findings: String(findings.length) },
        source: "zombies",
      });
      // With no channel taking it (or a silence holding it), nobody was told: they stay new.
      if (sent.queued === 0) continue;
      const ids = findings.map((row) => row.id);
      await pool().query(
        `UPDATE zombie_finding SET status = 'notified', notify_deadline = $2, updated_at = now()
         WHERE id = ANY ($1::uuid[]) AND status = 'new'`,
        [ids, deadline],
      );
      await pool().query(
        `INSERT INTO zombie_event (finding_id, actor, action, detail)
         SELECT id, 'vigil:scan', 'notified', jsonb_build_object('deadline', $2::text) FROM unnest($1::uuid[]) AS id`,
        [ids, deadline.toISOString()],
      );
      notified += ids.length;
    } catch (err) {
      failed.push(`${team || "unowned"}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { notified, failed };
}
