import { randomInt } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { importTerraformState } from "@/lib/costs/import-terraform-state";
import { closeDb } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { costLine, recordCostLines, roleCtx, uniqueName } from "@/test/factories";
import { importCloudResources } from "./import-cloud-resources";
import { importCloudwatchStatistics } from "./import-cloudwatch-statistics";
import { listUnmanagedResources } from "./list-unmanaged-resources";
import { readCloudResources } from "./read-cloud-resources";
import { readCloudwatchDaily } from "./read-cloudwatch-daily";
import type { CloudResourceRecord, CloudwatchDatapoint } from "./schemas";

// The read verbs the zombie scan uses, over data stored by the import verbs (real PostgreSQL).

const ctx = systemCtx("test");

function volume(id: string, account: string, extra: Partial<CloudResourceRecord> = {}): CloudResourceRecord {
  return {
    kind: "ebs-volume",
    resourceId: id,
    arn: `arn:aws:ec2:eu-west-1:${account}:volume/${id}`,
    account,
    region: "eu-west-1",
    name: null,
    state: "available",
    stateSince: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    tags: {},
    facts: {
      sizeGiB: 10,
      volumeType: "gp3",
      iops: 3000,
      throughput: 125,
      attachedInstanceIds: [],
      snapshotId: null,
      createTime: null,
    },
    ...extra,
  };
}

const importVolumes = (account: string, resources: CloudResourceRecord[]) =>
  importCloudResources(ctx, {
    command: "ec2-describe-volumes",
    given: { region: "eu-west-1", account },
    read: async () => ({ kind: "ebs-volume", resources }),
  });

function point(timestamp: string, values: Partial<CloudwatchDatapoint>): CloudwatchDatapoint {
  return {
    timestamp,
    average: null,
    sum: null,
    minimum: null,
    maximum: null,
    sampleCount: null,
    unit: "Percent",
    ...values,
  };
}

const series = (dimensionValue: string, period: number, datapoints: CloudwatchDatapoint[], metric = "CPUUtilization") =>
  importCloudwatchStatistics(ctx, {
    read: async () => ({
      namespace: "AWS/EC2",
      metric,
      dimensionName: "InstanceId",
      dimensionValue,
      period,
      periodSource: "query" as const,
      datapoints,
    }),
  });

