import type pg from "pg";
import { allRules } from "./active-rules";
import { controlSummary, type ControlRow, type RuleCount } from "./control-summary";

// The one reading of controls: the Compliance page, its export and the daily snapshot all use it.

const CHECKS = `SELECT rule_id AS "ruleId", environment, sum(checked)::int AS count FROM policy_check GROUP BY 1, 2`;
const FINDINGS = `SELECT rule_id AS "ruleId", environment, count(*)::int AS count, controls
  FROM policy_finding WHERE tool = 'vigil' AND status = $1 GROUP BY rule_id, environment, controls`;

export async function readControls(client: pg.ClientBase | pg.Pool): Promise<ControlRow[]> {
  // One after another: `client` may be a transaction's connection, which runs one query at a time.
  const { rules } = await allRules();
  const checks = await client.query<RuleCount>(CHECKS);
  const failed = await client.query<RuleCount & { controls: string[] }>(FINDINGS, ["open"]);
  const waived = await client.query<RuleCount & { controls: string[] }>(FINDINGS, ["waived"]);
  const controls = new Map(rules.map((rule) => [rule.rule.id, rule.rule.controls]));
  // A finding of a rule since removed still counts against the controls it was stored with.
  for (const row of [...failed.rows, ...waived.rows])
    if (!controls.has(row.ruleId)) controls.set(row.ruleId, row.controls);
  return controlSummary(checks.rows, failed.rows, waived.rows, (ruleId) => controls.get(ruleId) ?? []);
}

const SNAPSHOT = `INSERT INTO policy_control_day (day, control, environment, passed, failed)
  SELECT $1::date, control, environment, passed, failed
  FROM jsonb_to_recordset($2::jsonb) AS x(control text, environment text, passed integer, failed integer)`;

/** Today's row of the trend, replaced by each evaluation. */
export async function snapshotControls(client: pg.ClientBase, now: Date): Promise<void> {
  const day = now.toISOString().slice(0, 10);
  const rows = await readControls(client);
  await client.query("DELETE FROM policy_control_day WHERE day = $1::date", [day]);
  if (rows.length) await client.query(SNAPSHOT, [day, JSON.stringify(rows)]);
}
