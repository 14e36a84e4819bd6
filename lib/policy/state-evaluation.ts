import type pg from "pg";
import { activeRules } from "./active-rules";
import { evaluateRules } from "./evaluate-rules";
import { environmentOf } from "./policy-resource";
import { snapshotControls } from "./read-controls";
import type { PolicyResource, RuleProblem } from "./schemas";
import type { FindingRecord } from "./finding-records";
import { syncFindings, type SyncResult } from "./store-findings";

// The rules in force over one imported state, in the caller's transaction: findings synced under
// state:<id> and the checks each rule made replaced, then today's control snapshot.

const CHECKS = `INSERT INTO policy_check (state_id, rule_id, environment, checked)
  SELECT $1, "ruleId", environment, count FROM jsonb_to_recordset($2::jsonb) AS x("ruleId" text, environment text, count integer)`;

export interface StateEvaluation extends SyncResult {
  problems: RuleProblem[];
}

export async function applyStateEvaluation(
  client: pg.ClientBase,
  state: { id: string; name: string },
  resources: readonly PolicyResource[],
  actor: string,
): Promise<StateEvaluation> {
  const now = new Date();
  const { rules, problems } = await activeRules();
  const result = evaluateRules(rules, resources);
  const byAddress = new Map(resources.map((resource) => [resource.address, resource]));
  const findings: FindingRecord[] = result.violations.map((violation) => ({
    tool: "vigil",
    ruleId: violation.ruleId,
    title: violation.title,
    severity: violation.severity,
    address: violation.address,
    resourceType: violation.type,
    environment: environmentOf(byAddress.get(violation.address) ?? { tags: {} }),
    file: null,
    lineStart: null,
    lineEnd: null,
    message: violation.message,
    remediation: violation.remediation,
    controls: violation.controls,
    evidence: evidenceOf(byAddress.get(violation.address)),
  }));
  const synced = await syncFindings(client, { key: `state:${state.id}`, name: state.name, actor, now }, findings);
  const counts = new Map<string, { ruleId: string; environment: string; count: number }>();
  for (const [ruleId, checked] of result.checked)
    for (const resource of checked) {
      const environment = environmentOf(resource);
      const key = `${ruleId}\u0000${environment}`;
      const row = counts.get(key) ?? { ruleId, environment, count: 0 };
      row.count += 1;
      counts.set(key, row);
    }
  await client.query("DELETE FROM policy_check WHERE state_id = $1", [state.id]);
  if (counts.size) await client.query(CHECKS, [state.id, JSON.stringify([...counts.values()])]);
  await snapshotControls(client, now);
  return { ...synced, problems: [...problems, ...result.problems] };
}

/** What the auditor sees as evidence: the resource's attributes as the state recorded them, bounded. */
function evidenceOf(resource: PolicyResource | undefined): unknown {
  if (!resource) return {};
  const text = JSON.stringify(resource.attributes);
  return text.length <= 16_384
    ? { attributes: resource.attributes, region: resource.region }
    : { attributesTruncated: text.slice(0, 16_384), region: resource.region };
}
