import { beforeAll, describe, expect, it } from "vitest";
import { allocateCosts } from "@/lib/attribution/allocate-costs";
import { UNALLOCATED } from "@/lib/attribution/reserved-keys";
import { pool } from "@/lib/db";
import { AS_OF } from "@/test/agent-proposals";
import { costLine, recordCostLines, roleCtx, uniqueName } from "@/test/factories";
import { privateDatabaseForFile } from "@/test/private-database";
import { decideProposal } from "./decide-proposal";
import { generateProposals } from "./generate-proposals";
import { getProposal } from "./get-proposal";
import { listProposals } from "./list-proposals";
import { storeProposal } from "./store-proposal";

// Unallocated spend with a signal (a project tag naming a feature, a resource named after one) is
// proposed by the templates, validated, and once approved the allocation takes it out of
// UNALLOCATED: the mapping after the line's own feature tag, before any telemetry split.

privateDatabaseForFile("proposals_attr");
const admin = roleCtx("admin");
const finops = roleCtx("finops");
const feature = uniqueName("checkout");
const other = uniqueName("search");
const ids = {
  tagged: uniqueName("i-tagged"),
  named: `i-${feature}-worker`,
  ownTag: uniqueName("i-own"),
  silent: uniqueName("i-silent"),
};
const window = { from: "2031-03-01", to: "2031-04-01" };

beforeAll(async () => {
  await pool().query(
    "INSERT INTO feature (id, key, name, team, updated_at) VALUES (gen_random_uuid(), $1, $1, 'shop', now())",
    [feature],
  );
  const days = ["2031-03-05", "2031-03-20"];
  const lines = days.flatMap((day) => [
    costLine(day, { resourceId: ids.tagged, effectiveCost: "7", billedCost: "7", tags: { Project: feature } }),
    costLine(day, { resourceId: ids.named, effectiveCost: "3", billedCost: "3" }),
    costLine(day, {
      resourceId: ids.ownTag,
      effectiveCost: "5",
      billedCost: "5",
      tags: { feature: other, project: feature },
    }),
    costLine(day, { resourceId: ids.silent, effectiveCost: "2", billedCost: "2" }),
  ]);
  await recordCostLines(finops, { source: uniqueName("attr-bill"), lines });
  await allocateCosts(admin, window);
}, 60_000);

/** Effective cost per resource and feature over March 2031. */
async function allocated(): Promise<Record<string, Record<string, string>>> {
  const { rows } = await pool().query<{ resource_id: string; feature: string; cost: string }>(
    `SELECT resource_id, feature, sum(effective_cost)::numeric(20,2)::text AS cost FROM cost_allocation
     WHERE day >= $1::date AND day < $2::date AND resource_id = ANY($3::text[]) GROUP BY 1, 2`,
    [window.from, window.to, Object.values(ids)],
  );
  const out: Record<string, Record<string, string>> = {};
  for (const row of rows) out[row.resource_id] = { ...out[row.resource_id], [row.feature]: row.cost };
  return out;
}

describe("attribution proposals", () => {
  it("are generated from the signals in unallocated spend, validated, and moved out of UNALLOCATED when approved", async () => {
    expect(await allocated()).toEqual({
      [ids.tagged]: { [UNALLOCATED]: "14.00" },
      [ids.named]: { [UNALLOCATED]: "6.00" },
      [ids.ownTag]: { [other]: "10.00" },
      [ids.silent]: { [UNALLOCATED]: "4.00" },
    });
    const result = await generateProposals(admin, { asOf: AS_OF });
    expect(result).toMatchObject({ source: "rule-based", valid: 2, rejected: 0 });
    const { items } = await listProposals(admin, { kind: "attribution", status: "valid" });
    const byType = Object.fromEntries(items.map((item) => [item.targets[0].includes("=") ? "tag" : "resource", item]));
    expect(byType.tag.targets).toEqual([`Project=${feature}`]);
    expect(byType.resource.targets).toEqual([ids.named]);
    expect(items.every((item) => item.checks.every((c) => c.passed))).toBe(true);

    // A second round finds the same signals open: nothing stored twice.
    expect(await generateProposals(admin, { asOf: AS_OF })).toMatchObject({ stored: 0, skipped: 2 });

    // A narrower proposal for the tagged resource alone, made stale by the tag rule's approval.
    const narrower = await storeProposal(admin, {
      source: "llm",
      asOf: AS_OF,
      answer: {
        kind: "attribution",
        mapping: { type: "resource-feature", resourceIds: [ids.tagged], feature },
        rationale: "its project tag",
        evidenceIds: [`bill:${ids.tagged}`],
      },
    });
    expect(narrower.status).toBe("valid");

    await decideProposal(finops, byType.tag.id, { decision: "approve", reason: "Project is our feature tag too" });
    expect(await allocated()).toEqual({
      [ids.tagged]: { [feature]: "14.00" },
      [ids.named]: { [UNALLOCATED]: "6.00" },
      // The line's own feature tag wins over the mapping.
      [ids.ownTag]: { [other]: "10.00" },
      [ids.silent]: { [UNALLOCATED]: "4.00" },
    });
    expect(await generateProposals(admin, { asOf: AS_OF })).toMatchObject({ superseded: 1, stored: 0 });
    expect((await getProposal(admin, narrower.id)).status).toBe("superseded");
    await decideProposal(finops, byType.resource.id, { decision: "approve", reason: "the worker is checkout's" });
    expect((await allocated())[ids.named]).toEqual({ [feature]: "6.00" });
    const mappings = await pool().query(
      "SELECT type, lower(tag_key) AS key, tag_value, resource_id, feature, created_by FROM allocation_mapping ORDER BY type",
    );
    expect(mappings.rows).toEqual([
      {
        type: "resource-feature",
        key: null,
        tag_value: null,
        resource_id: ids.named,
        feature,
        created_by: finops.actor.label,
      },
      {
        type: "tag-rule",
        key: "project",
        tag_value: feature,
        resource_id: null,
        feature,
        created_by: finops.actor.label,
      },
    ]);
    // The allocation keeps the mappings on every later run.
    await allocateCosts(admin, window);
    expect((await allocated())[ids.tagged]).toEqual({ [feature]: "14.00" });
  });
});
