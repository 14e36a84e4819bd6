import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { VigilError } from "../errors";
import { parseInput } from "../validation";
import {
  type Approval,
  FINDING_COLUMNS,
  type FindingRow,
  lockFinding,
  recordEvent,
  toFindingView,
  UNDECIDED,
} from "./finding-records";
import { storePlan } from "./store-plan";
import { DecisionInput } from "./schemas";

// FinOps decides on a finding: approve (twice, by two people, with the name typed, for a
// production-like resource), reject or snooze with a reason, or mark an approved teardown done.
// Each step is audited and kept in the finding's history.

const MAX_SNOOZE_DAYS = 366;

function refuse(message: string, field = "action"): never {
  throw new VigilError("conflict", message, { field });
}

function checkApproval(row: FindingRow, ctx: Ctx, confirm: string | undefined): void {
  if (!UNDECIDED.includes(row.status))
    refuse(`the finding is ${row.status}; only new, notified or snoozed ones are approved`);
  if (row.protected)
    refuse(`the resource is protected (${row.protected_reason ?? "protected"}) and is never torn down`);
  if (!row.second_approval) return;
  const name = row.name ?? row.resource_id;
  if (confirm !== name)
    throw new VigilError(
      "bad_request",
      `type the resource's name, ${name}, to approve tearing down a production-like resource`,
      {
        field: "confirm",
      },
    );
  if (row.approvals.some((a) => a.actorId === ctx.actor.id))
    refuse("you approved this already: a production-like resource needs a second approver");
}

function snoozeUntil(until: string | undefined, now: Date): Date {
  const date = until ? new Date(until) : null;
  if (!date || date <= now) throw new VigilError("bad_request", "must be a time in the future", { field: "until" });
  if (date.getTime() - now.getTime() > MAX_SNOOZE_DAYS * 86_400_000)
    throw new VigilError("bad_request", `must be within ${MAX_SNOOZE_DAYS} days`, { field: "until" });
  return date;
}

async function approve(client: Parameters<typeof lockFinding>[0], ctx: Ctx, row: FindingRow, reason: string) {
  const approvals: Approval[] = [
    ...row.approvals,
    { actor: ctx.actor.label, actorId: ctx.actor.id, at: new Date().toISOString(), reason },
  ];
  const needed = row.second_approval ? 2 : 1;
  if (approvals.length < needed) {
    await client.query("UPDATE zombie_finding SET approvals = $2::jsonb, updated_at = now() WHERE id = $1", [
      row.id,
      JSON.stringify(approvals),
    ]);
    return { status: row.status, step: `approve (${approvals.length} of ${needed})` };
  }
  const plan = await storePlan(client, ctx, row);
  const status = "id" in plan ? "planned" : "approved";
  await client.query(
    `UPDATE zombie_finding SET approvals = $2::jsonb, status = $3, approved_savings = monthly_savings,
       snoozed_until = NULL, updated_at = now() WHERE id = $1`,
    [row.id, JSON.stringify(approvals), status],
  );
  const step = needed > 1 ? `approve (${needed} of ${needed})` : "approve";
  return "id" in plan ? { status, step, plan: plan.id } : { status, step, noPlan: plan.reason };
}

/** Applies one decision; the finding as it now is. */
export async function decideZombie(ctx: Ctx, id: string, input: unknown, now = new Date()) {
  authorize(ctx, "costs:manage");
  const decision = parseInput(DecisionInput, input);
  return sqlTransaction((client) => applyZombieDecision(client, ctx, id, decision, now));
}

/**
 * decideZombie's work in the caller's transaction, for a verb that decides several findings at once
 * (an approved teardown proposal) and must leave none decided when one is refused. The caller has
 * checked costs:manage and parsed the decision.
 */
export async function applyZombieDecision(
  client: Parameters<typeof lockFinding>[0],
  ctx: Ctx,
  id: string,
  decision: DecisionInput & { reason: string },
  now = new Date(),
) {
  const row = await lockFinding(client, id);
  let outcome: { status: string; step: string; plan?: string; noPlan?: string; until?: Date };
  if (decision.action === "approve") {
    checkApproval(row, ctx, decision.confirm);
    outcome = await approve(client, ctx, row, decision.reason);
  } else if (decision.action === "reject") {
    if (!UNDECIDED.includes(row.status)) refuse(`the finding is ${row.status}; only undecided ones are rejected`);
    await client.query("UPDATE zombie_finding SET status = 'rejected', updated_at = now() WHERE id = $1", [row.id]);
    outcome = { status: "rejected", step: "reject" };
  } else if (decision.action === "snooze") {
    if (!UNDECIDED.includes(row.status)) refuse(`the finding is ${row.status}; only undecided ones are snoozed`);
    const until = snoozeUntil(decision.until, now);
    await client.query(
      "UPDATE zombie_finding SET status = 'snoozed', snoozed_until = $2, updated_at = now() WHERE id = $1",
      [row.id, until],
    );
    outcome = { status: "snoozed", step: "snooze", until };
  } else {
    if (row.status !== "approved" && row.status !== "planned")
      refuse(`the finding is ${row.status}; only an approved teardown is marked done`);
    await client.query("UPDATE zombie_finding SET status = 'done', updated_at = now() WHERE id = $1", [row.id]);
    outcome = { status: "done", step: "done" };
  }
  const detail = {
    from: row.status,
    to: outcome.status,
    until: outcome.until?.toISOString(),
    plan: outcome.plan,
    noPlan: outcome.noPlan,
  };
  await recordEvent(client, row.id, {
    actor: ctx.actor.label,
    action: outcome.step,
    reason: decision.reason,
    detail,
  });
  await recordAudit(client, ctx, {
    action: `zombie.${decision.action}`,
    target: { type: "zombie", id: `${row.rule}:${row.resource_key}` },
    summary: { ...detail, step: outcome.step, savings: row.monthly_savings, currency: row.currency },
    reason: decision.reason,
  });
  const { rows } = await client.query<FindingRow>(`SELECT ${FINDING_COLUMNS} FROM zombie_finding f WHERE f.id = $1`, [
    row.id,
  ]);
  return toFindingView(rows[0]);
}
