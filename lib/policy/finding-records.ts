// A policy finding as a source reports it, and as the API and the Compliance page show it.

/** A finding as a state's evaluation or a scanner's report gives it: what syncFindings stores. */
export interface FindingRecord {
  tool: "vigil" | "checkov" | "tfsec" | "trivy" | "conftest";
  ruleId: string;
  title: string;
  severity: "critical" | "high" | "medium" | "low" | "info";
  address: string;
  resourceType: string;
  environment: string;
  file: string | null;
  lineStart: number | null;
  lineEnd: number | null;
  message: string;
  remediation: string;
  controls: string[];
  evidence: unknown;
}

/** The stored finding: the record (tool and severity as the database holds them) and its history. */
export interface FindingView extends Omit<FindingRecord, "tool" | "severity"> {
  id: string;
  tool: string;
  severity: string;
  source: string;
  status: string;
  firstSeen: string;
  lastSeen: string;
  resolvedAt: string | null;
  waiver: { reason: string; until: string; by: string; at: string } | null;
}

export const SEVERITY_RANK =
  "CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END";

export const FINDING_COLUMNS = `f.id, f.tool, f.rule_id, f.title, f.severity, f.address, f.resource_type, f.environment, f.source,
  f.file, f.line_start, f.line_end, f.message, f.remediation, f.controls, f.evidence, f.status, f.first_seen_at,
  f.last_seen_at, f.resolved_at, f.waiver_reason, f.waiver_until, f.waived_by, f.waived_at, ${SEVERITY_RANK} AS rank`;

export interface FindingRow {
  id: string;
  tool: string;
  rule_id: string;
  title: string;
  severity: string;
  address: string;
  resource_type: string;
  environment: string;
  source: string;
  file: string | null;
  line_start: number | null;
  line_end: number | null;
  message: string;
  remediation: string;
  controls: string[];
  evidence: unknown;
  status: string;
  first_seen_at: Date;
  last_seen_at: Date;
  resolved_at: Date | null;
  waiver_reason: string | null;
  waiver_until: Date | null;
  waived_by: string | null;
  waived_at: Date | null;
  rank: number;
}

export function toFindingView(row: FindingRow): FindingView {
  return {
    id: row.id,
    tool: row.tool,
    ruleId: row.rule_id,
    title: row.title,
    severity: row.severity,
    address: row.address,
    resourceType: row.resource_type,
    environment: row.environment,
    source: row.source,
    file: row.file,
    lineStart: row.line_start,
    lineEnd: row.line_end,
    message: row.message,
    remediation: row.remediation,
    controls: row.controls,
    evidence: row.evidence,
    status: row.status,
    firstSeen: row.first_seen_at.toISOString(),
    lastSeen: row.last_seen_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    waiver:
      row.waiver_reason && row.waiver_until && row.waived_by && row.waived_at
        ? {
            reason: row.waiver_reason,
            until: row.waiver_until.toISOString(),
            by: row.waived_by,
            at: row.waived_at.toISOString(),
          }
        : null,
  };
}
