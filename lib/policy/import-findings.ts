import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { withSpan } from "../telemetry";
import type { FindingRecord } from "./finding-records";
import { syncFindings, type SyncResult } from "./store-findings";

/**
 * A scanner's report (Checkov, tfsec, Trivy, conftest) into the findings: a report replaces the
 * last one of the same tool and file name, so what it no longer reports is resolved. The report
 * is read (and parsed, by its collector) only once the caller may import.
 */
export async function importFindings(
  ctx: Ctx,
  input: { tool: FindingRecord["tool"]; name: string; read: () => Promise<FindingRecord[]> },
): Promise<SyncResult & { tool: string; name: string }> {
  authorize(ctx, "ingest:iac");
  const findings = await input.read();
  return withSpan("importFindings", { "vigil.policy.tool": input.tool, "vigil.policy.findings": findings.length }, () =>
    sqlTransaction(async (client) => {
      const source = { key: `${input.tool}:${input.name}`, name: input.name, actor: ctx.actor.label, now: new Date() };
      const result = await syncFindings(client, source, findings);
      await recordAudit(client, ctx, {
        action: "policy.import_findings",
        target: { type: "policy_import", id: source.key.slice(0, 500) },
        summary: { ...result },
      });
      return { tool: input.tool, name: input.name, ...result };
    }),
  );
}
