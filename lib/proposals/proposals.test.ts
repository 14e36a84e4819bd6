import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { roleCtx, uniqueName } from "@/test/factories";
import { privateDatabaseForFile } from "@/test/private-database";
import { AS_OF, type AgentWorld, diffOf, instance, refactorOf, seedWorld } from "@/test/agent-proposals";
import { decideProposal } from "./decide-proposal";
import { getProposal } from "./get-proposal";
import { listProposals } from "./list-proposals";
import { storeProposal } from "./store-proposal";

// The proposal verbs over a real inventory, bill and zombie queue (test/agent-proposals.ts): what
// is stored, what is shown, who decides what, and what an approval changes.

privateDatabaseForFile("proposals");
const admin = roleCtx("admin");
const finops = roleCtx("finops");
const sre = roleCtx("sre");
const viewer = roleCtx("viewer");
let world: AgentWorld;

beforeAll(async () => {
  world = await seedWorld();
}, 60_000);

/** An open, unprotected finding of the seeded volume (its own resource key), with a saving. */
async function openFinding(over: { secondApproval?: boolean } = {}): Promise<string> {
  const { rows } = await pool().query<{ id: string }>(
    `INSERT INTO zombie_finding (rule, resource_key, resource_id, kind, provider, address, name, confidence, protected,
       second_approval, summary, evidence, monthly_savings, currency, team)
     VALUES ('unattached-volume', $1, $2, 'ebs-volume', 'aws', $3, $4, 'high', false, $5, 'idle', '{}', 12, 'USD', 'shop')
     RETURNING id`,
    [uniqueName("key"), world.cloudId.volume, world.address.volume, uniqueName("vol"), over.secondApproval ?? false],
  );
  return rows[0].id;
}

const teardown = (findingIds: string[]) => ({
  kind: "teardown",
  findingIds,
  judgement: "Nothing has attached it since the migration",
  evidenceIds: findingIds.map((id) => `zombie:${id}`),
});

const rightSize = () =>
  refactorOf(
    [world.address.web],
    diffOf(instance(world.address.web, "t3.large"), instance(world.address.web, "t3.medium")),
    { evidenceIds: [`resource:${world.address.web}`] },
  );

const store = (answer: unknown, over: Record<string, unknown> = {}) =>
  storeProposal(admin, { source: "rule-based", answer, asOf: AS_OF, ...over });

const status = async (findingId: string) =>
  (await pool().query<{ status: string }>("SELECT status FROM zombie_finding WHERE id = $1", [findingId])).rows[0]
    .status;

