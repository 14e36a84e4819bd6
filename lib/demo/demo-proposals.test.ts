import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocateCosts } from "@/lib/attribution/allocate-costs";
import { systemCtx } from "@/lib/context";
import { closeDb } from "@/lib/db";
import { loadUnallocated } from "@/lib/agent/load-unallocated";
import { decideProposal } from "@/lib/proposals/decide-proposal";
import { generateProposals } from "@/lib/proposals/generate-proposals";
import { getProposal } from "@/lib/proposals/get-proposal";
import { listProposals } from "@/lib/proposals/list-proposals";
import { utcDay } from "@/lib/time";
import { roleCtx } from "@/test/factories";
import { usePrivateDatabase } from "@/test/private-database";
import { loadDemoTraces } from "./demo-traces";
import { loadDemoZombies } from "./demo-zombies";
import { loadDemo } from "./load-demo";

// The demo as the launcher loads it gives the agent's templates something to propose of both
// kinds, and every proposal they make passes validation against the demo's own data.
beforeAll(async () => {
  await usePrivateDatabase("demoproposals");
}, 60_000);

afterAll(async () => {
  await closeDb();
});

const ctx = systemCtx("test");

describe("the demo's rule-based proposals (PostgreSQL)", () => {
  it("include valid teardowns and attributions, and nothing rejected", async () => {
    const now = new Date();
    const demo = await loadDemo(ctx, utcDay(now));
    await loadDemoTraces(ctx, now.getTime(), 1, 31);
    await allocateCosts(ctx, demo.window);
    await loadDemoZombies(ctx, now);
    const result = await generateProposals(ctx, { asOf: now });
    const { items } = await listProposals(roleCtx("viewer"), { limit: 100 });
    const rejected = items.filter((item) => item.status === "rejected");
    expect(rejected.map((item) => [item.title, item.checks.filter((c) => !c.passed)])).toEqual([]);
    expect(result).toMatchObject({ source: "rule-based", rejected: 0 });
    const kinds = new Set(items.map((item) => item.kind));
    expect([...kinds].sort()).toEqual(["attribution", "teardown"]);
    const attribution = await getProposal(ctx, items.find((item) => item.kind === "attribution")!.id);
    expect(attribution.checks.find((c) => c.name === "matches-unallocated")?.detail).toMatch(/^matches [1-9]/);
    expect(attribution.targets).toEqual(["project=statements"]);

    // Accepted, the pdf renderer's spend leaves unallocated for the statements feature.
    await decideProposal(ctx, attribution.id, { decision: "approve", reason: "project is how that team tags" });
    const mapping = { type: "tag-rule" as const, tagKey: "project", tagValue: "statements", feature: "statements" };
    expect(await loadUnallocated(mapping, now)).toEqual({ rows: 0, cost: "0" });
  }, 240_000);
});
