import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { AS_OF, type AgentWorld, seedWorld } from "@/test/agent-proposals";
import { roleCtx, uniqueName } from "@/test/factories";
import { privateDatabaseForFile } from "@/test/private-database";
import { generateProposals, type ProposalRunner } from "./generate-proposals";
import { getProposal } from "./get-proposal";
import { listProposals } from "./list-proposals";

// Rule-based teardowns: one proposal per team and rule, only of open, unprotected, undecided
// findings that save money, each valid; superseded once its findings are decided elsewhere.

privateDatabaseForFile("proposals_gen");
const admin = roleCtx("admin");
let world: AgentWorld;

async function finding(over: {
  team?: string | null;
  rule?: string;
  savings?: string | null;
  status?: string;
  secondApproval?: boolean;
  protected?: boolean;
  /** The seeded world's volume (its bill and address are evidence); default a resource of its own. */
  worldVolume?: boolean;
  resourceId?: string;
}) {
  const { rows } = await pool().query<{ id: string }>(
    `INSERT INTO zombie_finding (rule, resource_key, resource_id, kind, provider, address, confidence, protected,
       second_approval, summary, evidence, monthly_savings, currency, team, status)
     VALUES ($1, $2, $3, 'ebs-volume', 'aws', $4, 'high', $5, $6, 'idle', '{}', $7, 'USD', $8, $9) RETURNING id`,
    [
      over.rule ?? "unattached-volume",
      uniqueName("key"),
      over.worldVolume ? world.cloudId.volume : (over.resourceId ?? uniqueName("vol")),
      over.worldVolume ? world.address.volume : null,
      over.protected ?? false,
      over.secondApproval ?? false,
      over.savings === undefined ? "4" : over.savings,
      over.team === undefined ? "shop" : over.team,
      over.status ?? "new",
    ],
  );
  return rows[0].id;
}

beforeAll(async () => {
  world = await seedWorld();
}, 60_000);

describe("generateProposals, rule-based", () => {
  it("proposes valid teardowns per team and rule, leaving out what can not or need not be torn down", async () => {
    const shop = [await finding({}), await finding({})];
    const ops = await finding({ team: "ops" });
    const ip = await finding({ rule: "unassociated-ip", team: null, worldVolume: true });
    const left = [
      await finding({ savings: null }),
      await finding({ savings: "0" }),
      await finding({ status: "rejected" }),
      await finding({ status: "snoozed" }),
      await finding({ secondApproval: true }),
      await finding({ protected: true }),
    ];
    const result = await generateProposals(admin, { asOf: AS_OF });
    expect(result).toMatchObject({ source: "rule-based", runId: null, valid: 3, rejected: 0 });
    const { items } = await listProposals(admin, { kind: "teardown" });
    const sets = items.map((item) => [...item.targets].sort());
    expect(sets).toEqual(
      expect.arrayContaining([shop.map((id) => `zombie:${id}`).sort(), [`zombie:${ops}`], [`zombie:${ip}`]]),
    );
    for (const id of left) expect(sets.flat()).not.toContain(`zombie:${id}`);
    const view = await getProposal(admin, items.find((item) => item.targets.includes(`zombie:${ip}`))!.id);
    expect(view.proposal).toMatchObject({
      judgement: expect.stringMatching(/^1 unassociated-ip finding\(s\) with no owning team: The address/),
      evidenceIds: expect.arrayContaining([
        `zombie:${ip}`,
        `resource:${world.address.volume}`,
        `bill:${world.cloudId.volume}`,
      ]),
    });
    expect(view.status).toBe("valid");
    expect(view.monthlySavings.currency).toBe("USD");

    // Once a finding is decided on its own page the proposal is superseded, and the rest proposed again.
    await pool().query("UPDATE zombie_finding SET status = 'rejected' WHERE id = $1", [shop[1]]);
    const again = await generateProposals(admin, { asOf: AS_OF });
    expect(again).toMatchObject({ superseded: 1, valid: 1 });
    const open = await listProposals(admin, { kind: "teardown", status: "valid" });
    expect(
      open.items
        .map((item) => item.targets)
        .flat()
        .sort(),
    ).toEqual([`zombie:${shop[0]}`, `zombie:${ops}`, `zombie:${ip}`].sort());
    expect((await listProposals(admin, { kind: "teardown", status: "superseded" })).items).toHaveLength(1);
  });

  it("tears a resource two rules matched down once, under the rule that saves most", async () => {
    const resourceId = uniqueName("i");
    const stopped = await finding({ rule: "stopped-instance", resourceId, savings: "3", team: "twice" });
    const expired = await finding({ rule: "expired", resourceId, savings: "9", team: "twice" });
    await generateProposals(admin, { asOf: AS_OF });
    const targets = (await listProposals(admin, { kind: "teardown", status: "valid", limit: 100 })).items.flatMap(
      (item) => item.targets,
    );
    expect(targets).toContain(`zombie:${expired}`);
    expect(targets).not.toContain(`zombie:${stopped}`);
    // Asked again, the resource's open proposal covers it: the other finding is not proposed either.
    await generateProposals(admin, { asOf: AS_OF });
    const again = (await listProposals(admin, { kind: "teardown", status: "valid", limit: 100 })).items.flatMap(
      (item) => item.targets,
    );
    expect(again).not.toContain(`zombie:${stopped}`);
  });

  it("stores a failed model run rejected with its reason, and falls back to the templates without a model", async () => {
    const failing: ProposalRunner = async () => ({
      source: "llm",
      runId: "0b6f3a0e-6f0e-4d38-9d38-1f3d7f1f8c11",
      model: "m",
      outcome: "failed",
      reason: "timeout",
      detail: "the run took longer than its time budget",
    });
    expect(await generateProposals(admin, { asOf: AS_OF, runner: failing })).toMatchObject({
      source: "llm",
      rejected: 1,
    });
    const [stored] = (await listProposals(admin, { source: "llm" })).items;
    expect(stored).toMatchObject({ status: "rejected", runId: "0b6f3a0e-6f0e-4d38-9d38-1f3d7f1f8c11", model: "m" });
    expect(stored.checks).toEqual([
      { name: "answer", passed: false, detail: "timeout: the run took longer than its time budget" },
    ]);
    const none: ProposalRunner = async () => ({ source: "rule-based" });
    expect(await generateProposals(admin, { asOf: AS_OF, runner: none })).toMatchObject({ source: "rule-based" });
  });

  it("is refused to a viewer", async () => {
    await expect(generateProposals(roleCtx("viewer"))).rejects.toMatchObject({ code: "forbidden" });
  });
});