describe("storeProposal", () => {
  it("stores a valid proposal with its checks, title, targets and an audit entry", async () => {
    const finding = await openFinding();
    const view = await store(teardown([finding]));
    expect(view).toMatchObject({
      kind: "teardown",
      status: "valid",
      source: "rule-based",
      title: "Tear down 1 idle resource",
      targets: [`zombie:${finding}`],
      requestedBy: admin.actor.label,
      patchAvailable: false,
      pullRequest: null,
    });
    expect(view.checks.every((c) => c.passed)).toBe(true);
    expect(view.proposal).toMatchObject({ kind: "teardown", findingIds: [finding] });
    const { rows } = await pool().query("SELECT action FROM audit_entry WHERE target_id = $1", [view.id]);
    expect(rows).toEqual([{ action: "proposal.create" }]);
  });

  it("returns the open proposal instead of storing the same one twice, whatever the order of its targets", async () => {
    const [a, b] = [await openFinding(), await openFinding()];
    const first = await store(teardown([a, b]));
    const again = await store(teardown([b, a]), { source: "llm" });
    expect(again.id).toBe(first.id);
    const { rows } = await pool().query("SELECT count(*)::int AS n FROM agent_proposal WHERE $1 = ANY(targets)", [
      `zombie:${a}`,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it("keeps a proposal that fails a check, rejected, with every reason", async () => {
    const view = await store(teardown([world.findings.protectedOne, world.findings.rejected]));
    expect(view.status).toBe("rejected");
    expect(view.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(["findings-open", "not-protected"]);
  });

  it("keeps a failed run rejected with its reason, and an unparsed answer's raw text made storable", async () => {
    const failed = await store(null, { source: "llm", failure: { reason: "timeout", detail: "took too long\0" } });
    expect(failed).toMatchObject({ status: "rejected", proposal: null, kind: "refactor" });
    expect(failed.checks).toEqual([{ name: "answer", passed: false, detail: "timeout: took too long\uFFFD" }]);
    const raw = `{"kind":"teardown" \0 \uD800 ${"x".repeat(80_000)}`;
    const malformed = await store({ kind: "teardown", findingIds: "all" }, { source: "llm", raw });
    expect(malformed.status).toBe("rejected");
    expect(malformed.kind).toBe("teardown");
    expect(malformed.checks[0].name).toBe("schema");
    expect(malformed.raw?.length).toBe(70_000);
    expect(malformed.raw?.startsWith('{"kind":"teardown" \uFFFD \uFFFD xx')).toBe(true);
  });

  it("is refused to a viewer, before anything is stored", async () => {
    await expect(storeProposal(viewer, { source: "llm", answer: {} })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("listProposals and getProposal", () => {
  it("filters, pages newest first with an opaque cursor, and refuses what is not a filter", async () => {
    const finding = await openFinding();
    const newest = await store(teardown([finding]), { source: "llm" });
    const page = await listProposals(viewer, { kind: "teardown", source: "llm", limit: "1" });
    expect(page.items.map((item) => item.id)).toEqual([newest.id]);
    expect(page.items[0]).not.toHaveProperty("proposal");
    expect(page.nextCursor).not.toBeNull();
    const next = await listProposals(viewer, { kind: "teardown", source: "llm", limit: 1, cursor: page.nextCursor! });
    expect(next.items.map((item) => item.id)).not.toContain(newest.id);
    const all = await listProposals(viewer, { limit: 100 });
    const dates = all.items.map((item) => item.createdAt);
    expect([...dates].sort().reverse()).toEqual(dates);
    for (const bad of [
      { limit: 101 },
      { limit: 0 },
      { limit: "1e3" },
      { cursor: "not-a-cursor" },
      { cursor: Buffer.from("2020-01-01T00:00:00Z|x").toString("base64url") },
      { kind: "nuke" },
      { status: "pending" },
      { subject: "a\0b" },
      { subject: "\uDC00" },
    ])
      await expect(listProposals(viewer, bad as never)).rejects.toMatchObject({ code: "bad_request" });
  });

  it("gets one by id; an unknown or malformed id is a 404", async () => {
    const view = await store(rightSize());
    expect(await getProposal(viewer, view.id)).toEqual(view);
    for (const id of [randomUUID(), "not-a-uuid", "' OR 1=1 --", "", "x".repeat(10_000)])
      await expect(getProposal(viewer, id)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("decideProposal", () => {
  it("lets SREs decide refactors and FinOps teardowns and attributions; explanations are not decided", async () => {
    const refactor = await store(rightSize());
    const finding = await openFinding();
    const tear = await store(teardown([finding]));
    const reason = { decision: "reject", reason: "not now" };
    await expect(decideProposal(viewer, refactor.id, reason)).rejects.toMatchObject({ code: "forbidden" });
    await expect(decideProposal(finops, refactor.id, reason)).rejects.toMatchObject({ code: "forbidden" });
    await expect(decideProposal(sre, tear.id, reason)).rejects.toMatchObject({ code: "forbidden" });
    const declined = await decideProposal(sre, refactor.id, reason);
    expect(declined).toMatchObject({ status: "declined", decidedBy: sre.actor.label, decisionReason: "not now" });
    await expect(decideProposal(sre, refactor.id, reason)).rejects.toMatchObject({ code: "conflict" });
    expect((await decideProposal(finops, tear.id, reason)).status).toBe("declined");
    expect(await status(finding)).toBe("new");
    const explanation = await pool().query<{ id: string }>(
      `INSERT INTO agent_proposal (kind, status, source, fingerprint, title, checks, requested_by, body)
       VALUES ('explanation', 'valid', 'llm', $1, 'Explain', '[]', 'test', '{"kind":"explanation"}') RETURNING id`,
      [randomUUID()],
    );
    await expect(decideProposal(admin, explanation.rows[0].id, reason)).rejects.toMatchObject({ code: "conflict" });
  });

  it("refuses a decision on a rejected proposal", async () => {
    const rejected = await store(teardown([world.findings.rejected]));
    await expect(decideProposal(admin, rejected.id, { decision: "approve", reason: "yes" })).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("refuses hostile decisions with a 4xx and changes nothing", async () => {
    const view = await store(rightSize(), { asOf: AS_OF });
    const bad: unknown[] = [
      null,
      "approve",
      {},
      { decision: "approve" },
      { decision: "approve", reason: "" },
      { decision: "approve", reason: "   " },
      { decision: "approve", reason: "x".repeat(2001) },
      { decision: "approve", reason: "a\0b" },
      { decision: "approve", reason: "a\uD800b" },
      { decision: "approve", reason: 42 },
      { decision: "merge", reason: "why" },
      { decision: "approve", reason: "why", confirm: "extra" },
    ];
    for (const input of bad)
      await expect(decideProposal(admin, view.id, input)).rejects.toMatchObject({ code: "bad_request" });
    for (const id of [randomUUID(), "nope", "00000000-0000-0000-0000-00000000000g"])
      await expect(decideProposal(admin, id, { decision: "reject", reason: "why" })).rejects.toMatchObject({
        code: "not_found",
      });
    expect((await getProposal(viewer, view.id)).status).toBe("valid");
    const longest = await decideProposal(admin, view.id, { decision: "reject", reason: `${"é".repeat(1998)}😀` });
    expect(longest.decisionReason).toHaveLength(2000);
  });

  it("approves a refactor; the patch stays unavailable while its builder fails", async () => {
    const view = await store(rightSize());
    const approved = await decideProposal(sre, view.id, { decision: "approve", reason: "measured" });
    expect(approved).toMatchObject({ status: "approved", decidedBy: sre.actor.label, decisionReason: "measured" });
    expect(approved.decidedAt).not.toBeNull();
    const { rows } = await pool().query("SELECT action, reason FROM audit_entry WHERE target_id = $1 ORDER BY seq", [
      view.id,
    ]);
    expect(rows).toEqual([
      { action: "proposal.create", reason: null },
      { action: "proposal.approve", reason: "measured" },
    ]);
  });

  it("approves a teardown's findings through the zombie queue, all or none", async () => {
    const [a, b] = [await openFinding(), await openFinding()];
    const ok = await store(teardown([a, b]));
    const approved = await decideProposal(finops, ok.id, { decision: "approve", reason: "idle for months" });
    expect(approved.status).toBe("approved");
    expect(["approved", "planned"]).toContain(await status(a));
    expect(["approved", "planned"]).toContain(await status(b));
    const events = await pool().query(
      "SELECT action FROM audit_entry WHERE action = 'zombie.approve' AND reason = $1",
      ["idle for months"],
    );
    expect(events.rows).toHaveLength(2);

    // One finding decided on its own page since: the approval is refused and the other stays undecided.
    const [c, d] = [await openFinding(), await openFinding()];
    const stale = await store(teardown([c, d]));
    await pool().query("UPDATE zombie_finding SET status = 'rejected' WHERE id = $1", [d]);
    await expect(decideProposal(finops, stale.id, { decision: "approve", reason: "go" })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await status(c)).toBe("new");
    expect((await getProposal(viewer, stale.id)).status).toBe("valid");

    // A production-like finding needs two people and its name typed: not through a proposal.
    const [e, prod] = [await openFinding(), await openFinding({ secondApproval: true })];
    const production = await store(teardown([e, prod]));
    await expect(decideProposal(admin, production.id, { decision: "approve", reason: "go" })).rejects.toThrow(
      /production-like/,
    );
    expect(await status(e)).toBe("new");
  });
});
