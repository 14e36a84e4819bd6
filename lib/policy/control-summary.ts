// Controls' pass/fail counts per environment: every check a rule made counts for each control the
// rule maps to; a check with an open finding fails it, a waived one is counted apart, the rest pass.

export interface RuleCount {
  ruleId: string;
  environment: string;
  count: number;
}

export interface ControlRow {
  control: string;
  environment: string;
  checked: number;
  passed: number;
  failed: number;
  waived: number;
}

export function controlSummary(
  checks: readonly RuleCount[],
  failed: readonly RuleCount[],
  waived: readonly RuleCount[],
  controlsOf: (ruleId: string) => readonly string[],
): ControlRow[] {
  const rows = new Map<string, ControlRow>();
  const add = (counts: readonly RuleCount[], field: "checked" | "failed" | "waived") => {
    for (const { ruleId, environment, count } of counts)
      for (const control of controlsOf(ruleId)) {
        const key = `${control}\u0000${environment}`;
        const row = rows.get(key) ?? { control, environment, checked: 0, passed: 0, failed: 0, waived: 0 };
        row[field] += count;
        rows.set(key, row);
      }
  };
  add(checks, "checked");
  add(failed, "failed");
  add(waived, "waived");
  for (const row of rows.values()) row.passed = Math.max(0, row.checked - row.failed - row.waived);
  return [...rows.values()].sort(
    (a, b) => a.control.localeCompare(b.control) || a.environment.localeCompare(b.environment),
  );
}
