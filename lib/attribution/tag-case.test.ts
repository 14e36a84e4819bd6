import { afterAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { importTerraformState } from "@/lib/costs/import-terraform-state";
import { closeDb, pool } from "@/lib/db";
import { addDays } from "@/lib/time";
import { costLine, recordCostLines, uniqueName } from "@/test/factories";
import { allocateCosts } from "./allocate-costs";
import { tagKeysOf } from "./allocation-inputs";
import { UNALLOCATED } from "./reserved-keys";

const ctx = systemCtx("test");

/** A day in 1990 no other test allocates, so the rows read back are this test's alone. */
const randomOldDay = () => addDays("1990-01-01", Math.floor(Math.random() * 3000));

async function allocated(day: string, source: string) {
  await allocateCosts(ctx, { from: day, to: addDays(day, 1) });
  const { rows } = await pool().query<{
    resource_id: string;
    feature: string;
    team: string;
    environment: string;
    app_service: string;
    method: string;
  }>(
    `SELECT resource_id, feature, team, environment, app_service, method FROM cost_allocation
     WHERE day = $1 AND resource_id LIKE $2 ORDER BY resource_id`,
    [day, `${source}-%`],
  );
  return (suffix: string) => rows.find((row) => row.resource_id === `${source}-${suffix}`);
}

describe("tag keys in allocation rules", () => {
  afterAll(closeDb);

  it("configured keys are matched lower-cased, each once, in their order", () => {
    expect(tagKeysOf(["feature", "Feature", "user:Feature", "x_FEATURE", "user:feature"])).toEqual([
      "feature",
      "user:feature",
      "x_feature",
    ]);
    expect(tagKeysOf(["Owner"])).toEqual(["owner"]);
    expect(tagKeysOf([])).toEqual([]);
  });

  it("match whatever the case on the line: Owner is owner, FEATURE is feature, Shared is shared (PostgreSQL)", async () => {
    const day = randomOldDay();
    const source = uniqueName("tag-case");
    const feature = uniqueName("checkout");
    await recordCostLines(ctx, {
      source,
      lines: [
        costLine(day, { resourceId: `${source}-upper`, tags: { FEATURE: feature, Owner: "payments", ENV: "prod" } }),
        costLine(day, { resourceId: `${source}-mixed`, tags: { fEaTuRe: feature, "User:Team": "risk" } }),
        // Both spellings of one key: the lower-case one wins, whatever the order written.
        costLine(day, { resourceId: `${source}-both`, tags: { Env: "staging", env: "prod", Feature: feature } }),
        costLine(day, { resourceId: `${source}-shared`, tags: { Feature: feature, Shared: "TRUE" } }),
        costLine(day, { resourceId: `${source}-none`, tags: { Featur: feature } }),
      ],
    });
    const row = await allocated(day, source);
    expect(row("upper")).toMatchObject({ feature, team: "payments", environment: "prod", method: "tag" });
    expect(row("mixed")).toMatchObject({ feature, team: "risk", method: "tag" });
    expect(row("both")).toMatchObject({ feature, environment: "prod" });
    expect(row("shared")).toMatchObject({ feature: UNALLOCATED, method: "unallocated" });
    expect(row("none")).toMatchObject({ feature: UNALLOCATED });
  });

  it("a line's tag overrides its resource's whatever either's case (PostgreSQL)", async () => {
    const day = randomOldDay();
    const source = uniqueName("tag-inv");
    const resource = `${source}-cache`;
    await importTerraformState(ctx, {
      name: "case.tfstate",
      read: async () => ({
        lineage: uniqueName("lineage"),
        serial: 1,
        terraformVersion: "1.9.0",
        resources: [
          {
            address: "aws_elasticache_cluster.cache",
            module: null,
            type: "aws_elasticache_cluster",
            name: "cache",
            provider: "registry.terraform.io/hashicorp/aws",
            cloudId: resource,
            arn: null,
            tags: { APP: "ledger", TEAM: "core", Env: "prod" },
          },
        ],
      }),
    });
    await recordCostLines(ctx, {
      source,
      lines: [costLine(day, { resourceId: resource, tags: { team: "platform" } })],
    });
    expect((await allocated(day, source))("cache")).toMatchObject({
      app_service: "ledger",
      team: "platform",
      environment: "prod",
    });
  });
});
