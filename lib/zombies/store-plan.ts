import type pg from "pg";
import type { Ctx } from "../context";
import type { FindingRow } from "./finding-records";
import { findingTeardownPlan, type TeardownPlan } from "./teardown-plan";

// An approved finding's teardown plan, stored for download: the removed-block patch and the plan
// command for a Terraform-managed resource, the dry-run-first script for an unmanaged one. None
// when Vigil can not write one (a resource kind it has no CLI commands for): the finding then
// stays "approved" and the person tears it down by hand.

function planFile(row: FindingRow, plan: Exclude<TeardownPlan, { kind: "manual" }>) {
  if (plan.kind === "aws-cli")
    return { kind: plan.kind, name: plan.filename, content: plan.script, check: `bash ${plan.filename}` };
  // Instructions go before the diff, where git apply takes text as commentary.
  const header = [
    `# Vigil teardown plan for ${row.address} (${row.rule}), finding ${row.id}.`,
    "# Apply with git apply, delete the resource block, then run in the root module:",
    ...plan.commands.map((command) => `#   ${command}`),
    ...plan.expect.map((line) => `# The plan must show: ${line}`),
    ...plan.notes.map((line) => `# ${line}`),
    "",
  ];
  return {
    kind: plan.kind,
    name: `vigil-teardown-${row.id.slice(0, 8)}.patch`,
    content: `${header.join("\n")}\n${plan.patch}`,
    check: plan.commands.join(" && "),
  };
}

/** Stores the plan in the caller's transaction; why there is none when Vigil can not write one. */
export async function storePlan(
  client: pg.ClientBase,
  ctx: Ctx,
  row: FindingRow,
): Promise<{ id: string } | { reason: string }> {
  const plan = findingTeardownPlan(row);
  if (plan.kind === "manual") return { reason: plan.reason };
  const file = planFile(row, plan);
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO teardown_plan (finding_id, kind, file_name, content, check_command, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [row.id, file.kind, file.name, file.content, file.check, ctx.actor.label],
  );
  return rows[0];
}
