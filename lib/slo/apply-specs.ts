import type pg from "pg";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize, type Ctx } from "@/lib/context";
import { pool, sqlTransaction } from "@/lib/db";
import type { SloDefinition } from "./schemas";
import type { Finding, SliMapping, SpecResult } from "./specs/findings";

// Specs to SLOs: what a spec set would create, change and (for the SLO folder) remove, shown as a
// diff before anything is written, then applied in one transaction, each change audited. An SLO made
// in the UI or API is never replaced by a file, nor one from a file by an import; an SLO whose file
// failed to read this time is kept as it was, never removed for it.

export type SpecOrigin = { kind: "folder" } | { kind: "import" };

export interface PlannedSlo {
  name: string;
  file: string;
  line: number;
  mapping: SliMapping;
  definition: SloDefinition;
}

export interface SpecPlan {
  create: PlannedSlo[];
  update: (PlannedSlo & { fields: string[] })[];
  remove: { name: string; file: string }[];
  unchanged: string[];
  findings: Finding[];
}

interface Stored {
  id: string;
  name: string;
  definition: SloDefinition;
  source_file: string | null;
}

const conflict = (p: PlannedSlo, message: string): Finding => ({
  severity: "error",
  file: p.file,
  line: p.line,
  column: 1,
  document: 0,
  index: null,
  object: p.name,
  field: "metadata.name",
  value: p.name,
  message,
});

/** JSON with object keys sorted: PostgreSQL's jsonb gives keys back in its own order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

const changedFields = (a: SloDefinition, b: SloDefinition) =>
  (Object.keys(b) as (keyof SloDefinition)[]).filter((k) => canonical(a[k]) !== canonical(b[k]));

export async function planSpecs(ctx: Ctx, result: SpecResult, origin: SpecOrigin): Promise<SpecPlan> {
  authorize(ctx, "read");
  const { rows } = await pool().query<Stored>("SELECT id::text, name, definition, source_file FROM slo");
  const stored = new Map(rows.map((r) => [r.name, r]));
  const plan: SpecPlan = { create: [], update: [], remove: [], unchanged: [], findings: [...result.findings] };
  const named = new Set<string>();
  for (const { slo, source, mapping } of result.slos) {
    const p = { name: slo.name, file: source.file, line: source.line, mapping, definition: slo };
    named.add(slo.name);
    const before = stored.get(slo.name);
    if (!before) plan.create.push(p);
    else if (origin.kind === "folder" && before.source_file === null)
      plan.findings.push(conflict(p, `SLO ${slo.name} was made in Vigil, not in a file: rename one of them`));
    else if (origin.kind === "import" && before.source_file !== null)
      plan.findings.push(conflict(p, `SLO ${slo.name} is defined in ${before.source_file}: change it there`));
    else if (changedFields(before.definition, slo).length)
      plan.update.push({ ...p, fields: changedFields(before.definition, slo) });
    else plan.unchanged.push(slo.name);
  }
  if (origin.kind === "folder") {
    const unreadable = new Set(result.findings.filter((f) => f.severity === "error").map((f) => f.file));
    for (const s of rows)
      if (s.source_file !== null && !named.has(s.name) && !unreadable.has(s.source_file))
        plan.remove.push({ name: s.name, file: s.source_file });
  }
  return plan;
}

async function write(client: pg.PoolClient, ctx: Ctx, plan: SpecPlan, origin: SpecOrigin): Promise<void> {
  const file = (p: PlannedSlo) => (origin.kind === "folder" ? p.file : null);
  for (const p of plan.create) {
    await client.query(
      "INSERT INTO slo (name, service, definition, source_file, created_by) VALUES ($1, $2, $3, $4, $5)",
      [p.name, p.definition.service, p.definition, file(p), ctx.actor.label],
    );
    await recordAudit(client, ctx, {
      action: "slo.create",
      target: { type: "slo", id: p.name },
      summary: { after: p.definition, from: p.file },
    });
  }
  for (const p of plan.update) {
    const { rows } = await client.query<{ id: string; definition: SloDefinition }>(
      "SELECT id::text, definition FROM slo WHERE name = $1 FOR UPDATE",
      [p.name],
    );
    await client.query(
      "UPDATE slo SET service = $2, definition = $3, source_file = $4, updated_at = now() WHERE id = $1",
      [rows[0].id, p.definition.service, p.definition, file(p)],
    );
    await client.query("DELETE FROM slo_status WHERE slo_id = $1", [rows[0].id]);
    await recordAudit(client, ctx, {
      action: "slo.update",
      target: { type: "slo", id: p.name },
      summary: { before: rows[0].definition, after: p.definition, from: p.file },
    });
  }
  for (const r of plan.remove) {
    const { rows } = await client.query<{ definition: SloDefinition }>(
      "DELETE FROM slo WHERE name = $1 RETURNING definition",
      [r.name],
    );
    await recordAudit(client, ctx, {
      action: "slo.delete",
      target: { type: "slo", id: r.name },
      summary: { before: rows[0]?.definition, from: r.file },
    });
  }
}

/** Applies a plan (the folder's, or an import without errors) in one transaction. */
export async function applySpecPlan(ctx: Ctx, plan: SpecPlan, origin: SpecOrigin): Promise<void> {
  authorize(ctx, "services:manage");
  await sqlTransaction((client) => write(client, ctx, plan, origin));
}
