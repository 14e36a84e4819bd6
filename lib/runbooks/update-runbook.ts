import { recordAudit } from "@/lib/audit/record-audit";
import { authorize, type Ctx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { checkRunbook, storeHeaders } from "./check-runbook";
import { auditedRunbook, runbookById, type RunbookView, toRunbookView } from "./runbook-rows";
import { UpdateRunbookInput } from "./schemas";

const UPDATE = `UPDATE runbook SET name = $2, description = $3, method = $4, url = $5, headers = $6::jsonb,
  secret_headers = $7::jsonb, body_template = $8, series = $9, slo_alerts = $10, services = $11, environments = $12,
  auto_run = $13, version = version + 1, updated_by = $14, updated_at = now() WHERE id = $1`;

/** The fields whose audited value changed, before and after. */
function changes(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after))
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      changed[key] = { from: before[key], to: after[key] };
  return changed;
}

/**
 * Changes the fields given; `headers`, when given, replaces the list (a secret header without a
 * value keeps its stored one). Runs proposed before the change are no longer sent.
 */
export async function updateRunbook(ctx: Ctx, id: string, input: unknown): Promise<RunbookView> {
  authorize(ctx, "runbooks:manage");
  const patch = parseInput(UpdateRunbookInput, input);
  return sqlTransaction(async (client) => {
    const row = await runbookById(client, id, true);
    const before = toRunbookView(row);
    const next = {
      ...before,
      ...Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)),
    } as RunbookView;
    if (next.series.length === 0 && !next.sloAlerts)
      throw new VigilError("bad_request", "series: give at least one anomaly series, or answer SLO alerts", {
        field: "series",
      });
    checkRunbook(ctx, next, patch.autoRun !== undefined && patch.autoRun !== row.auto_run);
    const stored = patch.headers
      ? storeHeaders(id, patch.headers, row.secret_headers)
      : { headers: row.headers, secretHeaders: row.secret_headers };
    const taken = await client.query("SELECT 1 FROM runbook WHERE name = $1 AND id <> $2", [next.name, id]);
    if (taken.rowCount)
      throw new VigilError("conflict", `name: a runbook named ${next.name} already exists`, { field: "name" });
    await client.query(UPDATE, [
      id,
      next.name,
      next.description,
      next.method,
      next.url,
      JSON.stringify(stored.headers),
      JSON.stringify(stored.secretHeaders),
      next.bodyTemplate,
      next.series,
      next.sloAlerts,
      next.services,
      next.environments,
      next.autoRun,
      ctx.actor.label,
    ]);
    const view = toRunbookView(await runbookById(client, id));
    const changed = changes(auditedRunbook(before), auditedRunbook(view));
    // A new secret value under the same name changes nothing visible: say that it was replaced.
    const resealed = stored.secretHeaders.filter((header) => !row.secret_headers.some((old) => old.box === header.box));
    await recordAudit(client, ctx, {
      action: "runbook.update",
      target: { type: "runbook", id },
      summary: { name: view.name, changed, ...(resealed.length ? { secretsSet: resealed.map((h) => h.name) } : {}) },
    });
    return view;
  });
}
