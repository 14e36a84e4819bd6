import { csvOf } from "../csv";
import type { ComplianceReport } from "./compliance-report";

/** The report as one CSV: a header block with the audit head, then controls, then findings. */
export function reportCsv(report: ComplianceReport): string {
  const rows: (string | number | null)[][] = [
    ["report", "exported_at", "exported_by", "audit_head_seq", "audit_head_hash", "findings_truncated"],
    [
      "Vigil compliance",
      report.exportedAt,
      report.exportedBy,
      report.auditHead.seq,
      report.auditHead.hash,
      String(report.truncated),
    ],
    [],
    ["control", "environment", "checked", "passed", "failed", "waived"],
    ...report.controls.map((c) => [c.control, c.environment || "(untagged)", c.checked, c.passed, c.failed, c.waived]),
    [],
    [
      "finding_id",
      "tool",
      "rule",
      "severity",
      "status",
      "address",
      "environment",
      "file",
      "lines",
      "message",
      "remediation",
      "controls",
      "first_seen",
      "last_seen",
      "waiver_reason",
      "waiver_until",
      "waived_by",
    ],
    ...report.findings.map((f) => [
      f.id,
      f.tool,
      f.ruleId,
      f.severity,
      f.status,
      f.address,
      f.environment,
      f.file,
      f.lineStart === null ? null : `${f.lineStart}-${f.lineEnd ?? f.lineStart}`,
      f.message,
      f.remediation,
      f.controls.join("; "),
      f.firstSeen,
      f.lastSeen,
      f.waiver?.reason ?? null,
      f.waiver?.until ?? null,
      f.waiver?.by ?? null,
    ]),
  ];
  return csvOf(rows);
}
