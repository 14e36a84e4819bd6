import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { pool, sqlTransaction } from "../db";
import type { ControlRow } from "./control-summary";
import { FINDING_COLUMNS, type FindingRow, type FindingView, SEVERITY_RANK, toFindingView } from "./finding-records";
import { readControls } from "./read-controls";

/** The most findings one report lists; the controls' counts cover all of them. */
const REPORT_FINDINGS = 10_000;

export interface ComplianceReport {
  exportedAt: string;
  exportedBy: string;
  /** The audit trail's head once this export's own entry was appended: the report's anchor. */
  auditHead: { seq: string; hash: string };
  controls: ControlRow[];
  findings: FindingView[];
  truncated: boolean;
}

/**
 * What an auditor takes away: controls with pass/fail per environment and the open and waived
 * findings with their evidence and remediation. The export is itself audited, and the hash of
 * that entry is the audit-trail head the report was taken at.
 */
export async function exportComplianceReport(ctx: Ctx): Promise<ComplianceReport> {
  authorize(ctx, "read");
  const [controls, findings] = await Promise.all([
    readControls(pool()),
    pool().query<FindingRow>(
      `SELECT ${FINDING_COLUMNS} FROM policy_finding f WHERE f.status IN ('open', 'waived')
       ORDER BY ${SEVERITY_RANK}, f.id LIMIT ${REPORT_FINDINGS + 1}`,
    ),
  ]);
  const head = await sqlTransaction((client) =>
    recordAudit(client, ctx, {
      action: "policy.export_report",
      target: { type: "compliance_report", id: "controls" },
      summary: { controls: controls.length, findings: Math.min(findings.rows.length, REPORT_FINDINGS) },
    }),
  );
  return {
    exportedAt: new Date().toISOString(),
    exportedBy: ctx.actor.label,
    auditHead: { seq: head.seq.toString(), hash: head.hash },
    controls,
    findings: findings.rows.slice(0, REPORT_FINDINGS).map(toFindingView),
    truncated: findings.rows.length > REPORT_FINDINGS,
  };
}
