import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize, type Ctx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { checkRunbook, storeHeaders } from "./check-runbook";
import { auditedRunbook, runbookById, type RunbookView, toRunbookView } from "./runbook-rows";
import { CreateRunbookInput } from "./schemas";

const INSERT = `INSERT INTO runbook (id, name, description, method, url, headers, secret_headers, body_template, series,
  slo_alerts, services, environments, auto_run, created_by, updated_by)
  VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11, $12, $13, $14, $14)
  ON CONFLICT (name) DO NOTHING RETURNING id`;

export async function createRunbook(ctx: Ctx, input: unknown): Promise<RunbookView> {
  authorize(ctx, "runbooks:manage");
  const runbook = parseInput(CreateRunbookInput, input);
  checkRunbook(ctx, runbook, true);
  // The id is chosen here: each secret is sealed for the runbook it belongs to.
  const id = randomUUID();
  const { headers, secretHeaders } = storeHeaders(id, runbook.headers);
  return sqlTransaction(async (client) => {
    const inserted = await client.query(INSERT, [
      id,
      runbook.name,
      runbook.description,
      runbook.method,
      runbook.url,
      JSON.stringify(headers),
      JSON.stringify(secretHeaders),
      runbook.bodyTemplate,
      runbook.series,
      runbook.sloAlerts,
      runbook.services,
      runbook.environments,
      runbook.autoRun,
      ctx.actor.label,
    ]);
    if (inserted.rowCount === 0)
      throw new VigilError("conflict", `name: a runbook named ${runbook.name} already exists`, { field: "name" });
    const view = toRunbookView(await runbookById(client, id));
    await recordAudit(client, ctx, {
      action: "runbook.create",
      target: { type: "runbook", id },
      summary: { after: auditedRunbook(view) },
    });
    return view;
  });
}
