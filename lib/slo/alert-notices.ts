import type { Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { publicUrl } from "@/lib/env";
import { notify } from "@/lib/notifications/notify";
import type { AlertTransition } from "./record-evaluation";
import type { SloDefinition } from "./schemas";

// What people hear when an SLO's alert fires or resolves: a notice to the admins' channels
// (lib/notifications), keyed per alert so its resolve replaces a trigger not yet delivered.

const percent = (ratio: number | null) => (ratio === null ? "no data" : `${(ratio * 100).toFixed(2)}%`);
const burn = (value: number | null | undefined) => (value === null || value === undefined ? "-" : value.toFixed(1));

function summary(t: AlertTransition): string {
  const e = t.evaluation;
  const windows = e.conditions[t.severity].windows.map(
    (w) => `${w.short} ${burn(e.burnRates[w.short])}x and ${w.long} ${burn(e.burnRates[w.long])}x over ${w.factor}x`,
  );
  const lines = [
    `Error budget left: ${percent(e.errorBudgetRemaining)} of the period.`,
    `Burn rates: 5m ${burn(e.burnRates["5m"])}x, 1h ${burn(e.burnRates["1h"])}x, 6h ${burn(e.burnRates["6h"])}x, 3d ${burn(e.burnRates["3d"])}x.`,
  ];
  if (t.state === "firing" && windows.length) lines.push(`Burning too fast: ${windows.join("; ")}.`);
  return lines.join("\n");
}

/** Queues a notice for each transition; the ones that could not be queued, with why. */
export async function sendAlertNotices(
  ctx: Ctx,
  transitions: readonly AlertTransition[],
  definitions: ReadonlyMap<string, SloDefinition>,
): Promise<{ slo: string; error: string }[]> {
  const failed: { slo: string; error: string }[] = [];
  for (const t of transitions) {
    const slo = definitions.get(t.sloId);
    try {
      const team = await pool().query<{ team: string | null }>("SELECT team FROM service WHERE name = $1", [t.service]);
      const what = slo?.alerting.name ?? `${t.sloName} error budget burn`;
      await notify(ctx, {
        key: `slo:${t.sloId}:${t.severity}:${t.alertId}`,
        state: t.state,
        severity: t.severity,
        title: `${t.state === "resolved" ? "Resolved" : t.severity === "page" ? "Page" : "Ticket"}: ${what}`,
        summary: summary(t),
        service: t.service,
        team: team.rows[0]?.team ?? null,
        url: `${publicUrl()}/slos/${t.sloId}`,
        labels: { ...slo?.alerting.labels, ...slo?.alerting[t.severity].labels, slo: t.sloName, severity: t.severity },
        source: "slo",
      });
    } catch (err) {
      failed.push({ slo: t.sloName, error: `notice not queued: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return failed;
}