describe("cloud inventory read verbs (PostgreSQL)", () => {
  afterAll(closeDb);

  it("readCloudResources pages by `after` through every kind asked for, gone ones only when asked", async () => {
    const account = String(randomInt(100_000_000_000, 999_999_999_999));
    const ids = Array.from({ length: 5 }, (_, n) => `vol-${account}-${n}`);
    await importVolumes(
      account,
      ids.map((id) => volume(id, account)),
    );
    await importVolumes(
      account,
      ids.slice(0, 4).map((id) => volume(id, account)),
    );
    // Other tests' volumes share the table: page by 2 from just before this test's first row.
    const everything: Awaited<ReturnType<typeof readCloudResources>>["items"] = [];
    for (let after: string | undefined, page = 0; page === 0 || after; page++) {
      const result = await readCloudResources(ctx, { kinds: ["ebs-volume"], includeGone: true, limit: 10_000, after });
      everything.push(...result.items);
      after = result.next ?? undefined;
    }
    const ours = everything.filter((r) => r.account === account);
    const last = BigInt(ours[ours.length - 1].id);
    const seen: string[] = [];
    let after: string | undefined = String(BigInt(ours[0].id) - 1n);
    while (after && BigInt(after) < last) {
      const result = await readCloudResources(ctx, { kinds: ["ebs-volume"], limit: 2, after });
      seen.push(...result.items.filter((r) => r.account === account).map((r) => r.resourceId));
      after = result.next ?? undefined;
    }
    expect(seen).toEqual(ids.slice(0, 4));
    // Read through every page above: other files import tens of thousands of volumes meanwhile.
    expect(ours.map((r) => [r.resourceId, r.goneAt !== null])).toEqual(ids.map((id, n) => [id, n === 4]));
    expect(
      (await readCloudResources(ctx, { kinds: ["rds-instance"], limit: 10_000 })).items.some(
        (r) => r.account === account,
      ),
    ).toBe(false);
  });

  it("readCloudResources pages in id order across a power of ten (ids are bigint, not text)", async () => {
    // As the owner: the next ids start 3 below a power of ten, so the page boundary crosses it.
    const owner = new pg.Client({ connectionString: inject("ownerDatabaseUrl") });
    await owner.connect();
    const { rows } = await owner.query<{ max: string }>("SELECT COALESCE(max(id), 0)::text AS max FROM cloud_resource");
    const restart = 10 ** (rows[0].max.length + 1) - 3;
    await owner.query(`ALTER TABLE cloud_resource ALTER COLUMN id RESTART WITH ${restart}`);
    await owner.end();
    const account = String(randomInt(100_000_000_000, 999_999_999_999));
    const ids = Array.from({ length: 6 }, (_, n) => `vol-${account}-${n}`);
    await importVolumes(
      account,
      ids.map((id) => volume(id, account)),
    );
    const seen: string[] = [];
    let after: string | undefined = String(restart - 1);
    for (let page = 0; page < 10 && after; page++) {
      const result = await readCloudResources(ctx, { kinds: ["ebs-volume"], limit: 2, after });
      seen.push(...result.items.map((r) => r.resourceId));
      after = result.next ?? undefined;
    }
    expect(seen.filter((id) => id.includes(account))).toEqual(ids);
  });

  it("readCloudResources refuses what is not its input, and asks for read", async () => {
    for (const input of [
      { after: "abc" },
      { after: "99999999999999999999" },
      { limit: 0 },
      { limit: 10_001 },
      { kinds: ["vm"] },
    ])
      await expect(readCloudResources(ctx, input as never)).rejects.toBeInstanceOf(VigilError);
    await expect(
      readCloudResources({ ...roleCtx("viewer"), actor: { ...roleCtx("viewer").actor, role: null } }),
    ).rejects.toThrow(/permission/);
  });

  it("readCloudwatchDaily: per dimension value and UTC day, sample-weighted averages, a daily datapoint preferred", async () => {
    const a = uniqueName("i");
    const b = uniqueName("i");
    await series(a, 300, [
      point("2026-03-01T00:00:00Z", { average: 10, sampleCount: 1, maximum: 10 }),
      point("2026-03-01T23:55:00Z", { average: 1, sampleCount: 3, maximum: 4 }),
      point("2026-03-02T00:00:00Z", { average: 7, sampleCount: 5, maximum: 9 }),
    ]);
    await series(b, 300, [
      point("2026-03-01T12:00:00Z", { average: 2 }),
      point("2026-03-01T12:05:00Z", { average: 4 }),
    ]);
    // A day with its own daily datapoint is that datapoint, not the 5-minute ones.
    await series(b, 86_400, [point("2026-03-01T00:00:00Z", { average: 3.5, sampleCount: 288 })]);
    const read = (after?: string, limit = 10) =>
      readCloudwatchDaily(ctx, {
        namespace: "AWS/EC2",
        metric: "CPUUtilization",
        from: "2026-03-01",
        to: "2026-03-03",
        dimensionValues: [a, b],
        limit,
        after,
      });
    const { items } = await read();
    const byKey = Object.fromEntries(items.map((d) => [`${d.dimensionValue === a ? "a" : "b"} ${d.day}`, d]));
    expect(byKey["a 2026-03-01"]).toMatchObject({
      period: 300,
      datapoints: 2,
      average: 13 / 4,
      maximum: 10,
      sampleCount: 4,
    });
    expect(byKey["a 2026-03-02"]).toMatchObject({ datapoints: 1, average: 7 });
    expect(byKey["b 2026-03-01"]).toMatchObject({ period: 86_400, datapoints: 1, average: 3.5 });
    expect(items).toHaveLength(3);
    const first = await read(undefined, 2);
    const second = await read(first.next ?? undefined, 2);
    expect([...first.items, ...second.items]).toEqual(items);
    expect(second.next).toBeNull();
  });

  it("readCloudwatchDaily: no statistics for another metric, a window of at most 400 days, cursors from itself only", async () => {
    const a = uniqueName("i");
    await series(a, 60, [point("2026-04-01T00:00:00Z", { average: 1 })], "NetworkIn");
    const input = {
      namespace: "AWS/EC2",
      metric: "CPUUtilization",
      from: "2026-04-01",
      to: "2026-04-02",
      dimensionValues: [a],
    };
    expect((await readCloudwatchDaily(ctx, input)).items).toEqual([]);
    await expect(readCloudwatchDaily(ctx, { ...input, to: "2027-06-01" })).rejects.toThrow(/at most 400 days/);
    await expect(readCloudwatchDaily(ctx, { ...input, to: "2026-04-01" })).rejects.toThrow(/after from/);
    await expect(readCloudwatchDaily(ctx, { ...input, after: "not-a-cursor" })).rejects.toThrow(/not a cursor/);
    await expect(readCloudwatchDaily(ctx, { ...input, namespace: "a\0b" })).rejects.toThrow(/namespace/);
  });

  it("listUnmanagedResources: in the inventory or the bill but in no Terraform state", async () => {
    const account = String(randomInt(100_000_000_000, 999_999_999_999));
    const tag = uniqueName("unmanaged");
    const [managed, byArn, loose, billedLoose] = ["managed", "byarn", "loose", "billed"].map((n) => `vol-${tag}-${n}`);
    await importVolumes(
      account,
      [managed, byArn, loose, billedLoose].map((id) => volume(id, account)),
    );
    await importTerraformState(ctx, {
      name: "unmanaged.tfstate",
      read: async () => ({
        lineage: uniqueName("lineage"),
        serial: 1,
        terraformVersion: "1.9.0",
        resources: [
          {
            address: "aws_ebs_volume.a",
            module: null,
            type: "aws_ebs_volume",
            name: "a",
            provider: "aws",
            cloudId: managed,
            arn: null,
            tags: {},
          },
          {
            address: "aws_ebs_volume.b",
            module: null,
            type: "aws_ebs_volume",
            name: "b",
            provider: "aws",
            cloudId: null,
            arn: `arn:aws:ec2:eu-west-1:${account}:volume/${byArn}`,
            tags: {},
          },
        ],
      }),
    });
    const billOnly = `i-${tag}-bill`;
    await recordCostLines(systemCtx("test"), {
      source: uniqueName("bill"),
      lines: [
        costLine("2026-02-10", { resourceId: billOnly }),
        costLine("2026-02-10", { resourceId: billedLoose }),
        costLine("2026-02-10", { resourceId: managed }),
      ],
    });
    const { items, total } = await listUnmanagedResources(ctx, { from: "2026-02-01", to: "2026-03-01", q: tag });
    expect(total).toBe(3);
    expect(items.map((r) => [r.resourceId, r.kind, r.inCloudInventory, r.billed])).toEqual([
      [billedLoose, "ebs-volume", true, true],
      [billOnly, null, false, true],
      [loose, "ebs-volume", true, false],
    ]);
    // Outside the bill's window the bill-only id is not "in the bill".
    const later = await listUnmanagedResources(ctx, { from: "2026-03-01", to: "2026-04-01", q: tag });
    expect(later.items.map((r) => r.resourceId)).toEqual([billedLoose, loose]);
    const page = await listUnmanagedResources(ctx, {
      from: "2026-02-01",
      to: "2026-03-01",
      q: tag,
      limit: 1,
      offset: 1,
    });
    expect(page).toEqual({ items: [items[1]], total: 3 });
    await expect(listUnmanagedResources(ctx, { from: "2026-03-01", to: "2026-02-01" })).rejects.toThrow(/after from/);
  });
});
