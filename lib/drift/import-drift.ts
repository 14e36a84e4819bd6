import type pg from "pg";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { activeRules } from "../policy/active-rules";
import type { CompiledRule } from "../policy/compile-rule";
import { withSpan } from "../telemetry";
import { oneOf, parseInput, text } from "../validation";
import { DRIFT_FORMATS, type DriftFormat, type ParsedDrift } from "./schemas";
import { distinct, storeObservations } from "./store-observations";
import { storePlanned } from "./store-planned";

export interface ImportDriftResult {
  importId: string;
  drifted: number;
  unmanaged: number;
  missing: number;
  planned: number;
  resolved: number;
  /** The same file as the workspace's latest import of this format: nothing was changed. */
  duplicate: boolean;
  /** What the file states about itself: driftctl's managed, total and coverage; the stream's change_summary. */
  summary: Record<string, unknown>;
}

const ImportDriftInput = z.object({
  format: oneOf(DRIFT_FORMATS),
  workspace: text(200, 1).default("default"),
  name: text(500, 1),
});

/** The window a cause is looked for in: since the workspace's previous detection, or a week. */
const WEEK = 7 * 86_400_000;

/**
 * Records what a drift file shows for a workspace, all or nothing: the file is read (and
 * parsed, by its collector) only once the caller may import, and written in one transaction.
 */
export async function importDrift(
  ctx: Ctx,
  input: {
    format: string;
    workspace?: string;
    name: string;
    read: () => Promise<{ parsed: ParsedDrift; digest: () => string }>;
  },
): Promise<ImportDriftResult> {
  authorize(ctx, "ingest:iac");
  const file = parseInput(ImportDriftInput, {
    format: input.format,
    workspace: input.workspace || undefined,
    name: input.name,
  });
  const { parsed, digest } = await input.read();
  const observations = distinct(parsed.observations);
  const rules = await rulesInForce();
  return withSpan("importDrift", { "vigil.drift.observations": observations.length }, () =>
    sqlTransaction((client) =>
      recordImport(client, ctx, { ...file, digest: digest(), parsed: { ...parsed, observations }, rules }),
    ),
  );
}

/** Policy impact is extra evidence: rules that can not be loaded leave it empty, never fail the import. */
async function rulesInForce(): Promise<CompiledRule[]> {
  try {
    return (await activeRules()).rules;
  } catch {
    return [];
  }
}

type ImportFile = z.output<typeof ImportDriftInput> & {
  digest: string;
  parsed: ParsedDrift;
  rules: readonly CompiledRule[];
};

function countsOf(parsed: ParsedDrift) {
  const count = (kind: string) => parsed.observations.filter((o) => o.kind === kind).length;
  return {
    drifted: count("changed"),
    unmanaged: count("unmanaged"),
    missing: count("missing"),
    planned: parsed.planned.length,
    summary: parsed.summary,
  };
}

/** The workspace's latest import of this format: a file equal to it is not imported again. */
async function latestImport(client: pg.ClientBase, workspace: string, format: string) {
  const { rows } = await client.query<{
    id: string;
    content_hash: string;
    detected_at: Date;
    tool_version: string | null;
  }>(
    `SELECT id, content_hash, detected_at, tool_version FROM drift_import WHERE workspace = $1 AND format = $2
      ORDER BY imported_at DESC, detected_at DESC LIMIT 1`,
    [workspace, format],
  );
  return rows[0];
}

async function recordImport(client: pg.ClientBase, ctx: Ctx, file: ImportFile): Promise<ImportDriftResult> {
  const { workspace, format, name, parsed } = file;
  const counts = countsOf(parsed);
  await client.query("SELECT pg_advisory_xact_lock(hashtext('vigil:drift:' || $1))", [workspace]);
  const prior = await latestImport(client, workspace, format);
  if (prior?.content_hash === file.digest) return { importId: prior.id, ...counts, resolved: 0, duplicate: true };
  const at = parsed.detectedAt ?? new Date();
  const inserted = await client.query<{ id: string }>(
    `INSERT INTO drift_import (workspace, format, name, content_hash, tool_version, detected_at, drifted, unmanaged, missing,
       planned, resolved, summary, imported_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11::jsonb, $12) RETURNING id`,
    [
      workspace,
      format,
      name,
      file.digest,
      parsed.toolVersion,
      at,
      counts.drifted,
      counts.unmanaged,
      counts.missing,
      counts.planned,
      JSON.stringify(parsed.summary),
      ctx.actor.label,
    ],
  );
  const importId = inserted.rows[0].id;
  const scope = {
    importId,
    workspace,
    format: format as DriftFormat,
    at,
    windowFrom: prior && prior.detected_at < at ? prior.detected_at : new Date(at.getTime() - WEEK),
    previousVersion: prior?.tool_version ?? null,
    rules: file.rules,
  };
  const resolved = await storeObservations(client, scope, parsed);
  await storePlanned(client, scope, parsed.planned);
  await client.query(`UPDATE drift_import SET resolved = $2 WHERE id = $1`, [importId, resolved]);
  await recordAudit(client, ctx, {
    action: "drift.import",
    target: { type: "drift_import", id: importId },
    summary: { name, workspace, format, ...counts, resolved, toolVersion: parsed.toolVersion },
  });
  return { importId, ...counts, resolved, duplicate: false };
}
