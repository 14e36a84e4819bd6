import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { closeDb, db } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { roleCtx, uniqueName } from "@/test/factories";
import { importTerraformState } from "./import-terraform-state";

const ctx = systemCtx("test");
const SAMPLE = fs.readFileSync(path.resolve(import.meta.dirname, "../../collectors/iac/fixtures/aws_lb_listener.tfstate"), "utf8");

/** The sample under a lineage of its own, so tests do not replace each other's inventory. */
function sample(lineage: string, serial = 575): string {
  return JSON.stringify({ ...JSON.parse(SAMPLE), lineage, serial });
}

describe("importTerraformState (PostgreSQL)", () => {
  afterAll(closeDb);

  it("the driftctl aws_lb_listener state yields its 6 managed resources; the data source is not one", async () => {
    const lineage = uniqueName("lineage");
    const result = await importTerraformState(ctx, { name: "aws_lb_listener.tfstate", text: sample(lineage) });
    expect(result).toMatchObject({ lineage, serial: 575, resources: 6 });
    const items = await db().inventoryResource.findMany({ where: { stateId: result.stateId }, orderBy: { address: "asc" } });
    expect(items.map((item) => item.address)).toEqual([
      "aws_internet_gateway.gw",
      "aws_lb.test",
      "aws_lb_listener.front_end",
      "aws_lb_target_group.test",
      "aws_security_group.lb_sg",
      "aws_subnet.main-1",
    ]);
    const lb = items.find((item) => item.type === "aws_lb");
    expect(lb?.provider).toBe("registry.terraform.io/hashicorp/aws");
    expect(lb?.cloudId).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:533948124879:loadbalancer\/app\//);
  });

  it("a newer serial of the same lineage replaces its resources; an older one is refused", async () => {
    const lineage = uniqueName("lineage");
    await importTerraformState(ctx, { name: "a.tfstate", text: sample(lineage, 10) });
    const state = JSON.parse(sample(lineage, 11));
    state.resources = state.resources.filter((resource: { type: string }) => resource.type !== "aws_subnet");
    state.resources.push({ mode: "managed", type: "aws_instance", name: "web", module: "module.app", provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [0, 1].map((index) => ({ index_key: index, attributes: { id: `i-${index}`, tags: { team: "payments" } } })) });
    const newer = await importTerraformState(ctx, { name: "a.tfstate", text: JSON.stringify(state) });
    expect(newer.resources).toBe(7);
    const web = await db().inventoryResource.findMany({ where: { stateId: newer.stateId, type: "aws_instance" }, orderBy: { address: "asc" } });
    expect(web.map(({ address, cloudId, tags, module }) => ({ address, cloudId, tags, module }))).toEqual([
      { address: "module.app.aws_instance.web[0]", cloudId: "i-0", tags: { team: "payments" }, module: "module.app" },
      { address: "module.app.aws_instance.web[1]", cloudId: "i-1", tags: { team: "payments" }, module: "module.app" },
    ]);
    await expect(importTerraformState(ctx, { name: "a.tfstate", text: sample(lineage, 9) })).rejects.toThrow(/serial 9 is older than the imported serial 11/);
  });

  it("rejects what is not a v4 state with the file and where", async () => {
    const bad = await importTerraformState(ctx, { name: "broken.tfstate", text: '{\n  "version": 4,\n  "serial": oops\n}' }).catch((err: unknown) => err);
    expect(bad).toBeInstanceOf(VigilError);
    expect((bad as VigilError).details).toMatchObject({ file: "broken.tfstate", line: 3 });
    await expect(importTerraformState(ctx, { name: "v3.tfstate", text: JSON.stringify({ version: 3, serial: 1, lineage: "x", modules: [] }) })).rejects.toThrow(/v3\.tfstate: version: only Terraform state format version 4/);
    await expect(importTerraformState(roleCtx("viewer"), { name: "x", text: "{}" })).rejects.toThrow(VigilError);
  });
});
