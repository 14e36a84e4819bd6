import { afterAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { closeDb } from "@/lib/db";
import { getDrift } from "@/lib/drift/get-drift";
import { listDrift } from "@/lib/drift/list-drift";
import { summarizeDrift } from "@/lib/drift/summarize-drift";
import { loadDemoDrift } from "./demo-drift";

const ctx = systemCtx("test");

describe("the demo's drift (PostgreSQL)", () => {
  afterAll(closeDb);

  it("a security group opened by hand, a database resized in the console, a reverted bucket and a pending change", async () => {
    await loadDemoDrift(ctx, "2026-11-30");
    expect(await loadDemoDrift(ctx, "2026-11-30")).toBe(0);
    const open = await listDrift(ctx, { workspace: "platform-prod" });
    const byType = Object.fromEntries(open.items.map((item) => [item.type, item]));
    expect(open.items).toHaveLength(2);
    expect(byType.aws_security_group).toMatchObject({
      cause: "manual-change",
      changes: [{ path: "ingress[1]", after: { from_port: 22, cidr_blocks: ["0.0.0.0/0"] } }],
    });
    expect(byType.aws_security_group.policyImpact).toEqual([
      expect.objectContaining({ ruleId: "no-admin-ingress-from-internet", severity: "critical" }),
    ]);
    expect(byType.aws_db_instance.costImpact?.sizeChanges).toEqual([
      { path: "instance_class", before: "db.r6g.large", after: "db.r6g.2xlarge" },
    ]);
    const resolved = await listDrift(ctx, { workspace: "platform-prod", status: "resolved" });
    expect(resolved.items.map((item) => item.type)).toEqual(["aws_s3_bucket"]);
    const bucket = await getDrift(ctx, resolved.items[0].id);
    expect(bucket.timeline.map((event) => event.event)).toEqual(["detected", "resolved"]);
    const summary = await summarizeDrift(ctx);
    expect(summary.pending).toContainEqual(
      expect.objectContaining({ workspace: "platform-prod", address: "module.prod.aws_rds_cluster.ledger" }),
    );
  });
});
