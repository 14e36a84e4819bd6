import { afterAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { closeDb, db } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { roleCtx, uniqueName } from "@/test/factories";
import { importStateFile } from "./import-state-file";
import { SAMPLE_ADDRESSES, SAMPLE_STATE } from "./test-sample-state";

const ctx = systemCtx("test");

/** The sample under a lineage of its own, so tests do not replace each other's inventory. */
function sample(lineage: string, serial = 575): string {
  return JSON.stringify({ ...JSON.parse(SAMPLE_STATE), lineage, serial });
}

describe("importTerraformState (PostgreSQL)", () => {
  afterAll(closeDb);

  it("the driftctl aws_lb_listener state yields its 6 managed resources; the data source is not one", async () => {
    const lineage = uniqueName("lineage");
    const result = await importStateFile(ctx, { name: "aws_lb_listener.tfstate", text: sample(lineage) });
    expect(result).toMatchObject({ lineage, serial: 575, resources: 6 });
    const items = await db().inventoryResource.findMany({
      where: { stateId: result.stateId },
      orderBy: { address: "asc" },
    });
    expect(items.map((item) => item.address)).toEqual(SAMPLE_ADDRESSES);
    const lb = items.find((item) => item.type === "aws_lb");
    expect(lb?.provider).toBe("registry.terraform.io/hashicorp/aws");
    expect(lb?.cloudId).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:533948124879:loadbalancer\/app\//);
  });

  it("a newer serial of the same lineage replaces its resources; an older one is refused", async () => {
    const lineage = uniqueName("lineage");
    await importStateFile(ctx, { name: "a.tfstate", text: sample(lineage, 10) });
    const state = JSON.parse(sample(lineage, 11));
    state.resources = state.resources.filter((resource: { type: string }) => resource.type !== "aws_subnet");
    state.resources.push({
      mode: "managed",
      type: "aws_instance",
      name: "web",
      module: "module.app",
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [0, 1].map((index) => ({
        index_key: index,
        attributes: { id: `i-${index}`, tags: { team: "payments" } },
      })),
    });
    const newer = await importStateFile(ctx, { name: "a.tfstate", text: JSON.stringify(state) });
    expect(newer.resources).toBe(7);
    const web = await db().inventoryResource.findMany({
      where: { stateId: newer.stateId, type: "aws_instance" },
      orderBy: { address: "asc" },
    });
    expect(web.map(({ address, cloudId, tags, module }) => ({ address, cloudId, tags, module }))).toEqual([
      { address: "module.app.aws_instance.web[0]", cloudId: "i-0", tags: { team: "payments" }, module: "module.app" },
      { address: "module.app.aws_instance.web[1]", cloudId: "i-1", tags: { team: "payments" }, module: "module.app" },
    ]);
    await expect(importStateFile(ctx, { name: "a.tfstate", text: sample(lineage, 9) })).rejects.toThrow(
      /serial 9 is older than the imported serial 11/,
    );
  });

  it("rejects what is not a v4 state with the file and where", async () => {
    const bad = await importStateFile(ctx, {
      name: "broken.tfstate",
      text: '{\n  "version": 4,\n  "serial": oops\n}',
    }).catch((err: unknown) => err);
    expect(bad).toBeInstanceOf(VigilError);
    expect((bad as VigilError).details).toMatchObject({ file: "broken.tfstate", line: 3 });
    await expect(
      importStateFile(ctx, {
        name: "v3.tfstate",
        text: JSON.stringify({ version: 3, serial: 1, lineage: "x", modules: [] }),
      }),
    ).rejects.toThrow(/v3\.tfstate: version: only Terraform state format version 4/);
    await expect(importStateFile(roleCtx("viewer"), { name: "x", text: "{}" })).rejects.toThrow(VigilError);
  });
});

describe("importTerraformState: every field with adversarial values (PostgreSQL)", () => {
  afterAll(closeDb);

  /** A one-resource state whose JSON text is edited: raw text lets a case hold 1e400 or a \ud800 escape. */
  function stateText(
    edit: {
      serial?: string;
      lineage?: string;
      id?: string;
      tags?: string;
      type?: string;
      name?: string;
      module?: string;
      provider?: string;
      indexKey?: string;
      version?: string;
      terraformVersion?: string;
    },
    lineage = uniqueName("lineage"),
  ): string {
    return `{"version":${edit.version ?? "4"},"terraform_version":${edit.terraformVersion ?? '"1.9.0"'},"serial":${edit.serial ?? "1"},"lineage":${edit.lineage ?? JSON.stringify(lineage)},"resources":[{"mode":"managed","type":${edit.type ?? '"aws_instance"'},"name":${edit.name ?? '"web"'},${edit.module ? `"module":${edit.module},` : ""}"provider":${edit.provider ?? '"provider[\\"registry.terraform.io/hashicorp/aws\\"]"'},"instances":[{${edit.indexKey ? `"index_key":${edit.indexKey},` : ""}"attributes":{"id":${edit.id ?? '"i-1"'},"tags":${edit.tags ?? '{"team":"a"}'}}}]}]}`;
  }

  const REFUSED: [string, Parameters<typeof stateText>[0], string, RegExp][] = [
    ["serial above int4", { serial: "3000000000" }, "serial", /above 2147483647/],
    ["serial uint64 max", { serial: "18446744073709551615" }, "serial", /above 2147483647/],
    ["serial 1e400", { serial: "1e400" }, "serial", /./],
    ["negative serial", { serial: "-1" }, "serial", /negative/],
    ["fractional serial", { serial: "1.5" }, "serial", /whole number/],
    ["serial as text", { serial: '"1"' }, "serial", /./],
    ["serial null", { serial: "null" }, "serial", /./],
    ["NUL in lineage", { lineage: '"a\\u0000b"' }, "lineage", /NUL/],
    ["lone surrogate in lineage", { lineage: '"a\\ud800"' }, "lineage", /lone surrogate/],
    ["1 MB lineage", { lineage: JSON.stringify("l".repeat(1024 * 1024)) }, "lineage", /longer than 256/],
    ["empty lineage", { lineage: '""' }, "lineage", /./],
    ["NUL in id", { id: '"i-\\u0000"' }, "resources.0.instances.0.attributes.id", /NUL/],
    ["lone surrogate in id", { id: '"\\udc00"' }, "resources.0.instances.0.attributes.id", /lone surrogate/],
    ["huge id", { id: JSON.stringify("i".repeat(5000)) }, "resources.0.instances.0.attributes.id", /longer than 2048/],
    ["NUL in a tag value", { tags: '{"team":"a\\u0000"}' }, "resources.0.instances.0.attributes.tags.team", /NUL/],
    ["NUL in a tag key", { tags: '{"te\\u0000am":"a"}' }, "resources.0.instances.0.attributes.tags.te\u0000am", /NUL/],
    [
      "lone surrogate in a tag",
      { tags: '{"team":"\\ud800"}' },
      "resources.0.instances.0.attributes.tags.team",
      /lone surrogate/,
    ],
    [
      "NUL inside a list tag value",
      { tags: '{"team":["\\u0000"]}' },
      "resources.0.instances.0.attributes.tags.team",
      /NUL/,
    ],
    [
      "huge tag value",
      { tags: JSON.stringify({ team: "t".repeat(5000) }) },
      "resources.0.instances.0.attributes.tags.team",
      /longer than 4096/,
    ],
    ["NUL in type", { type: '"aws\\u0000"' }, "resources.0.type", /NUL/],
    ["empty name", { name: '""' }, "resources.0.name", /./],
    ["huge module", { module: JSON.stringify("m".repeat(5000)) }, "resources.0.module", /longer than 4096/],
    ["NUL in provider", { provider: '"p\\u0000"' }, "resources.0.provider", /NUL/],
    ["negative index", { indexKey: "-1" }, "resources.0.instances.0.index_key", /./],
    ["huge index", { indexKey: "1e400" }, "resources.0.instances.0.index_key", /./],
    ["NUL in terraform_version", { terraformVersion: '"1\\u0000"' }, "terraform_version", /NUL/],
    ["version 5", { version: "5" }, "version", /version 4/],
  ];

  it.each(REFUSED)("%s is a 400 naming the field", async (_label, edit, field, message) => {
    const err = await importStateFile(ctx, { name: "bad.tfstate", text: stateText(edit) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VigilError);
    expect((err as VigilError).status).toBe(400);
    expect((err as VigilError).details).toMatchObject({ file: "bad.tfstate", field });
    expect((err as VigilError).message).toMatch(message);
  });

  it("a duplicate address and a NUL in the file name are 400s", async () => {
    const state = JSON.parse(stateText({}));
    state.resources.push(state.resources[0]);
    const dup = await importStateFile(ctx, { name: "dup.tfstate", text: JSON.stringify(state) }).catch(
      (e: unknown) => e,
    );
    expect((dup as VigilError).status).toBe(400);
    expect((dup as VigilError).message).toMatch(/dup\.tfstate: resources: aws_instance\.web appears twice/);
    const named = await importStateFile(ctx, { name: "a\u0000.tfstate", text: stateText({}) }).catch((e: unknown) => e);
    expect((named as VigilError).details).toMatchObject({ field: "name" });
  });

  it("stores the largest serial, an emoji tag, and an empty or null tag value", async () => {
    const result = await importStateFile(ctx, {
      name: "edge.tfstate",
      text: stateText({ serial: "2147483647", tags: '{"team":"🚀","empty":"","none":null}' }),
    });
    expect(result.serial).toBe(2147483647);
    const items = await db().inventoryResource.findMany({ where: { stateId: result.stateId } });
    expect(items[0].tags).toEqual({ team: "🚀", empty: "", none: "" });
  });
});
